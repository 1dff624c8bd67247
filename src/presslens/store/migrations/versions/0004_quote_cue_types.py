"""Schema version 4: each quotation's cue type.

New column: ``quotes.cue_type`` (speech, writing, belief, intention, perception or other;
indexed), so the ``quotes`` and ``speakers`` lists can keep to what people said and wrote.
Quotations stored before this version keep NULL (their analysis did not tell the types apart)
and are listed under every choice of cue types.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("cue_type", sa.String(16)))
        batch.create_index("ix_quotes_cue_type", ["cue_type"])


def downgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.drop_index("ix_quotes_cue_type")
        batch.drop_column("cue_type")
