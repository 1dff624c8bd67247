"""The HTML pages of a WARC crawl (``.warc`` or ``.warc.gz``), one response record at a time.

>>> for item in read_warc("crawl.warc.gz"):                              # doctest: +SKIP
...     if isinstance(item, WarcSkip):
...         print("not read:", item.source, item.error)
...     else:
...         print(item.source, item.url, item.date, len(item.payload))

**What is yielded.** A :class:`WarcPage` for every ``response`` record whose HTTP status is 2xx
(206, a partial page, excepted) and whose HTTP Content-Type is HTML (``text/html``,
``application/xhtml+xml``), or is missing or generic (``text/plain``,
``application/octet-stream``) and the payload's start looks like an HTML document. The payload is
the HTTP body, de-chunked and content-decoded (gzip, deflate, brotli) by FastWARC, each
record on its own so that a body that does not decode is reported and skipped. Requests,
metadata, revisits, DNS records, redirects, errors and other media are passed over without a
word: they are not articles.

**Source names.** ``crawl.warc.gz#urn:uuid:…``: the path as given, then the record's
WARC-Record-ID without its angle brackets. The ID is written into the file when the page is
crawled and, by the WARC standard, unique across all archives, so the name is the same on every
run and does not change when the archive is recompressed, split or merged, which an offset would.
A record without an ID, or repeating one already seen in the file, is named by its offset instead
(``crawl.warc.gz@4096``; ``@4096+1`` when the offset repeats too, as it does inside a file
gzipped as a single stream): still stable for the same file, still unique.

**Bounds.** A payload over ``max_bytes`` once decoded is not read past the cap: it is yielded as
a :class:`WarcSkip` holding an :class:`~presslens.errors.InputTooLargeError`, and so is a record
whose HTTP message is malformed or whose body cannot be decoded; iteration goes on. A file that
is damaged, cut short or no WARC at all ends the iteration with a
:class:`~presslens.errors.WarcFormatError` once the records before the damage are yielded. Neither
library notices a record cut short on its own, so each record is held back until the next
record's header is read, and the last one until the end of the file is checked against its
declared length.

Read with FastWARC (measured 2-5x faster than warcio here; ``benchmarks/warc_read.py``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from presslens.config import PipelineConfig
from presslens.errors import (
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    SourceNotFoundError,
    WarcFormatError,
)
from presslens.stages.ingest import looks_like_html

if TYPE_CHECKING:
    from fastwarc.warc import HeaderMap, WarcRecord

__all__ = ["WarcPage", "WarcSkip", "read_warc"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SNIFFED_TYPES = frozenset(
    {"", "text/plain", "application/octet-stream", "binary/octet-stream", "application/unknown"}
)
_SNIFF_BYTES = 4096
_HEADER_BYTES = 64 << 10  # WARC headers longer than this are damage, not headers
_CHUNK = 64 << 10
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML page of a WARC file.

    Attributes:
        source: the record's stable name (``crawl.warc.gz#urn:uuid:…``, see the module).
        url: the WARC-Target-URI, the page's URL.
        date: the WARC-Date (when it was crawled), ISO 8601; None when missing or unreadable.
        content_type: the HTTP Content-Type header as sent (it may name the charset).
        payload: the HTTP body, de-chunked and content-decoded.
        offset: where the record starts in the file (in the compressed bytes of a ``.warc.gz``).
    """

    source: str
    url: str | None
    date: str | None
    content_type: str | None
    payload: bytes
    offset: int


@dataclass(frozen=True, slots=True)
class WarcSkip:
    """A page record that could not be read; ``error`` says why (its message names ``source``)."""

    source: str
    url: str | None
    error: InputError


WarcItem = WarcPage | WarcSkip


