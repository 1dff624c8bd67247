"""The corpus store: articles in, corpus questions out.

>>> from presslens.store import Store
>>> with Store("corpus.db") as store:                         # doctest: +SKIP
...     store.add(article, source="pages/0001.html")
...     for row in store.speakers(limit=10):
...         print(row.name, row.quotes)

One article is one transaction: an interrupted ingest loses at most the article in flight, and a
rerun skips what is stored (see :mod:`presslens.runners.local`).
"""

from __future__ import annotations

import bisect
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self

from sqlalchemy import ColumnElement, delete, distinct, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from presslens.errors import StoreError
from presslens.records import ActorType, Article, Quote, Technique
from presslens.stages.actors.aliases import AliasFile
from presslens.stages.actors.keys import ActorNames, AliasIndex, family, normalise_name
from presslens.store import queries
from presslens.store.models import (
    MAX_DATE,
    MAX_OUTLET,
    MAX_SOURCE,
    ActorName,
    ActorRow,
    ActorTypeRow,
    AffiliationRow,
    ArticleRow,
    ClaimRow,
    EntityRow,
    FailureRow,
    InstrumentRow,
    MentionRow,
    QuoteRow,
    QuoteSpanRow,
    TechniqueRow,
)
from presslens.store.queries import ArticleHit, Filters, QuoteHit
from presslens.store.schema import SchemaChange, prepare_schema
from presslens.store.session import database_url, open_engine, safe_url

if TYPE_CHECKING:
    from presslens.store.export import ExportFormat

__all__ = ["Period", "SpeakerRow", "Store", "TimelineRow"]

_CONTENT_JOIN = " … "


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """One quoted actor over the corpus (or over the filtered part of it).

    Attributes:
        actor_id: the actor's id in the store.
        name: its display name (the fullest form seen, or the alias rule's canonical name).
        type: person, organisation, ...
        quotes: quotations attributed to it.
        articles: articles quoting it.
        first, last: the earliest and latest article dates among them (ISO), when known.
        names: every stand-alone name it was merged under ("NCRI", "National Council of ...").
        roles: its most frequent roles as written, most frequent first.
    """

    actor_id: int
    name: str
    type: str
    quotes: int
    articles: int
    first: str | None
    last: str | None
    names: tuple[str, ...]
    roles: tuple[str, ...]


Period = Literal["year", "month", "day"]
_PERIOD_CHARS: dict[str, int] = {"year": 4, "month": 7, "day": 10}


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One period of an actor's timeline: ``period`` is "2024", "2024-05" or "2024-05-01"
    (None for undated articles); counts are of the actor's quotes, mentions and articles."""

    period: str | None
    quotes: int
    mentions: int
    articles: int


