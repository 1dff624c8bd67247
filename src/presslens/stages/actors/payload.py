"""What the actors stage leaves on ``doc._.presslens_actors``: actors and instruments, typed.

Offsets are characters into ``doc.text``. The quotation stage asks this payload who a speaker
mention is (:meth:`ActorsPayload.actor_at`); the exporter turns it into records (``bridge``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from presslens.payloads import payload
from presslens.records import ActorType, InstrumentKind
from presslens.vocabulary import Gender

__all__ = [
    "NAME_KINDS",
    "ActorData",
    "ActorsPayload",
    "CharSpan",
    "InstrumentData",
    "MentionKind",
]

CharSpan = tuple[int, int]
MentionKind = Literal["name", "acronym", "surname", "alias", "description", "pronoun"]
NAME_KINDS: frozenset[MentionKind] = frozenset({"name", "acronym", "surname", "alias"})
"""Mention kinds that name an actor (the others refer back to one)."""


@dataclass(frozen=True, slots=True)
class ActorData:
    """One actor of the article.

    Attributes:
        id: "a1", "a2", ... in order of first mention.
        name: the fullest form the article uses.
        type: the voted actor type.
        mentions: character spans, in text order.
        kinds: one per mention: name, acronym, surname, alias, description, pronoun.
        aliases: the other surface forms.
        roles: character spans that give the actor's capacity.
        gender: "m" or "f" when titles, first name or pronouns say it; None otherwise.
    """

    id: str
    name: str
    type: ActorType
    mentions: tuple[CharSpan, ...]
    kinds: tuple[MentionKind, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[CharSpan, ...] = ()
    gender: Gender | None = None

    def named_mentions(self) -> Iterable[CharSpan]:
        """The mentions that name the actor (not pronouns or descriptions)."""
        return (m for m, k in zip(self.mentions, self.kinds, strict=True) if k in NAME_KINDS)

    def to_data(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": [list(m) for m in self.mentions],
            "kinds": list(self.kinds),
            "aliases": list(self.aliases),
            "roles": [list(r) for r in self.roles],
            "gender": self.gender,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ActorData:
        """From :meth:`to_data` output."""
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            type=cast(ActorType, data["type"]),
            mentions=_spans(data["mentions"]),
            kinds=tuple(cast(MentionKind, k) for k in data["kinds"]),
            aliases=tuple(str(a) for a in data.get("aliases", ())),
            roles=_spans(data.get("roles", ())),
            gender=cast("Gender | None", data.get("gender")),
        )


@dataclass(frozen=True, slots=True)
class InstrumentData:
    """A law, bill, resolution, treaty or agreement: its span, kind, normalised name and body."""

    start: int
    end: int
    kind: InstrumentKind
    name: str
    body: str | None = None

    def to_data(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "name": self.name,
            "body": self.body,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> InstrumentData:
        """From :meth:`to_data` output."""
        return cls(
            int(data["start"]),
            int(data["end"]),
            cast(InstrumentKind, data["kind"]),
            str(data["name"]),
            data.get("body"),
        )


@payload("presslens.actors/1")
@dataclass(frozen=True, slots=True)
class ActorsPayload:
    """The actors stage's results for one document."""

    actors: tuple[ActorData, ...] = ()
    instruments: tuple[InstrumentData, ...] = ()

    def actor_at(self, start: int, end: int) -> ActorData | None:
        """The actor one of whose mentions overlaps ``[start, end)`` most, or None."""
        best, best_overlap = None, 0
        for actor in self.actors:
            for s, e in actor.mentions:
                overlap = min(e, end) - max(s, start)
                if overlap > best_overlap:
                    best, best_overlap = actor, overlap
        return best

    def by_id(self, actor_id: str) -> ActorData | None:
        """The actor with this id, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def to_data(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "actors": [a.to_data() for a in self.actors],
            "instruments": [i.to_data() for i in self.instruments],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ActorsPayload:
        """From :meth:`to_data` output."""
        return cls(
            tuple(ActorData.from_data(a) for a in data.get("actors", ())),
            tuple(InstrumentData.from_data(i) for i in data.get("instruments", ())),
        )


def _spans(items: Sequence[Sequence[int]]) -> tuple[CharSpan, ...]:
    return tuple((int(s), int(e)) for s, e in items)
