"""Scale out: the Dask engine on 1 and 2 workers, and the local worker pool, on the same pages.

    python benchmarks/scale.py DATA_DIR [--pages 200] [--partition-size 10]

DATA_DIR is the article-extraction benchmark (its ``html/*.html.gz`` pages), or any folder of
pages. Printed, all in one run on the same pages, every analysis on:

- ``Pipeline.pipe`` in one process (the baseline);
- ``analyze_many`` with ``n_process=2``, and its ratio to ``n_process=1`` (goal ≥ 1.7×);
- the Dask engine (``presslens.runners.dask.ingest`` into Parquet) on a LocalCluster of 1 and
  then 2 worker processes, their ratio (goal ≥ 1.8×), and 1 worker against ``Pipeline.pipe``
  (goal ≥ 0.9×). Each Dask run starts after its workers have loaded the pipeline, so the
  figures are throughput, not start-up.

Two cores are two cores: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

from presslens import Pipeline, PipelineConfig
from presslens.runners.dask import ingest


def _pages(data_dir: Path, count: int, folder: Path) -> list[str]:
    found = sorted((data_dir / "html").glob("*.html.gz")) or sorted(data_dir.glob("*.htm*"))
    if not found:
        sys.exit(f"error: no pages in {data_dir}")
    names = []
    for i in range(count):  # repeat the pages when there are fewer than asked
        page = found[i % len(found)]
        data = gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
        target = folder / f"{i:04d}.html"
        # A comment keeps copies apart, so they are not stored as duplicates of one page.
        target.write_bytes(data + f"<!-- copy {i} -->".encode())
        names.append(str(target))
    return names


def _rate(label: str, count: int, seconds: float) -> float:
    rate = count / seconds
    print(f"  {label:<38} {rate:6.2f} articles/s  ({seconds:6.1f} s)")
    return rate


def _dask(names: list[str], workers: int, partition_size: int, scratch: Path) -> float:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )  # fmt: skip
    with Client(cluster) as client:
        warm = scratch / f"warm-{workers}"
        ingest(names[: workers * 2], warm, client=client, partition_size=1)  # load pipelines
        out = scratch / f"dask-{workers}"
        started = time.perf_counter()
        report = ingest(names, out, client=client, partition_size=partition_size)
        elapsed = time.perf_counter() - started
    cluster.close()
    assert report.stored + len(report.failed) == len(names), "every page accounted for"
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--partition-size", type=int, default=10)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="presslens-scale-"))
    try:
        pages = scratch / "pages"
        pages.mkdir()
        names = _pages(args.data_dir, args.pages, pages)
        pipeline = Pipeline(PipelineConfig())
        list(pipeline.pipe(names[:4], on_error="skip"))  # warm up
        print(f"scale: {len(names)} pages, every analysis on")

        started = time.perf_counter()
        count = sum(1 for _ in pipeline.pipe(names, on_error="skip"))
        base = _rate("Pipeline.pipe, 1 process", len(names), time.perf_counter() - started)
        started = time.perf_counter()
        sum(1 for _ in pipeline.pipe(names, n_process=2, on_error="skip"))
        two = _rate("analyze_many, n_process=2", len(names), time.perf_counter() - started)
        one_dask = _rate(
            "Dask, 1 worker", len(names), _dask(names, 1, args.partition_size, scratch)
        )
        two_dask = _rate(
            "Dask, 2 workers", len(names), _dask(names, 2, args.partition_size, scratch)
        )
        print(f"  n_process=2 / 1                        {two / base:5.2f}x  (goal >= 1.7)")
        print(
            f"  Dask 2 workers / 1 worker              {two_dask / one_dask:5.2f}x  (goal >= 1.8)"
        )
        print(f"  Dask 1 worker / Pipeline.pipe          {one_dask / base:5.2f}x  (goal >= 0.9)")
        print(f"  ({count} of {len(names)} pages gave a record; the rest had no body)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
