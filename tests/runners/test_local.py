"""Local ingest: folders and lists in, one stored article per source, resumable, nothing lost."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from presslens import Pipeline
from presslens.errors import SourceNotFoundError
from presslens.runners import collect_sources, ingest
from presslens.runners.local import Event
from presslens.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "c.db") as opened:
        yield opened


@pytest.fixture
def corpus(fixtures: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    shutil.copytree(fixtures / "corpus", folder)
    return folder


def test_collect_sources_expands_folders_and_lists(corpus: Path, tmp_path: Path) -> None:
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    (corpus / "saved.html.gz").write_bytes(b"")
    (corpus / "archive.tar.gz").write_bytes(b"")
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "x.txt").write_text("x")
    listing = tmp_path / "list.txt"
    listing.write_text("# my sources\nhttps://example.org/a\n\n" + str(corpus / "cra-wall.txt"))
    names = collect_sources([str(corpus), "missing.html"], listing)
    assert names == [
        str(corpus / "alliance-levy.txt"),
        str(corpus / "cra-wall.txt"),
        str(corpus / "saved.html.gz"),
        "missing.html",
        "https://example.org/a",
    ]


@pytest.mark.parametrize("bad", ["-", "no-such-list.txt"])
def test_collect_sources_refuses_stdin_and_missing_lists(bad: str, tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError):
        if bad == "-":
            collect_sources(["-"])
        else:
            collect_sources([], tmp_path / bad)


def test_ingest_stores_merges_and_resumes(pipeline: Pipeline, corpus: Path, store: Store) -> None:
    shutil.copy(corpus / "cra-wall.txt", corpus / "copy-of-wall.txt")
    (corpus / "empty.txt").write_text(" \n")
    events: list[tuple[Event, str]] = []
    sources = collect_sources([str(corpus)])
    report = ingest(store, pipeline, sources, progress=lambda e, s, _: events.append((e, s)))
    assert (report.stored, report.skipped, len(report.failed)) == (2, 0, 1)
    assert report.duplicates == [(str(corpus / "cra-wall.txt"), str(corpus / "copy-of-wall.txt"))]
    assert [s for e, s in events if e == "failed"] == [str(corpus / "empty.txt")]
    assert [f for f, _ in store.failures()] == [str(corpus / "empty.txt")]

    speakers = {row.name: row for row in store.speakers()}
    alliance = speakers["Coastal Resilience Alliance"]
    assert (alliance.quotes, alliance.articles) == (2, 2)
    assert set(alliance.names) == {"Coastal Resilience Alliance", "CRA"}
    assert speakers["Maria Lindqvist"].articles == 2

    again = ingest(store, pipeline, sources)
    assert (again.stored, again.skipped, len(again.failed)) == (0, 2, 1)
    assert store.count() == 2


def test_an_interrupted_ingest_resumes_where_it_stopped(
    pipeline: Pipeline, corpus: Path, store: Store
) -> None:
    sources = collect_sources([str(corpus)])

    def stop_after_first(event: Event, source: str, detail: str) -> None:
        if event == "stored":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(store, pipeline, sources, progress=stop_after_first)
    assert store.sources() == {sources[0]}
    report = ingest(store, pipeline, sources)
    assert (report.stored, report.skipped) == (1, 1)
    assert store.sources() == set(sources)


def test_an_overlong_source_name_is_reported_not_fetched(pipeline: Pipeline, store: Store) -> None:
    url = "https://example.org/" + "a" * 3000
    report = ingest(store, pipeline, [url])
    assert [source for source, _ in report.failed] == [url]
    assert "over 2048 characters" in report.failed[0][1]
