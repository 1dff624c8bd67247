"""`presslens ingest crawl.warc.gz`: each HTML record an article, resumed record by record."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from presslens.cli.app import app
from presslens.store import Store

runner = CliRunner()

_BODY = (
    "<html><head><title>{title}</title></head><body><article>"
    "<p>The council met on {day} and voted to delay the levy by a year, officials said.</p>"
    "<p>Maria Lopez, who chairs the finance committee, said the delay would cost the city "
    "money and that the flood maps had been ignored for a decade.</p></article></body></html>"
)


def _crawl(path: Path, days: list[str], *, extra: tuple[tuple[str, bytes], ...] = ()) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    pages = [
        (
            f"https://news.example.org/{day.lower()}",
            "text/html",
            _BODY.format(title=day, day=day).encode(),
        )
        for day in days
    ]
    for uri, content_type, body in [*pages, *((u, "text/html", b) for u, b in extra)]:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-05-01T10:30:00Z"},
        )
        writer.write_record(record)
    path.write_bytes(out.getvalue())


def test_a_crawl_is_ingested_record_by_record_and_resumed(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    empty_page = ("https://news.example.org/gallery", b"<html><body><img src=x></body></html>")
    _crawl(crawl, ["Monday", "Tuesday"], extra=(empty_page,))
    db = tmp_path / "c.db"
    first = runner.invoke(app, ["ingest", str(crawl), "--db", str(db)])
    assert first.exit_code == 3, first.output  # the gallery page has no body
    assert "2 stored" in first.stderr and "1 failed" in first.stderr
    with Store(db, readonly=True) as store:
        names = sorted(store.sources())
        assert len(names) == 2 and all(n.startswith(f"{crawl}#urn:uuid:") for n in names)
        article = store.article(names[0])
        assert article is not None and article.source.kind == "warc"
        assert article.metadata.url is not None
        assert article.metadata.url.startswith("https://news.example.org/")
        ((failed_name, reason),) = store.failures()
        assert failed_name.startswith(f"{crawl}#") and "no article body" in reason

    # Run again: the stored records are skipped by name; the failed one is tried again.
    again = runner.invoke(app, ["ingest", str(crawl), "--db", str(db)])
    assert "0 stored, 2 already stored, 1 failed" in again.stderr

    # The crawl grows (WARC files concatenate): only the new record is analysed.
    more = tmp_path / "more.warc.gz"
    _crawl(more, ["Wednesday"])
    crawl.write_bytes(crawl.read_bytes() + more.read_bytes())
    third = runner.invoke(app, ["ingest", str(crawl), "--db", str(db)])
    assert "1 stored, 2 already stored, 1 failed" in third.stderr
    with Store(db, readonly=True) as store:
        assert store.count() == 3
        rows = [
            json.loads(store.article(n).to_json())["metadata"]["title"]  # type: ignore[union-attr]
            for n in store.sources()
        ]
        assert sorted(rows) == ["Monday", "Tuesday", "Wednesday"]


def test_a_cut_crawl_keeps_its_whole_records_and_records_the_damage(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _crawl(crawl, ["Monday", "Tuesday"])
    data = crawl.read_bytes()
    crawl.write_bytes(data[: len(data) - 40])  # the last record cut short
    db = tmp_path / "c.db"
    result = runner.invoke(app, ["ingest", str(crawl), "--db", str(db)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    with Store(db, readonly=True) as store:
        assert store.count() == 1
        assert any(name == str(crawl) for name, _ in store.failures())
