"""Fit the quotation stage's confidence calibration on the PolNeAR train split.

    python training/quotes/calibrate.py ../shared/data/polnear

Every quotation the stage finds in a train article keeps its strategy group (how it was found,
its kind, whether it has a speaker: ``calibration.strategy_of``) and the strategy's raw score.
It is right when the PolNeAR main matching (content Jaccard ≥ 0.5, ``overlap_pairs``) pairs it
with a gold attribution. One isotonic regression per group with at least ``--min-group``
quotations maps the raw score to the share right; smaller groups use one map fitted on all
quotations. The maps are written as plain JSON into the package
(``stages/quotations/model/calibration.json``) with the train figures in ``meta``. Only the train
split is read; the benchmark reports the reliability table and ECE on dev.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import defaultdict
from pathlib import Path

import spacy
from sklearn.isotonic import IsotonicRegression

import presslens
import presslens.stages.actors.component
import presslens.stages.quotations
from presslens.config import PipelineConfig
from presslens.scoring.attribution import PredictedQuote, overlap_pairs
from presslens.scoring.polnear import load_polnear
from presslens.scoring.reliability import reliability
from presslens.stages.quotations.calibration import CALIBRATION_FILE, Calibration
from presslens.stages.quotations.payload import quotes_payload

log = logging.getLogger("calibrate_quotes")
OUT = (
    Path(__file__).resolve().parents[2] / "src/presslens/stages/quotations/model" / CALIBRATION_FILE
)


def _fit(scores: list[float], right: list[bool]) -> dict[str, list[float]]:
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(scores, [float(r) for r in right])
    xs = [round(float(x), 4) for x in iso.X_thresholds_]
    ys = [round(float(y), 4) for y in iso.y_thresholds_]
    # The stored map is a step function (value from each threshold up to the next); keep one
    # step per distinct threshold.
    steps: dict[float, float] = {}
    for x, y in zip(xs, ys, strict=True):
        steps[x] = y
    return {"x": list(steps), "y": list(steps.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="PolNeAR folder holding the split folders")
    parser.add_argument("--split", default="train", choices=["train"])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-group", type=int, default=40)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    documents = load_polnear(args.data_dir, args.split)
    nlp = spacy.load(PipelineConfig().model)
    nlp.add_pipe("presslens_actors")
    nlp.add_pipe("presslens_quotes")
    groups: dict[str, tuple[list[float], list[bool]]] = defaultdict(lambda: ([], []))
    every: tuple[list[float], list[bool]] = ([], [])
    log.info("analysing %d %s articles", len(documents), args.split)
    for n, (gold, doc) in enumerate(
        zip(documents, nlp.pipe((d.text for d in documents), batch_size=16), strict=True), 1
    ):
        payload = quotes_payload(doc)
        quotes = payload.quotes if payload is not None else ()
        predicted = [PredictedQuote(q.content) for q in quotes]
        matched = {p for _, p in overlap_pairs(gold.text, gold.attributions, predicted)}
        for i, quote in enumerate(quotes):
            for scores, right in (groups[quote.strategy], every):
                scores.append(quote.score)
                right.append(i in matched)
        if n % 100 == 0:
            log.info("%d articles", n)

    data: dict[str, object] = {
        "groups": {
            name: _fit(*pair)
            for name, pair in sorted(groups.items())
            if len(pair[0]) >= args.min_group
        },
        "fallback": _fit(*every),
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
    log.info("train ECE: raw %.3f, calibrated %.3f (in-sample)", before.ece, after.ece)
    log.info("%s", after.format_table())
    log.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
