"""Alembic's environment for the store: migrations run on the connection the store opened,
inside the transaction that holds the schema lock (see ``presslens.store.schema``)."""

from __future__ import annotations

from alembic import context

from presslens.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
