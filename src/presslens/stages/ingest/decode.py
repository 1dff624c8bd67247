"""Bytes to text: refuse binary data, detect the encoding, repair stray bytes, sniff HTML.

Real pages are rarely clean. The order, and why:

1. A byte-order mark decides (UTF-8, UTF-16, UTF-32). Bytes that do not fit it are repaired
   rather than refused, with a warning that says how many.
2. A declared charset (HTTP ``Content-Type`` or ``<meta charset>``) is used when it is a real
   text encoding that decodes the bytes. Labels a browser would not honour (``undefined``,
   ``punycode``, UTF-16 without a BOM) are ignored with a warning; ``iso-8859-1`` and ``ascii``
   mean Windows-1252, as in browsers (the WHATWG Encoding Standard).
3. UTF-8. Text that is mostly valid UTF-8 with a few stray single-byte characters (a ``café``
   pasted in Windows-1252) is read as UTF-8, each bad byte repaired as Windows-1252: never as a
   Mac code page, which charset detectors like to guess for such text.
4. charset-normalizer's detection, for legacy encodings (Windows-1251, Shift JIS, ...). When it
   has no answer, or answers with a Mac code page, Windows-1252 with repair is used instead.
"""

from __future__ import annotations

import codecs
import re
import threading
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

from presslens.errors import BinaryInputError, DecodeError, EmptyInputError, InputTooLargeError

__all__ = [
    "GZIP_MAGIC",
    "Decoded",
    "decode_bytes",
    "gunzip",
    "looks_like_binary",
    "looks_like_html",
]

GZIP_MAGIC = b"\x1f\x8b"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
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

# Codecs Python knows that no web page means by its charset label.
_NOT_A_CHARSET = frozenset(
    {"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7"}
)
# WHATWG: these labels mean windows-1252; UTF-16/32 labels without a BOM mean UTF-8.
_MEANS_CP1252 = frozenset({"ascii", "iso8859-1", "latin-1"})
_WIDE = ("utf-16", "utf-32")
# A well-formed UTF-8 sequence of two to four bytes (RFC 3629).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_REPAIR = "presslens-cp1252"
_counter = threading.local()


def _repair_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read each undecodable byte as Windows-1252 (Latin-1 where 1252
    leaves it undefined) and count it."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    _counter.repaired = getattr(_counter, "repaired", 0) + len(bad)
    return "".join(_cp1252_char(byte) for byte in bad), exc.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


codecs.register_error(_REPAIR, _repair_as_cp1252)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used, and what had to be repaired on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


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
        match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
        if match:
            return match.group(1)
    meta = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return meta.group(1).decode("ascii") if meta else None


def _charset(label: str) -> str | None:
    """The codec a declared charset label stands for, or None when no page can mean it."""
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    name = info.name
    if name in _NOT_A_CHARSET or not getattr(info, "_is_text_encoding", True):
        return None
    if name.startswith(_WIDE):
        return "utf-8"  # a BOM would have decided; without one, browsers read UTF-8
    return "cp1252" if name in _MEANS_CP1252 else name


def _lenient(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode, repairing bytes that do not fit as Windows-1252; returns the text and the count."""
    _counter.repaired = 0
    text = data.decode(encoding, errors=_REPAIR)
    return text, _counter.repaired


def _replaced(data: bytes, encoding: str) -> Decoded:
    """Decode with U+FFFD for what does not fit (wide encodings: byte repair makes no sense)."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    sequences = "1 byte sequence" if bad == 1 else f"{bad:,} byte sequences"
    warning = f"{sequences} did not fit {encoding} and were replaced with U+FFFD"
    return Decoded(text, encoding, (warning,) if bad else ())


def _repair_warning(count: int, encoding: str) -> tuple[str, ...]:
    if not count:
        return ()
    if count == 1:
        return (f"1 byte was not valid {encoding} and was read as Windows-1252",)
    return (f"{count:,} bytes were not valid {encoding} and were read as Windows-1252",)


def _mostly_utf8(data: bytes) -> bool:
    """Whether the non-ASCII bytes are mostly well-formed UTF-8 sequences (so the rest are
    strays to repair, not a sign of another encoding)."""
    non_ascii = len(_NON_ASCII.findall(data))
    in_sequences = sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))
    return in_sequences > 0 and in_sequences >= non_ascii / 2


def _from_bom(data: bytes) -> Decoded | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding == "utf-8":
                text, repaired = _lenient(body, "utf-8")
                return Decoded(text, "utf-8-sig", _repair_warning(repaired, "UTF-8"))
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                return _replaced(data, encoding)
    return None


def _detected(data: bytes) -> Decoded:
    """Legacy encodings: charset-normalizer's best guess, never a Mac code page."""
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else None
    if encoding and not encoding.startswith("mac"):
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    text, repaired = _lenient(data, "cp1252")
    warnings = ("the encoding could not be detected with confidence; read as Windows-1252",)
    return Decoded(text, "cp1252", warnings + _repair_warning(repaired, "Windows-1252"))


def decode_bytes(data: bytes, *, source: str, content_type: str | None = None) -> Decoded:
    """Decode raw input bytes to text (see the module docstring for the order).

    Returns:
        The text, the name of the encoding used and warnings about anything repaired or ignored.

    Raises:
        EmptyInputError: if there is nothing but whitespace (or a byte-order mark).
        BinaryInputError: if the bytes are a binary format.
    """
    if not data.strip():
        raise EmptyInputError("the input is empty; give an article as HTML or text", source=source)
    binary = looks_like_binary(data)
    if binary:
        raise BinaryInputError(
            f"this is {binary}, not text or HTML; convert it to text first", source=source
        )
    decoded = _from_bom(data) or _without_bom(data, content_type)
    if not decoded.text.strip():
        raise EmptyInputError(
            "no article body found: the input holds only whitespace", source=source
        )
    return decoded


def _without_bom(data: bytes, content_type: str | None) -> Decoded:
    warnings: tuple[str, ...] = ()
    label = _declared_encoding(data, content_type)
    declared = _charset(label) if label else None
    if label and declared is None:
        warnings = (f"the declared charset {label!r} cannot be used; the encoding was detected",)
    if declared and declared != "utf-8":
        if declared == "cp1252":
            text, repaired = _lenient(data, "cp1252")
            return Decoded(text, "cp1252", warnings + _repair_warning(repaired, "Windows-1252"))
        try:
            return Decoded(data.decode(declared), declared, warnings)
        except UnicodeDecodeError:
            warnings += (f"the bytes do not fit the declared charset {label!r}; detected instead",)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError:
        pass
    if declared == "utf-8" or _mostly_utf8(data):
        text, repaired = _lenient(data, "utf-8")
        return Decoded(text, "utf-8", warnings + _repair_warning(repaired, "UTF-8"))
    detected = _detected(data)
    return Decoded(detected.text, detected.encoding, warnings + detected.warnings)
