"""The claims stage on check-worthiness data in the CheckThat! format, and its cost per article.

    python benchmarks/claims_ct24.py PATH.tsv [PATH.tsv ...] [--pages DIR] [--threshold T]

Each ``PATH.tsv`` is a file in the format of the CLEF-2024 CheckThat! Task 1 data (header
``Sentence_id  Text  class_label``; see ``presslens.scoring.checkworthiness``). Every text is
parsed by the foundation spaCy pipeline and scored as one sentence by the shipped model, exactly
as the stage scores a sentence of an article. Prints precision, recall and F1 of the ``Yes``
class at the stage's threshold, each with a 95 % bootstrap interval (1,000 resamples of the
sentences), then F1 at a few other thresholds.

``--pages DIR`` (e.g. the article-extraction benchmark's ``html/`` folder; ``.html`` or
``.html.gz`` files; the English ones are used) also measures the cost on real pages: the
whole pipeline with every analysis, and the same pipeline without ``claims``, each article
through both, alternating, best of ``--repeat`` passes, one process; plus the stage alone on
the same ``Doc``.
Prints ms per article and the ratio to the pipeline without the stage (goal: at most +15 %).
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

import numpy as np

from presslens import Pipeline
from presslens.config import ALL_ANALYSES, PipelineConfig
from presslens.scoring.checkworthiness import load_checkworthy, score_binary
from presslens.stages.claims import ClaimScorer
from presslens.stages.ingest import RawInput, raw_from_bytes


def _score_file(path: Path, scorer: ClaimScorer, pipeline: Pipeline, sweep: list[float]) -> None:
    sentences = load_checkworthy(path)
    gold = [s.label for s in sentences]
    scores = []
    for doc in pipeline.nlp.pipe((s.text for s in sentences), batch_size=64):
        start, end = 0, len(doc)
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        scores.append(float(scorer.model.score(doc, [(start, end)])[0]) if end > start else 0.0)
    probs = np.array(scores)
    result = score_binary(gold, list(probs >= scorer.threshold))
    print(f"{path.name}: threshold {scorer.threshold:.2f}")
    print(f"  {result.format()}")
    for threshold in sweep:
        r = score_binary(gold, list(probs >= threshold), resamples=0)
        print(f"  at {threshold:.2f}: P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}")


def _pages(folder: Path, limit: int, pipeline: Pipeline) -> list[RawInput]:
    """The first ``limit`` pages whose body presslens detects as English."""
    files = sorted(p for p in folder.iterdir() if p.name.endswith((".html", ".html.gz")))
    out = []
    for page in files:
        if len(out) == limit:
            break
        data = page.read_bytes()
        if page.name.endswith(".gz"):
            data = gzip.decompress(data)
        raw = raw_from_bytes(data, name=page.name, html_hint=True)
        if pipeline.analyze(raw).metadata.language == "en":
            out.append(raw)
    return out


def _cost(folder: Path, limit: int, repeat: int) -> None:
    with_claims = Pipeline(PipelineConfig(analyses=ALL_ANALYSES))
    without = Pipeline(PipelineConfig(analyses=tuple(a for a in ALL_ANALYSES if a != "claims")))
    component = with_claims.nlp.get_pipe("presslens_claims")
    pages = _pages(folder, limit, Pipeline(PipelineConfig(analyses=())))
    for raw in pages[:3]:  # warm-up: first-call costs on both sides
        with_claims.analyze(raw)
        without.analyze(raw)
    best_with = best_without = best_stage = float("inf")
    words = sentences = claims = 0
    for _ in range(repeat):
        t_with = t_without = t_stage = 0.0
        for raw in pages:
            started = time.perf_counter()
            without.analyze(raw)
            t_without += time.perf_counter() - started
            started = time.perf_counter()
            article = with_claims.analyze(raw)
            t_with += time.perf_counter() - started
            doc = without.nlp(article.text)  # the same Doc the stage sees, not timed
            started = time.perf_counter()
            component(doc)
            t_stage += time.perf_counter() - started
            words += len(article.text.split())
            sentences += len(article.sentences)
            claims += len(article.claims)
        best_with = min(best_with, t_with)
        best_without = min(best_without, t_without)
        best_stage = min(best_stage, t_stage)
    n = len(pages)
    passes = repeat * n
    print(
        f"cost on {n} pages of {folder} ({words / passes:.0f} words, {sentences / passes:.1f} "
        f"sentences, {claims / passes:.1f} claims per article; one process, best of {repeat}):"
    )
    print(f"  pipeline without claims : {best_without / n * 1000:7.1f} ms/article")
    print(f"  pipeline with claims    : {best_with / n * 1000:7.1f} ms/article")
    print(f"  claims stage alone      : {best_stage / n * 1000:7.1f} ms/article")
    print(
        f"  with / without          : {best_with / best_without:.3f}; stage alone / without: "
        f"+{best_stage / best_without:.1%} (goal <= +15%)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", type=Path, nargs="*", help="TSV files in the lab's format")
    parser.add_argument("--pages", type=Path, default=None, help="a folder of HTML pages")
    parser.add_argument("--limit", type=int, default=60, help="pages to time")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threshold", type=float, default=None, help="default: the model's")
    parser.add_argument("--sweep", default="0.3,0.4,0.5,0.6", help="extra thresholds")
    args = parser.parse_args(argv)

    pipeline = Pipeline(PipelineConfig(analyses=()))
    scorer = ClaimScorer(pipeline.nlp, threshold=args.threshold)
    sweep = [float(t) for t in args.sweep.split(",") if t.strip()]
    for path in args.files:
        _score_file(path, scorer, pipeline, sweep)
    if args.pages is not None:
        _cost(args.pages, args.limit, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
