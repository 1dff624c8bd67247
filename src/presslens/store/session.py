"""Opening a store: a file path means SQLite, a URL any database SQLAlchemy can reach.

>>> database_url("corpus.db")                                   # doctest: +SKIP
'sqlite:////home/me/corpus.db'
>>> database_url("postgresql+psycopg://me@localhost/presslens")
'postgresql+psycopg://me@localhost/presslens'

SQLite, which several processes may open at once (two ingests, a query beside an ingest):

- write-ahead logging, so readers never block the writer, and a busy timeout, so a writer waits
  for another instead of failing with "database is locked";
- every transaction of a writable store begins with ``BEGIN IMMEDIATE``: it takes the write lock
  first, so two writers queue up rather than deadlock (SQLite refuses to upgrade a read lock
  while another connection writes, whatever the busy timeout);
- a read-only store is opened with ``mode=ro``, never creates a file, and works on a read-only
  mount (``immutable=1`` when the folder cannot be written, since nobody can write there).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from presslens.errors import StoreError

__all__ = [
    "BUSY_TIMEOUT_S",
    "DEFAULT_STORE",
    "ENV_STORE",
    "database_url",
    "open_engine",
    "safe_url",
    "sqlite_path",
]

ENV_STORE = "PRESSLENS_DB"
"""Environment variable naming the store when ``--db`` is not given."""
DEFAULT_STORE = "presslens.db"
"""The store used when neither ``--db`` nor ``PRESSLENS_DB`` names one (SQLite, current folder)."""
BUSY_TIMEOUT_S = 60.0
"""How long a SQLite writer waits for another one before giving up."""


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


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _writer_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" event below emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the API, the UI) do not block ingest
    cursor.close()


def _reader_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def open_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for ``url``; for SQLite the locking set up described in the module docstring.

    Args:
        url: a SQLAlchemy URL (see :func:`database_url`).
        readonly: open an existing SQLite file read-only (other databases: no change; the
            commands that read only never write).

    Raises:
        StoreError: the URL does not parse, names an unknown database or a missing driver, the
            SQLite file's folder does not exist, or (``readonly``) the SQLite file does not.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"{safe_url(url)}: not a database URL; give a file path (SQLite) or a URL such "
            "as postgresql+psycopg://user@host/db"
        ) from None
    path = sqlite_path(url)
    if path is not None:
        if not path.parent.is_dir():
            raise StoreError(f"{safe_url(url)}: the folder {path.parent} does not exist")
        if readonly:
            if not path.is_file():
                raise StoreError(
                    f"{path}: no presslens store here; make one with 'presslens ingest --db ...'"
                )
            immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
            parsed = make_url(f"sqlite:///file:{quote(str(path))}?mode=ro{immutable}&uri=true")
    try:
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S} if path else {})
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(
            f"{safe_url(url)}: no driver for this database ({exc}); for PostgreSQL install "
            "the psycopg package"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _reader_pragmas if readonly else _writer_pragmas)
        event.listen(engine, "begin", _begin if readonly else _begin_immediate)
    return engine
