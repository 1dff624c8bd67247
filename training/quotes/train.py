"""Train the quotation stage's cue model on the PolNeAR train split.

    python training/quotes/train.py ../shared/data/polnear
    python training/quotes/train.py ../shared/data/polnear --parsed /tmp/train.spacy

Every candidate reading the parse rules propose (``rules.find_candidates``) is labelled by
whether its content matches a gold attribution at character Jaccard ≥ 0.5, the PolNeAR main
match level. Only verbs and nouns whose lemma was right at least ``--lemma-min-positive`` times
and at a rate of ``--lemma-min-rate`` are kept as cues (the list ships with the model and keeps
the stage cheap). A logistic regression over the candidates' string features is fitted with Adam
and L2; the decision threshold is the one that maximises quote F1 with precision at least
``--min-precision`` on a held-out fifth of the train articles, scored with the full stage. The
final model is then refitted on all train articles and written as plain JSON (no pickle) into
the package. Only the train split is read.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import Doc, DocBin

from presslens.config import PipelineConfig
from presslens.quotemarks import find_quote_runs
from presslens.scoring.attribution import PredictedQuote, character_set, score_attributions
from presslens.scoring.polnear import PolnearDocument, load_polnear
from presslens.stages.actors import ActorResolver, ActorsPayload, actors_payload
from presslens.stages.quotations.assemble import find_quotes
from presslens.stages.quotations.model import MODEL_FILE, CueModel
from presslens.stages.quotations.rules import find_candidates
from presslens.stages.quotations.tags import find_tags

log = logging.getLogger("train_quotes")
MODEL_OUT = (
    Path(__file__).resolve().parents[2] / "src/presslens/stages/quotations/model" / MODEL_FILE
)


def _parse(docs: list[PolnearDocument], parsed: Path | None) -> list[Doc]:
    nlp = spacy.load(PipelineConfig().model)
    if parsed is not None and parsed.exists():
        out = list(DocBin().from_disk(parsed).get_docs(nlp.vocab))
        if [d.text for d in out] == [d.text for d in docs]:
            return out
        log.warning("%s does not hold these texts; parsing again", parsed)
    log.info("parsing %d articles", len(docs))
    out = list(nlp.pipe((d.text for d in docs), batch_size=16))
    if parsed is not None:
        bin_ = DocBin()
        for doc in out:
            bin_.add(doc)
        bin_.to_disk(parsed)
    return out


def _examples(gold: PolnearDocument, doc: Doc) -> list[tuple[str, list[str], int]]:
    """``(cue lemma, features, label)`` for every candidate, read with no lemma filter."""
    text = gold.text
    golds = [g for g in (character_set(text, a.content) for a in gold.attributions) if g]
    examples = []
    runs = find_quote_runs(text)
    for cand in find_candidates(doc, runs, text, tags=find_tags(doc, text, runs)):
        chars = character_set(text, cand.content)
        hit = any(len(chars & g) * 2 >= len(chars | g) for g in golds) if chars else False
        examples.append((doc[cand.cue].lemma_, cand.features, int(hit)))
    return examples


def _cue_lemmas(
    examples: list[list[tuple[str, list[str], int]]], min_positive: int, min_rate: float
) -> frozenset[str]:
    """Lemmas that were right often enough to be worth reading as cues at all."""
    total: dict[str, int] = {}
    positive: dict[str, int] = {}
    for doc_examples in examples:
        for lemma, _, label in doc_examples:
            total[lemma] = total.get(lemma, 0) + 1
            positive[lemma] = positive.get(lemma, 0) + label
    return frozenset(
        lemma
        for lemma, n in total.items()
        if positive[lemma] >= min_positive and positive[lemma] / n >= min_rate
    )


def _fit(
    feats: list[list[str]], labels: list[int], *, l2: float, steps: int, min_count: int
) -> dict[str, float]:
    counts: dict[str, int] = {}
    for row in feats:
        for f in row:
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols = [], []
    for r, row in enumerate(feats):
        for f in row:
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    row_idx, col_idx = np.asarray(rows), np.asarray(cols)
    y = np.asarray(labels, dtype=np.float64)
    n, d = len(labels), len(vocab)
    w = np.zeros(d)
    m, v = np.zeros(d), np.zeros(d)
    lr, b1, b2 = 0.1, 0.9, 0.999
    for t in range(1, steps + 1):
        z = np.bincount(row_idx, weights=w[col_idx], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        err = (p - y) / n
        grad = np.bincount(col_idx, weights=err[row_idx], minlength=d) + l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad**2
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + 1e-8)
        if t % 100 == 0:
            loss = -np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))
            log.info("step %d loss %.4f", t, loss)
    return {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= 1e-3}


def _score(
    golds: list[PolnearDocument], docs: list[Doc], model: CueModel
) -> tuple[float, float, float]:
    triples = []
    resolver = ActorResolver()
    for gold, doc in zip(golds, docs, strict=True):
        payload = actors_payload(doc) or actors_payload(resolver(doc)) or ActorsPayload()
        predicted = [PredictedQuote(q.content) for q in find_quotes(doc, model, payload)]
        triples.append((gold.text, gold.attributions, predicted))
    q = score_attributions(triples).overlap.quote
    return q.precision, q.recall, q.f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="PolNeAR folder holding train/")
    parser.add_argument("--parsed", type=Path, help="DocBin cache of the parsed train split")
    parser.add_argument("--out", type=Path, default=MODEL_OUT)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--min-precision", type=float, default=0.78)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--lemma-min-positive", type=int, default=5)
    parser.add_argument("--lemma-min-rate", type=float, default=0.15)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    golds = load_polnear(args.data_dir, "train")
    docs = _parse(golds, args.parsed)
    examples = [_examples(g, d) for g, d in zip(golds, docs, strict=True)]
    order = list(range(len(golds)))
    random.Random(args.seed).shuffle(order)
    held = set(order[: len(order) // 5])

    def fit(indices: list[int]) -> tuple[dict[str, float], frozenset[str]]:
        lemmas = _cue_lemmas(
            [examples[i] for i in indices], args.lemma_min_positive, args.lemma_min_rate
        )
        kept = [x for i in indices for x in examples[i] if x[0] in lemmas]
        feats = [f for _, f, _ in kept]
        labels = [y for _, _, y in kept]
        log.info(
            "fitting on %d candidates (%d positive), %d cue lemmas",
            len(labels),
            sum(labels),
            len(lemmas),
        )
        weights = _fit(feats, labels, l2=args.l2, steps=args.steps, min_count=args.min_count)
        return weights, lemmas

    weights, lemmas = fit([i for i in order if i not in held])
    held_golds = [golds[i] for i in sorted(held)]
    held_docs = [docs[i] for i in sorted(held)]
    best = (0.0, 0.5, (0.0, 0.0, 0.0))
    for threshold in np.arange(0.3, 0.81, 0.05):
        model = CueModel(weights, float(threshold), {}, lemmas)
        p, r, f = _score(held_golds, held_docs, model)
        log.info("threshold %.2f: P %.3f R %.3f F1 %.3f", threshold, p, r, f)
        if p >= args.min_precision and f > best[0]:
            best = (f, float(threshold), (p, r, f))
    log.info("chosen threshold %.2f (held-out P/R/F1 %s)", best[1], best[2])

    weights, lemmas = fit(order)
    meta = {
        "trained_on": "PolNeAR train split",
        "articles": len(golds),
        "threshold_heldout_prf": [round(x, 4) for x in best[2]],
        "l2": args.l2,
        "steps": args.steps,
        "min_count": args.min_count,
        "min_precision": args.min_precision,
        "lemma_min_positive": args.lemma_min_positive,
        "lemma_min_rate": args.lemma_min_rate,
        "seed": args.seed,
        "script": "training/quotes/train.py",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "meta": meta,
        "threshold": round(best[1], 3),
        "lemmas": sorted(lemmas),
        "weights": weights,
    }
    args.out.write_text(json.dumps(payload, sort_keys=True, indent=0), encoding="utf-8")
    log.info("wrote %s (%d features)", args.out, len(weights))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
