"""presslens: who speaks, on whose behalf, and how a political article persuades.

Every item presslens reports is tied to character offsets in the article's clean body text.

>>> import presslens
>>> article = presslens.analyze("examples/oped-coastal-cities.txt")   # doctest: +SKIP
>>> article.metadata.genre                                          # doctest: +SKIP
'opinion'
"""

from presslens.config import PipelineConfig
from presslens.errors import InputError, ModelError, PresslensError, StoreError
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
