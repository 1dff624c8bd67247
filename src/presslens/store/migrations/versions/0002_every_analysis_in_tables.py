"""Schema version 2: every analysis in tables, full-text search, actor type votes.

New tables: quote_spans, techniques, entities, instruments, affiliations, claims, actor_types.
New columns: articles.genre_signal and .fetched; the offsets of each quote's speaker, resolved
speaker, role and cue. Full-text search: FTS5 tables kept by triggers on SQLite, ``tsvector``
columns with GIN indexes on PostgreSQL. Existing rows are filled from each article's stored
JSON record, so an upgraded store answers every query a new one does.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _article_key() -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


def _span_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    ]


def _article_column() -> sa.Column[int]:
    return sa.Column("article_id", sa.Integer, _article_key(), nullable=False)


def _create_tables() -> None:
    op.create_table(
        "actor_types",
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), primary_key=True),
        sa.Column("type", sa.String(32), primary_key=True),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_table(
        "quote_spans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"), nullable=False
        ),
        _article_column(),
        *_span_columns(),
    )
    op.create_table(
        "techniques",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_column(),
        *_span_columns(),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("sentence_start", sa.Integer),
        sa.Column("sentence_end", sa.Integer),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_column(),
        *_span_columns(),
        sa.Column("label", sa.String(64), nullable=False),
    )
    op.create_table(
        "instruments",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_column(),
        *_span_columns(),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("body", sa.Text),
    )
    op.create_table(
        "affiliations",
        sa.Column("article_id", sa.Integer, _article_key(), primary_key=True),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("person", sa.Text),
        sa.Column("relation", sa.Text),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id")),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_column(),
        *_span_columns(),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("claimant", sa.Text),
        sa.Column("claimant_kind", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id")),
    )
    for table, columns in {
        "quote_spans": ("quote_id", "article_id"),
        "techniques": ("article_id", "label"),
        "entities": ("article_id", "label"),
        "instruments": ("article_id", "name"),
        "affiliations": ("actor_id",),
        "claims": ("article_id", "actor_id"),
    }.items():
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("genre_signal", sa.Text))
        batch.add_column(sa.Column("fetched", sa.String(40)))
        batch.create_index("ix_articles_genre", ["genre"])
    with op.batch_alter_table("quotes") as batch:
        for part in ("speaker", "resolved", "role", "cue"):
            batch.add_column(sa.Column(f"{part}_start", sa.Integer))
            batch.add_column(sa.Column(f"{part}_end", sa.Integer))


# -- full-text search ----------------------------------------------------------------------

_SQLITE_FTS = (
    # External-content FTS5 tables: the text lives once, in articles and quotes; triggers keep
    # the index in step with every insert, delete and update.
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(content, content='quotes', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content); "
    "END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF content ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content); "
    "INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    "INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')",
)
_POSTGRES_FTS = (
    # A title match weighs more than a body match; tsvector has a 1 MB cap, so very long
    # bodies are indexed on their first million characters.
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', left(text, 1000000)), 'B')) STORED",
    "CREATE INDEX ix_articles_search ON articles USING gin (search)",
    "ALTER TABLE quotes ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english', left(content, 1000000))) STORED",
    "CREATE INDEX ix_quotes_search ON quotes USING gin (search)",
)


def _create_search() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": _SQLITE_FTS, "postgresql": _POSTGRES_FTS}.get(dialect, ())
    for statement in statements:
        op.execute(statement)


# -- filling the new tables from the stored records -----------------------------------------


def _spans(items: list[dict[str, Any]] | None) -> Iterator[dict[str, Any]]:
    for item in items or ():
        if isinstance(item, dict) and {"start", "end", "text"} <= item.keys():
            yield item


def _sentence_of(sentences: list[dict[str, Any]], start: int) -> tuple[int | None, int | None]:
    for sentence in sentences:
        if sentence["start"] <= start < sentence["end"]:
            return sentence["start"], sentence["end"]
    return None, None


def _backfill() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    names = (
        "articles quotes mentions techniques entities instruments affiliations quote_spans actors "
        "actor_types"
    )
    tables = {name: sa.Table(name, meta, autoload_with=bind) for name in names.split()}
    articles, mentions = tables["articles"], tables["mentions"]
    rows = bind.execute(sa.select(articles.c.id, articles.c.record)).all()
    for article_id, raw in rows:
        record = json.loads(raw)
        bind.execute(
            articles.update()
            .where(articles.c.id == article_id)
            .values(genre_signal=(record.get("metadata") or {}).get("genre_signal"))
        )
        sentences = record.get("sentences") or []
        techniques = [
            {
                "article_id": article_id,
                "start": t["start"],
                "end": t["end"],
                "text": t["text"],
                "label": t.get("technique", ""),
                "name": t.get("name") or t.get("technique", ""),
                "confidence": t.get("confidence", 0.0),
                "sentence_start": _sentence_of(sentences, t["start"])[0],
                "sentence_end": _sentence_of(sentences, t["start"])[1],
            }
            for t in _spans(record.get("techniques"))
        ]
        entities = [
            {"article_id": article_id, **{k: e[k] for k in ("start", "end", "text")},
             "label": e.get("label", "")}
            for e in _spans(record.get("entities"))
        ]  # fmt: skip
        instruments = [
            {"article_id": article_id, **{k: i[k] for k in ("start", "end", "text")},
             "kind": i.get("kind", "other"), "name": i.get("name", i["text"]),
             "body": i.get("body")}
            for i in _spans(record.get("instruments"))
        ]  # fmt: skip
        for table, values in (
            ("techniques", techniques),
            ("entities", entities),
            ("instruments", instruments),
        ):
            if values:
                bind.execute(tables[table].insert(), values)
        _backfill_quotes(bind, tables, article_id, record)
        _backfill_affiliation(bind, tables, article_id, record)
    # Every actor's type so far was voted for by all of its mentions.
    counts = bind.execute(
        sa.select(tables["actors"].c.id, tables["actors"].c.type, sa.func.count(mentions.c.id))
        .join(mentions, mentions.c.actor_id == tables["actors"].c.id)
        .group_by(tables["actors"].c.id, tables["actors"].c.type)
    ).all()
    if counts:
        bind.execute(
            tables["actor_types"].insert(),
            [{"actor_id": a, "type": t, "mentions": n} for a, t, n in counts],
        )


def _backfill_quotes(
    bind: sa.Connection, tables: dict[str, sa.Table], article_id: int, record: dict[str, Any]
) -> None:
    """Version 1 stored one row per quotation with content, in the record's order."""
    quotes = tables["quotes"]
    stored = bind.execute(
        sa.select(quotes.c.id).where(quotes.c.article_id == article_id).order_by(quotes.c.id)
    ).scalars()
    written = [q for q in record.get("quotes") or [] if list(_spans(q.get("content")))]
    spans = []
    for quote_id, quote in zip(stored, written, strict=False):
        offsets: dict[str, int | None] = {}
        for part, key in (
            ("speaker", "speaker"),
            ("resolved", "speaker_resolved"),
            ("role", "role"),
            ("cue", "cue"),
        ):
            span = quote.get(key) or {}
            offsets[f"{part}_start"] = span.get("start")
            offsets[f"{part}_end"] = span.get("end")
        bind.execute(quotes.update().where(quotes.c.id == quote_id).values(**offsets))
        spans += [
            {"quote_id": quote_id, "article_id": article_id, "start": s["start"],
             "end": s["end"], "text": s["text"]}
            for s in _spans(quote.get("content"))
        ]  # fmt: skip
    if spans:
        bind.execute(tables["quote_spans"].insert(), spans)


