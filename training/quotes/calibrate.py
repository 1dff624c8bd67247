"""Fit the quotation stage's confidence calibration on the PolNeAR train split.

    python training/quotes/calibrate.py ../shared/data/polnear
    python training/quotes/calibrate.py ../shared/data/polnear --folds 0   # in-sample, faster

Every quotation the stage finds in a train article keeps its strategy group (how it was found,
its kind, whether it has a speaker: ``calibration.strategy_of``) and the strategy's raw score.
It is right when the PolNeAR main matching (content Jaccard >= 0.5, ``overlap_pairs``) pairs it
with a gold attribution.

The shipped cue model was fitted on the whole train split, so its scores on train articles are
optimistic. With ``--folds K`` (default 5) the scores are cross-fitted instead: the train
articles are cut into K folds, a cue model is fitted on the other folds with the settings of
``train.py`` (and the shipped model's threshold) and scores the held-out fold, as the shipped
model scores articles it never saw. One isotonic regression per group with at least
``--min-group`` quotations maps the raw score to the share right; smaller groups use one map
fitted on all quotations. The maps are written as plain JSON into the package
(``stages/quotations/model/calibration.json``) with the train figures in ``meta``. Only the train
split is read; the benchmark reports the reliability table and ECE on dev.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections import defaultdict
from pathlib import Path

import spacy

import presslens
import presslens.stages.actors.component
import presslens.stages.quotations
from presslens.config import PipelineConfig
from presslens.scoring.attribution import PredictedQuote, overlap_pairs
from presslens.scoring.polnear import load_polnear
from presslens.scoring.reliability import reliability
from presslens.stages.actors import ActorsPayload, actors_payload
from presslens.stages.quotations.assemble import find_quotes
from presslens.stages.quotations.calibration import CALIBRATION_FILE, Calibration
from presslens.stages.quotations.model import CueModel, load_cue_model
from presslens.stages.quotations.payload import QuoteData, quotes_payload

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import train as cue_training  # training/quotes/train.py: the same fitting
from calibration_fit import fit_steps  # training/calibration_fit.py, shared with techniques

log = logging.getLogger("calibrate_quotes")
OUT = (
    Path(__file__).resolve().parents[2] / "src/presslens/stages/quotations/model" / CALIBRATION_FILE
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="PolNeAR folder holding the split folders")
    parser.add_argument("--split", default="train", choices=["train"])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-group", type=int, default=40)
    parser.add_argument("--folds", type=int, default=5, help="cross-fitting folds; 0: in-sample")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (a trial)")
    # The cue model's settings, as train.py's defaults.
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--lemma-min-positive", type=int, default=5)
    parser.add_argument("--lemma-min-rate", type=float, default=0.15)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    documents = load_polnear(args.data_dir, args.split)
    if args.limit:
        documents = documents[: args.limit]
    nlp = spacy.load(PipelineConfig().model)
    nlp.add_pipe("presslens_actors")
    if args.folds == 0:
        nlp.add_pipe("presslens_quotes")
    groups: dict[str, tuple[list[float], list[bool]]] = defaultdict(lambda: ([], []))
    every: tuple[list[float], list[bool]] = ([], [])
    log.info("analysing %d %s articles", len(documents), args.split)
    docs = []
    for n, doc in enumerate(nlp.pipe((d.text for d in documents), batch_size=16), 1):
        docs.append(doc)
        if n % 100 == 0:
            log.info("%d articles", n)

    found: list[tuple[QuoteData, ...]] = [()] * len(docs)
    if args.folds == 0:
        for i, doc in enumerate(docs):
            payload = quotes_payload(doc)
            found[i] = payload.quotes if payload is not None else ()
    else:
        shipped = load_cue_model()
        examples = [cue_training._examples(g, d) for g, d in zip(documents, docs, strict=True)]
        order = list(range(len(docs)))
        random.Random(args.seed).shuffle(order)
        for fold in range(args.folds):
            held = set(order[fold :: args.folds])
            fitted_on = [i for i in order if i not in held]
            lemmas = cue_training._cue_lemmas(
                [examples[i] for i in fitted_on], args.lemma_min_positive, args.lemma_min_rate
            )
            kept = [x for i in fitted_on for x in examples[i] if x[0] in lemmas]
            weights = cue_training._fit(
                [f for _, f, _ in kept],
                [y for _, _, y in kept],
                l2=args.l2,
                steps=args.steps,
                min_count=args.min_count,
            )
            model = CueModel(weights, shipped.threshold, {}, lemmas)
            for i in sorted(held):
                actors = actors_payload(docs[i]) or ActorsPayload()
                found[i] = tuple(find_quotes(docs[i], model, actors, Calibration()))
            log.info("fold %d of %d scored (%d articles)", fold + 1, args.folds, len(held))

    for gold, quotes in zip(documents, found, strict=True):
        predicted = [PredictedQuote(q.content) for q in quotes]
        matched = {p for _, p in overlap_pairs(gold.text, gold.attributions, predicted)}
        for i, quote in enumerate(quotes):
            for scores, right in (groups[quote.strategy], every):
                scores.append(quote.score)
                right.append(i in matched)

    data: dict[str, object] = {
        "groups": {
            name: fit_steps(*pair)
            for name, pair in sorted(groups.items())
            if len(pair[0]) >= args.min_group
        },
        "fallback": fit_steps(*every),
    }
    calibration = Calibration.from_json(data)  # type: ignore[arg-type]
    calibrated = [calibration(name, s) for name, (ss, _) in groups.items() for s in ss]
    outcomes = [r for _, (_, rs) in groups.items() for r in rs]
    before = reliability(
        [min(1.0, max(0.0, s)) for _, (ss, _) in groups.items() for s in ss], outcomes
    )
    after = reliability(calibrated, outcomes)
    data["meta"] = {
        "fitted_on": f"PolNeAR {args.split}",
        "scores": (
            f"cross-fitted over {args.folds} folds (a cue model fitted on the other folds)"
            if args.folds
            else "in-sample (the shipped cue model)"
        ),
        "articles": len(documents),
        "quotes": len(outcomes),
        "right": sum(outcomes),
        "groups": {name: len(pair[0]) for name, pair in sorted(groups.items())},
        "ece_raw": round(before.ece, 4),
        "ece_calibrated": round(after.ece, 4),
        "presslens": presslens.__version__,
        "right_means": "content Jaccard >= 0.5 with a gold attribution (PolNeAR main match)",
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    log.info("train ECE: raw %.3f, calibrated %.3f (fit and measured on the same scores)",
             before.ece, after.ece)  # fmt: skip
    log.info("%s", after.format_table())
    log.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
