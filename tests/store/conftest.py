"""Store tests run on SQLite, and on PostgreSQL when ``PRESSLENS_TEST_POSTGRES_URL`` names one
(see the ``postgres_url`` fixture in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from presslens.store import Store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store location: a SQLite file, or the test PostgreSQL database emptied."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_db: str) -> Iterator[Store]:
    with Store(store_db) as opened:
        yield opened
