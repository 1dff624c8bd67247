"""The store's schema history, as Alembic migrations (``versions/``), applied by
:mod:`presslens.store.schema`."""
