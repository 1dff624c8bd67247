"""The store's tables (SQLAlchemy 2 declarative models): every analysis in a table of its own.

``articles.record`` keeps every article's whole record as JSON, so nothing presslens found is
lost; the other tables hold each analysis in rows a SQL user (or pandas, DuckDB, R) can query
directly: actors and their names across the corpus, mentions, quotations with their content
spans, persuasion techniques, entities, instruments, the author's stated affiliation, failures,
and claims (filled once the claims analysis runs). Every span is ``start``/``end`` offsets into
``articles.text`` plus the ``text`` itself.

Full-text search indexes (SQLite FTS5 tables, PostgreSQL ``tsvector`` columns) are not models:
the migrations create them per database (see :mod:`presslens.store.search`).

The schema's version is Alembic's (``alembic_version``); the migrations live in
``store/migrations/`` and a store of an older version is upgraded on open.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "MAX_DATE",
    "MAX_OUTLET",
    "MAX_SOURCE",
    "ActorName",
    "ActorRow",
    "ActorTypeRow",
    "AffiliationRow",
    "ArticleRow",
    "Base",
    "ClaimRow",
    "EntityRow",
    "FailureRow",
    "InstrumentRow",
    "MentionRow",
    "QuoteRow",
    "QuoteSpanRow",
    "StoreMeta",
    "TechniqueRow",
]

MAX_SOURCE = 2048
"""Longest source name (path or URL) the store keeps; ingest reports longer ones as failed."""
MAX_OUTLET = 512
MAX_DATE = 40
_LABEL = 64


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


def _article_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class StoreMeta(Base):
    """Key/value facts about the store itself (``schema_version``, kept for old readers)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class ArticleRow(Base):
    """One analysed article. ``source`` is the path, URL or WARC record it was ingested from."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(MAX_SOURCE), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(MAX_DATE), index=True)  # ISO 8601, sorts
    outlet: Mapped[str | None] = mapped_column(String(MAX_OUTLET), index=True)
    genre: Mapped[str] = mapped_column(String(16), index=True)
    genre_signal: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    fetched: Mapped[str | None] = mapped_column(String(MAX_DATE))  # a crawl's date (WARC-Date)
    text: Mapped[str] = mapped_column(Text)
    record: Mapped[str] = mapped_column(Text)  # Article.to_json()
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ActorRow(Base):
    """One actor across the corpus; ``key`` is its first corpus key (``org:ncri``); ``type``
    is the type most of its mentions were given (see :class:`ActorTypeRow`)."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32))


class ActorName(Base):
    """A corpus key of an actor (one per stand-alone name: "org:ncri", "org:national council…",
    and "bare:trump" for a name written alone, held by the actor it was decided to be).

    ``surname`` is the surname of a person's full name ("trump" for "person:donald trump"): the
    full names a bare surname may join are looked up by it.
    """

    __tablename__ = "actor_names"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    surname: Mapped[str | None] = mapped_column(String(400), index=True)


class ActorTypeRow(Base):
    """How many mentions of an actor were given each type, across articles: the votes that
    decide ``actors.type``."""

    __tablename__ = "actor_types"

    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    mentions: Mapped[int] = mapped_column(Integer)


class MentionRow(Base):
    """Where an article names an actor.

    ``type`` is the type the article gave the actor. ``bare`` is set when the article named the
    actor by one word only ("trump"): such mentions follow the corpus's decision for that bare
    name (see :mod:`presslens.store.actors`), and move when it changes.
    """

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(32))
    bare: Mapped[str | None] = mapped_column(String(400))

    __table_args__ = (
        Index("ix_mentions_article", "article_id"),
        Index("ix_mentions_bare", "bare", "type"),
    )


class QuoteRow(Base):
    """A quotation: its words, speaker as written and resolved, role, cue and actor.

    ``start``/``end`` run from the first content span to the last; ``content`` joins the
    spans with " … " (each span is a :class:`QuoteSpanRow`). The other spans are offsets plus
    text, None when the quotation has none. ``bare`` is set when the speaker's actor was
    named by one word only (see :class:`MentionRow`). ``cue_type`` is what the cue reports
    (speech, writing, belief, ...); NULL for quotations stored before schema version 4.
    """

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_resolved: Mapped[str | None] = mapped_column(Text)
    resolved_start: Mapped[int | None] = mapped_column(Integer)
    resolved_end: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(Text)
    role_start: Mapped[int | None] = mapped_column(Integer)
    role_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    bare: Mapped[str | None] = mapped_column(String(400), index=True)
    cue_type: Mapped[str | None] = mapped_column(String(16), index=True)

    __table_args__ = (Index("ix_quotes_article", "article_id"),)


class QuoteSpanRow(Base):
    """One content span of a quotation ("A," he said, "B." has two)."""

    __tablename__ = "quote_spans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = _article_fk()
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class TechniqueRow(Base):
    """A span that uses a persuasion technique, with the sentence it stands in."""

    __tablename__ = "techniques"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(_LABEL), index=True)  # "Loaded_Language"
    name: Mapped[str] = mapped_column(Text)  # "Loaded language"
    confidence: Mapped[float] = mapped_column(Float)
    sentence_start: Mapped[int | None] = mapped_column(Integer)
    sentence_end: Mapped[int | None] = mapped_column(Integer)


class EntityRow(Base):
    """A named entity as spaCy's model labels it (PERSON, ORG, GPE, ...)."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(_LABEL), index=True)


class InstrumentRow(Base):
    """A law, bill, resolution, treaty or agreement the article invokes."""

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(_LABEL))
    name: Mapped[str] = mapped_column(Text, index=True)  # normalised: "H.Res. 1148"
    body: Mapped[str | None] = mapped_column(Text)


class AffiliationRow(Base):
    """The author's stated affiliation (the bio line) and the corpus actor it names."""

    __tablename__ = "affiliations"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    statement: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text)
    person: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    mentions: Mapped[int] = mapped_column(Integer, default=0)  # times the body names it


class ClaimRow(Base):
    """A check-worthy claim and who makes it (the author, or a quoted speaker)."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    claimant: Mapped[str | None] = mapped_column(Text)  # as written, or the author's name
    claimant_kind: Mapped[str] = mapped_column(String(16))  # "author" or "speaker"
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    bare: Mapped[str | None] = mapped_column(String(400), index=True)  # as quotes.bare


class FailureRow(Base):
    """A source that could not be analysed, and why; removed when a later run stores it."""

    __tablename__ = "failures"

    source: Mapped[str] = mapped_column(String(MAX_SOURCE), primary_key=True)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
