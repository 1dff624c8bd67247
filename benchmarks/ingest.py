"""What the store costs: ``presslens ingest`` against ``Pipeline.pipe`` on the same pages.

    python benchmarks/ingest.py ../shared/data/article-extraction-benchmark/html
    python benchmarks/ingest.py PAGES_DIR --limit 100 --db postgresql+psycopg://me@localhost/bench

The baseline is ``Pipeline.pipe`` over the folder's pages, records discarded. The ingest run is
the local runner (read, analyse, store one transaction per article) into a fresh store: a
temporary SQLite file unless ``--db`` names another (it must be empty). Both read the same files
from disk; each is timed once after a warm-up. The ratio is ingest speed / pipeline speed (goal:
the store costs little, ≥ 0.9). A second ingest of the same folder measures how fast a resumed
run skips what is stored.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from presslens import Pipeline
from presslens.runners import collect_sources, ingest
from presslens.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, help="a folder of .html/.txt pages (gzipped too)")
    parser.add_argument("--limit", type=int, default=181)
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    sources = collect_sources([str(args.pages)])[: args.limit]
    if not sources:
        parser.error(f"no pages in {args.pages}")
    pipeline = Pipeline()
    list(pipeline.pipe(sources[:5], on_error="skip"))  # warm-up

    started = time.perf_counter()
    analysed = sum(1 for _ in pipeline.pipe(sources, on_error="skip"))
    pipe_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or Path(tmp) / "bench.db")
        started = time.perf_counter()
        report = ingest(store, pipeline, sources)
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        resumed = ingest(store, pipeline, sources)
        resume_s = time.perf_counter() - started
        size = Path(tmp, "bench.db").stat().st_size if args.db is None else None
        store.close()

    pipe_rate, ingest_rate = analysed / pipe_s, report.stored / ingest_s
    print(f"{len(sources)} pages from {args.pages}")
    print(f"Pipeline.pipe (no store): {analysed:4d} in {pipe_s:6.1f} s = {pipe_rate:.2f}/s")
    print(
        f"ingest into the store:    {report.stored:4d} in {ingest_s:6.1f} s = "
        f"{ingest_rate:.2f}/s  ({len(report.failed)} failed, {len(report.duplicates)} duplicates)"
    )
    print(f"ratio ingest / pipeline: {ingest_rate / pipe_rate:.2f}")
    print(f"resumed run: {resumed.skipped} skipped in {resume_s:.2f} s")
    if size is not None:
        per_article = size / max(report.stored, 1) / 1e3
        print(f"SQLite file: {size / 1e6:.1f} MB ({per_article:.0f} kB/article)")


if __name__ == "__main__":
    main()
