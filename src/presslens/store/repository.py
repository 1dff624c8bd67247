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
import logging
import sys
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self

from sqlalchemy import ColumnElement, delete, distinct, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from presslens.errors import StoreError
from presslens.records import SHOWN_CUE_TYPES, ActorType, Article, Quote, Technique
from presslens.stages.actors.aliases import AliasFile
from presslens.stages.actors.keys import AliasIndex, family, lookup_keys
from presslens.store import actors as corpus_actors
from presslens.store import queries
from presslens.store.models import (
    MAX_DATE,
    MAX_OUTLET,
    MAX_SOURCE,
    ActorName,
    ActorRow,
    AffiliationRow,
    ArticleRow,
    Base,
    ClaimRow,
    EntityRow,
    FailureRow,
    InstrumentRow,
    MentionRow,
    QuoteRow,
    QuoteSpanRow,
    StoreMeta,
    TechniqueRow,
)
from presslens.store.queries import ArticleHit, Filters, QuoteHit
from presslens.store.schema import SchemaChange, prepare_schema
from presslens.store.session import database_url, open_engine, safe_url

if TYPE_CHECKING:
    from presslens.store.export import ExportFormat

__all__ = [
    "ActorQuote",
    "ActorSummary",
    "ArticleBrief",
    "Period",
    "SpeakerRow",
    "Store",
    "StoredArticle",
    "TimelineRow",
]

_CONTENT_JOIN = " … "
_JOIN_SURNAMES = "join_surnames"  # store_meta: the store's surname choice, "1" or "0"
_BEFORE_SURNAMES = frozenset({"0001", "0002"})  # schemas whose corpus keys were made otherwise

log = logging.getLogger(__name__)


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


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """A stored article: its id and source, its record, and for each of the record's actor
    ids (``"a3"``) the id of the corpus actor it joined."""

    id: int
    source: str
    article: Article
    actors: dict[str, int]


@dataclass(frozen=True, slots=True)
class ArticleBrief:
    """What a list of articles shows of each."""

    id: int
    title: str | None
    date: str | None
    outlet: str | None
    genre: str
    source: str


@dataclass(frozen=True, slots=True)
class ActorSummary:
    """One corpus actor: display name, type, every name, most frequent roles, counts."""

    id: int
    name: str
    type: str
    names: tuple[str, ...]
    roles: tuple[str, ...]
    quotes: int
    articles: int


