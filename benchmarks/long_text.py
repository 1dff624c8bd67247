"""Time and peak memory of very long articles, against a normal one in the same run.

    python benchmarks/long_text.py [--sizes 500000 2000000] [--analyses all|none]

Each size runs in a fresh process (so its peak resident memory is its own): an article of that
many characters, built from the paragraphs of ``examples/``, goes through ``analyze_text``
with every analysis on. The baseline is the same text cut to one normal article (5,000
characters). Printed per size: seconds, characters per second, that rate as a ratio of the
baseline's (1.0 = time linear in length), peak memory, and how many sections it was cut into.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BASELINE_CHARS = 5_000


def _text(chars: int) -> str:
    paragraphs = [
        line
        for path in sorted(EXAMPLES.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line) > 80
    ]
    parts: list[str] = []
    size = 0
    while size < chars:
        paragraph = paragraphs[len(parts) % len(paragraphs)]
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)[:chars]


def _measure(chars: int, analyses: str) -> dict[str, float]:
    """In this (fresh) process: analyse one article of ``chars`` characters."""
    from presslens import Pipeline, PipelineConfig

    if analyses == "none":
        pipeline = Pipeline(PipelineConfig(max_chars=chars, analyses=()))
    else:
        pipeline = Pipeline(PipelineConfig(max_chars=chars))
    pipeline.analyze_text("The minister said on Monday that the talks would resume.")  # warm up
    text = _text(chars)
    started = time.perf_counter()
    article = pipeline.analyze_text(text, clean=False)
    elapsed = time.perf_counter() - started
    sections = next((w.split(" sections")[0].split()[-1] for w in article.warnings
                     if " sections of " in w), "1")  # fmt: skip
    return {
        "chars": len(article.text),
        "seconds": elapsed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "sections": float(sections),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500_000, 2_000_000])
    parser.add_argument("--analyses", choices=["all", "none"], default="all")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(_measure(args.one, args.analyses)))
        return 0
    rows = []
    for chars in [BASELINE_CHARS, *args.sizes]:
        child = [sys.executable, __file__, "--one", str(chars), "--analyses", args.analyses]
        out = subprocess.run(child, capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base_rate = rows[0]["chars"] / rows[0]["seconds"]
    print(f"long articles, analyses: {args.analyses} (each size in a fresh process)")
    header = ("characters", "seconds", "chars/s", "ratio", "peak MB", "sections")
    print(
        " ".join(
            f"{name:>{width}}" for name, width in zip(header, (12, 8, 8, 6, 8, 8), strict=True)
        )
    )
    for row in rows:
        rate = row["chars"] / row["seconds"]
        print(
            f"{row['chars']:>12,.0f} {row['seconds']:>8.1f} {rate:>8,.0f} {rate / base_rate:>6.2f} "
            f"{row['peak_mb']:>8.0f} {row['sections']:>8.0f}"
        )
    print(f"ratio: characters per second against the {BASELINE_CHARS:,}-character article's")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
