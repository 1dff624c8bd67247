"""Who makes each claim: the speaker of the quotation it lies in, else the article's author."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc

from presslens.records import Article, Claim, Claimant, Quote
from presslens.stages.claims.component import SentenceScore, claim_scores

__all__ = [
    "ATTRIBUTED_SHARE",
    "INSIDE_SHARE",
    "add_claims",
    "attribute_claims",
    "claimant_of",
]

#: A sentence is inside a quotation when at least this share of its characters is quoted ...
INSIDE_SHARE = 0.5
#: ... or this share, when the sentence also names the speaker or holds the cue ("X told
#: reporters: ..."): the author only reports who claims it.
ATTRIBUTED_SHARE = 0.25


def _quoted_share(start: int, end: int, quote: Quote) -> float:
    covered = sum(max(0, min(end, s.end) - max(start, s.start)) for s in quote.content)
    return covered / max(end - start, 1)


def _attributed_here(start: int, end: int, quote: Quote) -> bool:
    return any(
        span is not None and start <= span.start and span.end <= end
        for span in (quote.cue, quote.speaker)
    )


def claimant_of(start: int, end: int, article: Article) -> Claimant:
    """The claimant of the sentence ``article.text[start:end]``.

    The quotation that covers most of the sentence (at least :data:`INSIDE_SHARE` of it, or
    :data:`ATTRIBUTED_SHARE` when its cue or speaker is in the sentence too) names the
    claimant: its actor's name, else the resolved speaker, else the speaker as written; an
    unattributed quotation gives a ``quoted`` claimant with no name. Otherwise the claim is the
    author's (``metadata.author``, None when the page does not say).
    """
    best, share = None, 0.0
    for quote in article.quotes:
        s = _quoted_share(start, end, quote)
        if s > share:
            best, share = quote, s
    if best is None or share < (
        ATTRIBUTED_SHARE if _attributed_here(start, end, best) else INSIDE_SHARE
    ):
        return Claimant("author", article.metadata.author)
    mention = best.speaker_resolved or best.speaker
    name = mention.text if mention else None
    if best.actor is not None:
        name = next((a.name for a in article.actors if a.id == best.actor), name)
    return Claimant("quoted", name, best.speaker_resolved or best.speaker, best.actor)


def attribute_claims(scores: Iterable[SentenceScore], article: Article) -> tuple[Claim, ...]:
    """The claims among the scored sentences, in text order, each with its claimant."""
    text = article.text
    return tuple(
        Claim(s.start, s.end, text[s.start : s.end], s.score, claimant_of(s.start, s.end, article))
        for s in scores
        if s.claim
    )


def add_claims(doc: Doc, article: Article) -> Article:
    """The record with the check-worthy claims (the registry's exporter). It runs after the
    quotes and actors exporters: a claim inside a quotation is its speaker's."""
    return replace(article, claims=attribute_claims(claim_scores(doc), article))
