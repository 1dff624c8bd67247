"""WARC input: pages, names, skips and damage, on small crawls written here with warcio."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from presslens.errors import DecodeError, EmptyInputError, InputTooLargeError, WarcFormatError
from presslens.sources import WarcPage, WarcSkip, read_warc

PAGE = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello.</p></body></html>"
DATE = "2019-11-19T10:30:00Z"

# (kind, uri, status line, headers, body); kind "response" or "request"
Record = tuple[str, str, str, list[tuple[str, str]], bytes]
HTML: list[tuple[str, str]] = [("Content-Type", "text/html; charset=utf-8")]


def _write(records: Sequence[Record], *, gz: bool, ids: Sequence[str] | None = None) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for n, (kind, uri, status, headers, body) in enumerate(records):
        if kind == "request":
            http = StatusAndHeaders(status, headers, is_http_request=True)
        else:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": DATE}
        if ids is not None:
            warc_headers["WARC-Record-ID"] = ids[n]
        record = writer.create_warc_record(
            uri,
            kind,
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        writer.write_record(record)
    return out.getvalue()


def _page(uri: str = "https://news.example.org/a", body: bytes = PAGE) -> Record:
    return ("response", uri, "200 OK", HTML, body)


@pytest.fixture
def save(tmp_path: Path) -> Callable[[bytes, str], Path]:
    def _save(data: bytes, name: str = "crawl.warc.gz") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _save


def _pages(path: Path, **kwargs: int) -> list[WarcPage]:
    items = list(read_warc(path, **kwargs))
    assert all(isinstance(item, WarcPage) for item in items)
    return [item for item in items if isinstance(item, WarcPage)]


@pytest.mark.parametrize(("gz", "name"), [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_html_responses_are_read_with_url_date_and_type(
    save: Callable[[bytes, str], Path], gz: bool, name: str
) -> None:
    path = save(_write([_page("https://a.example/1"), _page("https://a.example/2")], gz=gz), name)
    pages = _pages(path)
    assert [p.url for p in pages] == ["https://a.example/1", "https://a.example/2"]
    assert all(p.payload == PAGE for p in pages)
    assert pages[0].date == "2019-11-19T10:30:00+00:00"
    assert pages[0].content_type == "text/html; charset=utf-8"
    assert pages[0].offset == 0 < pages[1].offset


def test_requests_and_other_media_are_passed_over(save: Callable[[bytes, str], Path]) -> None:
    records: list[Record] = [
        ("request", "https://a.example/1", "GET /1 HTTP/1.1", [("Host", "a.example")], b""),
        _page("https://a.example/1"),
        (
            "response",
            "https://a.example/logo.png",
            "200 OK",
            [("Content-Type", "image/png")],
            b"\x89PNG\r\n\x1a\n",
        ),
        (
            "response",
            "https://a.example/old",
            "301 Moved Permanently",
            [*HTML, ("Location", "https://a.example/1")],
            b"<html><body>moved</body></html>",
        ),
    ]
    path = save(_write(records, gz=True))
    assert [p.url for p in _pages(path)] == ["https://a.example/1"]


@pytest.mark.parametrize(
    ("content_type", "body", "kept"),
    [
        ("application/octet-stream", PAGE, True),
        ("text/plain", b"Plain words, no markup at all.", False),
    ],
)
def test_generic_types_are_sniffed(
    save: Callable[[bytes, str], Path], content_type: str, body: bytes, kept: bool
) -> None:
    record: Record = (
        "response",
        "https://a.example/x",
        "200 OK",
        [("Content-Type", content_type)],
        body,
    )
    assert len(_pages(save(_write([record], gz=False), "x.warc"))) == int(kept)


def test_chunked_and_gzipped_bodies_are_decoded(save: Callable[[bytes, str], Path]) -> None:
    packed = gzip.compress(PAGE)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    headers = [*HTML, ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]
    record: Record = ("response", "https://a.example/z", "200 OK", headers, chunked)
    [page] = _pages(save(_write([record], gz=True)))
    assert page.payload == PAGE


def test_a_body_that_does_not_decode_is_reported_and_reading_goes_on(
    save: Callable[[bytes, str], Path],
) -> None:
    headers = [*HTML, ("Content-Encoding", "gzip")]
    broken: Record = ("response", "https://a.example/bad", "200 OK", headers, b"not gzip at all")
    path = save(_write([broken, _page("https://a.example/good")], gz=True))
    skipped, page = list(read_warc(path))
    assert isinstance(skipped, WarcSkip) and isinstance(skipped.error, DecodeError)
    assert isinstance(page, WarcPage) and page.url == "https://a.example/good"


def test_source_names_are_the_record_ids(save: Callable[[bytes, str], Path]) -> None:
    ids = ["<urn:uuid:11111111-1111-4111-8111-111111111111>", "<urn:uuid:2222>"]
    path = save(_write([_page(), _page()], gz=True, ids=ids))
    first = [p.source for p in _pages(path)]
    assert first == [
        f"{path}#urn:uuid:11111111-1111-4111-8111-111111111111",
        f"{path}#urn:uuid:2222",
    ]
    assert [p.source for p in _pages(path)] == first  # the same on every run


def test_a_repeated_record_id_falls_back_to_the_offset(
    save: Callable[[bytes, str], Path],
) -> None:
    same = "<urn:uuid:3333>"
    path = save(_write([_page(), _page()], gz=True, ids=[same, same]))
    pages = _pages(path)
    assert pages[0].source == f"{path}#urn:uuid:3333"
    assert pages[1].source == f"{path}@{pages[1].offset}"


def test_a_page_over_the_cap_is_reported_and_reading_goes_on(
    save: Callable[[bytes, str], Path],
) -> None:
    big = b"<html><body>" + b"x" * 5000 + b"</body></html>"
    path = save(_write([_page(body=big), _page("https://a.example/small")], gz=True))
    skipped, page = list(read_warc(path, max_bytes=1000))
    assert isinstance(skipped, WarcSkip) and isinstance(skipped.error, InputTooLargeError)
    assert skipped.source in str(skipped.error)
    assert isinstance(page, WarcPage) and page.url == "https://a.example/small"


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("cut", [30, 0.6])  # 0.5 would fall between two records
def test_a_cut_file_yields_the_whole_records_then_fails(
    save: Callable[[bytes, str], Path], gz: bool, cut: float
) -> None:
    data = _write([_page(f"https://a.example/{n}") for n in range(4)], gz=gz)
    end = len(data) - int(cut) if cut >= 1 else int(len(data) * cut)
    seen: list[str | None] = []
    with pytest.raises(WarcFormatError, match=r"cut short|damaged"):
        for item in read_warc(save(data[:end], "cut.warc")):
            assert isinstance(item, WarcPage) and item.payload == PAGE
            seen.append(item.url)
    assert seen == [f"https://a.example/{n}" for n in range(len(seen))]
    assert 1 <= len(seen) <= 3


def test_damage_in_the_middle_of_a_plain_file_is_reported(
    save: Callable[[bytes, str], Path],
) -> None:
    data = bytearray(_write([_page(f"https://a.example/{n}") for n in range(3)], gz=False))
    second = data.index(b"WARC/1.0", 10)
    data[second : second + 8] = b"XXXX/9.9"
    items = []
    with pytest.raises(WarcFormatError, match="damaged after the record at byte 0"):
        items.extend(read_warc(save(bytes(data), "bad.warc")))
    assert len(items) == 1


def test_a_file_gzipped_as_one_stream_is_read_whole(save: Callable[[bytes, str], Path]) -> None:
    data = gzip.compress(_write([_page(f"https://a.example/{n}") for n in range(3)], gz=False))
    assert len(_pages(save(data, "one.warc.gz"))) == 3


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInputError),
        (PAGE, WarcFormatError),
        (gzip.compress(PAGE), WarcFormatError),
    ],
)
def test_a_file_that_is_no_warc_is_refused(
    save: Callable[[bytes, str], Path], data: bytes, error: type[Exception]
) -> None:
    with pytest.raises(error):
        list(read_warc(save(data, "page.warc")))


def _raw_record(record_id: str, block: bytes) -> bytes:
    header = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{record_id}>\r\nWARC-Date: {DATE}\r\n"
        f"WARC-Target-URI: https://a.example/{record_id}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return header.encode() + block + b"\r\n\r\n"


def test_a_record_without_an_http_header_is_reported(save: Callable[[bytes, str], Path]) -> None:
    good = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE
    data = _raw_record("1", b"\x00\x01 no HTTP here") + _raw_record("2", good)
    skipped, page = list(read_warc(save(data, "raw.warc")))
    assert isinstance(skipped, WarcSkip) and isinstance(skipped.error, WarcFormatError)
    assert isinstance(page, WarcPage) and page.payload == PAGE
