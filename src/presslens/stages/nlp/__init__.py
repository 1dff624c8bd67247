"""Stage 3: spaCy over the clean body (tokens, sentences, entities)."""

from presslens.stages.nlp.load import load_model, load_nlp

__all__ = ["load_model", "load_nlp"]
