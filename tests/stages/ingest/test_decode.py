import codecs

import pytest

from presslens.errors import BinaryInputError, DecodeError, EmptyInputError
from presslens.stages.ingest import decode_bytes, looks_like_html


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Plain café text".encode(), "Plain café text"),
        (codecs.BOM_UTF8 + "BOM café".encode(), "BOM café"),
        ("UTF-16 café".encode("utf-16"), "UTF-16 café"),
        (
            '<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1"),
            '<meta charset="iso-8859-1"><p>café</p>',
        ),
    ],
)
def test_decode_detects_encoding(data: bytes, expected: str) -> None:
    assert decode_bytes(data, source="t")[0] == expected


def test_decode_uses_http_charset() -> None:
    text, encoding = decode_bytes(
        "naïve".encode("cp1252"), source="t", content_type="text/html; charset=windows-1252"
    )
    assert text == "naïve"
    assert encoding == "cp1252"


def test_decode_falls_back_to_detection() -> None:
    data = ("Die Straße nach München ist überfüllt, sagte der Bürgermeister. " * 5).encode("cp1252")
    assert "München" in decode_bytes(data, source="t")[0]


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_decode_refuses_empty(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        decode_bytes(data, source="t")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"abc\x00def\x00", "NUL"),
        (bytes(range(1, 9)) * 50, "control"),
    ],
)
def test_decode_refuses_binary(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match=what):
        decode_bytes(data, source="t")


def test_decode_error_is_an_input_error_with_a_fix() -> None:
    assert "UTF-8" in str(
        DecodeError("could not detect the text encoding; re-save the file as UTF-8")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("<html lang='en'><p>x</p></html>", True),
        ("  <div class='a'>x</div>", True),
        ("He wrote <b>bold</b> words in plain text.", False),
        ("Title\n\nA paragraph about 3 < 4 and 5 > 2.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected
