"""The store's schema: made, recognised and upgraded with Alembic, safely under concurrency.

A new store is made by running every migration; a store of an older version is upgraded in
place (on open, with a message, or by ``presslens db upgrade``), never refused with "re-ingest".
A store written before migrations existed (schema version 1, no ``alembic_version`` table) is
stamped as revision ``0001`` first. All of it runs inside the transaction that holds the schema
lock (a write lock on SQLite, an advisory lock on PostgreSQL), so eight processes opening one
new store at once make it once.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, select, text

from presslens.errors import StoreError

__all__ = ["SchemaChange", "head", "prepare_schema"]

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_SCHEMA_LOCK = 0x70726573  # PostgreSQL advisory lock id for making the schema ("pres")


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@functools.lru_cache(maxsize=1)
def head() -> str:
    """The schema revision this presslens writes (read from the migrations once, when first
    asked, so importing the store stays cheap)."""
    found = ScriptDirectory.from_config(_config_without_connection()).get_current_head()
    assert found is not None, "the store's migrations have no head"
    return found


def _config_without_connection() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


@dataclass(frozen=True, slots=True)
class SchemaChange:
    """What opening a store did to its schema: made it new, or upgraded it from a revision."""

    created: bool
    from_revision: str | None = None


def prepare_schema(
    connection: Connection, *, create: bool, upgrade: bool, where: str
) -> SchemaChange | None:
    """Make, check or upgrade the schema on ``connection`` (inside its transaction).

    Args:
        create: make the store when the database holds none.
        upgrade: bring an older store to :func:`head` (False: refuse it, for read-only use).
        where: the store's name for messages (password masked).

    Returns:
        None when the store was already current, else what was done.

    Raises:
        StoreError: no store and ``create`` is False; other tables; a store from a newer
            presslens; an older store and ``upgrade`` is False.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(select(text(f"pg_advisory_xact_lock({_SCHEMA_LOCK})")))
    tables = set(inspect(connection).get_table_names())
    config = _config(connection)
    if "store_meta" not in tables:
        if not create:
            raise StoreError(
                f"{where}: no presslens store here; make one with 'presslens ingest --db ...'"
            )
        if tables - {"alembic_version"}:
            raise StoreError(
                f"{where}: this database has other tables; give presslens an empty database or a "
                "new file"
            )
        if "alembic_version" in tables:  # left by a store whose tables were dropped
            connection.execute(text("DELETE FROM alembic_version"))
        command.upgrade(config, "head")
        return SchemaChange(created=True)
    if "alembic_version" not in tables:  # written before migrations: version 1
        version = connection.scalar(
            text("SELECT value FROM store_meta WHERE key = 'schema_version'")
        )
        if version != "1":
            raise StoreError(f"{where}: store schema version {version or 'unknown'} is unknown")
        if not upgrade:
            raise _needs_upgrade(where, "1")
        command.stamp(config, "0001")
    current = MigrationContext.configure(connection).get_current_revision()
    if current == head():
        return None
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if current not in known:
        raise StoreError(
            f"{where}: this store was written by a newer presslens (schema {current}); "
            "upgrade presslens to read it"
        )
    if not upgrade:
        raise _needs_upgrade(where, current or "?")
    log.info("upgrading the store %s from schema %s to %s", where, current, head())
    command.upgrade(config, "head")
    return SchemaChange(created=False, from_revision=current)


def _needs_upgrade(where: str, version: str) -> StoreError:
    return StoreError(
        f"{where}: the store has schema version {int(version)}, this presslens reads "
        f"{int(head())}; run 'presslens db upgrade --db ...' once (nothing is analysed again)"
    )
