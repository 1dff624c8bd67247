"""presslens: who speaks, on whose behalf, and how a political article persuades.

Every item presslens reports is tied to character offsets in the article's clean body text.

>>> import presslens
>>> article = presslens.analyze("examples/oped-coastal-cities.txt")   # doctest: +SKIP
>>> article.metadata.genre                                          # doctest: +SKIP
'opinion'

The names below are loaded on first use (PEP 562), so ``import presslens`` is cheap and spaCy
is imported only when a pipeline is made: ``presslens --help`` need not wait for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from presslens.config import PipelineConfig
    from presslens.errors import InputError, ModelError, PresslensError, QueryError, StoreError
    from presslens.pipeline import Pipeline, analyze, analyze_many
    from presslens.records import (
        SCHEMA,
        Actor,
        Affiliation,
        Article,
        Claim,
        Claimant,
        Entity,
        Instrument,
        Metadata,
        Quote,
        Sentence,
        Source,
        Span,
        Technique,
    )

__version__ = "0.1.0"

_WHERE = {
    "PipelineConfig": "presslens.config",
    "InputError": "presslens.errors",
    "ModelError": "presslens.errors",
    "PresslensError": "presslens.errors",
    "QueryError": "presslens.errors",
    "StoreError": "presslens.errors",
    "Pipeline": "presslens.pipeline",
    "analyze": "presslens.pipeline",
    "analyze_many": "presslens.pipeline",
    **{
        name: "presslens.records"
        for name in (
            "SCHEMA",
            "Actor",
            "Affiliation",
            "Article",
            "Claim",
            "Claimant",
            "Entity",
            "Instrument",
            "Metadata",
            "Quote",
            "Sentence",
            "Source",
            "Span",
            "Technique",
        )
    },
}

__all__ = [
    "SCHEMA",
    "Actor",
    "Affiliation",
    "Article",
    "Claim",
    "Claimant",
    "Entity",
    "InputError",
    "Instrument",
    "Metadata",
    "ModelError",
    "Pipeline",
    "PipelineConfig",
    "PresslensError",
    "QueryError",
    "Quote",
    "Sentence",
    "Source",
    "Span",
    "StoreError",
    "Technique",
    "__version__",
    "analyze",
    "analyze_many",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'presslens' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
