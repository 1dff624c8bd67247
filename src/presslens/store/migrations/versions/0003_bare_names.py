"""Schema version 3: names written alone, decided by the whole corpus.

New columns: ``actor_names.surname`` (the surname of a person's full name, indexed: the full
names a bare surname may join); ``mentions.bare``, ``quotes.bare`` and ``claims.bare`` (set on
the rows of an actor its article named by one word only, so they can follow the corpus's
decision for that name and move when it changes); ``mentions.type`` (the type the article gave
the actor).

The corpus keys changed with this version (bare names, bare institutional nouns, person names
without middle initials), so the store rebuilds its actor tables from the stored records right
after this upgrade (:meth:`presslens.store.Store.rebuild_actors`); no article is analysed again.

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
    with op.batch_alter_table("actor_names") as batch:
        batch.add_column(sa.Column("surname", sa.String(400)))
        batch.create_index("ix_actor_names_surname", ["surname"])
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("type", sa.String(32)))
        batch.add_column(sa.Column("bare", sa.String(400)))
        batch.create_index("ix_mentions_bare", ["bare", "type"])
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("bare", sa.String(400)))
        batch.create_index("ix_quotes_bare", ["bare"])
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("bare", sa.String(400)))
        batch.create_index("ix_claims_bare", ["bare"])


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_bare")
        batch.drop_column("bare")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_index("ix_quotes_bare")
        batch.drop_column("bare")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_index("ix_mentions_bare")
        batch.drop_column("bare")
        batch.drop_column("type")
    with op.batch_alter_table("actor_names") as batch:
        batch.drop_index("ix_actor_names_surname")
        batch.drop_column("surname")
