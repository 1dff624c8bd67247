"""The persuasion-techniques stage on a PTC split, with the SemEval-2020 Task 11 scoring.

    python benchmarks/techniques_ptc.py DATA_DIR [--split dev] [--techniques-model linear]
        [--threshold T] [--floor F] [--predictions FILE] [--sweep 0.2,0.3,0.4,0.5]

``DATA_DIR`` is a local copy of PTC (research use; see ``presslens.scoring.ptc``); ``--split``
is any split in it laid out like train and dev (``NAME-articles/`` and its label files). Every
line of output names the split. Prints:

* SI — span identification P/R/F1 (character-overlap credit) of the spans readers are shown
  (confidence >= the threshold) and of all spans the record keeps (>= the floor);
* TC — technique classification micro- and macro-F1 with per-technique F1, labelling the
  split's gold spans (the task's given spans) with the model's span classifier;
* full — spans and techniques together, shown and kept, with per-technique F1;
* reliability — the kept spans' confidences against whether each is right (at least half of
  its characters inside gold spans), in ten bins, and the expected calibration error (ECE);
* cost — ms per article of the techniques stage next to the default pipeline
  (``Pipeline.analyze_text(text, clean=False)``, every analysis) measured in the same run, one
  process;
* a sweep of the shown threshold (SI and full-task figures at other cut-offs).

Articles are analysed verbatim, so offsets are the corpus's own.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from spacy.tokens import Doc

from presslens import Pipeline
from presslens.config import PipelineConfig
from presslens.records import Technique
from presslens.scoring.propaganda import RIGHT_SHARE, gold_share, score_full, score_si, score_tc
from presslens.scoring.ptc import TECHNIQUES, LabelledSpan, PtcArticle, load_ptc, ptc_splits
from presslens.scoring.reliability import reliability
from presslens.stages.persuasion import TechniqueTagger, techniques_from_doc
from presslens.stages.persuasion.component import TechniqueModelName


def tc_predictions(tagger: TechniqueTagger, doc: Doc, article: PtcArticle) -> list[LabelledSpan]:
    """Label every gold span; a span listed k times gets the k most likely techniques."""
    rows = Counter((s.start, s.end) for s in article.spans)
    bounds = list(rows)
    probs = tagger.model.classify_chars(doc, bounds)
    labels = tagger.model.labels
    out = []
    for (start, end), p in zip(bounds, probs, strict=True):
        for k in p.argsort()[::-1][: rows[(start, end)]]:
            out.append(LabelledSpan(start, end, labels[int(k)]))
    return out


def _labelled(found: Sequence[Technique], cut: float) -> list[LabelledSpan]:
    return [LabelledSpan(t.start, t.end, t.technique) for t in found if t.confidence >= cut]


def write_predictions(
    path: Path,
    split: str,
    model: str,
    found: Mapping[str, Sequence[Technique]],
    threshold: float,
) -> None:
    """Write every kept span as TSV: split, article, start, end, technique, confidence, shown."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        out.writerow(
            ["split", "model", "article", "start", "end", "technique", "confidence", "shown"]
        )
        for aid, techniques in found.items():
            for t in techniques:
                out.writerow(
                    [split, model, aid, t.start, t.end, t.technique, f"{t.confidence:.4f}",
                     int(t.confidence >= threshold)]
                )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="the PTC folder")
    parser.add_argument(
        "--split", default="dev", help="a split of DATA_DIR (train, dev or another; default dev)"
    )
    parser.add_argument(
        "--techniques-model", choices=["linear", "accurate"], default="linear", help="the model"
    )
    parser.add_argument("--threshold", type=float, default=None, help="shown; default: model's")
    parser.add_argument("--floor", type=float, default=None, help="kept; default: the model's")
    parser.add_argument(
        "--predictions",
        type=Path,
        default=None,
        help="write the kept spans to this file as one TSV with a header row: split, model, "
        "article, start, end, technique, confidence, shown (1 when confidence >= threshold); "
        "not the official SI/TC formats",
    )
    parser.add_argument("--sweep", default="0.2,0.3,0.4,0.5,0.6", help="other shown thresholds")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--no-cost", action="store_true", help="skip the cost measurement")
    args = parser.parse_args(argv)
    if args.split not in ptc_splits(args.data_dir):
        present = ", ".join(ptc_splits(args.data_dir)) or "none"
        parser.error(f"no split {args.split!r} in {args.data_dir} (splits: {present})")

    split = args.split
    label = f"PTC {split}"
    articles = load_ptc(args.data_dir, split)
    if args.limit:
        articles = articles[: args.limit]
    model: TechniqueModelName = args.techniques_model
    pipeline = Pipeline(PipelineConfig(clean_text=False))
    nlp = pipeline.nlp
    tagger = TechniqueTagger(nlp, model=model, threshold=args.threshold, floor=args.floor)

    # Warm-up, so that neither side pays for first-call costs.
    for article in articles[:3]:
        tagger(nlp(article.text))
        if not args.no_cost:
            pipeline.analyze_text(article.text, clean=False)

    foundation = stage = 0.0
    docs: list[Doc] = []
    for article in articles:
        if not args.no_cost:
            # Timing only: the scores below come from nlp(text), whose offsets are the corpus's
            # even where the record's text drops a byte order mark.
            started = time.perf_counter()
            pipeline.analyze_text(article.text, clean=False)
            foundation += time.perf_counter() - started
        doc = nlp(article.text)
        started = time.perf_counter()
        tagger(doc)
        stage += time.perf_counter() - started
        docs.append(doc)

    gold = {a.id: a.spans for a in articles}
    found = {a.id: techniques_from_doc(doc) for a, doc in zip(articles, docs, strict=True)}
    for aid, techniques in found.items():
        text = next(a.text for a in articles if a.id == aid)
        assert all(text[t.start : t.end] == t.text for t in techniques), "offsets broken"
    shown = {aid: _labelled(ts, tagger.threshold) for aid, ts in found.items()}
    kept = {aid: _labelled(ts, tagger.floor) for aid, ts in found.items()}
    n = len(articles)
    print(f"{label}: {n} articles, {sum(len(s) for s in gold.values())} gold spans")
    print(
        f"{label}: model {model}, shown threshold {tagger.threshold:.3f}, "
        f"kept floor {tagger.floor:.3f}"
    )
    for name, spans in (("shown", shown), ("kept", kept)):
        si = score_si(gold, spans)
        print(
            f"{label} SI ({name}): P {si.precision:.4f}  R {si.recall:.4f}  F1 {si.f1:.4f}  "
            f"({si.predicted} predicted / {si.gold} gold spans, merged)"
        )
    print()
    tc = {a.id: tc_predictions(tagger, doc, a) for a, doc in zip(articles, docs, strict=True)}
    print(f"{label} " + score_tc(gold, tc, techniques=TECHNIQUES).format_table())
    print()
    for name, spans in (("shown", shown), ("kept", kept)):
        full = score_full(gold, spans)
        print(
            f"{label} full task ({name}): P {full.precision:.4f}  R {full.recall:.4f}  "
            f"F1 {full.f1:.4f}"
        )
    print(f"{label} " + score_full(gold, shown).format_table().replace("full task", "full (shown)"))
    print()

    confidences, right = [], []
    for aid, techniques in found.items():
        for t in techniques:
            confidences.append(t.confidence)
            right.append(gold_share(t, gold[aid]) >= RIGHT_SHARE)
    table = reliability(confidences, right)
    print(
        f"{label} reliability of kept span confidences (right: >= {RIGHT_SHARE:.0%} of the "
        "span's characters inside gold spans):"
    )
    print(table.format_table(noun="spans"))
    print()

    if not args.no_cost:
        words = sum(len(a.text.split()) for a in articles) / n
        print(f"{label} cost ({words:.0f} words per article, one process):")
        print(f"  pipeline (every analysis) : {foundation / n * 1000:7.1f} ms/article")
        print(
            f"  techniques stage ({model}) : {stage / n * 1000:7.1f} ms/article "
            f"(+{stage / foundation:.0%} of the pipeline)"
        )
    else:
        print(f"{label} techniques stage ({model}): {stage / n * 1000:.1f} ms/article")

    thresholds = [float(t) for t in args.sweep.split(",") if t.strip()]
    if thresholds:
        print()
        print(f"{label} shown-threshold sweep (SI and full task; precision/recall trade-off):")
        for cut in thresholds:
            preds = {aid: _labelled(ts, cut) for aid, ts in found.items()}
            s, f = score_si(gold, preds), score_full(gold, preds)
            print(
                f"  {cut:.2f}: SI P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
                f" | full P {f.precision:.3f} R {f.recall:.3f} F1 {f.f1:.3f}"
                f" | {sum(len(p) for p in preds.values())} spans"
            )
    if args.predictions is not None:
        write_predictions(args.predictions, split, model, found, tagger.threshold)
        print(f"{label}: wrote the kept spans to {args.predictions}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
