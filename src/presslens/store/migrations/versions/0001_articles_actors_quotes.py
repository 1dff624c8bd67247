"""Schema version 1: articles, actors and their names, mentions, quotes, failures.

The store as presslens 0.1 wrote it before migrations existed (``store_meta.schema_version``
"1"); such a store is stamped with this revision and upgraded from here.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    meta = op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(256), nullable=False),
    )
    op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(2048), nullable=False, unique=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("date", sa.String(40)),
        sa.Column("outlet", sa.String(512)),
        sa.Column("genre", sa.String(16), nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(400), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
    )
    for column in ("date", "outlet", "sha256"):
        op.create_index(f"ix_articles_{column}", "articles", [column])
    op.create_table(
        "actor_names",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False),
    )
    op.create_index("ix_actor_names_actor_id", "actor_names", ["actor_id"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_actor_id", "mentions", ["actor_id"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id")),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_resolved", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("cue", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_index("ix_quotes_article", "quotes", ["article_id"])
    op.create_index("ix_quotes_actor_id", "quotes", ["actor_id"])
    op.create_table(
        "failures",
        sa.Column("source", sa.String(2048), primary_key=True),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("failures", "quotes", "mentions", "actor_names", "actors", "articles"):
        op.drop_table(table)
    op.drop_table("store_meta")
