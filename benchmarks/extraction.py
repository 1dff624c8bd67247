"""Score presslens' extraction on the article-extraction benchmark (Scrapinghub, 181 pages).

    python benchmarks/extraction.py ../shared/data/article-extraction-benchmark
    python benchmarks/extraction.py ../shared/data/article-extraction-benchmark --input plain-text

``--input html`` (default) runs the HTML route on the saved pages; ``--input plain-text`` runs
the plain-text route on the whole visible text of each page (menus, footers and comment forms
included), i.e. "text copied from a page". Prints precision, recall and F1 with bootstrap
standard deviations (the benchmark's own shingle metric), exact-match accuracy, documents/s,
how many predicted bodies still contain a comment-form line, and how many of the ground
truth's paragraphs come through whole (content loss; ``--show-dropped`` lists the lost ones).
``--baseline`` also scores, in the same run, what presslens starts from: trafilatura alone
(HTML) or the uncleaned page text (plain text).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura

from presslens.scoring import score_extraction
from presslens.scoring.extraction import paragraph_recall
from presslens.stages.extract import extract
from presslens.stages.extract.boilerplate import is_comment_form_line
from presslens.stages.ingest import raw_from_bytes


def _load(data_dir: Path, kind: str) -> tuple[dict[str, str], dict[str, bytes]]:
    truth_raw = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {key: value["articleBody"] for key, value in truth_raw.items()}
    if kind == "html":
        inputs = {
            k: gzip.decompress((data_dir / "html" / f"{k}.html.gz").read_bytes()) for k in truth
        }
    else:
        pages = json.loads(
            (data_dir / "plain-text-input" / "html-text.json").read_text(encoding="utf-8")
        )
        inputs = {k: pages["output"][k]["articleBody"].encode("utf-8") for k in truth}
    return truth, inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="the article-extraction-benchmark folder")
    parser.add_argument("--input", choices=["html", "plain-text"], default="html")
    parser.add_argument("--baseline", action="store_true", help="also score the baseline")
    parser.add_argument(
        "--show-dropped", action="store_true", help="list the paragraphs the body lost"
    )
    parser.add_argument("--dump", type=Path, help="write predictions as JSON here, to inspect them")
    args = parser.parse_args(argv)
    if not (args.data_dir / "ground-truth.json").is_file():
        print(
            f"error: {args.data_dir} has no ground-truth.json; give the benchmark folder",
            file=sys.stderr,
        )
        return 2
    truth, inputs = _load(args.data_dir, args.input)
    predictions: dict[str, str] = {}
    started = time.perf_counter()
    for key, data in inputs.items():
        raw = raw_from_bytes(data, name=key, html_hint=args.input == "html")
        predictions[key] = extract(raw).text
    elapsed = time.perf_counter() - started
    score = score_extraction(truth, predictions)
    comment_forms = sum(
        any(is_comment_form_line(ln) for ln in p.splitlines()) for p in predictions.values()
    )
    if args.dump:
        args.dump.write_text(
            json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    print(
        f"article-extraction-benchmark, presslens {args.input} route, {score.documents} documents"
    )
    print(f"  precision  {score.precision:.3f} ± {score.precision_sd:.3f}")
    print(f"  recall     {score.recall:.3f} ± {score.recall_sd:.3f}")
    print(f"  F1         {score.f1:.3f} ± {score.f1_sd:.3f}")
    print(f"  accuracy   {score.accuracy:.3f} ± {score.accuracy_sd:.3f}")
    print(f"  speed      {len(inputs) / elapsed:.1f} documents/s ({elapsed:.1f} s, 1 process)")
    print(f"  bodies containing a comment-form line: {comment_forms}")
    paragraphs = paragraph_recall(truth, predictions)
    print(
        f"  whole paragraphs kept {paragraphs.recall:.3f} "
        f"({paragraphs.kept:,} of {paragraphs.total:,}; {len(paragraphs.dropped):,} dropped)"
    )
    if args.show_dropped:
        for key, paragraph in paragraphs.dropped:
            print(f"    - {key}: {paragraph[:110]}")
    if args.baseline:
        _print_baseline(truth, inputs, args.input)
    return 0


def _print_baseline(truth: dict[str, str], inputs: dict[str, bytes], kind: str) -> None:
    if kind == "html":
        name = f"trafilatura {trafilatura.__version__} alone (favor_precision)"
        texts = {
            k: trafilatura.extract(
                raw_from_bytes(d, name=k, html_hint=True).text, favor_precision=True
            )
            or ""
            for k, d in inputs.items()
        }
    else:
        name = "the page text, uncleaned"
        texts = {k: d.decode("utf-8") for k, d in inputs.items()}
    score = score_extraction(truth, texts)
    print(f"baseline, {name}:")
    print(f"  P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f} ± {score.f1_sd:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
