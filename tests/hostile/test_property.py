"""Property: any text or bytes give a record whose spans hold, or a PresslensError."""

from __future__ import annotations

import os

from _fuzz import BYTES, INPUTS, outcome
from hypothesis import HealthCheck, given, settings

from presslens import Pipeline

# Bounded for CI (well under a minute); benchmarks/fuzz.py runs 10,000.
_EXAMPLES = int(os.environ.get("PRESSLENS_FUZZ_EXAMPLES", "60"))
_SETTINGS = settings(
    max_examples=_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(INPUTS)
def test_any_text_gives_a_record_or_a_presslens_error(value: str) -> None:
    assert outcome(_pipeline(), value) is None


@_SETTINGS
@given(BYTES)
def test_any_bytes_give_a_record_or_a_presslens_error(value: bytes) -> None:
    assert outcome(_pipeline(), value) is None


_CACHE: list[Pipeline] = []


def _pipeline() -> Pipeline:
    if not _CACHE:
        _CACHE.append(Pipeline())
    return _CACHE[0]
