"""The store's reading questions: full-text search, who said what, and rows for export.

Every function takes the store's session factory and one :class:`Filters`, so the command line,
the Python API and any later web page ask the same questions the same way. Search runs on SQLite
FTS5 (``articles_fts``, ``quotes_fts``, ranked by ``bm25``) or PostgreSQL ``tsvector`` columns
(``articles.search``, ``quotes.search``, ranked by ``ts_rank_cd``); the query syntax is
:mod:`presslens.store.query`'s for both.

Highlighted snippets mark each hit with :data:`MARK_START` and :data:`MARK_END`, private-use
characters that cannot come from a query; each output renders them its own way (bold on screen,
``«…»`` in JSON and CSV; see :func:`mark`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    column,
    distinct,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
    union,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import Subquery

from presslens.errors import QueryError, StoreError
from presslens.records import SHOWN_CUE_TYPES
from presslens.stages.actors.keys import lookup_keys
from presslens.store.models import (
    ActorName,
    ActorRow,
    ArticleRow,
    Base,
    QuoteRow,
    TechniqueRow,
)
from presslens.store.query import Node, fts5_match, parse_query, postgres_tsquery

__all__ = [
    "EXPORT_TABLES",
    "MARK_END",
    "MARK_START",
    "ArticleHit",
    "Facets",
    "Filters",
    "QuoteHit",
    "cue_condition",
    "export_columns",
    "export_rows",
    "facets",
    "mark",
    "quotes",
    "search_articles",
    "technique_names",
]

MARK_START = "\ue000"
"""Opens a highlighted hit inside a snippet."""
MARK_END = "\ue001"
"""Closes a highlighted hit inside a snippet."""

_ELLIPSIS = "…"
_SNIPPET_TOKENS = 24  # FTS5 snippet() length, in tokens
_HEADLINE = (  # ts_headline options: about the same length as the FTS5 snippet
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=28, MinWords=12, ShortWord=2, "
    f'MaxFragments=2, FragmentDelimiter=" {_ELLIPSIS} "'
)
_TITLE_WEIGHT = 10.0  # a hit in the title counts this many times a hit in the body (FTS5 bm25)

EXPORT_TABLES: tuple[str, ...] = (
    "articles",
    "actors",
    "actor_names",
    "actor_types",
    "mentions",
    "quotes",
    "quote_spans",
    "techniques",
    "entities",
    "instruments",
    "affiliations",
    "claims",
    "failures",
)
"""Every table :func:`export_rows` can stream, in an order that reads well."""

_ACTOR_TABLES = ("actors", "actor_names", "actor_types")
_ARTICLE_CHILDREN = (
    "mentions",
    "quotes",
    "quote_spans",
    "techniques",
    "entities",
    "instruments",
    "affiliations",
    "claims",
)

Genre = Literal["news", "opinion", "analysis", "other"]
Sessions = sessionmaker[Session]


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles a question is about; every field left None means "all".

    Attributes:
        query: full-text search in the title and body (:mod:`presslens.store.query` syntax).
        outlet: the outlet as stored (``metadata.outlet``), exactly.
        genre: news, opinion, analysis or other.
        since, until: the article's date in this range, inclusive; undated articles are left
            out when either is given.
        speaker: any name of a quoted actor ("NCRI" and "National Council of Resistance of
            Iran" alike): articles quoting it, or, for quotations, its quotations.
        technique: a persuasion technique by label ("Loaded_Language") or name ("loaded
            language"), in any case: articles using it.
    """

    query: str | None = None
    outlet: str | None = None
    genre: Genre | None = None
    since: date | None = None
    until: date | None = None
    speaker: str | None = None
    technique: str | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """One article found by :func:`search_articles`, best first.

    ``score`` is the database's relevance (higher is better; SQLite and PostgreSQL scores are not
    comparable). ``snippet`` is a passage of the body with the hits between
    :data:`MARK_START` and :data:`MARK_END`.
    """

    rank: int
    article_id: int
    score: float
    date: str | None
    outlet: str | None
    title: str | None
    source: str
    url: str | None
    genre: str
    snippet: str


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """One quotation: who (as written, resolved, and the corpus actor's display name), in what
    capacity, with which cue, the words, and the article it stands in.

    ``snippet`` is the quoted words with the hits marked (only when a query found it);
    ``score`` its relevance (higher is better), else None.
    """

    quote_id: int
    article_id: int
    date: str | None
    outlet: str | None
    title: str | None
    source: str
    speaker: str | None
    speaker_resolved: str | None
    actor: str | None
    actor_id: int | None
    role: str | None
    cue: str | None
    kind: str
    content: str
    start: int
    end: int
    confidence: float
    snippet: str | None = None
    score: float | None = None


