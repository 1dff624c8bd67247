"""Fixtures for the actor stage: the bare model (cached per process) plus the stage.

The bare model rather than the session ``pipeline`` fixture: the stage's tests should not depend
on the other analyses that the full pipeline runs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from presslens.config import PipelineConfig
from presslens.stages.actors import ActorResolver
from presslens.stages.nlp import load_nlp


@pytest.fixture(scope="session")
def bare_nlp() -> Language:
    """The bare English model, shared (never add components to it)."""
    return load_nlp(PipelineConfig().model)


@pytest.fixture(scope="session")
def analyse(bare_nlp: Language) -> Callable[[str], Doc]:
    """Parse with the bare model, then run the stage."""
    resolver = ActorResolver()

    def run(text: str) -> Doc:
        return resolver(bare_nlp(text))

    return run
