"""Exports: every table streamed to Parquet, CSV or JSON Lines, read back by pyarrow, DuckDB and
pandas unchanged, with the search filters applied to every table."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sample_corpus import add_sample_corpus
from sqlalchemy import create_engine, text

from presslens.errors import QueryError
from presslens.store import Filters, Store
from presslens.store.export import arrow_schema, write_export
from presslens.store.queries import EXPORT_TABLES
from presslens.store.session import database_url


@pytest.fixture
def corpus(store: Store) -> Store:
    add_sample_corpus(store)
    store.add_failure("broken.html", "the page holds no article body")
    return store


def _count(store_db: str, table: str) -> int:
    engine = create_engine(database_url(store_db))
    with engine.connect() as connection:
        n = connection.scalar(text(f"SELECT count(*) FROM {table}"))  # our own table names
    engine.dispose()
    return int(n or 0)


def test_all_tables_to_parquet_read_by_pyarrow_duckdb_and_pandas(
    corpus: Store, store_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    counts = corpus.export("all", out)
    assert list(counts) == list(EXPORT_TABLES)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in EXPORT_TABLES)
    for table in EXPORT_TABLES:
        path = out / f"{table}.parquet"
        assert counts[table] == _count(store_db, table), table
        arrow = pq.read_table(path)
        assert arrow.schema.equals(arrow_schema(table)), table
        assert arrow.num_rows == counts[table]
        assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall() == [
            (counts[table],)
        ]
        assert len(pd.read_parquet(path)) == counts[table]
    assert counts["articles"] == 4 and counts["quotes"] == 5 and counts["failures"] == 1
    assert counts["claims"] == 0  # an empty table still has its columns
    assert pq.read_table(out / "claims.parquet").schema.names[:2] == ["id", "article_id"]


def test_parquet_types_and_values(corpus: Store, tmp_path: Path) -> None:
    corpus.export("all", tmp_path)
    articles = pq.read_table(tmp_path / "articles.parquet")
    assert "record" not in articles.schema.names
    types = {f.name: str(f.type) for f in articles.schema}
    assert types["id"] == "int64"
    assert types["title"] == "string"
    assert types["ingested_at"] == "timestamp[us, tz=UTC]"
    stored = articles.column("ingested_at").to_pylist()
    assert all(abs(datetime.now(UTC) - t) < timedelta(hours=1) for t in stored)
    quotes = duckdb.sql(
        f"SELECT q.speaker, q.confidence, a.title FROM read_parquet('{tmp_path}/quotes.parquet') q "
        f"JOIN read_parquet('{tmp_path}/articles.parquet') a ON a.id = q.article_id "
        "WHERE q.role = 'the foreign minister'"
    ).fetchall()
    assert quotes == [("Ali Sadr", 0.9, "A costly embargo")]
    frame = pd.read_parquet(tmp_path / "techniques.parquet")
    assert sorted(frame["label"]) == ["Flag-Waving", "Loaded_Language"]
    assert str(frame["start"].dtype) == "int64"
    assert str(frame["confidence"].dtype) == "float64"


def test_with_record_adds_the_json_record(corpus: Store, tmp_path: Path) -> None:
    path = tmp_path / "articles.parquet"
    corpus.export("articles", path, with_record=True)
    records = pq.read_table(path).column("record").to_pylist()
    assert all(json.loads(r)["schema"] == "presslens.article/1" for r in records)


def test_filters_reach_every_table(corpus: Store, tmp_path: Path) -> None:
    counts = corpus.export("all", tmp_path, filters=Filters(speaker="Ali Sadr"))
    articles = pq.read_table(tmp_path / "articles.parquet").column("source").to_pylist()
    assert articles == ["a2.txt", "a3.txt"]
    ids = set(pq.read_table(tmp_path / "articles.parquet").column("id").to_pylist())
    for table in ("mentions", "quotes", "quote_spans", "techniques"):
        assert set(pq.read_table(tmp_path / f"{table}.parquet").column("article_id").to_pylist())
        assert (
            set(pq.read_table(tmp_path / f"{table}.parquet").column("article_id").to_pylist())
            <= ids
        )
    actors = pq.read_table(tmp_path / "actors.parquet").column("name").to_pylist()
    assert sorted(actors) == ["Ali Sadr", "National Council of Resistance of Iran"]
    assert counts["quotes"] == 3 and counts["failures"] == 0


@pytest.mark.parametrize(
    ("filters", "sources"),
    [
        (Filters(query="sanctions"), ["a1.txt", "a2.txt"]),
        (Filters(query="sanctions", outlet="Daily B"), ["a2.txt"]),
        (Filters(technique="loaded language"), ["a1.txt"]),
        (Filters(genre="news", until=datetime(2024, 1, 1).date()), ["a4.txt"]),
        (Filters(query="no-such-word"), []),
    ],
)
def test_query_and_filters(
    corpus: Store, tmp_path: Path, filters: Filters, sources: list[str]
) -> None:
    path = tmp_path / "a.parquet"
    corpus.export("articles", path, filters=filters)
    assert pq.read_table(path).column("source").to_pylist() == sources


def test_a_bad_query_is_refused_and_writes_nothing(corpus: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QueryError):
        corpus.export("articles", out / "a.parquet", filters=Filters(query='"open'))
    assert list(out.iterdir()) == []


def test_csv_and_jsonl_read_back(corpus: Store, tmp_path: Path) -> None:
    corpus.export("quotes", tmp_path / "q.csv", format="csv")
    corpus.export("quotes", tmp_path / "q.jsonl", format="jsonl")
    corpus.export("articles", tmp_path / "a.jsonl", format="jsonl")
    frame = pd.read_csv(tmp_path / "q.csv")
    assert len(frame) == 5
    assert set(frame["speaker"]) == {"National Council of Resistance of Iran", "NCRI", "Ali Sadr",
                                     "Sadr", "someone"}  # fmt: skip
    lines = (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["content"] for line in lines] == list(frame["content"])
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{tmp_path}/q.csv')").fetchall() == [(5,)]
    article = json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert datetime.fromisoformat(article["ingested_at"]).tzinfo is not None


def test_small_batches_write_the_same_rows(corpus: Store, store_db: str, tmp_path: Path) -> None:
    corpus.export("mentions", tmp_path / "one.parquet")
    write_export(corpus._sessions, "mentions", tmp_path / "many.parquet", batch_rows=2)
    one, many = (pq.read_table(tmp_path / f"{n}.parquet") for n in ("one", "many"))
    assert many.equals(one)
    assert pq.ParquetFile(tmp_path / "many.parquet").metadata.num_row_groups > 1


def test_unknown_table_or_format(corpus: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no table 'store_meta'"):
        corpus.export("store_meta", tmp_path / "x.parquet")
    with pytest.raises(ValueError, match="no export format 'xlsx'"):
        corpus.export("articles", tmp_path / "x.xlsx", format="xlsx")  # type: ignore[arg-type]


def test_schema_is_fixed_whatever_the_rows(tmp_path: Path) -> None:
    schema = arrow_schema("quotes")
    assert schema.field("speaker_start").type == pa.int64()
    assert schema.field("confidence").type == pa.float64()
    assert schema.metadata == {b"presslens.table": b"quotes"}
