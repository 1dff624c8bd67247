"""From the actors stage's payload on a ``Doc`` to presslens records, and look-ups.

The component leaves an :class:`~presslens.stages.actors.payload.ActorsPayload` on
``doc._.presslens_actors`` (it round-trips through ``Doc.to_bytes()`` and
``nlp.pipe(n_process=2)``, see :mod:`presslens.payloads`); these pure functions turn it into
``records.Actor`` and ``records.Instrument``, join the author's stated affiliation to an actor, and
find the actor a character span belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc

from presslens.payloads import get_payload, register_extension
from presslens.records import Actor, Affiliation, Article, Instrument, Span
from presslens.stages.actors.acronyms import acronym_fits
from presslens.stages.actors.clusters import name_key
from presslens.stages.actors.payload import ActorsPayload

__all__ = [
    "ACTORS_ATTR",
    "actor_at",
    "actor_for_span",
    "actors_from_doc",
    "actors_payload",
    "add_actors",
    "affiliation_mentions",
    "instruments_from_doc",
    "register_extensions",
]

ACTORS_ATTR = "presslens_actors"
"""``doc._.presslens_actors``: the stage's :class:`ActorsPayload`, or None."""

_BRACKET_RE = re.compile(r"[(\[]([^()\[\]]{1,60})[)\]]?")


def register_extensions() -> None:
    """Register the ``Doc`` extension; safe to call any number of times."""
    register_extension(ACTORS_ATTR)


def actors_payload(doc: Doc) -> ActorsPayload | None:
    """The actors stage's payload on ``doc``, or None when the stage did not run."""
    return get_payload(doc, ACTORS_ATTR, ActorsPayload)


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def actors_from_doc(doc: Doc, text: str | None = None) -> tuple[Actor, ...]:
    """The actors the ``presslens_actors`` component stored on ``doc``; () if it did not run.

    ``text`` may pass ``doc.text`` already built (spaCy rebuilds it on every access).
    """
    payload = actors_payload(doc)
    if payload is None:
        return ()
    text = doc.text if text is None else text
    return tuple(
        Actor(
            id=data.id,
            name=data.name,
            type=data.type,
            mentions=tuple(_span(text, s, e) for s, e in data.mentions),
            aliases=data.aliases,
            roles=tuple(_span(text, s, e) for s, e in data.roles),
        )
        for data in payload.actors
    )


def instruments_from_doc(doc: Doc, text: str | None = None) -> tuple[Instrument, ...]:
    """The instruments the ``presslens_actors`` component stored on ``doc``; () if it didn't run.

    ``text`` may pass ``doc.text`` already built (spaCy rebuilds it on every access).
    """
    payload = actors_payload(doc)
    if payload is None:
        return ()
    text = doc.text if text is None else text
    return tuple(
        Instrument(
            start=data.start,
            end=data.end,
            text=text[data.start : data.end],
            kind=data.kind,
            name=data.name,
            body=data.body,
        )
        for data in payload.instruments
    )


def _overlap(spans: Iterable[Sequence[int]], start: int, end: int) -> int:
    """The largest overlap, in characters, of ``[start, end)`` with any of ``spans``."""
    return max((min(e, end) - max(s, start) for s, e in spans), default=0)


def actor_for_span(actors: Sequence[Actor], start: int, end: int) -> str | None:
    """The id of the actor one of whose mentions contains or overlaps ``[start, end)``.

    Args:
        actors: the article's actors.
        start: the span's first character (a quote speaker's, say).
        end: one past its last character.

    Returns:
        The id of the actor with the largest overlap, or None when no mention overlaps.
    """
    best, best_overlap = None, 0
    for actor in actors:
        overlap = _overlap(((m.start, m.end) for m in actor.mentions), start, end)
        if overlap > best_overlap:
            best, best_overlap = actor.id, overlap
    return best


def actor_at(doc: Doc, start: int, end: int) -> str | None:
    """Like :func:`actor_for_span`, straight from the data stored on ``doc``."""
    payload = actors_payload(doc)
    actor = payload.actor_at(start, end) if payload is not None else None
    return actor.id if actor is not None else None


def _affiliation_names(organisation: str) -> tuple[str, list[str]]:
    """ "People's Mojahedin Organization of Iran (PMOI/MEK)" -> (long form, ["PMOI", "MEK"])."""
    acronyms: list[str] = []
    for match in _BRACKET_RE.finditer(organisation):
        acronyms += [a.strip() for a in match.group(1).split("/") if a.strip()]
    long_form = _BRACKET_RE.sub(" ", organisation).strip()
    return long_form, acronyms


def affiliation_mentions(
    actors: Sequence[Actor], affiliation: Affiliation | None
) -> tuple[str | None, tuple[Span, ...]]:
    """Which actor the author's stated affiliation is, and where the body mentions it.

    The affiliation's organisation matches an actor by equal names (any alias, "the" and case
    ignored), by its bracketed acronyms ("(PMOI/MEK)"), or by an acronym that spells the other's
    initials.

    Args:
        actors: the article's actors.
        affiliation: the author's stated affiliation, or None.

    Returns:
        ``(actor id, mentions)``, or ``(None, ())`` when the body does not name the organisation.
    """
    if affiliation is None or not affiliation.organisation.strip():
        return None, ()
    long_form, acronyms = _affiliation_names(affiliation.organisation)
    keys = {name_key(n) for n in (long_form, *acronyms) if n}
    long_words = long_form.split()
    best: Actor | None = None
    for actor in actors:
        if actor.type in ("person", "place"):
            continue
        names = (actor.name, *actor.aliases)
        hit = any(name_key(n) in keys for n in names) or any(
            (n.isupper() and acronym_fits(n, long_words, strict=True))
            or any(acr.isupper() and acronym_fits(acr, n.split(), strict=True) for acr in acronyms)
            for n in names
        )
        if hit and (best is None or len(actor.mentions) > len(best.mentions)):
            best = actor
    if best is None:
        return None, ()
    return best.id, best.mentions


def add_actors(doc: Doc, article: Article) -> Article:
    """The record with the actors stage's actors and instruments, and the author's affiliation
    pointed at its actor (the registry's exporter for ``actors``)."""
    article = replace(
        article,
        actors=actors_from_doc(doc, article.text),
        instruments=instruments_from_doc(doc, article.text),
    )
    if article.affiliation is None:
        return article
    actor, mentions = affiliation_mentions(article.actors, article.affiliation)
    return replace(
        article, affiliation=replace(article.affiliation, actor=actor, mentions=mentions)
    )
