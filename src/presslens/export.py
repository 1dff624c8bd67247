"""The one bridge from spaCy objects to presslens records."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from presslens.records import Article, Entity, Sentence, Source
from presslens.stages.extract import Extracted
from presslens.stages.registry import ANALYSES, analysis_of_factory

__all__ = ["analyses_of", "doc_to_article", "link_affiliation", "trim_span"]


def analyses_of(pipe_names: list[str]) -> tuple[str, ...]:
    """The record's ``analyses``: which presslens analyses a spaCy pipeline performs."""
    return tuple(
        spec.name for name in pipe_names if (spec := analysis_of_factory(name)) is not None
    )


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(doc: Doc, text: str) -> tuple[Sentence, ...]:
    sentences = []
    for sent in doc.sents:
        start, end = trim_span(text, sent.start_char, sent.end_char)
        if start < end:
            sentences.append(Sentence(start, end))
    return tuple(sentences)


def link_affiliation(article: Article) -> Article:
    """Point the author's stated affiliation at its actor and its mentions in the body."""
    if article.affiliation is None:
        return article
    from presslens.stages.actors import affiliation_mentions

    actor, mentions = affiliation_mentions(article.actors, article.affiliation)
    return replace(
        article, affiliation=replace(article.affiliation, actor=actor, mentions=mentions)
    )


def _with_analyses(doc: Doc, article: Article, analyses: tuple[str, ...]) -> Article:
    for spec in ANALYSES:  # the registry's order: actors, quotes, techniques, claims
        if spec.name in analyses:
            article = spec.export(doc, article)
    return replace(article, analyses=analyses)


def doc_to_article(
    doc: Doc,
    extracted: Extracted,
    source: Source,
    warnings: tuple[str, ...] = (),
    analyses: tuple[str, ...] = (),
) -> Article:
    """Build the article record from a processed ``Doc`` and what extraction found.

    Args:
        doc: the body after the spaCy pipeline.
        extracted: the extraction stage's result for the same body.
        source: provenance of the raw input.
        warnings: warnings raised after extraction (e.g. the body was cut).
        analyses: the presslens analyses the pipeline ran (see :func:`analyses_of`).
    """
    entities = tuple(
        Entity(ent.start_char, ent.end_char, ent.text, ent.label_)
        for ent in doc.ents
        if not ent.text.isspace()
    )
    text = doc.text  # spaCy rebuilds Doc.text from the tokens on every access: read it once
    article = Article(
        text=text,
        metadata=extracted.metadata,
        source=source,
        affiliation=extracted.affiliation,
        sentences=_sentences(doc, text),
        entities=entities,
        warnings=extracted.warnings + warnings,
    )
    return _with_analyses(doc, article, analyses) if analyses else article