def _backfill_affiliation(
    bind: sa.Connection, tables: dict[str, sa.Table], article_id: int, record: dict[str, Any]
) -> None:
    affiliation = record.get("affiliation")
    if not affiliation or not affiliation.get("organisation"):
        return
    mentions = tables["mentions"]
    actor_id = None
    first = next(iter(_spans(affiliation.get("mentions"))), None)
    if first is not None:  # the store actor holding the mention the record points at
        actor_id = bind.execute(
            sa.select(mentions.c.actor_id).where(
                mentions.c.article_id == article_id, mentions.c.start == first["start"]
            )
        ).scalar()
    bind.execute(
        tables["affiliations"].insert(),
        {
            "article_id": article_id,
            "statement": affiliation.get("statement", ""),
            "organisation": affiliation["organisation"],
            "person": affiliation.get("person"),
            "relation": affiliation.get("relation"),
            "actor_id": actor_id,
            "mentions": len(affiliation.get("mentions") or []),
        },
    )


def upgrade() -> None:
    _create_tables()
    _backfill()
    _create_search()
    op.execute("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("articles", "quotes"):
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_fts_{event}")
            op.execute(f"DROP TABLE IF EXISTS {name}_fts")
    elif dialect == "postgresql":
        for name in ("articles", "quotes"):
            op.execute(f"DROP INDEX IF EXISTS ix_{name}_search")
            op.execute(f"ALTER TABLE {name} DROP COLUMN IF EXISTS search")
    for table in (
        "claims", "affiliations", "instruments", "entities", "techniques", "quote_spans",
        "actor_types",
    ):  # fmt: skip
        op.drop_table(table)
    with op.batch_alter_table("quotes") as batch:
        for part in ("speaker", "resolved", "role", "cue"):
            batch.drop_column(f"{part}_start")
            batch.drop_column(f"{part}_end")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_genre")
        batch.drop_column("fetched")
        batch.drop_column("genre_signal")
    op.execute("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
