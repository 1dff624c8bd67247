"""The persuasion-techniques stage on the PTC dev split, with the SemEval-2020 Task 11 scoring.

    python benchmarks/techniques_ptc.py DATA_DIR [--threshold 0.25] [--sweep 0.2,0.3,0.4]

``DATA_DIR`` is a local copy of PTC (research use; see ``presslens.scoring.ptc``). Prints:

* SI — span identification P/R/F1 of the stage's spans (character-overlap credit);
* TC — technique classification micro-F1 with per-technique F1, classifying the dev template
  spans (the task's given spans) with the stage's classifier;
* full — spans and techniques together, as a reader sees them;
* cost — ms per article of the stage, next to the foundation pipeline
  (``Pipeline.analyze_text(text, clean=False)``) measured in the same run, one process.

Articles are analysed verbatim, so offsets are the corpus's own.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from presslens import Pipeline
from presslens.config import PipelineConfig
from presslens.scoring.propaganda import score_full, score_si, score_tc
from presslens.scoring.ptc import TECHNIQUES, LabelledSpan, PtcArticle, load_ptc
from presslens.stages.persuasion import TechniqueTagger, techniques_from_doc
from presslens.stages.persuasion.features import doc_context


def _tc_predictions(tagger: TechniqueTagger, doc: Doc, article: PtcArticle) -> list[LabelledSpan]:
    """Label every template span; a span listed k times gets the k most likely techniques."""
    rows = Counter((s.start, s.end) for s in article.spans)
    bounds = list(rows)
    token_spans = []
    for start, end in bounds:
        span = doc.char_span(start, end, alignment_mode="expand")
        assert span is not None
        token_spans.append((span.start, span.end))
    probs = tagger.model.classify(doc, doc_context(doc), token_spans)
    labels = tagger.model.labels
    out = []
    for (start, end), p in zip(bounds, probs, strict=True):
        for k in p.argsort()[::-1][: rows[(start, end)]]:
            out.append(LabelledSpan(start, end, labels[int(k)]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="the PTC folder")
    parser.add_argument("--threshold", type=float, default=None, help="default: the model's")
    parser.add_argument("--sweep", default="0.15,0.2,0.3,0.4,0.5", help="extra thresholds")
    args = parser.parse_args(argv)

    articles = load_ptc(args.data_dir, "dev")
    pipeline = Pipeline(PipelineConfig(clean_text=False))
    nlp = pipeline.nlp
    tagger = (
        TechniqueTagger(nlp)
        if args.threshold is None
        else TechniqueTagger(nlp, threshold=args.threshold)
    )

    # Warm-up, so that neither side pays for first-call costs.
    for article in articles[:3]:
        tagger(nlp(article.text))
        pipeline.analyze_text(article.text, clean=False)

    foundation = stage = 0.0
    docs: list[Doc] = []
    for article in articles:
        started = time.perf_counter()
        record = pipeline.analyze_text(article.text, clean=False)
        foundation += time.perf_counter() - started
        assert record.text == article.text, "verbatim analysis changed the text"
        doc = nlp(article.text)
        started = time.perf_counter()
        tagger(doc)
        stage += time.perf_counter() - started
        docs.append(doc)

    gold = {a.id: a.spans for a in articles}
    predicted = {
        a.id: [LabelledSpan(t.start, t.end, t.technique) for t in techniques_from_doc(doc)]
        for a, doc in zip(articles, docs, strict=True)
    }
    tc = {a.id: _tc_predictions(tagger, doc, a) for a, doc in zip(articles, docs, strict=True)}
    si = score_si(gold, predicted)
    n = len(articles)
    words = sum(len(a.text.split()) for a in articles) / n
    print(f"PTC dev: {n} articles, {sum(len(s) for s in gold.values())} gold spans")
    print(f"threshold {tagger.threshold}")
    print(
        f"SI task: P {si.precision:.4f}  R {si.recall:.4f}  F1 {si.f1:.4f}  "
        f"({si.predicted} predicted / {si.gold} gold spans, merged)"
    )
    print()
    print(score_tc(gold, tc, techniques=TECHNIQUES).format_table())
    print()
    full = score_full(gold, predicted)
    print(f"full task: P {full.precision:.4f}  R {full.recall:.4f}  F1 {full.f1:.4f}")
    print(full.format_table())
    print()
    print(f"cost ({words:.0f} words per article, one process):")
    print(f"  foundation pipeline : {foundation / n * 1000:7.1f} ms/article")
    print(
        f"  techniques stage    : {stage / n * 1000:7.1f} ms/article "
        f"(+{stage / foundation:.0%} of the foundation; goal <= 30%)"
    )

    thresholds = [float(t) for t in args.sweep.split(",") if t.strip()]
    if thresholds:
        print()
        print("threshold sweep (SI and full task F1; precision/recall trade-off):")
        for threshold in thresholds:
            swept = TechniqueTagger(nlp, threshold=threshold)
            preds = {}
            for a, doc in zip(articles, docs, strict=True):
                swept(doc)
                preds[a.id] = [
                    LabelledSpan(t.start, t.end, t.technique) for t in techniques_from_doc(doc)
                ]
            s, f = score_si(gold, preds), score_full(gold, preds)
            print(
                f"  {threshold:.2f}: SI P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
                f" | full P {f.precision:.3f} R {f.recall:.3f} F1 {f.f1:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
