"""Schema version 3: actors named by a surname alone, kept apart and joined by the corpus.

New columns: ``actor_names.surname`` (the surname of a person's full name, indexed: the full
names a bare surname may join) and ``mentions.surname`` / ``quotes.surname`` (set on the rows of
an actor the article named by its surname alone, so they can follow the corpus's decision for
that surname and move back when it becomes ambiguous).

The corpus keys changed with this version (surname-only actors, bare institutional nouns,
person names without middle initials), so the store rebuilds its actor tables from the stored
records right after this upgrade (:meth:`presslens.store.Store.rebuild_actors`); no article is
analysed again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("actor_names", "mentions", "quotes"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("surname", sa.String(400)))
            batch.create_index(f"ix_{table}_surname", ["surname"])


def downgrade() -> None:
    for table in ("actor_names", "mentions", "quotes"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_surname")
            batch.drop_column("surname")
