"""The Dask engine on a LocalCluster of 2 worker processes on loopback: the same tables as
`presslens export`, failures recorded, a worker lost mid-run costs no row twice, a rerun
skips finished partitions."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from presslens import PipelineConfig  # noqa: E402
from presslens.runners.dask import ID_STRIDE, ingest, plan  # noqa: E402
from presslens.store.export import arrow_schema  # noqa: E402

pytestmark = pytest.mark.slow

BODY = (
    "Report {i}: the council met on day {i} and voted to delay the levy by a year, officials "
    'said. Maria Lopez, who chairs the finance committee, said "the delay will cost the city '
    '{i} million" and that the flood maps had been ignored for a decade.\n'
)


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    pages = tmp_path / "pages"
    pages.mkdir()
    names = []
    for i in range(10):
        page = pages / f"{i:02}.txt"
        page.write_text(BODY.format(i=i))
        names.append(str(page))
    (pages / "empty.txt").write_text("   ")
    (pages / "doc.pdf.txt").write_bytes(b"%PDF-1.7 \x00\x01\x02")
    return [*names, str(pages / "empty.txt"), str(pages / "doc.pdf.txt"), str(pages / "gone.txt")]


@pytest.fixture(scope="module")
def client() -> object:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        memory_limit="2GiB",
    )
    with distributed.Client(cluster) as opened:
        yield opened
    cluster.close()


def _table(out: Path, name: str) -> object:
    return pq.read_table(out / name, schema=arrow_schema(name))


def test_a_corpus_on_two_workers_gives_the_export_tables(corpus: list[str], tmp_path: Path,
                                                          client: object) -> None:  # fmt: skip
    out = tmp_path / "out"
    config = PipelineConfig(analyses=("actors", "quotes"))
    report = ingest(corpus, out, client=client, config=config, partition_size=4)
    assert report.stored == 10
    assert len(report.failed) == 3  # empty, binary, missing: recorded, never fatal
    articles = _table(out, "articles")
    assert articles.num_rows == 10
    ids = articles.column("id").to_pylist()
    assert len(set(ids)) == 10  # unique across partitions
    assert {i // ID_STRIDE for i in ids} == {0, 1, 2}
    failures = _table(out, "failures").column("source").to_pylist()
    assert {Path(s).name for s in failures} == {"empty.txt", "doc.pdf.txt", "gone.txt"}
    quotes = _table(out, "quotes")
    assert quotes.num_rows >= 10
    assert set(quotes.column("article_id").to_pylist()) <= set(ids)
    assert arrow_schema("articles").names == articles.schema.names

    # A rerun skips every finished partition.
    again = ingest(corpus, out, client=client, config=config, partition_size=4)
    assert again.skipped_partitions == len(plan(corpus, partition_size=4))
    assert _table(out, "articles").num_rows == 10


def test_a_worker_lost_mid_run_costs_no_row_twice(corpus: list[str], tmp_path: Path,
                                                  client: object) -> None:  # fmt: skip
    out = tmp_path / "out"
    config = PipelineConfig(analyses=())
    futures_done: list[str] = []

    def kill_one_worker(report: object, done: int, total: int) -> None:
        futures_done.append(str(done))
        if done == 1:  # after the first partition, one worker process is killed mid-task
            pids = client.run(os.getpid)  # type: ignore[attr-defined]
            os.kill(sorted(pids.values())[0], signal.SIGKILL)

    report = ingest(corpus, out, client=client, config=config, partition_size=2,
                    progress=kill_one_worker)  # fmt: skip
    assert report.stored == 10
    articles = _table(out, "articles")
    sources = articles.column("source").to_pylist()
    assert len(sources) == len(set(sources)) == 10  # every page once, none twice


def test_without_dask_the_engine_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, corpus: list[str], tmp_path: Path
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_distributed(name: str, *args: object, **kwargs: object) -> object:
        if name == "distributed" or name.startswith("distributed."):
            raise ModuleNotFoundError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'presslens\[dask\]'"):
        ingest(corpus, tmp_path / "out", local_workers=1)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_articles_also_go_into_a_store(
    backend: str, corpus: list[str], tmp_path: Path, client: object, request: pytest.FixtureRequest
) -> None:
    from presslens.store import Store

    db = (
        request.getfixturevalue("postgres_url") if backend == "postgres" else str(tmp_path / "s.db")
    )
    config = PipelineConfig(analyses=("actors", "quotes"))
    report = ingest(corpus[:6], tmp_path / "out", client=client, db=db, config=config,
                    partition_size=2)  # fmt: skip
    assert report.stored == 6
    with Store(db, readonly=True) as store:
        assert store.count() == 6
        names = {row.name for row in store.speakers(limit=50)}
        assert "Maria Lopez" in names  # one actor across the partitions' articles


def test_the_cli_engine_option(corpus: list[str], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from presslens.cli.app import app

    out = tmp_path / "parquet"
    result = CliRunner().invoke(
        app, ["ingest", *corpus[:3], "--engine", "dask", "--local-workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "3 stored" in result.stderr
    assert _table(out, "articles").num_rows == 3
