"""The pipeline's default limits as plain constants, readable without importing anything.

:class:`presslens.PipelineConfig` uses them, and so does the command line, which must not import
pydantic or spaCy just to show ``--help``.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "ALL_ANALYSES",
    "BATCH_SIZE",
    "CHUNK_CHARS",
    "FETCH_TIMEOUT",
    "MAX_BYTES",
    "MAX_CHARS",
    "AnalysisName",
]

AnalysisName = Literal["actors", "quotes", "techniques", "claims"]
ALL_ANALYSES: tuple[AnalysisName, ...] = ("actors", "quotes", "techniques", "claims")
"""The analyses after spaCy, in the order they run (all on by default)."""

MAX_BYTES = 10 * 1024 * 1024
"""Inputs larger than this many bytes are refused (files, stdin, URL bodies, decompressed)."""
MAX_CHARS = 2_000_000
"""Longest clean body analysed; longer ones are cut, with a warning."""
CHUNK_CHARS = 50_000
"""Bodies longer than this are analysed in sections of at most this many characters."""
FETCH_TIMEOUT = 20.0
"""Seconds a URL may take in all: connecting, headers and body."""
BATCH_SIZE = 16
"""Articles per batch in ``Pipeline.pipe``."""
