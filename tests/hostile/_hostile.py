"""Hostile inputs, generated in the tests: one builder per row of the reliability table.

Each builder writes a file and says what the user must see: the exit status of
``presslens analyze FILE``, a pattern of its one stderr line (an error, or a warning when the
input is read with a repair), and whether ``presslens ingest`` must store it or record it as a
failure.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from typer.testing import Result

GOOD = (
    "The council met on Monday and voted to delay the levy by a year, officials said.\n\n"
    "Maria Lopez, who chairs the finance committee, said the delay would cost the city money "
    "and that the flood maps had been ignored for a decade by every administration.\n"
)


@dataclass(frozen=True)
class Hostile:
    """A hostile input: how to write it and what the CLI must do with it."""

    name: str
    suffix: str
    data: bytes
    exit_code: int  # of `presslens analyze FILE`
    message: str  # a pattern of the one line on stderr ("error:" or "warning:")
    stored: bool  # `presslens ingest` stores it (else records it as a failure)


def _html(body: str, head: str = "") -> bytes:
    page = f"<html><head>{head}<title>T</title></head><body><article><p>{body}</p></article>"
    return (page + "</body></html>").encode()


HOSTILE: list[Hostile] = [
    Hostile(
        "stray cp1252 byte in utf-8",
        ".txt",
        ("Mohammad Sädr wrote – OpEd. " + GOOD).encode() + b"Le caf\xe9 est ouvert.\n",
        0,
        r"warning: .*1 byte was not valid UTF-8 and was read as Windows-1252",
        True,
    ),
    Hostile(
        "utf-8 bom then latin-1 bytes",
        ".txt",
        codecs.BOM_UTF8 + GOOD.encode() + b"The caf\xe9 was open, na\xefve as it seems.\n",
        0,
        r"warning: .*2 bytes were not valid UTF-8",
        True,
    ),
    Hostile(
        "utf-16 bom with an odd byte count",
        ".txt",
        codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le") + b"x",
        0,
        r"warning: .*did not fit utf-16 and were replaced",
        True,
    ),
    Hostile(
        'meta charset="undefined"',
        ".html",
        _html(GOOD, '<meta charset="undefined">'),
        0,
        r"warning: .*declared charset 'undefined' cannot be used",
        True,
    ),
    Hostile(
        'meta charset="punycode"',
        ".html",
        _html(GOOD, '<meta charset="punycode">'),
        0,
        r"warning: .*declared charset 'punycode' cannot be used",
        True,
    ),
    Hostile(
        "lxml assertion inside htmldate",
        ".html",
        b"<svg><td><td><p>" + GOOD.encode(),
        0,
        r"warning: .*metadata could not be read \(AssertionError\)",
        True,
    ),
    Hostile(
        "json-ld of 2,000 nested arrays",
        ".html",
        _html(GOOD, '<script type="application/ld+json">' + "[" * 2000 + "]" * 2000 + "</script>"),
        0,
        "",
        True,
    ),
    Hostile(
        "100,000 nested divs",
        ".html",
        (
            "<html><body>" + "<div>" * 100_000 + GOOD + "</div>" * 100_000 + "</body></html>"
        ).encode(),
        3,
        r"error: .*no article body found",
        False,
    ),
    Hostile("bom only", ".txt", codecs.BOM_UTF8, 3, r"error: .*no article body found", False),
    Hostile(
        "nbsp only",
        ".txt",
        "\u00a0\u00a0\n\u00a0 \n".encode(),
        3,
        r"error: .*no article body",
        False,
    ),
    Hostile(
        "a page with no text",
        ".html",
        b"<html><head><title>Gallery</title></head><body><img src='a.jpg'>"
        b"<script>var x = 1;</script></body></html>",
        3,
        r"error: .*no article body found",
        False,
    ),
]


def write(hostile: Hostile, folder: Path) -> Path:
    path = folder / (re.sub(r"\W+", "-", hostile.name).strip("-") + hostile.suffix)
    path.write_bytes(hostile.data)
    return path


def one_line(result: Result, pattern: str) -> str:
    """The single presslens line on stderr, checked against ``pattern``; no traceback."""
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) <= 1, lines
    line = lines[0] if lines else ""
    if pattern:
        assert line.startswith("presslens: "), line
        assert re.search(pattern, line), line
    return line
