"""Store tests run on SQLite, and on PostgreSQL when ``PRESSLENS_TEST_POSTGRES_URL`` names one.

CI starts a PostgreSQL server, sets the variable and ``PRESSLENS_REQUIRE_POSTGRES=1``
(``.ci/run``); with the latter the PostgreSQL cases fail instead of skipping when the server is
missing, so they cannot silently stop running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from presslens.store import Store

POSTGRES_ENV = "PRESSLENS_TEST_POSTGRES_URL"


def _empty_postgres() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("PRESSLENS_REQUIRE_POSTGRES"):
            pytest.fail(f"PRESSLENS_REQUIRE_POSTGRES is set but {POSTGRES_ENV} is not")
        pytest.skip(f"set {POSTGRES_ENV} to run the store tests on PostgreSQL too")
    engine = create_engine(url)
    with engine.begin() as connection:  # tables, FTS columns and alembic_version alike
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store location: a SQLite file, or the test PostgreSQL database emptied."""
    return str(tmp_path / "corpus.db") if request.param == "sqlite" else _empty_postgres()


@pytest.fixture
def store(store_db: str) -> Iterator[Store]:
    with Store(store_db) as opened:
        yield opened
