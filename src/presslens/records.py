"""The article record: what presslens returns for one article.

Every span in the record carries ``start``/``end`` character offsets into ``Article.text``, the
clean body, so that ``article.text[span.start:span.end] == span.text`` always holds. The record
serialises to JSON with ``"schema": "presslens.article/1"``; later stages add fields (quotes,
techniques, claims, actors) as new keys, never by changing the meaning of existing ones.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA = "presslens.article/1"

Genre = Literal["news", "opinion", "analysis", "other"]
SourceKind = Literal["html", "text", "url"]

__all__ = [
    "SCHEMA",
    "Affiliation",
    "Article",
    "Entity",
    "Genre",
    "Metadata",
    "Sentence",
    "Source",
    "SourceKind",
]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the body, as ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: ``text == article.text[start:end]``; ``label`` is spaCy's (PERSON, ORG)."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the page says about the article. Every field is ``None`` when it cannot be found."""

    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD, or a full timestamp when the page gives one)
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    genre: Genre = "other"
    genre_signal: str | None = None  # the evidence for the genre: "title tag 'OpEd'", "URL path"


@dataclass(frozen=True, slots=True)
class Affiliation:
    """The author's stated affiliation, taken from a bio line such as "X writes for Y".

    The bio line is not part of the body, so it is kept as written (``statement``) rather than as
    offsets. ``organisation`` is the organisation it names, as written in the statement.
    """

    statement: str
    organisation: str
    person: str | None = None
    relation: str | None = None  # the linking phrase as written: "writes for", "is a fellow at"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the article came from: the input route, and the SHA-256 and size of the raw bytes."""

    kind: SourceKind
    sha256: str
    bytes: int


@dataclass(frozen=True, slots=True)
class Article:
    """One analysed article. See the module docstring for the offset guarantee."""

    text: str
    metadata: Metadata
    source: Source
    affiliation: Affiliation | None = None
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    warnings: tuple[str, ...] = ()
    schema: str = field(default=SCHEMA)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-ready data, ``schema`` first."""
        data = asdict(self)
        data.pop("schema")
        for key in ("sentences", "entities", "warnings"):
            data[key] = list(data[key])
        return {"schema": self.schema, **data}

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialise the record to JSON (UTF-8 text, non-ASCII kept as is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from :meth:`to_dict` output.

        Raises:
            ValueError: if the data is not a ``presslens.article/1`` record.
        """
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} record (schema={data.get('schema')!r})")
        aff = data.get("affiliation")
        return cls(
            text=data["text"],
            metadata=Metadata(**data["metadata"]),
            source=Source(**data["source"]),
            affiliation=Affiliation(**aff) if aff else None,
            sentences=tuple(Sentence(**s) for s in data.get("sentences", [])),
            entities=tuple(Entity(**e) for e in data.get("entities", [])),
            warnings=tuple(data.get("warnings", [])),
        )
