"""A store written by schema version 1 is upgraded in place, every row accounted for."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from presslens.cli.app import app
from presslens.errors import StoreError
from presslens.records import Article
from presslens.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-v1.db"
V1_TABLES = ("articles", "actors", "actor_names", "mentions", "quotes", "failures")
runner = CliRunner()


def _rows(url: str, query: str) -> list[Any]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = list(connection.execute(text(query)))
    engine.dispose()
    return rows


def _v1_store(store_db: str, tmp_path: Path) -> str:
    """The fixture's version-1 store, as a file (SQLite) or loaded into PostgreSQL."""
    if "://" not in store_db:
        shutil.copy(FIXTURE, store_db)
        return f"sqlite:///{store_db}"
    from alembic import command

    from presslens.store.schema import _config

    engine = create_engine(store_db)
    with engine.begin() as connection:  # the version-1 tables, then the fixture's rows
        command.upgrade(_config(connection), "0001")
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("DELETE FROM store_meta"))
        source = sqlite3.connect(FIXTURE)
        for table in ("store_meta", *V1_TABLES):
            cursor = source.execute(f"SELECT * FROM {table}")
            names = [c[0] for c in cursor.description]
            quoted = ", ".join(f'"{n}"' for n in names)
            params = ", ".join(f":{n}" for n in names)
            for row in cursor:
                connection.execute(
                    text(f"INSERT INTO {table} ({quoted}) VALUES ({params})"),
                    dict(zip(names, row, strict=True)),
                )
        for table in ("articles", "actors", "mentions", "quotes"):
            connection.execute(
                text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
            )
    engine.dispose()
    return store_db


def test_a_version_1_store_is_upgraded_with_every_row(store_db: str, tmp_path: Path) -> None:
    url = _v1_store(store_db, tmp_path)
    before = {t: _rows(url, f"SELECT * FROM {t} ORDER BY 1") for t in V1_TABLES}
    with pytest.raises(StoreError, match="presslens db upgrade"):
        Store(url, readonly=True)  # a query never changes a store behind the user's back
    result = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert result.exit_code == 0, result.output
    assert "from schema 1 to 4" in result.stderr

    # The version-1 rows are all there, unchanged in what they held; the corpus actors were
    # made again from the records (schema 3 keys), so only the links to them may differ.
    actor_links = {"quotes": 2}  # quotes.actor_id
    for table in ("articles", "quotes", "failures"):
        after = _rows(url, f"SELECT * FROM {table} ORDER BY 1")
        skip = actor_links.get(table)
        assert [
            tuple(v for i, v in enumerate(a[: len(r)]) if i != skip)
            for a, r in zip(after, before[table], strict=True)
        ] == [tuple(v for i, v in enumerate(r) if i != skip) for r in before[table]], table
    spans = 'SELECT article_id, start, "end", text FROM mentions ORDER BY 1, 2, 3'
    assert _rows(url, spans) == sorted(tuple(m[1:2] + m[3:6]) for m in before["mentions"])
    old_names = {row[1] for row in before["actor_names"]}
    new_names = {row[0] for row in _rows(url, "SELECT name FROM actor_names")}
    assert old_names - new_names == {"Council", "Senate", "Congress"}  # bare: their article's

    # The new tables hold what each stored record says.
    for article_id, raw, body in _rows(url, "SELECT id, record, text FROM articles"):
        record = Article.from_dict(json.loads(raw))
        where = f"WHERE article_id = {article_id}"
        entities = _rows(url, f'SELECT start, "end", text, label FROM entities {where}')
        assert sorted(entities) == sorted(
            (e.start, e.end, e.text, e.label) for e in record.entities
        )
        techniques = _rows(url, f'SELECT start, "end", text, label FROM techniques {where}')
        assert sorted(techniques) == sorted(
            (t.start, t.end, t.text, t.technique) for t in record.techniques
        )
        instruments = _rows(url, f"SELECT name, kind FROM instruments {where}")
        assert sorted(instruments) == sorted((i.name, i.kind) for i in record.instruments)
        spans = _rows(url, f'SELECT start, "end", text FROM quote_spans {where}')
        assert sorted(spans) == sorted(
            (s.start, s.end, s.text) for q in record.quotes for s in q.content
        )
        for start, end, piece in spans:
            assert body[start:end] == piece
        speakers = _rows(url, f"SELECT speaker, speaker_start, speaker_end FROM quotes {where}")
        for speaker, start, end in speakers:
            assert speaker is None or body[start:end] == speaker
        affiliation = _rows(url, f"SELECT organisation, actor_id FROM affiliations {where}")
        if record.affiliation is not None:
            assert affiliation[0][0] == record.affiliation.organisation
            assert affiliation[0][1] is not None  # the corpus actor it names
        else:
            assert affiliation == []
    votes = _rows(url, "SELECT sum(mentions) FROM actor_types")[0][0]
    bare_people = "SELECT count(*) FROM mentions WHERE bare IS NOT NULL AND type = 'person'"
    by_surname = _rows(url, bare_people)[0][0]
    assert votes + by_surname == len(before["mentions"])  # a bare person's mentions vote there
    linked = _rows(url, "SELECT count(*) FROM quotes WHERE actor_id IS NOT NULL")[0][0]
    assert linked == sum(1 for q in before["quotes"] if q[2] is not None)

    # It opens as a current store.
    with Store(url) as store:
        assert store.schema_change is None
        assert store.count() == 3
        assert store.failures() == [("missing-page.html", before["failures"][0][1])]


def test_opening_an_old_store_for_writing_upgrades_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    with Store(path) as store:
        assert store.schema_change is not None
        assert store.schema_change.from_revision == "0001"
        assert store.count() == 3
