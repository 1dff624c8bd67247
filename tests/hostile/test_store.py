"""Many processes on one store; read-only commands never create or write anything."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli.app import app
from presslens.store import Store

runner = CliRunner()


def _open(path: str, results: multiprocessing.Queue[str | None]) -> None:  # type: ignore[type-arg]
    try:
        with Store(path) as store:
            store.count()
        results.put(None)
    except Exception as exc:  # the test reports whatever went wrong
        results.put(repr(exc))


@pytest.mark.slow
def test_eight_processes_create_one_new_store_at_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    failures: list[str] = []
    for attempt in range(25):
        path = str(tmp_path / f"store-{attempt}.db")
        results: multiprocessing.Queue[str | None] = context.Queue()  # type: ignore[type-arg]
        processes = [context.Process(target=_open, args=(path, results)) for _ in range(8)]
        for process in processes:
            process.start()
        failures += [error for _ in processes if (error := results.get(timeout=120))]
        for process in processes:
            process.join(timeout=30)
    assert failures == []


def test_a_query_command_never_creates_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    for command in (["speakers"], ["timeline", "NCRI"]):
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 4
        assert "no presslens store here" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def _can_mount() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_mount(), reason="needs unshare -m to make a read-only mount")
def test_queries_work_on_a_read_only_mount(tmp_path: Path, fixtures: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "c.db"
    assert runner.invoke(app, ["ingest", str(fixtures / "corpus"), "--db", str(db)]).exit_code == 0
    query = "from presslens.cli.app import main; main()"
    script = (
        f'mount --bind "{folder}" "{folder}" && mount -o remount,ro,bind "{folder}" && '
        f'exec "{sys.executable}" -c "{query}" speakers --db "{db}" --format csv'
    )
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Coastal Resilience Alliance" in result.stdout


def _ingest(db: str, names: list[str], results: multiprocessing.Queue[str]) -> None:  # type: ignore[type-arg]
    from presslens import Pipeline, PipelineConfig
    from presslens.runners import ingest

    try:
        with Store(db) as store:
            report = ingest(store, Pipeline(PipelineConfig(analyses=())), names)
        results.put(f"{report.stored} {len(report.failed)}")
    except Exception as exc:  # the test reports whatever went wrong
        results.put(repr(exc))


@pytest.mark.slow
def test_two_ingests_into_one_store_at_once_lose_nothing(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    names = []
    for i in range(24):
        page = pages / f"{i:02}.txt"
        page.write_text(
            f"Report {i}: the council met on day {i} and voted to delay the levy by a year, "
            f"officials said. Maria Lopez said the delay would cost the city {i} million.\n"
        )
        names.append(str(page))
    db = str(tmp_path / "c.db")
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[str] = context.Queue()  # type: ignore[type-arg]
    # Two overlapping halves, in opposite orders, so the writers meet on the same sources.
    runs = [names[:16], list(reversed(names[8:]))]
    processes = [context.Process(target=_ingest, args=(db, run, results)) for run in runs]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert all(o.endswith(" 0") for o in outcomes), outcomes  # no failures, no exceptions
    with Store(db, readonly=True) as store:
        assert store.sources() == set(names)
        assert store.count() == 24
        assert store.failures() == []