def read_warc(path: str | Path, *, max_bytes: int | None = None) -> Iterator[WarcItem]:
    """Yield the HTML pages of a WARC file, and the page records that could not be read.

    Args:
        path: a ``.warc`` or ``.warc.gz`` file (gzip is recognised by its bytes, not its name).
        max_bytes: the cap on one decoded payload; ``PipelineConfig().max_bytes`` by default.

    Raises:
        SourceNotFoundError: the file cannot be opened.
        EmptyInputError: the file is empty.
        WarcFormatError: the file is not a WARC file, or is damaged or cut short (raised after
            the pages before the damage are yielded).
        ModuleNotFoundError: FastWARC is not installed.
    """
    try:
        from fastwarc.warc import ArchiveIterator
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "reading WARC files needs FastWARC, a presslens dependency: pip install fastwarc",
            name="fastwarc",
        ) from None
    cap = PipelineConfig().max_bytes if max_bytes is None else max_bytes
    name = str(path)
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed below, the generator owns it
    except OSError as exc:
        raise SourceNotFoundError(
            f"cannot open the WARC file ({exc.strerror})", source=name
        ) from None
    with stream:
        size = Path(path).stat().st_size
        if size == 0:
            raise EmptyInputError("the WARC file is empty", source=name)
        gzipped = stream.read(2) == _GZIP_MAGIC
        stream.seek(0)
        # The iterator reads bodies raw (HTTP is parsed for responses only, in ``_item``): a
        # body that fails to decode would otherwise make the iterator fail too when it skips
        # the rest of the record, ending a sound file.
        records = iter(ArchiveIterator(stream, parse_http=False))
        names = _Names(name)
        held: WarcItem | None = None  # the last record's item, until its end is known
        last: tuple[int, int] | None = None  # (offset, declared length) of the last record
        previous_offset = -1
        count = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                failure = None
                break
            except (OSError, ValueError) as exc:
                failure = str(exc)
                break
            if held is not None:
                yield held  # the next record's header was read: this one ended where it said
            count += 1
            previous_offset = last[0] if last else -1
            last = (record.stream_pos, _block_length(record))
            held = _item(record, names, cap)
        if last is None:
            reason = f" ({failure})" if failure else ""
            raise WarcFormatError(f"not a WARC file, or damaged at its start{reason}", source=name)
        offset, length = last
        if gzipped:
            # Gzipped record by record, each record starts a gzip member; gzipped as one stream,
            # offsets repeat or point past the data, and the whole stream is checked instead.
            stream.seek(offset)
            member = offset > previous_offset and stream.read(2) == _GZIP_MAGIC
            start = offset if member else 0
            complete, trailing = _gzip_end(stream, start, strict=member)
        else:
            complete, trailing = _plain_end(stream, offset, length, size)
        if not complete:
            raise WarcFormatError(
                f"cut short: the record at byte {offset} ends past the end of the file "
                f"({count - 1} records before it were read); copy the file again",
                source=name,
            )
        if held is not None:
            yield held
        if failure or trailing:
            why = failure or "what follows it cannot be read as a WARC record"
            raise WarcFormatError(
                f"damaged after the record at byte {offset} ({why}); {count} records were read",
                source=name,
            )


class _Names:
    """Stable, unique source names for the records of one file."""

    def __init__(self, path: str):
        self._path = path
        self._seen: set[str] = set()

    def of(self, record_id: str | None, offset: int) -> str:
        candidate = f"{self._path}#{record_id.strip().strip('<>')}" if record_id else ""
        if not candidate or candidate in self._seen:
            candidate = f"{self._path}@{offset}"
            repeat = 0
            while candidate in self._seen:
                repeat += 1
                candidate = f"{self._path}@{offset}+{repeat}"
        self._seen.add(candidate)
        return candidate


