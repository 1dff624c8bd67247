"""Bytes to text: refuse binary data, detect the encoding, sniff HTML."""

from __future__ import annotations

import codecs
import re
import zlib

from charset_normalizer import from_bytes

from presslens.errors import BinaryInputError, DecodeError, EmptyInputError, InputTooLargeError

__all__ = ["GZIP_MAGIC", "decode_bytes", "gunzip", "looks_like_binary", "looks_like_html"]

GZIP_MAGIC = b"\x1f\x8b"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of formats people are likely to point presslens at by mistake.
_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.epub)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
_HTML_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<(?:div|p|article|title)[\s>]", re.I
)
_SNIFF_BYTES = 4096


def gunzip(data: bytes, *, max_bytes: int, source: str | None = None) -> bytes:
    """Decompress gzip data (a crawl's ``page.html.gz``), never past ``max_bytes`` of output.

    Raises:
        InputTooLargeError: the page is over ``max_bytes`` once decompressed (a gzip bomb too).
        DecodeError: the data is not valid gzip.
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise DecodeError(f"the gzip data is damaged ({exc})", source=source) from None
    if len(out) > max_bytes:
        raise InputTooLargeError(
            f"over the {max_bytes:,}-byte cap once decompressed (raise --max-bytes)", source=source
        )
    if not inflater.eof:
        raise DecodeError("the gzip data is cut short", source=source)
    return out


def looks_like_binary(data: bytes) -> str | None:
    """Return what the binary data looks like ("a PDF document", ...), or None if it may be text."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.1:
        return "binary data (too many control characters)"
    return None


def looks_like_html(text: str) -> bool:
    """True when the start of ``text`` has HTML document structure, not just a stray tag."""
    return bool(_HTML_SNIFF.search(text[:_SNIFF_BYTES]))


def _declared_encoding(data: bytes, content_type: str | None) -> str | None:
    if content_type:
        match = re.search(r"charset=([\w.:-]+)", content_type, re.I)
        if match:
            return match.group(1)
    meta = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return meta.group(1).decode("ascii") if meta else None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, source: str, content_type: str | None = None) -> tuple[str, str]:
    """Decode raw input bytes to text.

    Order: byte-order mark, declared charset (HTTP header or ``<meta>``), strict UTF-8, then
    charset-normalizer's detection.

    Returns:
        The text and the name of the encoding used.

    Raises:
        EmptyInputError: if there is nothing but whitespace.
        BinaryInputError: if the bytes are a binary format.
        DecodeError: if no encoding decodes the bytes.
    """
    if not data.strip():
        raise EmptyInputError("the input is empty; give an article as HTML or text", source=source)
    binary = looks_like_binary(data)
    if binary:
        raise BinaryInputError(
            f"this is {binary}, not text or HTML; convert it to text first", source=source
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    candidates = [_known(_declared_encoding(data, content_type)), "utf-8"]
    for encoding in dict.fromkeys(c for c in candidates if c):
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError(
            "could not detect the text encoding; re-save the file as UTF-8", source=source
        )
    return str(best), best.encoding
