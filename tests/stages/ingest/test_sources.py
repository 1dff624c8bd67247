import gzip
import io
from pathlib import Path

import pytest

from presslens.config import PipelineConfig
from presslens.errors import DecodeError, FetchError, InputTooLargeError, SourceNotFoundError
from presslens.stages.ingest import is_url, read_source


def test_html_file_by_extension(fixtures: Path) -> None:
    raw = read_source(fixtures / "html" / "opinion-page.html")
    assert raw.is_html
    assert raw.source.kind == "html"
    assert raw.source.bytes == (fixtures / "html" / "opinion-page.html").stat().st_size
    assert len(raw.source.sha256) == 64


def test_html_sniffed_without_extension(tmp_path: Path) -> None:
    page = tmp_path / "page.dat"
    page.write_text("<!doctype html><html><body><p>Hello</p></body></html>")
    assert read_source(page).is_html


def test_text_file_takes_the_text_route(example_oped: Path) -> None:
    raw = read_source(example_oped)
    assert not raw.is_html
    assert raw.source.kind == "text"


def test_declared_legacy_charset_is_honoured(fixtures: Path) -> None:
    raw = read_source(fixtures / "html" / "news-page.html")
    assert "’" in raw.text  # cp1252 right quote decoded, not mojibake
    assert raw.encoding == "cp1252"


def test_stdin() -> None:
    raw = read_source("-", stdin=io.BytesIO(b"Some text from a pipe."))
    assert raw.name == "<stdin>"
    assert raw.text == "Some text from a pipe."


@pytest.mark.parametrize("name", ["missing.txt", "."])
def test_missing_path_or_directory(name: str, tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError, match=r"does not exist|directory"):
        read_source(tmp_path / name if name != "." else tmp_path)


def test_file_over_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputTooLargeError, match="cap"):
        read_source(big, config=PipelineConfig(max_bytes=100))


def test_stdin_over_the_cap() -> None:
    with pytest.raises(InputTooLargeError):
        read_source("-", config=PipelineConfig(max_bytes=10), stdin=io.BytesIO(b"x" * 11))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", True),
        ("HTTP://x.y", True),
        ("ftp://x", False),
        ("article.html", False),
    ],
)
def test_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected


def test_url_route(http_server: str) -> None:
    raw = read_source(f"{http_server}/html/opinion-page.html")
    assert raw.source.kind == "url"
    assert raw.is_html
    assert raw.url == f"{http_server}/html/opinion-page.html"


def test_url_404(http_server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        read_source(f"{http_server}/nope.html")


def test_url_over_the_cap(http_server: str) -> None:
    with pytest.raises(InputTooLargeError, match="cap"):
        read_source(f"{http_server}/big", config=PipelineConfig(max_bytes=10_000))


def test_url_timeout(http_server: str) -> None:
    with pytest.raises(FetchError, match=r"no complete answer within|could not reach"):
        read_source(f"{http_server}/slow", config=PipelineConfig(fetch_timeout=0.3))


def test_url_unreachable() -> None:
    # Port 9 (discard) on loopback: nothing listens there in a test sandbox.
    with pytest.raises(FetchError, match=r"could not reach|connection"):
        read_source("http://127.0.0.1:9/article", config=PipelineConfig(fetch_timeout=2))


def test_gzipped_pages_are_read(fixtures: Path, tmp_path: Path) -> None:
    page = fixtures / "html" / "opinion-page.html"
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(page.read_bytes()))
    raw = read_source(packed)
    assert raw.is_html
    assert raw.text == read_source(page).text
    assert raw.source.bytes == packed.stat().st_size  # provenance is the bytes as read


@pytest.mark.parametrize(
    ("payload", "error", "message"),
    [
        (gzip.compress(b"x" * 5000), InputTooLargeError, "once decompressed"),
        (gzip.compress(b"<p>cut</p>" * 50)[:-12], DecodeError, "cut short"),
        (b"\x1f\x8b" + b"\x00" * 40, DecodeError, "damaged"),
    ],
)
def test_bad_gzip_is_one_clear_error(
    payload: bytes, error: type[Exception], message: str, tmp_path: Path
) -> None:
    path = tmp_path / "page.txt.gz"
    path.write_bytes(payload)
    with pytest.raises(error, match=message):
        read_source(path, config=PipelineConfig(max_bytes=1000))