class Store:
    """A corpus of analysed articles in SQLite (a path) or any SQLAlchemy database (a URL).

    Args:
        db: a file path, a database URL, or None for ``$PRESSLENS_DB`` / ``presslens.db``.
        aliases: user alias rules; actors any rule names are one actor under its canonical name.
        create: make the store when it does not exist (False: raise :class:`StoreError`).
        readonly: only read: never create or write anything (a SQLite file is opened read-only,
            so a store on a read-only mount can be queried). Implies ``create=False``.

    Several processes may open and write one store at once: creating the schema is serialised
    (a write lock on SQLite, an advisory lock on PostgreSQL) and idempotent.

    Raises:
        StoreError: the store cannot be opened, does not exist (``create=False``) or was made by
            another schema version.
    """

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        aliases: AliasFile | None = None,
        create: bool = True,
        readonly: bool = False,
    ):
        self.url = database_url(db)
        self.readonly = readonly
        self.schema_change: SchemaChange | None = None
        """What opening did to the schema (made it, upgraded it), or None."""
        self._aliases = AliasIndex(aliases)
        self._engine = open_engine(self.url, readonly=readonly)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        try:
            self._prepare(create and not readonly)
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise self._error("cannot be opened", exc) from None
        except StoreError:
            self._engine.dispose()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        with self._engine.begin() as connection:  # SQLite writers: BEGIN IMMEDIATE, a lock
            self.schema_change = prepare_schema(
                connection, create=create, upgrade=not self.readonly, where=safe_url(self.url)
            )

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _error(self, what: str, exc: SQLAlchemyError) -> StoreError:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return StoreError(f"{safe_url(self.url)}: {what} ({reason})")

    @contextmanager
    def _transaction(self, what: str) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise self._error(what, exc) from None

    # -- writing -----------------------------------------------------------------------------

    def add(self, article: Article, source: str, *, fetched: str | None = None) -> int:
        """Store an article under its source name (path, URL or WARC record), replacing an
        earlier version, with every analysis in its table.

        Its actors join the corpus actors whose keys they share (see
        :mod:`presslens.stages.actors.keys`); its quotes point to those actors. ``fetched`` is
        when a crawl fetched the page (a WARC record's date). Returns the article's id.

        Raises:
            StoreError: the database refused the write, or ``source`` is over ``MAX_SOURCE``
                characters (check with :func:`presslens.runners.collect_sources` first).
        """
        if len(source) > MAX_SOURCE:
            raise StoreError(f"{source[:80]}...: source names over {MAX_SOURCE} characters")
        with self._transaction(f"cannot store {source}") as session:
            session.execute(delete(ArticleRow).where(ArticleRow.source == source))
            session.execute(delete(FailureRow).where(FailureRow.source == source))
            row = _article_row(article, source, fetched)
            session.add(row)
            session.flush()
            actor_ids: dict[str, int] = {}
            for actor in article.actors:
                stored = self._actor_id(session, self._aliases.names_of(actor))
                if stored is None:
                    continue
                actor_ids[actor.id] = stored
                _vote_type(session, stored, actor.type, len(actor.mentions))
                session.add_all(
                    MentionRow(
                        article_id=row.id, actor_id=stored, start=m.start, end=m.end, text=m.text
                    )
                    for m in actor.mentions
                )
            self._add_analyses(session, article, row.id, actor_ids)
            return row.id

    def _add_analyses(
        self, session: Session, article: Article, article_id: int, actor_ids: dict[str, int]
    ) -> None:
        """The rows of every analysis but actors: quotes and their spans, techniques, entities,
        instruments and the author's affiliation."""
        for quote in article.quotes:
            if not quote.content:
                continue
            row = _quote_row(quote, article_id, actor_ids.get(quote.actor or ""))
            session.add(row)
            session.flush()
            session.add_all(
                QuoteSpanRow(
                    quote_id=row.id, article_id=article_id, start=s.start, end=s.end, text=s.text
                )
                for s in quote.content
            )
        sentences = sorted((s.start, s.end) for s in article.sentences)
        session.add_all(_technique_row(t, article_id, sentences) for t in article.techniques)
        session.add_all(
            EntityRow(article_id=article_id, start=e.start, end=e.end, text=e.text, label=e.label)
            for e in article.entities
        )
        session.add_all(
            InstrumentRow(
                article_id=article_id,
                start=i.start,
                end=i.end,
                text=i.text,
                kind=i.kind,
                name=i.name,
                body=i.body,
            )
            for i in article.instruments
        )
        affiliation = article.affiliation
        if affiliation is not None:
            session.add(
                AffiliationRow(
                    article_id=article_id,
                    statement=affiliation.statement,
                    organisation=affiliation.organisation,
                    person=affiliation.person,
                    relation=affiliation.relation,
                    actor_id=actor_ids.get(affiliation.actor or ""),
                    mentions=len(affiliation.mentions),
                )
            )

    def add_failure(self, source: str, error: str) -> None:
        """Record that ``source`` could not be analysed (kept until a later run stores it)."""
        with self._transaction(f"cannot record the failure of {source}") as session:
            session.merge(FailureRow(source=source[:MAX_SOURCE], error=error[:2000]))

    def _actor_id(self, session: Session, names: ActorNames) -> int | None:
        if not names.keys:
            return None
        found = session.execute(
            select(ActorName.key, ActorName.actor_id).where(ActorName.key.in_(names.keys))
        ).all()
        ids = sorted({actor_id for _, actor_id in found})
        if not ids:
            actor = ActorRow(key=names.keys[0], name=names.name, type=names.type)
            session.add(actor)
            session.flush()
        else:
            actor = session.get_one(ActorRow, ids[0])
            for other in ids[1:]:
                _merge(session, other, into=actor.id)
            if names.from_rule or _fuller(names.name, actor.name):
                actor.name = names.name
        known = {key for key, _ in found}
        session.add_all(
            ActorName(key=key, name=name, actor_id=actor.id)
            for key, name in zip(names.keys, names.names, strict=True)
            if key not in known
        )
        return actor.id

    # -- reading -----------------------------------------------------------------------------

    def sources(self) -> set[str]:
        """The source names already stored."""
        with self._sessions() as session:
            return set(session.scalars(select(ArticleRow.source)))

    def source_of(self, sha256: str) -> str | None:
        """The source name of a stored article with these raw bytes, if any."""
        with self._sessions() as session:
            return session.scalars(
                select(ArticleRow.source).where(ArticleRow.sha256 == sha256).limit(1)
            ).first()

    def count(self) -> int:
        """How many articles the store holds."""
        with self._sessions() as session:
            return session.scalar(select(func.count(ArticleRow.id))) or 0

    def failures(self) -> list[tuple[str, str]]:
        """``(source, error)`` for every source that failed and was not stored since."""
        with self._sessions() as session:
            rows = session.execute(
                select(FailureRow.source, FailureRow.error).order_by(FailureRow.source)
            )
            return [(source, error) for source, error in rows]

    def article(self, source: str) -> Article | None:
        """The stored record of a source, or None."""
        with self._sessions() as session:
            record = session.scalars(
                select(ArticleRow.record).where(ArticleRow.source == source)
            ).first()
        return Article.from_dict(json.loads(record)) if record else None

    def speakers(
        self,
        *,
        limit: int = 20,
        since: date | None = None,
        until: date | None = None,
        outlet: str | None = None,
        actor_type: ActorType | None = None,
    ) -> list[SpeakerRow]:
        """The most quoted actors, most quotes first.

        Args:
            limit: how many rows.
            since, until: only articles dated in this range (inclusive); undated articles are
                left out when either is given.
            outlet: only articles from this outlet (as in ``metadata.outlet``).
            actor_type: only actors of this type's family (organisations, government bodies,
                outlets and groups are one family).
        """
        n_quotes = func.count(QuoteRow.id).label("quotes")
        query = (
            select(
                ActorRow.id,
                ActorRow.name,
                ActorRow.type,
                n_quotes,
                func.count(distinct(QuoteRow.article_id)),
                func.min(ArticleRow.date),
                func.max(ArticleRow.date),
            )
            .join(QuoteRow, QuoteRow.actor_id == ActorRow.id)
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .group_by(ActorRow.id, ActorRow.name, ActorRow.type)
            .order_by(n_quotes.desc(), ActorRow.name)
            .limit(max(1, limit))
        )
        query = query.where(*_filters(since, until, outlet))
        if actor_type is not None:
            types = [t for t in _ACTOR_TYPES if family(t) == family(actor_type)]
            query = query.where(ActorRow.type.in_(types))
        with self._sessions() as session:
            rows = session.execute(query).all()
            ids = [row[0] for row in rows]
            names = _names_by_actor(session, ids)
            roles = _roles_by_actor(session, ids)
        return [
            SpeakerRow(
                actor_id=actor_id,
                name=name,
                type=kind,
                quotes=quotes,
                articles=articles,
                first=first,
                last=last,
                names=tuple(names.get(actor_id, ())),
                roles=tuple(roles.get(actor_id, ())),
            )
            for actor_id, name, kind, quotes, articles, first, last in rows
        ]

    def find_actors(self, name: str) -> list[tuple[int, str, str]]:
        """``(id, name, type)`` of the actors any of whose names normalises like ``name``."""
        norm = normalise_name(name)
        if not norm:
            return []
        keys = [f"{fam}:{norm}" for fam in ("person", "org", "place")]
        with self._sessions() as session:
            rows = session.execute(
                select(ActorRow.id, ActorRow.name, ActorRow.type)
                .join(ActorName, ActorName.actor_id == ActorRow.id)
                .where(ActorName.key.in_(keys))
                .distinct()
                .order_by(ActorRow.id)
            )
            return [(actor_id, actor_name, kind) for actor_id, actor_name, kind in rows]

    def timeline(self, actor_id: int, *, by: Period = "month") -> list[TimelineRow]:
        """How often an actor is quoted and mentioned per period, oldest first, undated last."""
        period = func.substr(ArticleRow.date, 1, _PERIOD_CHARS[by])
        counts: dict[str | None, list[int]] = {}
        sets: dict[str | None, set[int]] = {}
        quoted = (
            select(period, QuoteRow.article_id)
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .where(QuoteRow.actor_id == actor_id)
        )
        named = (
            select(period, MentionRow.article_id)
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            .where(MentionRow.actor_id == actor_id)
        )
        with self._sessions() as session:
            for column, query in ((0, quoted), (1, named)):
                for key, article_id in session.execute(query):
                    counts.setdefault(key, [0, 0])[column] += 1
                    sets.setdefault(key, set()).add(article_id)
        order = sorted(counts, key=lambda k: (k is None, k or ""))
        return [TimelineRow(k, counts[k][0], counts[k][1], len(sets[k])) for k in order]

    def unattributed_quotes(
        self, *, since: date | None = None, until: date | None = None, outlet: str | None = None
    ) -> int:
        """Quotations with no resolved speaker, under the same filters as :meth:`speakers`."""
        query = (
            select(func.count(QuoteRow.id))
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .where(QuoteRow.actor_id.is_(None))
        )
        with self._sessions() as session:
            return session.scalar(query.where(*_filters(since, until, outlet))) or 0

    # -- search, who said what, export (presslens.store.queries) ---------------------------

    def search(self, filters: Filters, *, limit: int = 20, offset: int = 0) -> list[ArticleHit]:
        """Articles matching ``filters.query``, best first; see
        :func:`presslens.store.queries.search_articles`."""
        return queries.search_articles(self._sessions, filters, limit=limit, offset=offset)

    def quotes(
        self,
        filters: Filters | None = None,
        *,
        about: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[QuoteHit]:
        """Quotations (of ``filters.speaker`` under any of its names, about ``about``); see
        :func:`presslens.store.queries.quotes`."""
        return queries.quotes(
            self._sessions, filters or Filters(), about=about, limit=limit, offset=offset
        )

    def technique_names(self) -> list[tuple[str, str]]:
        """``(label, name)`` of every persuasion technique found in the store."""
        return queries.technique_names(self._sessions)

    def export(
        self,
        table: str,
        out: Path,
        *,
        format: ExportFormat = "parquet",
        filters: Filters | None = None,
        with_record: bool = False,
    ) -> dict[str, int]:
        """Write a table (or ``"all"``, one file per table in the folder ``out``) as Parquet,
        CSV or JSON Lines; returns the rows written per table. Needs pyarrow. See
        :mod:`presslens.store.export`."""
        from presslens.store.export import write_export

        return write_export(
            self._sessions, table, out, fmt=format, filters=filters, with_record=with_record
        )


_ACTOR_TYPES: tuple[ActorType, ...] = (
    "person",
    "organisation",
    "government_body",
    "media_outlet",
    "place",
    "group",
)


def _article_row(article: Article, source: str, fetched: str | None) -> ArticleRow:
    meta = article.metadata
    return ArticleRow(
        source=source,
        sha256=article.source.sha256,
        url=meta.url,
        title=meta.title,
        author=meta.author,
        date=meta.date[:MAX_DATE] if meta.date else None,
        outlet=meta.outlet[:MAX_OUTLET] if meta.outlet else None,
        genre=meta.genre,
        genre_signal=meta.genre_signal,
        language=meta.language,
        fetched=fetched[:MAX_DATE] if fetched else None,
        text=article.text,
        record=article.to_json(indent=None),
    )


def _quote_row(quote: Quote, article_id: int, actor_id: int | None) -> QuoteRow:
    parts: dict[str, object] = {}
    for name, span in (
        ("speaker", quote.speaker),
        ("resolved", quote.speaker_resolved),
        ("role", quote.role),
        ("cue", quote.cue),
    ):
        parts[f"{name}_start"] = span.start if span else None
        parts[f"{name}_end"] = span.end if span else None
    return QuoteRow(
        article_id=article_id,
        actor_id=actor_id,
        kind=quote.kind,
        start=quote.content[0].start,
        end=quote.content[-1].end,
        content=_CONTENT_JOIN.join(span.text for span in quote.content),
        speaker=quote.speaker.text if quote.speaker else None,
        speaker_resolved=quote.speaker_resolved.text if quote.speaker_resolved else None,
        role=quote.role.text if quote.role else None,
        cue=quote.cue.text if quote.cue else None,
        confidence=quote.confidence,
        **parts,
    )


def _technique_row(
    item: Technique, article_id: int, sentences: Sequence[tuple[int, int]]
) -> TechniqueRow:
    index = bisect.bisect_right(sentences, (item.start, sys.maxsize)) - 1
    inside = index >= 0 and sentences[index][0] <= item.start < sentences[index][1]
    return TechniqueRow(
        article_id=article_id,
        start=item.start,
        end=item.end,
        text=item.text,
        label=item.technique,
        name=item.name or item.technique,
        confidence=item.confidence,
        sentence_start=sentences[index][0] if inside else None,
        sentence_end=sentences[index][1] if inside else None,
    )


def _vote_type(session: Session, actor_id: int, actor_type: str, mentions: int) -> None:
    """Count this article's mentions towards the actor's type; the majority type wins."""
    vote = session.get(ActorTypeRow, (actor_id, actor_type))
    if vote is None:
        session.add(ActorTypeRow(actor_id=actor_id, type=actor_type, mentions=mentions))
    else:
        vote.mentions += mentions
    session.flush()
    winner = session.execute(
        select(ActorTypeRow.type)
        .where(ActorTypeRow.actor_id == actor_id)
        .order_by(ActorTypeRow.mentions.desc(), ActorTypeRow.type)
        .limit(1)
    ).scalar_one()
    session.execute(update(ActorRow).where(ActorRow.id == actor_id).values(type=winner))


def _fuller(candidate: str, current: str) -> bool:
    """Whether ``candidate`` is a fuller display name than ``current`` (more words, or longer)."""
    return (len(candidate.split()), len(candidate)) > (len(current.split()), len(current))


def _merge(session: Session, other: int, *, into: int) -> None:
    """Make actor ``other`` part of actor ``into``: its names, mentions, quotes, claims,
    affiliations and type votes move over."""
    for table in (ActorName, MentionRow, QuoteRow, ClaimRow, AffiliationRow):
        session.execute(update(table).where(table.actor_id == other).values(actor_id=into))
    for vote in session.scalars(select(ActorTypeRow).where(ActorTypeRow.actor_id == other)):
        kept = session.get(ActorTypeRow, (into, vote.type))
        if kept is None:
            session.add(ActorTypeRow(actor_id=into, type=vote.type, mentions=vote.mentions))
        else:
            kept.mentions += vote.mentions
        session.delete(vote)
    session.flush()
    session.execute(delete(ActorRow).where(ActorRow.id == other))


def _filters(
    since: date | None, until: date | None, outlet: str | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(ArticleRow.date >= since.isoformat())
    if until is not None:
        # Dates may carry a time ("2024-05-01T09:00"): anything before the next day is in range.
        conditions.append(ArticleRow.date < (until + timedelta(days=1)).isoformat())
    if outlet is not None:
        conditions.append(ArticleRow.outlet == outlet)
    return conditions


def _names_by_actor(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    rows = session.execute(
        select(ActorName.actor_id, ActorName.name)
        .where(ActorName.actor_id.in_(ids))
        .order_by(ActorName.name)
    )
    for actor_id, name in rows:
        names.setdefault(actor_id, []).append(name)
    return names


def _roles_by_actor(session: Session, ids: Sequence[int], top: int = 3) -> dict[int, list[str]]:
    counts: dict[int, Counter[str]] = {}
    rows = session.execute(
        select(QuoteRow.actor_id, QuoteRow.role).where(
            QuoteRow.actor_id.in_(ids), QuoteRow.role.is_not(None)
        )
    )
    for actor_id, role in rows:
        if actor_id is not None and role is not None:  # both are, by the query
            counts.setdefault(actor_id, Counter())[role] += 1
    return {actor_id: [r for r, _ in c.most_common(top)] for actor_id, c in counts.items()}
