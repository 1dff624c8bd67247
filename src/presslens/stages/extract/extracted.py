"""What the extraction stage hands to the NLP stage."""

from __future__ import annotations

from dataclasses import dataclass

from presslens.records import Affiliation, Metadata

__all__ = ["Extracted"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """The clean body, its metadata and affiliation, and what went wrong on the way."""

    text: str
    metadata: Metadata
    affiliation: Affiliation | None = None
    warnings: tuple[str, ...] = ()
