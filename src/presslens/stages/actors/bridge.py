"""From the plain data the component stores on a ``Doc`` to presslens records, and look-ups.

The component keeps msgpack-ready lists on the ``Doc`` (so ``Doc.to_bytes()`` round-trips and
``nlp.pipe(n_process=2)`` works); these pure functions turn them into ``records.Actor`` and
``records.Instrument``, join the author's stated affiliation to an actor, and find the actor a
character span (a quote's speaker) belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from spacy.tokens import Doc

from presslens.records import Actor, ActorType, Affiliation, Instrument, InstrumentKind, Span
from presslens.stages.actors.resolve import acronym_fits, name_key

__all__ = [
    "ACTORS_ATTR",
    "INSTRUMENTS_ATTR",
    "actor_at",
    "actor_for_span",
    "actors_from_doc",
    "affiliation_mentions",
    "instruments_from_doc",
    "register_extensions",
]

ACTORS_ATTR = "presslens_actors"
"""``doc._.presslens_actors``: list of actor dicts (see ``resolve.resolve_actors``), or None."""
INSTRUMENTS_ATTR = "presslens_instruments"
"""``doc._.presslens_instruments``: list of instrument dicts (see ``find_instruments``), or None."""

_BRACKET_RE = re.compile(r"[(\[]([^()\[\]]{1,60})[)\]]?")


def register_extensions() -> None:
    """Register the ``Doc`` extensions; safe to call any number of times."""
    for attr in (ACTORS_ATTR, INSTRUMENTS_ATTR):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


def _stored(doc: Doc, attr: str) -> list[dict[str, Any]]:
    if not Doc.has_extension(attr):
        return []
    return cast(list[dict[str, Any]], getattr(doc._, attr) or [])


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def actors_from_doc(doc: Doc, text: str | None = None) -> tuple[Actor, ...]:
    """The actors the ``presslens_actors`` component stored on ``doc``; () if it did not run.

    ``text`` may pass ``doc.text`` already built (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    return tuple(
        Actor(
            id=data["id"],
            name=data["name"],
            type=cast(ActorType, data["type"]),
            mentions=tuple(_span(text, s, e) for s, e in data["mentions"]),
            aliases=tuple(data["aliases"]),
            roles=tuple(_span(text, s, e) for s, e in data["roles"]),
        )
        for data in _stored(doc, ACTORS_ATTR)
    )


def instruments_from_doc(doc: Doc, text: str | None = None) -> tuple[Instrument, ...]:
    """The instruments the ``presslens_actors`` component stored on ``doc``; () if it didn't run.

    ``text`` may pass ``doc.text`` already built (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    return tuple(
        Instrument(
            start=data["start"],
            end=data["end"],
            text=text[data["start"] : data["end"]],
            kind=cast(InstrumentKind, data["kind"]),
            name=data["name"],
            body=data["body"],
        )
        for data in _stored(doc, INSTRUMENTS_ATTR)
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
    best, best_overlap = None, 0
    for data in _stored(doc, ACTORS_ATTR):
        overlap = _overlap(data["mentions"], start, end)
        if overlap > best_overlap:
            best, best_overlap = str(data["id"]), overlap
    return best


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
