"""The one bridge from spaCy objects to presslens records."""

from __future__ import annotations

from spacy.tokens import Doc

from presslens.records import Article, Entity, Sentence, Source
from presslens.stages.extract import Extracted

__all__ = ["doc_to_article", "trim_span"]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def doc_to_article(
    doc: Doc, extracted: Extracted, source: Source, warnings: tuple[str, ...] = ()
) -> Article:
    """Build the article record from a processed ``Doc`` and what extraction found."""
    text = doc.text
    sentences = []
    for sent in doc.sents:
        start, end = trim_span(text, sent.start_char, sent.end_char)
        if start < end:
            sentences.append(Sentence(start, end))
    entities = tuple(
        Entity(ent.start_char, ent.end_char, ent.text, ent.label_)
        for ent in doc.ents
        if not ent.text.isspace()
    )
    return Article(
        text=text,
        metadata=extracted.metadata,
        source=source,
        affiliation=extracted.affiliation,
        sentences=tuple(sentences),
        entities=entities,
        warnings=extracted.warnings + warnings,
    )