def mark(snippet: str, start: str, end: str) -> str:
    """A snippet with its hit markers replaced (``mark(s, "«", "»")``)."""
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


# -- conditions ------------------------------------------------------------------------------


def _dialect(session: Session) -> str:
    name = session.get_bind().dialect.name
    if name not in ("sqlite", "postgresql"):
        raise StoreError(f"full-text search needs SQLite or PostgreSQL, not {name}")
    return name


def _speaker_actors(name: str) -> Select[int]:
    """The ids of the actors any of whose names is written like ``name`` (bare names too)."""
    return select(ActorName.actor_id).where(ActorName.key.in_(lookup_keys(name)))


def _technique_condition(technique: str) -> ColumnElement[bool]:
    wanted = " ".join(technique.replace("_", " ").split()).casefold()
    return or_(
        func.lower(func.replace(TechniqueRow.label, "_", " ")) == wanted,
        func.lower(TechniqueRow.name) == wanted,
    )


def _article_conditions(
    filters: Filters, dialect: str, *, with_query: bool = True, speaker: bool = True
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.since is not None:
        conditions.append(ArticleRow.date >= filters.since.isoformat())
    if filters.until is not None:
        # Dates may carry a time ("2024-05-01T09:00"): anything before the next day is in range.
        conditions.append(ArticleRow.date < (filters.until + timedelta(days=1)).isoformat())
    if filters.outlet is not None:
        conditions.append(ArticleRow.outlet == filters.outlet)
    if filters.genre is not None:
        conditions.append(ArticleRow.genre == filters.genre)
    if speaker and filters.speaker is not None:
        quoting = select(QuoteRow.article_id).where(
            QuoteRow.actor_id.in_(_speaker_actors(filters.speaker))
        )
        conditions.append(ArticleRow.id.in_(quoting))
    if filters.technique is not None:
        using = select(TechniqueRow.article_id).where(_technique_condition(filters.technique))
        conditions.append(ArticleRow.id.in_(using))
    if with_query and filters.query is not None:
        conditions.append(
            ArticleRow.id.in_(_matching_articles(parse_query(filters.query), dialect))
        )
    return conditions


_ARTICLES_FTS = table("articles_fts", column("rowid"))
_QUOTES_FTS = table("quotes_fts", column("rowid"))
_ARTICLES_SEARCH: ColumnElement[Any] = literal_column("articles.search")
_QUOTES_SEARCH: ColumnElement[Any] = literal_column("quotes.search")


def _fts(name: str) -> ColumnElement[Any]:
    return literal_column(name)  # the FTS5 table's hidden column of its own name


def _tsquery(node: Node, name: str = "tsq") -> Subquery:
    """``(SELECT <tsquery> AS q) AS tsq``: the query made once per statement; ``name`` keeps
    it and its parameters apart from another one in the same statement."""
    compiled = postgres_tsquery(node, prefix=f"{name}_")
    return (
        text(f"SELECT {compiled.sql} AS q")
        .bindparams(**compiled.params)
        .columns(column("q", TSQUERY))
        .subquery(name)
    )


def _matching_articles(node: Node, dialect: str) -> Select[Any]:
    if dialect == "sqlite":
        return select(_ARTICLES_FTS.c.rowid).where(
            _fts("articles_fts").op("MATCH")(fts5_match(node))
        )
    tsq = _tsquery(node, "matching")
    return (
        select(ArticleRow.id)
        .select_from(ArticleRow)
        .join(tsq, true())
        .where(_ARTICLES_SEARCH.op("@@")(tsq.c.q))
    )


# -- facets ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facets:
    """How the articles a filter keeps divide up: their number, and counts per outlet, genre,
    technique (label, name) and most quoted speaker (actor id, name), largest first."""

    total: int
    outlets: tuple[tuple[str, int], ...]
    genres: tuple[tuple[str, int], ...]
    techniques: tuple[tuple[str, str, int], ...]
    speakers: tuple[tuple[int, str, int], ...]


def facets(sessions: Sessions, filters: Filters, *, top: int = 12) -> Facets:
    """Counts of the matching articles by outlet, genre, technique and speaker.

    Raises:
        QueryError: ``filters.query`` does not parse.
    """
    with sessions() as session:
        dialect = _dialect(session)
        ids = select(ArticleRow.id).where(*_article_conditions(filters, dialect)).subquery()
        total = session.scalar(select(func.count()).select_from(ids)) or 0
        n = func.count(ArticleRow.id)
        outlets = session.execute(
            select(ArticleRow.outlet, n)
            .where(ArticleRow.id.in_(select(ids.c.id)), ArticleRow.outlet.is_not(None))
            .group_by(ArticleRow.outlet)
            .order_by(n.desc(), ArticleRow.outlet)
            .limit(top)
        ).all()
        genres = session.execute(
            select(ArticleRow.genre, n)
            .where(ArticleRow.id.in_(select(ids.c.id)))
            .group_by(ArticleRow.genre)
            .order_by(n.desc(), ArticleRow.genre)
        ).all()
        using = func.count(distinct(TechniqueRow.article_id))
        techniques = session.execute(
            select(TechniqueRow.label, func.min(TechniqueRow.name), using)
            .where(TechniqueRow.article_id.in_(select(ids.c.id)))
            .group_by(TechniqueRow.label)
            .order_by(using.desc(), TechniqueRow.label)
        ).all()
        quoting = func.count(distinct(QuoteRow.article_id))
        speakers = session.execute(
            select(ActorRow.id, ActorRow.name, quoting)
            .join(QuoteRow, QuoteRow.actor_id == ActorRow.id)
            .where(QuoteRow.article_id.in_(select(ids.c.id)))
            .group_by(ActorRow.id, ActorRow.name)
            .order_by(quoting.desc(), ActorRow.name)
            .limit(top)
        ).all()
    return Facets(
        total,
        tuple((o, c) for o, c in outlets if o),
        tuple((g, c) for g, c in genres),
        tuple((label, name or label, c) for label, name, c in techniques),
        tuple((i, name, c) for i, name, c in speakers),
    )


# -- search ----------------------------------------------------------------------------------


def _article_columns() -> tuple[Any, ...]:
    return (
        ArticleRow.id,
        ArticleRow.date,
        ArticleRow.outlet,
        ArticleRow.title,
        ArticleRow.source,
        ArticleRow.url,
        ArticleRow.genre,
    )


def search_articles(
    sessions: Sessions, filters: Filters, *, limit: int = 20, offset: int = 0
) -> list[ArticleHit]:
    """Articles matching ``filters.query`` (and the other filters), best first.

    Args:
        limit: how many articles at most.
        offset: how many of the best to skip (the next page starts at ``offset + limit``).

    Raises:
        QueryError: the query does not parse (or is missing).
        StoreError: the database is neither SQLite nor PostgreSQL.
    """
    if filters.query is None:
        raise QueryError("nothing to search for: give a query")
    node = parse_query(filters.query)
    with sessions() as session:
        dialect = _dialect(session)
        conditions = _article_conditions(filters, dialect, with_query=False)
        if dialect == "sqlite":
            score = func.bm25(
                _fts("articles_fts"), literal_column(str(_TITLE_WEIGHT)), literal_column("1.0")
            )
            ranked = (
                select(*_article_columns(), (-score).label("score"))
                .select_from(_ARTICLES_FTS)
                .join(ArticleRow, ArticleRow.id == _ARTICLES_FTS.c.rowid)
                .where(_fts("articles_fts").op("MATCH")(fts5_match(node)), *conditions)
                .order_by(score, ArticleRow.id)
            )
        else:
            tsq = _tsquery(node)
            rank = func.ts_rank_cd(_ARTICLES_SEARCH, tsq.c.q, literal_column("1"))
            ranked = (
                select(*_article_columns(), rank.label("score"))
                .select_from(ArticleRow)
                .join(tsq, true())
                .where(_ARTICLES_SEARCH.op("@@")(tsq.c.q), *conditions)
                .order_by(rank.desc(), ArticleRow.id)
            )
        rows = session.execute(ranked.limit(max(1, limit)).offset(max(0, offset))).all()
        snippets = _article_snippets(session, dialect, node, [row[0] for row in rows])
    return [
        ArticleHit(
            rank=offset + number,
            article_id=row[0],
            date=row[1],
            outlet=row[2],
            title=row[3],
            source=row[4],
            url=row[5],
            genre=row[6],
            score=float(row[7]),
            snippet=snippets.get(row[0], ""),
        )
        for number, row in enumerate(rows, start=1)
    ]


def _article_snippets(
    session: Session, dialect: str, node: Node, ids: Sequence[int]
) -> dict[int, str]:
    """The highlighted passage of each found article: made for the page shown only, not for
    every match (both databases would otherwise make one per match before sorting)."""
    if not ids:
        return {}
    if dialect == "sqlite":
        snippet = func.snippet(
            _fts("articles_fts"), literal_column("1"), MARK_START, MARK_END, _ELLIPSIS,
            literal_column(str(_SNIPPET_TOKENS)),
        )  # fmt: skip
        query = select(_ARTICLES_FTS.c.rowid, snippet).where(
            _fts("articles_fts").op("MATCH")(fts5_match(node)), _ARTICLES_FTS.c.rowid.in_(ids)
        )
    else:
        tsq = _tsquery(node)
        headline = func.ts_headline(
            literal_column("'english'"), func.left(ArticleRow.text, 1_000_000), tsq.c.q, _HEADLINE
        )
        query = (
            select(ArticleRow.id, headline)
            .select_from(ArticleRow)
            .join(tsq, true())
            .where(ArticleRow.id.in_(ids))
        )
    return {row_id: _one_line(snippet) for row_id, snippet in session.execute(query)}


def _one_line(text_: str | None) -> str:
    return " ".join((text_ or "").split())


def _quote_columns() -> tuple[Any, ...]:
    return (
        QuoteRow.id,
        QuoteRow.article_id,
        ArticleRow.date,
        ArticleRow.outlet,
        ArticleRow.title,
        ArticleRow.source,
        QuoteRow.speaker,
        QuoteRow.speaker_resolved,
        ActorRow.name,
        QuoteRow.actor_id,
        QuoteRow.role,
        QuoteRow.cue,
        QuoteRow.kind,
        QuoteRow.content,
        QuoteRow.start,
        QuoteRow.end,
        QuoteRow.confidence,
    )


def cue_condition(cue_types: Collection[str] | None) -> ColumnElement[bool] | None:
    """The condition that keeps quotations of these cue types (and those stored before cue
    types were recorded, whose type is unknown); None for every type."""
    if cue_types is None:
        return None
    return or_(QuoteRow.cue_type.in_(sorted(cue_types)), QuoteRow.cue_type.is_(None))


def quotes(
    sessions: Sessions,
    filters: Filters,
    *,
    about: str | None = None,
    limit: int = 50,
    offset: int = 0,
    cue_types: Collection[str] | None = SHOWN_CUE_TYPES,
) -> list[QuoteHit]:
    """Quotations under ``filters``: with ``about``, those whose words match that query, best
    first; without, in article date order (undated last), then as they stand in the article.

    ``filters.speaker`` keeps the quotations of that actor, found under any of its names; the
    other filters select the articles they stand in. ``cue_types`` keeps what people said and
    wrote by default; None lists beliefs, intentions and perceptions too.

    Raises:
        QueryError: ``about`` or ``filters.query`` does not parse.
    """
    node = parse_query(about) if about is not None else None
    with sessions() as session:
        dialect = _dialect(session)
        conditions = _article_conditions(filters, dialect, speaker=False)
        if filters.speaker is not None:
            conditions.append(QuoteRow.actor_id.in_(_speaker_actors(filters.speaker)))
        by_cue = cue_condition(cue_types)
        if by_cue is not None:
            conditions.append(by_cue)
        base = (
            select(*_quote_columns())
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .outerjoin(ActorRow, ActorRow.id == QuoteRow.actor_id)
        )
        order: list[Any]
        score: ColumnElement[Any] | None = None
        if node is None:
            query = base
            order = [
                ArticleRow.date.is_(None),
                ArticleRow.date,
                QuoteRow.article_id,
                QuoteRow.start,
            ]
        elif dialect == "sqlite":
            bm25 = func.bm25(_fts("quotes_fts"))
            score = -bm25
            query = base.join(_QUOTES_FTS, _QUOTES_FTS.c.rowid == QuoteRow.id).where(
                _fts("quotes_fts").op("MATCH")(fts5_match(node))
            )
            order = [bm25, QuoteRow.id]
        else:
            tsq = _tsquery(node)
            score = func.ts_rank_cd(_QUOTES_SEARCH, tsq.c.q)
            query = base.join(tsq, _QUOTES_SEARCH.op("@@")(tsq.c.q))
            order = [score.desc(), QuoteRow.id]
        if score is not None:
            query = query.add_columns(score.label("score"))
        query = (
            query.where(*conditions).order_by(*order).limit(max(1, limit)).offset(max(0, offset))
        )
        rows = session.execute(query).all()
        snippets = _quote_snippets(session, dialect, node, [row[0] for row in rows]) if node else {}
    return [
        _quote_hit(row, snippets.get(row[0]), float(row[17]) if node is not None else None)
        for row in rows
    ]


def _quote_hit(row: Sequence[Any], snippet: str | None, score: float | None) -> QuoteHit:
    return QuoteHit(
        quote_id=row[0],
        article_id=row[1],
        date=row[2],
        outlet=row[3],
        title=row[4],
        source=row[5],
        speaker=row[6],
        speaker_resolved=row[7],
        actor=row[8],
        actor_id=row[9],
        role=row[10],
        cue=row[11],
        kind=row[12],
        content=row[13],
        start=row[14],
        end=row[15],
        confidence=row[16],
        snippet=snippet,
        score=score,
    )


def _quote_snippets(
    session: Session, dialect: str, node: Node, ids: Sequence[int]
) -> dict[int, str]:
    if not ids:
        return {}
    if dialect == "sqlite":
        marked = func.highlight(_fts("quotes_fts"), literal_column("0"), MARK_START, MARK_END)
        query = select(_QUOTES_FTS.c.rowid, marked).where(
            _fts("quotes_fts").op("MATCH")(fts5_match(node)), _QUOTES_FTS.c.rowid.in_(ids)
        )
    else:
        tsq = _tsquery(node)
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
        headline = func.ts_headline(literal_column("'english'"), QuoteRow.content, tsq.c.q, options)
        query = (
            select(QuoteRow.id, headline)
            .select_from(QuoteRow)
            .join(tsq, true())
            .where(QuoteRow.id.in_(ids))
        )
    return {row_id: _one_line(snippet) for row_id, snippet in session.execute(query)}


def technique_names(sessions: Sessions) -> list[tuple[str, str]]:
    """``(label, name)`` of every persuasion technique the store holds, by label."""
    with sessions() as session:
        rows = session.execute(
            select(TechniqueRow.label, TechniqueRow.name).distinct().order_by(TechniqueRow.label)
        )
        return [(label, name) for label, name in rows]


# -- export ----------------------------------------------------------------------------------

ColumnKind = Literal["int", "float", "text", "timestamp"]


def _table(name: str) -> Table:
    if name not in EXPORT_TABLES:
        raise ValueError(f"no table {name!r}; tables: {', '.join(EXPORT_TABLES)}")
    found = Base.metadata.tables[name]
    return found


def export_columns(name: str, *, with_record: bool = False) -> list[tuple[str, ColumnKind]]:
    """The columns :func:`export_rows` gives for a table, with their kind, in order.

    ``articles.record`` (the whole JSON record, the bulk of the store) only ``with_record``.
    """
    kinds: list[tuple[str, ColumnKind]] = []
    for col in _table(name).columns:
        if name == "articles" and col.name == "record" and not with_record:
            continue
        python = col.type.python_type
        kind: ColumnKind = (
            "int" if python is int else "float" if python is float
            else "timestamp" if python.__name__ == "datetime" else "text"
        )  # fmt: skip
        kinds.append((col.name, kind))
    return kinds


def _export_ids(filters: Filters, dialect: str) -> Select[int]:
    return select(ArticleRow.id).where(*_article_conditions(filters, dialect))


def _export_query(name: str, filters: Filters, dialect: str, with_record: bool) -> Select[Any]:
    source = _table(name)
    names = [n for n, _ in export_columns(name, with_record=with_record)]
    query = select(*(source.c[n] for n in names))
    query = query.order_by(*source.primary_key.columns)
    if not filters.active:
        return query
    ids = _export_ids(filters, dialect)
    if name == "articles":
        return query.where(*_article_conditions(filters, dialect))
    if name in _ARTICLE_CHILDREN:
        return query.where(source.c.article_id.in_(ids))
    if name in _ACTOR_TABLES:
        tables = Base.metadata.tables
        used = union(
            *(
                select(tables[child].c.actor_id).where(tables[child].c.article_id.in_(ids))
                for child in ("mentions", "quotes", "affiliations", "claims")
            )
        )
        key = source.c.id if name == "actors" else source.c.actor_id
        return query.where(key.in_(used))
    return query.where(false())  # failures are no articles: no filter keeps them


def export_rows(
    sessions: Sessions,
    names: Sequence[str],
    filters: Filters,
    *,
    with_record: bool = False,
    batch_rows: int = 1000,
) -> Iterator[tuple[str, Iterator[Sequence[Any]]]]:
    """Stream tables for export: ``(table, rows)`` per name, rows as tuples in
    :func:`export_columns` order, ordered by primary key, fetched ``batch_rows`` at a time (a
    server-side cursor on PostgreSQL), so memory does not grow with the store.

    With filters, articles are the matching ones; every table holding article rows keeps the
    rows of those articles, the actor tables the actors they mention, quote or name as the
    author's affiliation; ``failures`` (no articles) is then empty. All tables are read in one
    transaction (one snapshot), so the files agree with each other.

    Raises:
        QueryError: ``filters.query`` does not parse.
    """
    for name in names:
        _table(name)
    with sessions() as session:
        dialect = _dialect(session)
        options: dict[str, Any] = {"yield_per": max(1, batch_rows)}
        if dialect == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        for name in names:
            query = _export_query(name, filters, dialect, with_record)
            result = session.execute(query, execution_options=options)
            yield name, (tuple(row) for row in result)
