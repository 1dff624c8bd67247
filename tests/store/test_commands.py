"""``presslens search``, ``quotes`` and ``export`` in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from sample_corpus import FULL, add_sample_corpus
from typer.testing import CliRunner

from presslens.cli.app import app
from presslens.cli.export import ExportTable
from presslens.store import Store
from presslens.store.queries import EXPORT_TABLES

runner = CliRunner()


@pytest.fixture
def db(store_db: str) -> str:
    with Store(store_db) as store:
        add_sample_corpus(store)
    return store_db


def _run(*args: str, columns: int = 80) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": str(columns)})


def _fits(output: str, columns: int = 80) -> bool:
    return all(len(line.rstrip()) <= columns for line in output.splitlines())


def test_search_json(db: str) -> None:
    result = _run("search", "sanctions", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert [(h["rank"], h["source"]) for h in hits] == [(1, "a1.txt"), (2, "a2.txt")]
    assert "«sanctions»" in hits[0]["snippet"]
    assert {"article_id", "date", "outlet", "title", "source", "score"} <= hits[0].keys()


def test_search_csv_with_filters(db: str) -> None:
    result = _run(
        "search", "sanction* OR pressure", "--db", db, "-f", "csv", "--outlet", "Daily A",
        "--genre", "analysis", "--since", "2000-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert list(csv.DictReader(io.StringIO(result.stdout))) == []  # a3 is undated
    result = _run(
        "search", "sanction* OR pressure", "--db", db, "-f", "csv", "--until", "2024-03-01"
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["source"] for r in rows] == ["a1.txt"]
    assert rows[0]["outlet"] == "Daily A" and "«" in rows[0]["snippet"]


@pytest.mark.parametrize(
    ("options", "found"),
    [
        (["--speaker", "NCRI"], ["a1.txt", "a2.txt"]),
        (["--speaker", FULL], ["a1.txt", "a2.txt"]),
        (["--technique", "Loaded_Language"], ["a1.txt"]),
        (["--technique", "loaded LANGUAGE"], ["a1.txt"]),
        (["--technique", "Doubt"], []),  # a technique no article here uses
        (["--limit", "1"], ["a1.txt"]),
        (["--limit", "1", "--offset", "1"], ["a2.txt"]),
    ],
)
def test_search_options(db: str, options: list[str], found: list[str]) -> None:
    result = _run("search", "sanction*", "--db", db, "-f", "json", *options)
    assert result.exit_code == 0, result.output
    assert [h["source"] for h in json.loads(result.stdout)] == found


def test_search_at_80_columns_prints_blocks(db: str) -> None:
    result = _run("search", "sanctions", "--db", db, "--limit", "1")
    assert result.exit_code == 0, result.output
    assert _fits(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0] == " 1. Sanctions on Iran stay"
    assert "2024-03-01 · Daily A · news · article" in lines[1]
    assert "--offset 1 for more" in result.stdout
    assert "«" not in result.stdout and "\ue000" not in result.stdout


def test_search_wide_prints_a_table(db: str) -> None:
    result = _run("search", "embargo", "--db", db, columns=160)
    assert result.exit_code == 0, result.output
    assert "Articles, best match first" in result.stdout
    assert "A costly embargo" in result.stdout and "\ue000" not in result.stdout
    assert _fits(result.stdout, 160)


def test_search_in_quotes(db: str) -> None:
    result = _run("search", "sanctions OR embargo", "--in", "quotes", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {q["content"] for q in found} == {
        "“The sanctions must stay in place.”",
        "“Again the embargo hurts families,”",
    }
    assert all(q["actor"] == FULL for q in found)
    assert all("«" in q["snippet"] for q in found)
    narrow = _run("search", "embargo", "--in", "quotes", "--db", db)
    assert narrow.stdout.splitlines()[0].startswith(f" 1. NCRI → {FULL}")
    assert _fits(narrow.stdout)


def test_no_results(db: str) -> None:
    assert "No articles match" in _run("search", "zebra", "--db", db).stdout
    assert json.loads(_run("search", "zebra", "--db", db, "-f", "json").stdout) == []
    assert _run("search", "zebra", "--db", db, "-f", "csv").stdout.startswith("rank,article_id")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"sanctions', "unbalanced quotation mark"),
        ("NOT sanctions", "only says what to leave out"),
        ("'); DROP TABLE articles; --", "unbalanced parenthesis"),
        ("x" * 1001, "the most is 1,000"),
        ("", "nothing to search for"),
    ],
)
def test_bad_queries_exit_2_in_one_line(db: str, query: str, message: str) -> None:
    result = _run("search", query, "--db", db)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_hostile_words_are_only_words(db: str) -> None:
    result = _run("search", "x'; DROP TABLE articles; --", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    with Store(db, readonly=True) as store:
        assert store.count() == 4


def test_unknown_names(db: str) -> None:
    nobody = _run("search", "sanctions", "--db", db, "--speaker", "Nobody")
    assert nobody.exit_code == 3
    assert "no actor named 'Nobody'" in nobody.stderr
    typo = _run("search", "sanctions", "--db", db, "--technique", "loaded lang")
    assert typo.exit_code == 2
    assert "no persuasion technique 'loaded lang'" in typo.stderr
    assert _run("search", "x", "--db", db, "--since", "May").exit_code == 2


def test_quotes_of_a_speaker(db: str) -> None:
    result = _run("quotes", "--speaker", "NCRI", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(q["speaker"], q["actor"], q["date"]) for q in rows] == [
        (FULL, FULL, "2024-03-01"),
        ("NCRI", FULL, "2024-04-15T09:30:00"),
    ]
    assert "snippet" not in rows[0]
    keys = {"speaker_resolved", "role", "cue", "kind", "content", "title", "outlet", "article_id"}
    assert keys <= rows[0].keys()


def test_quotes_at_80_columns(db: str) -> None:
    result = _run("quotes", "--speaker", "Ali Sadr", "--db", db)
    assert result.exit_code == 0, result.output
    assert _fits(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0] == " 1. Ali Sadr  (“said”, direct)"
    assert lines[1] == "    the foreign minister"
    assert lines[2] == "    “No deal without inspections,”"
    assert lines[3].startswith("    2024-04-15 · Daily B · A costly embargo · article")
    assert lines[4] == " 2. Sadr → Ali Sadr  (“said”, direct)"
    wide = _run("quotes", "--speaker", "Ali Sadr", "--db", db, columns=160)
    assert "Quotations" in wide.stdout and "the foreign minister" in wide.stdout


def test_quotes_about_and_filters(db: str) -> None:
    dates = ["--since", "2024-01-01", "--until", "2024-12-31"]
    result = _run("quotes", "--about", "pressure OR inspections", "--db", db, "-f", "csv",
                  "--outlet", "Daily B", *dates)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["speaker"], r["snippet"]) for r in rows] == [
        ("Ali Sadr", "“No deal without «inspections»,”")
    ]
    everything = json.loads(_run("quotes", "--db", db, "-f", "json", "--limit", "2").stdout)
    assert [q["source"] for q in everything] == ["a4.txt", "a1.txt"]
    assert _run("quotes", "--about", "(", "--db", db).exit_code == 2


def test_export_all_to_parquet_then_duckdb(db: str, tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = _run("export", "all", "--db", db, "--out", str(out), "--speaker", "NCRI")
    assert result.exit_code == 0, result.output
    assert "articles 2" in result.stderr and "quotes 3" in result.stderr
    titles = duckdb.sql(
        f"SELECT title FROM read_parquet('{out}/articles.parquet') ORDER BY id"
    ).fetchall()
    assert titles == [("Sanctions on Iran stay",), ("A costly embargo",)]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_one_table(db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"quotes.{fmt}"
    result = _run("export", "quotes", "--db", db, "--out", str(out), "-f", fmt,
                  "--query", "embargo OR inspections")  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = "read_csv" if fmt == "csv" else "read_json"
    assert duckdb.sql(f"SELECT count(*) FROM {reader}('{out}')").fetchall() == [(2,)]


def test_export_refuses_an_unwritable_out_first(db: str, tmp_path: Path) -> None:
    missing = _run("export", "articles", "--db", db, "--out", str(tmp_path / "no" / "a.parquet"))
    assert missing.exit_code == 3
    assert "does not exist" in missing.stderr
    a_file = tmp_path / "file"
    a_file.write_text("")
    assert _run("export", "all", "--db", db, "--out", str(a_file)).exit_code == 3
    assert _run("export", "articles", "--db", db, "--out", str(tmp_path)).exit_code == 3
    # Refused before the store is even opened: no store needed.
    nothing = _run("export", "all", "--db", "none.db", "--out", str(a_file))
    assert nothing.exit_code == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_export_refuses_a_read_only_folder(db: str, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result = _run("export", "articles", "--db", db, "--out", str(locked / "a.parquet"))
    assert result.exit_code == 3
    assert "not writable" in result.stderr


def test_export_bad_query_exits_2(db: str, tmp_path: Path) -> None:
    result = _run("export", "articles", "--db", db, "--out", str(tmp_path / "a.parquet"),
                  "--query", "-only")  # fmt: skip
    assert result.exit_code == 2
    assert not (tmp_path / "a.parquet").exists()


def test_export_tables_match_the_store() -> None:
    assert [t.value for t in ExportTable] == ["all", *EXPORT_TABLES]


def test_hits_are_bold_on_a_terminal(db: str) -> None:
    result = runner.invoke(
        app, ["search", "embargo", "--db", db], env={"COLUMNS": "80", "FORCE_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    assert "\x1b[1membargo\x1b[0m" in result.stdout
