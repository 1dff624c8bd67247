"""Opening a store: a file path means SQLite, a URL any database SQLAlchemy can reach.

>>> database_url("corpus.db")                                   # doctest: +SKIP
'sqlite:////home/me/corpus.db'
>>> database_url("postgresql+psycopg://me@localhost/presslens")
'postgresql+psycopg://me@localhost/presslens'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from presslens.errors import StoreError

__all__ = ["DEFAULT_STORE", "ENV_STORE", "database_url", "open_engine", "safe_url"]

ENV_STORE = "PRESSLENS_DB"
"""Environment variable naming the store when ``--db`` is not given."""
DEFAULT_STORE = "presslens.db"
"""The store used when neither ``--db`` nor ``PRESSLENS_DB`` names one (SQLite, current folder)."""


def database_url(value: str | Path | None = None) -> str:
    """The SQLAlchemy URL for a ``--db`` value: a URL as given, a path as a SQLite URL.

    ``None`` falls back to ``$PRESSLENS_DB``, then ``presslens.db`` in the current folder.
    """
    raw = str(value) if value is not None else os.environ.get(ENV_STORE) or DEFAULT_STORE
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable database URL>"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the API, the UI) do not block ingest
    cursor.close()


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys and write-ahead logging.

    Raises:
        StoreError: the URL does not parse, names an unknown database or a missing driver, or the
            SQLite file's folder does not exist.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"{safe_url(url)}: not a database URL; give a file path (SQLite) or a URL such "
            "as postgresql+psycopg://user@host/db"
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise StoreError(f"{safe_url(url)}: the folder {folder} does not exist")
    try:
        engine = create_engine(parsed)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(
            f"{safe_url(url)}: no driver for this database ({exc}); for PostgreSQL install "
            "the psycopg package"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine
