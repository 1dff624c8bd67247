"""Feed random and mutated text, HTML and bytes through presslens; count contract breaches.

    python benchmarks/fuzz.py [--examples 10000] [--seed 0]

The contract: every input becomes a record whose spans all satisfy ``text[start:end] ==
span.text``, or raises a ``PresslensError``. The inputs are the property test's
(``tests/hostile/_fuzz.py``): random Unicode (surrogates, controls, NULs included), and an
article and a page mutated by insertions, deletions, truncation, nasty characters and deep
nesting; half go through ``analyze_text``, half as raw bytes (BOMs, odd lengths, bad UTF-8).
Prints how many inputs broke the contract (goal: 0) and the first few of them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hostile"))

from _fuzz import BYTES, INPUTS, outcome
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from presslens import Pipeline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    pipeline = Pipeline()
    breaches: list[tuple[object, str]] = []
    seen = 0

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # count every breach; no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(INPUTS, BYTES))
    def run(value: str | bytes) -> None:
        nonlocal seen
        seen += 1
        problem = outcome(pipeline, value)
        if problem is not None:
            breaches.append((value, problem))
        if seen % 500 == 0:
            print(f"  {seen:,} inputs, {len(breaches)} breaches", file=sys.stderr)

    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"fuzz: {seen:,} inputs in {elapsed:.0f} s ({seen / elapsed:.1f}/s), seed {args.seed}")
    print(f"inputs that raised anything but a PresslensError, or broke a span: {len(breaches)}")
    for value, problem in breaches[:5]:
        print(f"  - {problem[:160]}\n    input: {value!r:.160}")
    return 1 if breaches else 0


if __name__ == "__main__":
    raise SystemExit(main())
