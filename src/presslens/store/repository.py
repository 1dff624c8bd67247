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

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from sqlalchemy import ColumnElement, delete, distinct, func, insert, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from presslens.errors import StoreError
from presslens.records import ActorType, Article, Quote
from presslens.stages.actors.aliases import AliasFile
from presslens.stages.actors.keys import ActorNames, AliasIndex, family, normalise_name
from presslens.store.models import (
    MAX_DATE,
    MAX_OUTLET,
    MAX_SOURCE,
    SCHEMA_VERSION,
    ActorName,
    ActorRow,
    ArticleRow,
    Base,
    FailureRow,
    MentionRow,
    QuoteRow,
    StoreMeta,
)
from presslens.store.session import database_url, open_engine, safe_url

__all__ = ["Period", "SpeakerRow", "Store", "TimelineRow"]

_CONTENT_JOIN = " … "
_SCHEMA_LOCK = 0x70726573  # PostgreSQL advisory lock id for creating the schema ("pres")


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
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
            tables = set(inspect(connection).get_table_names())
            if StoreMeta.__tablename__ not in tables:
                if not create:
                    raise StoreError(
                        f"{safe_url(self.url)}: no presslens store here; make one with "
                        "'presslens ingest --db ...'"
                    )
                if tables:
                    raise StoreError(
                        f"{safe_url(self.url)}: this database has other tables; give presslens "
                        "an empty database or a new file"
                    )
                Base.metadata.create_all(connection)
                connection.execute(
                    insert(StoreMeta).values(key="schema_version", value=SCHEMA_VERSION)
                )
                return
            version = connection.scalar(
                select(StoreMeta.value).where(StoreMeta.key == "schema_version")
            )
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{safe_url(self.url)}: store schema version {version or 'unknown'}, this "
                f"presslens reads version {SCHEMA_VERSION}; re-ingest into a new store"
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

    def add(self, article: Article, source: str) -> int:
        """Store an article under its source name (path or URL), replacing an earlier version.

        Its actors join the corpus actors whose keys they share (see
        :mod:`presslens.stages.actors.keys`); its quotes point to those actors. Returns the
        article's id.

        Raises:
            StoreError: the database refused the write, or ``source`` is over ``MAX_SOURCE``
                characters (check with :func:`presslens.runners.collect_sources` first).
        """
        if len(source) > MAX_SOURCE:
            raise StoreError(f"{source[:80]}...: source names over {MAX_SOURCE} characters")
        with self._transaction(f"cannot store {source}") as session:
            session.execute(delete(ArticleRow).where(ArticleRow.source == source))
            session.execute(delete(FailureRow).where(FailureRow.source == source))
            row = _article_row(article, source)
            session.add(row)
            session.flush()
            actor_ids: dict[str, int] = {}
            for actor in article.actors:
                stored = self._actor_id(session, self._aliases.names_of(actor))
                if stored is None:
                    continue
                actor_ids[actor.id] = stored
                session.add_all(
                    MentionRow(
                        article_id=row.id, actor_id=stored, start=m.start, end=m.end, text=m.text
                    )
                    for m in actor.mentions
                )
            session.add_all(
                _quote_row(q, row.id, actor_ids.get(q.actor or ""))
                for q in article.quotes
                if q.content
            )
            return row.id

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


_ACTOR_TYPES: tuple[ActorType, ...] = (
    "person",
    "organisation",
    "government_body",
    "media_outlet",
    "place",
    "group",
)


def _article_row(article: Article, source: str) -> ArticleRow:
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
        language=meta.language,
        text=article.text,
        record=article.to_json(indent=None),
    )


def _quote_row(quote: Quote, article_id: int, actor_id: int | None) -> QuoteRow:
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
    )


def _fuller(candidate: str, current: str) -> bool:
    """Whether ``candidate`` is a fuller display name than ``current`` (more words, or longer)."""
    return (len(candidate.split()), len(candidate)) > (len(current.split()), len(current))


def _merge(session: Session, other: int, *, into: int) -> None:
    """Make actor ``other`` part of actor ``into``: its names, mentions and quotes move over."""
    for table in (ActorName, MentionRow, QuoteRow):
        session.execute(update(table).where(table.actor_id == other).values(actor_id=into))
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
