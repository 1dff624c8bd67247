"""The store's tables (SQLAlchemy 2 declarative models).

``articles.record`` keeps every article's whole record as JSON, so nothing presslens found is
lost; the other tables index the parts corpus queries need (actors, their names, mentions and
quotes). Indexed text columns are bounded (``MAX_SOURCE``, ``MAX_OUTLET``, ``MAX_DATE``; keys
are bounded by construction); the others are unbounded ``Text``. ``SCHEMA_VERSION`` is written
to ``store_meta``: a store made by another version is refused with a message instead of being
misread.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "MAX_DATE",
    "MAX_OUTLET",
    "MAX_SOURCE",
    "SCHEMA_VERSION",
    "ActorName",
    "ActorRow",
    "ArticleRow",
    "Base",
    "FailureRow",
    "MentionRow",
    "QuoteRow",
    "StoreMeta",
]

SCHEMA_VERSION = "1"

MAX_SOURCE = 2048
"""Longest source name (path or URL) the store keeps; ingest reports longer ones as failed."""
MAX_OUTLET = 512
MAX_DATE = 40


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class StoreMeta(Base):
    """Key/value facts about the store itself (``schema_version``)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class ArticleRow(Base):
    """One analysed article. ``source`` is the path or URL it was ingested from."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(MAX_SOURCE), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(MAX_DATE), index=True)  # ISO 8601, sorts
    outlet: Mapped[str | None] = mapped_column(String(MAX_OUTLET), index=True)
    genre: Mapped[str] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    record: Mapped[str] = mapped_column(Text)  # Article.to_json()
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ActorRow(Base):
    """One actor across the corpus; ``key`` is its first corpus key (``org:ncri``)."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32))


class ActorName(Base):
    """A corpus key of an actor (one per stand-alone name: "org:ncri", "org:national council…")."""

    __tablename__ = "actor_names"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)


class MentionRow(Base):
    """Where an article names an actor (offsets into ``articles.text``)."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_mentions_article", "article_id"),)


class QuoteRow(Base):
    """A quotation: its words, speaker as written and resolved, role, cue and actor."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)  # the content spans joined with " … "
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_resolved: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_quotes_article", "article_id"),)


class FailureRow(Base):
    """A source that could not be analysed, and why; removed when a later run stores it."""

    __tablename__ = "failures"

    source: Mapped[str] = mapped_column(String(MAX_SOURCE), primary_key=True)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