@dataclass(frozen=True, slots=True)
class ActorQuote:
    """One quotation of an actor, with the article it stands in."""

    content: str
    kind: str
    role: str | None
    cue: str | None
    start: int
    article_id: int
    title: str | None
    date: str | None
    outlet: str | None


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
        join_surnames: join a person the corpus names by surname alone ("Trump") to the one
            full name with that surname, when the corpus holds exactly one ("Donald Trump").
            The choice is the store's: opening it for writing with the other choice applies
            that choice to every stored bare name (see :mod:`presslens.store.actors`).

    Several processes may open and write one store at once: creating the schema is serialised
    (a write lock on SQLite, an advisory lock on PostgreSQL) and idempotent, and so is the
    merging of each article's actors into the corpus's.

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
        join_surnames: bool = True,
    ):
        self.url = database_url(db)
        self.readonly = readonly
        self.join_surnames = join_surnames
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
            if self.readonly:
                return
            # In the transaction that holds the schema lock: no other writer sees the actor
            # tables half made.
            with Session(bind=connection) as session:
                corpus_actors.lock(session)
                change = self.schema_change
                if change is not None and change.from_revision in _BEFORE_SURNAMES:
                    log.info("rebuilding the corpus actors of %s (new keys)", safe_url(self.url))
                    corpus_actors.rebuild(session, self._aliases, join_surnames=self.join_surnames)
                self._apply_surname_choice(session)
                session.flush()

    def _apply_surname_choice(self, session: Session) -> None:
        """Record the store's ``join_surnames`` choice; when it changed, decide every stored
        bare name again under the new one."""
        wanted = "1" if self.join_surnames else "0"
        meta = session.get(StoreMeta, _JOIN_SURNAMES)
        if meta is not None and meta.value == wanted:
            return
        if meta is None:
            session.add(StoreMeta(key=_JOIN_SURNAMES, value=wanted))
        else:
            meta.value = wanted
        session.flush()
        bare_names = corpus_actors.all_bare_names(session)
        corpus_actors.sync_bare_names(session, bare_names, join_surnames=self.join_surnames)

    def rebuild_actors(self) -> None:
        """Make the corpus actors again from every stored record, under this store's alias
        rules and surname choice (done once when a store is upgraded to schema 3)."""
        with self._transaction("cannot rebuild the actors") as session:
            corpus_actors.lock(session)
            corpus_actors.rebuild(session, self._aliases, join_surnames=self.join_surnames)

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

        Its actors join the corpus actors whose keys they share, and its names written alone
        the actor the corpus decides they are (see :mod:`presslens.store.actors`); its
        quotes point to those actors. A replaced version's votes and own actors go. ``fetched``
        is when a crawl fetched the page (a WARC record's date). Returns the article's id.

        Raises:
            StoreError: the database refused the write, or ``source`` is over ``MAX_SOURCE``
                characters (check with :func:`presslens.runners.collect_sources` first).
        """
        if len(source) > MAX_SOURCE:
            raise StoreError(f"{source[:80]}...: source names over {MAX_SOURCE} characters")
        with self._transaction(f"cannot store {source}") as session:
            corpus_actors.lock(session)
            touched: set[str] = set()
            old = session.scalar(select(ArticleRow.id).where(ArticleRow.source == source))
            if old is not None:
                touched |= corpus_actors.forget_article(session, old, self._aliases)
            session.execute(delete(FailureRow).where(FailureRow.source == source))
            row = _article_row(article, source, fetched)
            session.add(row)
            session.flush()
            placed = corpus_actors.add_actors(session, article, row.id, self._aliases)
            self._add_analyses(session, article, row.id, placed.ids, placed.bare)
            session.flush()
            corpus_actors.sync_bare_names(
                session, touched | placed.touched, join_surnames=self.join_surnames
            )
            return row.id

    def _add_analyses(
        self,
        session: Session,
        article: Article,
        article_id: int,
        actor_ids: dict[str, int],
        bare: dict[str, str],
    ) -> None:
        """The rows of every analysis but actors: quotes and their spans, techniques, entities,
        instruments, claims and the author's affiliation."""
        for quote in article.quotes:
            if not quote.content:
                continue
            row = _quote_row(quote, article_id, actor_ids.get(quote.actor or ""))
            row.bare = bare.get(quote.actor or "")
            session.add(row)
            session.flush()
            _bulk(
                session,
                QuoteSpanRow,
                [
                    {
                        "quote_id": row.id,
                        "article_id": article_id,
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                    }
                    for s in quote.content
                ],
            )
        sentences = sorted((s.start, s.end) for s in article.sentences)
        _bulk(
            session,
            TechniqueRow,
            [_technique_row(t, article_id, sentences) for t in article.techniques],
        )
        _bulk(
            session,
            EntityRow,
            [
                {
                    "article_id": article_id,
                    "start": e.start,
                    "end": e.end,
                    "text": e.text,
                    "label": e.label,
                }
                for e in article.entities
            ],
        )
        _bulk(
            session,
            InstrumentRow,
            [
                {
                    "article_id": article_id,
                    "start": i.start,
                    "end": i.end,
                    "text": i.text,
                    "kind": i.kind,
                    "name": i.name,
                    "body": i.body,
                }
                for i in article.instruments
            ],
        )
        _bulk(
            session,
            ClaimRow,
            [
                {
                    "article_id": article_id,
                    "start": c.start,
                    "end": c.end,
                    "text": c.text,
                    "score": c.score,
                    "claimant": c.claimant.name,
                    "claimant_kind": "speaker" if c.claimant.kind == "quoted" else "author",
                    "actor_id": actor_ids.get(c.claimant.actor or ""),
                    "bare": bare.get(c.claimant.actor or ""),
                }
                for c in article.claims
            ],
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

    # -- reading -----------------------------------------------------------------------------

    def sources(self) -> set[str]:
        """The source names already stored."""
        with self._sessions() as session:
            return set(session.scalars(select(ArticleRow.source)))

    def has_source(self, source: str) -> bool:
        """Whether an article is stored under this source name."""
        with self._sessions() as session:
            found = session.scalars(
                select(ArticleRow.id).where(ArticleRow.source == source).limit(1)
            ).first()
        return found is not None

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

    def stored_article(self, article_id: int) -> StoredArticle | None:
        """An article by its id in the store, with where its actors stand in the corpus."""
        with self._sessions() as session:
            row = session.execute(
                select(ArticleRow.source, ArticleRow.record).where(ArticleRow.id == article_id)
            ).first()
            if row is None:
                return None
            starts = dict(
                session.execute(
                    select(MentionRow.start, MentionRow.actor_id).where(
                        MentionRow.article_id == article_id
                    )
                ).all()
            )
        article = Article.from_dict(json.loads(row.record))
        actors = {
            actor.id: starts[actor.mentions[0].start]
            for actor in article.actors
            if actor.mentions and actor.mentions[0].start in starts
        }
        return StoredArticle(article_id, row.source, article, actors)

    def recent(self, *, limit: int = 20) -> list[ArticleBrief]:
        """The newest articles (by date, then by when they were stored)."""
        query = (
            select(
                ArticleRow.id,
                ArticleRow.title,
                ArticleRow.date,
                ArticleRow.outlet,
                ArticleRow.genre,
                ArticleRow.source,
            )
            .order_by(ArticleRow.date.desc(), ArticleRow.id.desc())
            .limit(max(1, limit))
        )
        with self._sessions() as session:
            return [ArticleBrief(*row) for row in session.execute(query)]

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with its number of articles, most first."""
        count = func.count(ArticleRow.id)
        query = (
            select(ArticleRow.outlet, count)
            .where(ArticleRow.outlet.is_not(None))
            .group_by(ArticleRow.outlet)
            .order_by(count.desc(), ArticleRow.outlet)
        )
        with self._sessions() as session:
            return [(outlet, n) for outlet, n in session.execute(query) if outlet]

    def actor(self, actor_id: int) -> ActorSummary | None:
        """One corpus actor: its names, its most frequent roles, its quote and article counts."""
        with self._sessions() as session:
            row = session.get(ActorRow, actor_id)
            if row is None:
                return None
            names = _names_by_actor(session, [actor_id]).get(actor_id, [])
            roles = _roles_by_actor(session, [actor_id], top=5).get(actor_id, [])
            quotes = session.scalar(
                select(func.count(QuoteRow.id)).where(QuoteRow.actor_id == actor_id)
            )
            articles = session.scalar(
                select(func.count(distinct(MentionRow.article_id))).where(
                    MentionRow.actor_id == actor_id
                )
            )
        return ActorSummary(
            actor_id, row.name, row.type, tuple(names), tuple(roles), quotes or 0, articles or 0
        )

    def quotes_of(
        self,
        actor_id: int,
        *,
        limit: int = 50,
        offset: int = 0,
        cue_types: Collection[str] | None = SHOWN_CUE_TYPES,
    ) -> list[ActorQuote]:
        """An actor's quotations across the corpus, newest article first: what it said and
        wrote by default, every cue type with ``cue_types=None``."""
        query = (
            select(
                QuoteRow.content,
                QuoteRow.kind,
                QuoteRow.role,
                QuoteRow.cue,
                QuoteRow.start,
                ArticleRow.id,
                ArticleRow.title,
                ArticleRow.date,
                ArticleRow.outlet,
            )
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .where(QuoteRow.actor_id == actor_id, *_cue_conditions(cue_types))
            .order_by(ArticleRow.date.desc(), ArticleRow.id.desc(), QuoteRow.start)
            .limit(max(1, limit))
            .offset(max(0, offset))
        )
        with self._sessions() as session:
            return [ActorQuote(*row) for row in session.execute(query)]

    def speakers(
        self,
        *,
        limit: int = 20,
        since: date | None = None,
        until: date | None = None,
        outlet: str | None = None,
        actor_type: ActorType | None = None,
        cue_types: Collection[str] | None = SHOWN_CUE_TYPES,
    ) -> list[SpeakerRow]:
        """The most quoted actors, most quotes first.

        Args:
            limit: how many rows.
            since, until: only articles dated in this range (inclusive); undated articles are
                left out when either is given.
            outlet: only articles from this outlet (as in ``metadata.outlet``).
            actor_type: only actors of this type's family (organisations, government bodies,
                outlets and groups are one family).
            cue_types: count the quotations of these cue types: what was said and written by
                default; None counts beliefs, intentions and perceptions too.
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
        query = query.where(*_filters(since, until, outlet), *_cue_conditions(cue_types))
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
        """``(id, name, type)`` of the actors any of whose names normalises like ``name`` and
        that some stored article mentions ("Trump" finds "Donald Trump" when the corpus decided
        that a bare "Trump" is him, not the emptied actor a mislabelled article made)."""
        keys = lookup_keys(name)
        if not keys:
            return []
        mentioned = select(MentionRow.id).where(MentionRow.actor_id == ActorRow.id).exists()
        with self._sessions() as session:
            rows = session.execute(
                select(ActorRow.id, ActorRow.name, ActorRow.type)
                .join(ActorName, ActorName.actor_id == ActorRow.id)
                .where(ActorName.key.in_(keys), mentioned)
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
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        outlet: str | None = None,
        cue_types: Collection[str] | None = SHOWN_CUE_TYPES,
    ) -> int:
        """Quotations with no resolved speaker, under the same filters as :meth:`speakers`."""
        query = (
            select(func.count(QuoteRow.id))
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .where(QuoteRow.actor_id.is_(None), *_cue_conditions(cue_types))
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
        cue_types: Collection[str] | None = SHOWN_CUE_TYPES,
    ) -> list[QuoteHit]:
        """Quotations (of ``filters.speaker`` under any of its names, about ``about``; said or
        written unless ``cue_types`` says otherwise); see :func:`presslens.store.queries.quotes`."""
        return queries.quotes(
            self._sessions,
            filters or Filters(),
            about=about,
            limit=limit,
            offset=offset,
            cue_types=cue_types,
        )

    def facets(self, filters: Filters) -> queries.Facets:
        """The matching articles counted by outlet, genre, technique and speaker."""
        return queries.facets(self._sessions, filters)

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

    def export_partition(self, out: Path, *, file_name: str, id_offset: int) -> dict[str, int]:
        """Every table as Parquet under ``out/<table>/<file_name>``, ids moved up by
        ``id_offset`` (one partition of a data set the Dask runner writes)."""
        from presslens.store.export import write_partition

        return write_partition(self._sessions, out, file_name=file_name, id_offset=id_offset)


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


def _cue_conditions(cue_types: Collection[str] | None) -> list[ColumnElement[bool]]:
    condition = queries.cue_condition(cue_types)
    return [] if condition is None else [condition]


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
        cue_type=quote.cue_type,
        confidence=quote.confidence,
        **parts,
    )


def _technique_row(
    item: Technique, article_id: int, sentences: Sequence[tuple[int, int]]
) -> dict[str, object]:
    index = bisect.bisect_right(sentences, (item.start, sys.maxsize)) - 1
    inside = index >= 0 and sentences[index][0] <= item.start < sentences[index][1]
    return {
        "article_id": article_id,
        "start": item.start,
        "end": item.end,
        "text": item.text,
        "label": item.technique,
        "name": item.name or item.technique,
        "confidence": item.confidence,
        "sentence_start": sentences[index][0] if inside else None,
        "sentence_end": sentences[index][1] if inside else None,
    }


def _bulk(session: Session, model: type[Base], rows: list[dict[str, object]]) -> None:
    """Insert rows in one executemany: the ORM's per-object flush costs more than the write."""
    if rows:
        session.execute(insert(model), rows)


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
