"""``presslens ingest`` and ``presslens speakers`` in-process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from presslens.cli.app import app

runner = CliRunner()


def _ingest(fixtures: Path, db: Path, *extra: str) -> None:
    result = runner.invoke(app, ["ingest", str(fixtures / "corpus"), "--db", str(db), *extra])
    assert result.exit_code == 0, result.output
    assert "2 stored" in result.stderr


def test_ingest_then_speakers(fixtures: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    _ingest(fixtures, db)
    table = runner.invoke(app, ["speakers", "--db", str(db)], env={"COLUMNS": "160"})
    assert table.exit_code == 0, table.output
    assert "Coastal Resilience Alliance" in table.stdout
    assert "CRA" in table.stdout

    rows = json.loads(runner.invoke(app, ["speakers", "--db", str(db), "-f", "json"]).stdout)
    alliance = next(r for r in rows if r["name"] == "Coastal Resilience Alliance")
    assert alliance["quotes"] == 2

    out = runner.invoke(app, ["speakers", "--db", str(db), "-f", "csv", "--type", "person"])
    people = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {p["type"] for p in people} == {"person"}
    assert "Maria Lindqvist" in {p["name"] for p in people}


def test_timeline(fixtures: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    _ingest(fixtures, db)
    result = runner.invoke(app, ["timeline", "CRA", "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["actor"] == "Coastal Resilience Alliance"
    # "Coastal Resilience Alliance (CRA)"; "the CRA", "the CRA", "the group" in the other article
    assert data["periods"] == [{"period": None, "quotes": 2, "mentions": 5, "articles": 2}]
    table = runner.invoke(app, ["timeline", "Coastal Resilience Alliance", "--db", str(db)])
    assert "undated" in table.stdout
    missing = runner.invoke(app, ["timeline", "Nobody", "--db", str(db)])
    assert missing.exit_code == 3
    assert "no actor named 'Nobody'" in missing.stderr


def test_rerun_skips_what_is_stored(fixtures: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    _ingest(fixtures, db)
    again = runner.invoke(app, ["ingest", str(fixtures / "corpus"), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "0 stored, 2 already stored" in again.stderr


def test_alias_file_names_the_merged_actor(fixtures: Path, tmp_path: Path) -> None:
    rules = tmp_path / "aliases.toml"
    rules.write_text(
        '[[aliases]]\ncanonical = "Harbor City Resilience Alliance"\naliases = ["CRA"]\n'
    )
    db = tmp_path / "c.db"
    _ingest(fixtures, db, "--aliases", str(rules))
    rows = json.loads(runner.invoke(app, ["speakers", "--db", str(db), "-f", "json"]).stdout)
    merged = next(r for r in rows if r["name"] == "Harbor City Resilience Alliance")
    assert merged["quotes"] == 2
    assert "Coastal Resilience Alliance" in merged["names"]


def test_failures_exit_3_and_are_named(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "empty.txt"), "missing.txt", "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 3
    assert "empty.txt" in result.stderr
    assert "missing.txt: does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_speakers_without_a_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["speakers", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 4
    assert "no presslens store" in result.stderr


def test_bad_dates_and_no_sources_are_usage_errors(tmp_path: Path) -> None:
    bad_date = runner.invoke(app, ["speakers", "--db", str(tmp_path / "x.db"), "--since", "May"])
    assert bad_date.exit_code == 2
    assert "YYYY-MM-DD" in bad_date.stderr
    nothing = runner.invoke(app, ["ingest", "--db", str(tmp_path / "x.db")])
    assert nothing.exit_code == 2


def test_joining_surnames_can_be_switched_off(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("“We will win,” said Senator Margaret Olvera on Monday.\n")
    (pages / "b.txt").write_text("“The vote is close,” said Ms. Olvera on Tuesday.\n")
    (pages / "c.txt").write_text("“It is over,” said Senator Margaret Olvera on Friday.\n")
    db = tmp_path / "c.db"

    def speakers(*extra: str) -> list[tuple[str, int]]:
        result = runner.invoke(app, ["ingest", str(pages), "--db", str(db), "--force", *extra])
        assert result.exit_code == 0, result.output
        out = runner.invoke(app, ["speakers", "--db", str(db), "-f", "json"]).stdout
        return sorted((row["name"], row["quotes"]) for row in json.loads(out))

    assert speakers("--no-join-surnames") == [("Margaret Olvera", 2), ("Olvera", 1)]
    assert speakers() == [("Margaret Olvera", 3)]