def _item(record: WarcRecord, names: _Names, cap: int) -> WarcItem | None:
    from fastwarc.warc import WarcRecordType

    if record.record_type != WarcRecordType.response or not record.is_http:
        return None  # requests, metadata, revisits, DNS lookups: not pages
    source = names.of(record.record_id, record.stream_pos)
    url = record.headers.get("WARC-Target-URI")
    error: InputError
    try:
        record.parse_http(auto_decode="none")  # only here: requests need no HTTP parsing
        http = record.http_headers if record.is_http_parsed else None
    except (OSError, ValueError):
        http = None
    if http is None or http.status_code is None:
        error = WarcFormatError("the record's HTTP response header cannot be parsed", source=source)
        return WarcSkip(source, url, error)
    status = http.status_code
    if not 200 <= status < 300 or status == 206:
        return None  # redirects, errors and partial content are not articles
    content_type = http.get("Content-Type")
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in _HTML_TYPES and media not in _SNIFFED_TYPES:
        return None
    too_large = InputTooLargeError(
        f"the page is over the {cap:,}-byte cap once decoded (raise --max-bytes)", source=source
    )
    if record.content_length > cap:  # the raw body's declared length, once the header is read
        return WarcSkip(source, url, too_large)
    raw = record.reader.read()
    try:
        payload = _decoded(http, raw, cap)
    except (OSError, ValueError) as exc:
        error = DecodeError(f"the HTTP body cannot be decoded ({exc})", source=source)
        return WarcSkip(source, url, error)
    if len(payload) > cap:
        return WarcSkip(source, url, too_large)
    if media not in _HTML_TYPES and not looks_like_html(payload[:_SNIFF_BYTES].decode("latin-1")):
        return None
    date = _iso_date(record.headers.get("WARC-Date"))
    return WarcPage(source, url, date, content_type, payload, record.stream_pos)


def _decoded(http: HeaderMap, raw: bytes, cap: int) -> bytes:
    """The body de-chunked and content-decoded by FastWARC, in memory, at most ``cap + 1`` bytes.

    Raises:
        OSError: the body does not decode (FastWARC's error for bad gzip, brotli, chunks).
    """
    from fastwarc.warc import WarcRecord, WarcRecordType

    codings = f"{http.get('Transfer-Encoding') or ''},{http.get('Content-Encoding') or ''}"
    if not any(c.strip().lower() not in ("", "identity") for c in codings.split(",")):
        return raw
    head = (http.status_line_bytes or b"HTTP/1.1 200 OK") + b"\r\n"
    head += b"".join(key + b": " + value + b"\r\n" for key, value in http.items_bytes())
    message = WarcRecord()
    message.init_headers(WarcRecordType.response)
    message.set_bytes_content(head + b"\r\n" + raw)
    message.is_http = True
    message.parse_http(auto_decode="all")
    chunks: list[bytes] = []
    size = 0
    while size <= cap and (chunk := message.reader.read(_CHUNK)):  # read(n) allocates n bytes
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _block_length(record: WarcRecord) -> int:
    """The declared length of the record's block (``content_length`` shrinks once the HTTP
    header is parsed)."""
    try:
        return int(record.headers.get("Content-Length") or "")
    except ValueError:
        return record.content_length


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _plain_end(stream: BinaryIO, offset: int, length: int, size: int) -> tuple[bool, bool]:
    """(the record at ``offset`` is whole, bytes other than line breaks follow it)."""
    stream.seek(offset)
    head = stream.read(_HEADER_BYTES)
    header_end = head.find(b"\r\n\r\n")
    if header_end < 0:
        return False, False
    end = offset + header_end + 4 + length
    if end > size:
        return False, False
    stream.seek(end)
    rest = stream.read(_SNIFF_BYTES + 1)
    return True, len(rest) > _SNIFF_BYTES or bool(rest.strip(b"\r\n"))


def _gzip_end(stream: BinaryIO, start: int, *, strict: bool) -> tuple[bool, bool]:
    """(the gzip members from ``start`` end whole, more data follows the first one).

    With ``strict`` the member at ``start`` holds the last record, so anything after it is
    damage; otherwise (one gzip stream for the whole file) every member is walked to the end.
    """
    stream.seek(start)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending = b""
    while True:
        if not pending:
            pending = stream.read(_CHUNK)
            if not pending:
                return inflater.eof, False
        try:
            inflater.decompress(pending, _CHUNK)  # the output is not needed, only the framing
        except zlib.error:
            return False, False
        pending = inflater.unconsumed_tail
        if inflater.eof:
            pending = inflater.unused_data + pending
            if not pending:
                pending = stream.read(_CHUNK)
            if not pending:
                return True, False
            if strict:
                return True, True
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
