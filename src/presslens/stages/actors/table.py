"""The working state of one document's actor resolution: its mentions and their clusters.

Every step of ``resolve`` (finding mentions, acronyms, roles, clustering, coreference) reads and
writes one :class:`MentionTable`: the mentions found so far, a union-find over them, and the
sentence index of every token.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from presslens.records import ActorType
from presslens.stages.actors.labels import W_MODEL
from presslens.stages.actors.payload import MentionKind

__all__ = ["MAX_MENTIONS", "Mention", "MentionTable", "UnionFind"]

MAX_MENTIONS = 4000
"""Mentions considered per document; the rest are ignored (bounded work on odd input)."""


@dataclass(slots=True)
class Mention:
    """One mention: token and character offsets, how it was found, its type and roles."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    label: str  # the model's label, "" when presslens found the name
    kind: MentionKind
    type: ActorType = "organisation"
    weight: float = 0.0
    roles: list[tuple[int, int]] = field(default_factory=list)  # char offsets


class UnionFind:
    """Disjoint sets over mention indices; the earlier mention's root stays the root."""

    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        """A new singleton set; its index."""
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        """The root of ``i``'s set."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        """Join the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class MentionTable:
    """The mentions of one document and their clusters.

    Args:
        doc: a parsed document.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.mentions: list[Mention] = []
        self.uf = UnionFind()
        self.acronyms: dict[str, int] = {}  # defined acronym -> mention index
        has_sents = doc.has_annotation("SENT_START")
        self.sent_of: list[int] = []
        sent = 0
        for token in doc:
            if has_sents and token.is_sent_start and token.i > 0:
                sent += 1
            self.sent_of.append(sent)

    def add(self, start: int, end: int, label: str, kind: MentionKind) -> int:
        """Add the mention at tokens ``[start, end)``; its index."""
        span = self.doc[start:end]
        self.mentions.append(Mention(start, end, span.start_char, span.end_char, label, kind))
        return self.uf.add()

    def add_chars(self, start_char: int, end_char: int, label: str, kind: MentionKind) -> int:
        """Add the mention at characters ``[start_char, end_char)``; its index."""
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        start, end = (span.start, span.end) if span is not None else (0, 0)
        self.mentions.append(Mention(start, end, start_char, end_char, label, kind))
        return self.uf.add()

    def words(self, m: Mention) -> list[str]:
        """The mention's words as written."""
        return self.text[m.start_char : m.end_char].split()

    def surface(self, m: Mention) -> str:
        """The mention as written, whitespace made single."""
        return " ".join(self.text[m.start_char : m.end_char].split())

    def mention_at(self, start_char: int, end_char: int) -> int | None:
        """The index of the mention with exactly these offsets, or None."""
        for i, m in enumerate(self.mentions):
            if m.start_char == start_char and m.end_char == end_char:
                return i
        return None

    def clusters(self) -> dict[int, list[int]]:
        """Root -> the indices of its mentions."""
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.mentions)):
            out[self.uf.find(i)].append(i)
        return out

    def vote(self, ids: Iterable[int]) -> ActorType:
        """The type the cluster's name mentions vote for, weighted by their evidence."""
        scores: dict[ActorType, float] = defaultdict(float)
        for i in ids:
            m = self.mentions[i]
            if m.kind in ("description", "pronoun"):
                continue
            weight = m.weight if m.kind != "acronym" else min(m.weight, W_MODEL) / 2
            if m.kind == "surname":
                weight = max(weight, W_MODEL)
            scores[m.type] += weight
        if not scores:
            return "organisation"
        return max(scores.items(), key=lambda kv: kv[1])[0]

    def types(self) -> dict[int, ActorType]:
        """Root -> voted type, for every cluster."""
        return {root: self.vote(ids) for root, ids in self.clusters().items()}

    def roles_of(self, root: int) -> list[tuple[int, int]]:
        """The role spans of every mention in ``root``'s cluster."""
        return [r for i, m in enumerate(self.mentions) if self.uf.find(i) == root for r in m.roles]

    def ordering(self) -> tuple[list[int], list[int]]:
        """Mention indices sorted by start token, and their start tokens: a snapshot for
        :meth:`in_view`."""
        order = sorted(range(len(self.mentions)), key=lambda j: self.mentions[j].start)
        return order, [self.mentions[j].start for j in order]

    def in_view(self, i: int, window: int, ordering: tuple[list[int], list[int]]) -> Iterator[int]:
        """Indices of mentions (of the ``ordering`` snapshot) that end before token ``i``
        within ``window`` sentences, nearest first."""
        order, starts = ordering
        first_sent = self.sent_of[i] - window
        for p in range(bisect.bisect_left(starts, i) - 1, -1, -1):
            m = self.mentions[order[p]]
            if m.end > i:
                continue
            if self.sent_of[m.start] < first_sent:
                break
            yield order[p]
