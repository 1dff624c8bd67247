"""Throughput of the presslens pipeline against bare spaCy on the same texts, in the same run.

    python benchmarks/throughput.py                          # the repository's examples
    python benchmarks/throughput.py ../shared/data/article-extraction-benchmark
    python benchmarks/throughput.py DATA_DIR --input html --n-process 2

The presslens run is ``Pipeline.pipe`` over in-memory inputs: decoding, extraction (plain-text
cleaner, or trafilatura with ``--input html``), spaCy and the record. The baseline is
``nlp.pipe`` of the same spaCy pipeline over the clean bodies presslens produced, so both run
the same components on the same texts. Each side is warmed up, then timed ``--repeat`` times
in alternation; the best run of each is reported with the ratio (goal: ≥ 0.8).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from presslens import Pipeline
from presslens.stages.ingest import RawInput, raw_from_bytes

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _inputs(data_dir: Path | None, kind: str, limit: int) -> list[RawInput]:
    if data_dir is None:
        files = sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.html"))
        blobs = [(f.name, f.read_bytes(), f.suffix == ".html") for f in files]
        blobs = (blobs * (limit // max(len(blobs), 1) + 1))[:limit]
    elif kind == "html":
        pages = sorted((data_dir / "html").glob("*.html.gz"))[:limit]
        blobs = [(p.name, gzip.decompress(p.read_bytes()), True) for p in pages]
    else:
        data = json.loads(
            (data_dir / "plain-text-input" / "html-text.json").read_text(encoding="utf-8")
        )
        keys = sorted(data["output"])[:limit]
        blobs = [(k, data["output"][k]["articleBody"].encode("utf-8"), False) for k in keys]
    return [raw_from_bytes(b, name=n, html_hint=h) for n, b, h in blobs]


def _time(run: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    count = run()
    return time.perf_counter() - started, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "data_dir", type=Path, nargs="?", help="article-extraction-benchmark folder"
    )
    parser.add_argument("--input", choices=["html", "plain-text"], default="plain-text")
    parser.add_argument("--limit", type=int, default=120, help="articles per run")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    pipeline = Pipeline()
    inputs = _inputs(args.data_dir, args.input, args.limit)
    texts = [a.text for a in pipeline.pipe(inputs)]  # also the warm-up of the presslens side
    words = sum(len(t.split()) for t in texts)
    list(pipeline.nlp.pipe(texts[:8]))

    def run_presslens() -> int:
        return sum(
            1 for _ in pipeline.pipe(inputs, n_process=args.n_process, batch_size=args.batch_size)
        )

    def run_spacy() -> int:
        return sum(
            1
            for _ in pipeline.nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size)
        )

    ours, bare = [], []
    for _ in range(args.repeat):
        ours.append(_time(run_presslens)[0])
        bare.append(_time(run_spacy)[0])
    best_ours, best_bare = min(ours), min(bare)
    source = args.data_dir or "examples/"
    print(
        f"throughput: {len(inputs)} articles ({args.input} input from {source}), "
        f"{words / len(texts):.0f} words per clean body, n_process={args.n_process}"
    )
    print(
        f"  presslens Pipeline.pipe : {len(inputs) / best_ours:7.1f} articles/s "
        f"(median {len(inputs) / statistics.median(ours):.1f})"
    )
    print(
        f"  bare spaCy nlp.pipe     : {len(texts) / best_bare:7.1f} articles/s "
        f"(median {len(texts) / statistics.median(bare):.1f})"
    )
    print(f"  ratio presslens / spaCy : {best_bare / best_ours:.2f} (goal >= 0.80)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
