"""Resolve what the user gave (a path, a URL, ``-`` for stdin, or bytes) into a ``RawInput``."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from presslens.config import PipelineConfig
from presslens.errors import InputTooLargeError, SourceNotFoundError
from presslens.records import Source, SourceKind
from presslens.stages.ingest.decode import GZIP_MAGIC, decode_bytes, gunzip, looks_like_html
from presslens.stages.ingest.fetch import fetch_url

__all__ = ["RawInput", "is_url", "raw_from_bytes", "read_source"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})
STDIN = "-"


@dataclass(frozen=True, slots=True)
class RawInput:
    """One decoded input, ready for extraction.

    Attributes:
        name: how to refer to it in messages (path, URL or ``<stdin>``).
        text: the decoded text (HTML source or plain text).
        is_html: whether ``text`` is HTML (by extension, Content-Type or sniffing).
        source: the provenance record (route, SHA-256 and size of the raw bytes).
        url: the page's URL, when known.
        encoding: the encoding used to decode the bytes.
        warnings: what decoding had to repair or ignore, in words.
    """

    name: str
    text: str
    is_html: bool
    source: Source
    url: str | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


def is_url(value: str) -> bool:
    """True for ``http://`` and ``https://`` URLs."""
    return value.lower().startswith(("http://", "https://"))


def raw_from_bytes(
    data: bytes,
    *,
    name: str,
    kind: SourceKind | None = None,
    url: str | None = None,
    html_hint: bool | None = None,
    content_type: str | None = None,
    max_bytes: int = PipelineConfig().max_bytes,
) -> RawInput:
    """Decode and classify raw bytes.

    Args:
        data: the raw input.
        name: a name for messages.
        kind: the route to record; by default "html" or "text" from what the bytes look like.
        url: the page's URL, if known.
        html_hint: True/False when the extension or Content-Type already says; None to sniff.
        content_type: an HTTP Content-Type header, for its charset.
        max_bytes: the size cap.

    Raises:
        InputError: (a subclass) when the bytes are empty, binary, too large or undecodable.
    """
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{len(data):,} bytes is over the {max_bytes:,}-byte cap (raise --max-bytes)",
            source=name,
        )
    digest = hashlib.sha256(data).hexdigest()
    size = len(data)
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, max_bytes=max_bytes, source=name)
    decoded = decode_bytes(data, source=name, content_type=content_type)
    is_html = looks_like_html(decoded.text) if html_hint is None else html_hint
    route: SourceKind = kind or ("html" if is_html else "text")
    source = Source(route, digest, size)
    return RawInput(name, decoded.text, is_html, source, url, decoded.encoding, decoded.warnings)


def read_source(
    source: str | Path, *, config: PipelineConfig | None = None, stdin: BinaryIO | None = None
) -> RawInput:
    """Read a path, URL or ``-`` (standard input) into a :class:`RawInput`.

    Raises:
        InputError: (a subclass) with a one-line message saying what is wrong and how to fix it.
    """
    cfg = config or PipelineConfig()
    if isinstance(source, str) and is_url(source):
        page = fetch_url(
            source,
            timeout=cfg.fetch_timeout,
            max_bytes=cfg.max_bytes,
            user_agent=cfg.user_agent,
            public_only=not cfg.fetch_private,
        )
        content_type = (page.content_type or "").lower()
        hint = True if "html" in content_type else (False if "text/plain" in content_type else None)
        return raw_from_bytes(
            page.data,
            name=source,
            kind="url",
            url=page.url,
            html_hint=hint,
            content_type=page.content_type,
            max_bytes=cfg.max_bytes,
        )
    if str(source) == STDIN:
        stream = stdin or sys.stdin.buffer
        data = stream.read(cfg.max_bytes + 1)
        return raw_from_bytes(data, name="<stdin>", max_bytes=cfg.max_bytes)
    path = Path(source)
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise SourceNotFoundError(f"{what}; give a file, a URL or - for stdin", source=str(path))
    size = path.stat().st_size
    if size > cfg.max_bytes:
        raise InputTooLargeError(
            f"{size:,} bytes is over the {cfg.max_bytes:,}-byte cap (raise --max-bytes)",
            source=str(path),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceNotFoundError(f"cannot be read ({exc.strerror})", source=str(path)) from None
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes[-1:] == [".gz"]:
        suffixes.pop()  # page.html.gz is an HTML page
    hint = True if suffixes and suffixes[-1] in _HTML_SUFFIXES else None
    return raw_from_bytes(data, name=str(path), html_hint=hint, max_bytes=cfg.max_bytes)
