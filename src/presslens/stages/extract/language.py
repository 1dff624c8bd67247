"""Language of the body, when the page does not declare it (py3langid, a small bundled model)."""

from __future__ import annotations

import functools

from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["detect_language", "language_warning"]

_SAMPLE_CHARS = 3000  # the start of the body is enough and keeps the cost flat
_MIN_CHARS = 40  # below this the guess is noise
_MIN_PROBABILITY = 0.8


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the body's language, or None when too short or unsure."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_CHARS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= _MIN_PROBABILITY else None


def language_warning(language: str | None) -> str | None:
    """A warning for bodies that are not English: presslens' models are English-only."""
    if language is None or language == "en":
        return None
    return (
        f"the body looks like language {language!r}; presslens' models are trained on English, "
        "so entities and sentences may be unreliable"
    )
