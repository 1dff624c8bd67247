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
SourceKind = Literal["html", "text", "url", "warc"]

__all__ = [
    "SCHEMA",
    "SHOWN_CUE_TYPES",
    "Actor",
    "ActorType",
    "Affiliation",
    "Article",
    "Claim",
    "Claimant",
    "ClaimantKind",
    "CueType",
    "Entity",
    "Genre",
    "Instrument",
    "InstrumentKind",
    "Metadata",
    "Quote",
    "QuoteKind",
    "Sentence",
    "Source",
    "SourceKind",
    "Span",
    "Technique",
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
class Span:
    """A stretch of the body: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


QuoteKind = Literal["direct", "indirect", "mixed"]
CueType = Literal["speech", "writing", "belief", "intention", "perception", "other"]
SHOWN_CUE_TYPES: frozenset[CueType] = frozenset({"speech", "writing"})
"""The cue types people-facing lists show by default (text output, the store's ``quotes`` and
``speakers``, the web pages): what was said or written; beliefs, intentions and perceptions
are shown on request."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation, direct ("…," he said) or reported (X said that …).

    Attributes:
        kind: ``direct`` inside quote marks, ``indirect`` reported, ``mixed`` both.
        content: the quoted words; several spans when interrupted ("A," he said, "B.").
        cue: the words that introduce it ("said", "according to", a colon), or None.
        speaker: the speaker mention as written ("He", "the newspaper"), or None.
        speaker_resolved: the full name the mention refers to elsewhere in the body, or None.
        role: the speaker's capacity as written ("a member of the ... Council"), or None.
        actor: the id of the speaker's actor in ``Article.actors``, when actors are resolved.
        confidence: the probability that the quotation is right (calibrated on PolNeAR train).
        cue_type: what the cue reports: ``speech``, ``writing``, ``belief`` ("thinks",
            "recognised"), ``intention`` ("wants", "plans"), ``perception`` or ``other``.
            Records written before cue types were read have ``speech``.
    """

    kind: QuoteKind
    content: tuple[Span, ...]
    cue: Span | None = None
    speaker: Span | None = None
    speaker_resolved: Span | None = None
    role: Span | None = None
    actor: str | None = None
    confidence: float = 1.0
    cue_type: CueType = "speech"


@dataclass(frozen=True, slots=True)
class Technique:
    """A span that uses a persuasion technique (SemEval-2020 Task 11 inventory).

    Attributes:
        technique: the SemEval-2020 label, as in the PTC files ("Loaded_Language").
        confidence: in [0, 1].
        name: the technique's name for readers ("Loaded language"), as printed by
            ``--format text`` and shown in the web pages.
    """

    start: int
    end: int
    text: str
    technique: str
    confidence: float
    name: str = ""


ClaimantKind = Literal["author", "quoted"]


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who makes a claim: a quoted speaker, or the article's author.

    Attributes:
        kind: ``quoted`` when the claim lies inside a quotation, else ``author``.
        name: the speaker's name (the actor's name, else the resolved speaker, else the
            speaker as written), or the author from the metadata; None when unknown.
        speaker: the speaker mention in the body (quoted claims with a known speaker).
        actor: the speaker's actor id in ``Article.actors``, when actors are resolved.
    """

    kind: ClaimantKind
    name: str | None = None
    speaker: Span | None = None
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy sentence: a factual claim a fact-checker should look at.

    Attributes:
        start, end, text: the sentence, ``text == article.text[start:end]``.
        score: check-worthiness in [0, 1] (at least the pipeline's claim threshold).
        claimant: who makes the claim.
    """

    start: int
    end: int
    text: str
    score: float
    claimant: Claimant


ActorType = Literal["person", "organisation", "government_body", "media_outlet", "place", "group"]


@dataclass(frozen=True, slots=True)
class Actor:
    """One person, organisation or place however the article names it.

    Attributes:
        id: unique within the article ("a1", "a2", ...); quotes point to it.
        name: the canonical name (the fullest form the article uses).
        type: person, organisation, government_body, media_outlet, place or group.
        mentions: every mention, aliases and back-references included.
        aliases: the distinct surface forms ("NCRI", "Sadr").
        roles: spans that give the actor's capacity ("the President-elect of ...").
    """

    id: str
    name: str
    type: ActorType
    mentions: tuple[Span, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[Span, ...] = ()


InstrumentKind = Literal["bill", "resolution", "act", "treaty", "agreement", "convention", "other"]


@dataclass(frozen=True, slots=True)
class Instrument:
    """A law, bill, resolution, treaty or agreement the article invokes.

    Attributes:
        start, end, text: the mention in the body.
        kind: bill, resolution, act, treaty, agreement, convention or other.
        name: a normalised name for look-up ("H.Res. 1148", "JCPOA").
        body: the legislature or body when the text says it ("U.S. House", "UN Security
            Council"), else None.
    """

    start: int
    end: int
    text: str
    kind: InstrumentKind
    name: str
    body: str | None = None


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
    actor: str | None = None  # the actor id of the organisation, when the body mentions it
    mentions: tuple[Span, ...] = ()  # where the body writes about that organisation


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
    actors: tuple[Actor, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    quotes: tuple[Quote, ...] = ()
    techniques: tuple[Technique, ...] = ()
    claims: tuple[Claim, ...] = ()
    analyses: tuple[str, ...] = ()  # the analyses that ran: an empty list means "none found"
    warnings: tuple[str, ...] = ()
    schema: str = field(default=SCHEMA)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-ready data, ``schema`` first."""
        data = json.loads(json.dumps(asdict(self)))  # tuples to lists, all the way down
        data.pop("schema")
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
            affiliation=_affiliation(aff) if aff else None,
            sentences=tuple(Sentence(**s) for s in data.get("sentences", [])),
            entities=tuple(Entity(**e) for e in data.get("entities", [])),
            actors=tuple(_actor(a) for a in data.get("actors", [])),
            instruments=tuple(Instrument(**i) for i in data.get("instruments", [])),
            quotes=tuple(_quote(q) for q in data.get("quotes", [])),
            techniques=tuple(Technique(**t) for t in data.get("techniques", [])),
            claims=tuple(_claim(c) for c in data.get("claims", [])),
            analyses=tuple(data.get("analyses", [])),
            warnings=tuple(data.get("warnings", [])),
        )


def _span(data: dict[str, Any] | None) -> Span | None:
    return Span(**data) if data else None


def _spans(items: list[dict[str, Any]]) -> tuple[Span, ...]:
    return tuple(Span(**item) for item in items)


def _affiliation(data: dict[str, Any]) -> Affiliation:
    return Affiliation(**{**data, "mentions": _spans(data.get("mentions", []))})


def _actor(data: dict[str, Any]) -> Actor:
    return Actor(
        **{
            **data,
            "mentions": _spans(data["mentions"]),
            "aliases": tuple(data.get("aliases", [])),
            "roles": _spans(data.get("roles", [])),
        }
    )


def _quote(data: dict[str, Any]) -> Quote:
    return Quote(
        **{
            **data,
            "content": _spans(data["content"]),
            **{key: _span(data.get(key)) for key in ("cue", "speaker", "speaker_resolved", "role")},
        }
    )


def _claim(data: dict[str, Any]) -> Claim:
    who = data["claimant"]
    claimant = Claimant(**{**who, "speaker": _span(who.get("speaker"))})
    return Claim(**{**data, "claimant": claimant})
