"""A bounded load test of the web server, on loopback only.

    python benchmarks/web_load.py [--db corpus.db] [--requests 200] [--clients 8]

Starts ``presslens serve`` on a free loopback port over the store (built from the repository's
example and fixture articles when ``--db`` is not given), then sends ``--requests`` requests
from ``--clients`` concurrent clients — search pages, article pages and the JSON search API, in
turn — and prints the errors (goal: none), the median and 95th-percentile latency, and the
requests per second. Stops after ``--seconds`` whatever happens (60 by default).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["council", "levy OR flood", '"coastal cities"', "minister -budget", "resil*"]


def _store(folder: Path) -> str:
    db = folder / "corpus.db"
    sources = [str(ROOT / "examples"), str(ROOT / "tests" / "fixtures" / "corpus")]
    command = [sys.executable, "-c", "from presslens.cli.app import main; main()", "ingest",
               *sources, "--db", str(db)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return str(db)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _paths(articles: list[int], n: int) -> list[str]:
    paths = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            paths.append(f"/search?q={quote(QUERIES[i % len(QUERIES)])}")
        elif kind == 1:
            paths.append(f"/articles/{articles[i % len(articles)]}")
        else:
            paths.append(f"/api/search?q={quote(QUERIES[i % len(QUERIES)])}")
    return paths


def _get(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or _store(Path(tmp))
        port = _free_port()
        command = [sys.executable, "-c", "from presslens.cli.app import main; main()", "serve",
                   "--db", db, "--port", str(port)]  # fmt: skip
        server = subprocess.Popen(command, stderr=subprocess.DEVNULL, env={**os.environ})
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if _get(port, "/")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.3)
            from presslens.store import Store

            with Store(db, readonly=True) as store:
                articles = [brief.id for brief in store.recent(limit=50)]
            paths = _paths(articles, args.requests)
            latencies: list[float] = []
            errors: list[str] = []
            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
                futures = {pool.submit(_get, port, path): path for path in paths}
                for future in concurrent.futures.as_completed(futures, timeout=args.seconds):
                    try:
                        status, seconds = future.result()
                    except OSError as exc:
                        errors.append(f"{futures[future]}: {exc}")
                        continue
                    latencies.append(seconds)
                    if status >= 400:
                        errors.append(f"{futures[future]}: HTTP {status}")
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(f"web load: {len(paths)} requests from {args.clients} clients on loopback")
    print(f"  errors        {len(errors)}")
    print(f"  median        {statistics.median(latencies) * 1000:.0f} ms")
    print(f"  95th pct      {p95 * 1000:.0f} ms")
    print(f"  throughput    {len(latencies) / elapsed:.1f} requests/s ({elapsed:.1f} s)")
    for error in errors[:5]:
        print(f"  - {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
