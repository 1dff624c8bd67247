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
    assert decode_bytes(data, source="t").text == expected


def test_decode_uses_http_charset() -> None:
    decoded = decode_bytes(
        "naïve".encode("cp1252"), source="t", content_type="text/html; charset=windows-1252"
    )
    assert decoded.text == "naïve"
    assert decoded.encoding == "cp1252"


def test_decode_falls_back_to_detection() -> None:
    data = ("Die Straße nach München ist überfüllt, sagte der Bürgermeister. " * 5).encode("cp1252")
    assert "München" in decode_bytes(data, source="t").text


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


# -- repair: mostly-valid text is read, not refused or misread ---------------------------------


def test_stray_cp1252_byte_in_utf8_is_repaired_not_read_as_a_mac_code_page() -> None:
    data = "Mohammad Sädr wrote – OpEd. ".encode() * 3 + "Le caf\xe9".encode("cp1252") + b" ok."
    decoded = decode_bytes(data, source="t")
    assert decoded.encoding == "utf-8"
    assert "Sädr" in decoded.text and "– OpEd" in decoded.text and "café" in decoded.text
    assert decoded.warnings == ("1 byte was not valid UTF-8 and was read as Windows-1252",)


def test_utf8_bom_then_latin1_bytes_is_repaired() -> None:
    data = codecs.BOM_UTF8 + b"The minister said caf\xe9 was open, na\xefve."
    decoded = decode_bytes(data, source="t")
    assert decoded.text == "The minister said café was open, naïve."
    assert "2 bytes were not valid UTF-8" in decoded.warnings[0]


def test_utf16_with_an_odd_byte_count_is_decoded_with_a_replacement() -> None:
    data = codecs.BOM_UTF16_LE + "The minister said it was open.".encode("utf-16-le") + b"x"
    decoded = decode_bytes(data, source="t")
    assert decoded.text.startswith("The minister said it was open.")
    assert decoded.text.endswith("\ufffd")
    assert "replaced with U+FFFD" in decoded.warnings[0]


@pytest.mark.parametrize("label", ["undefined", "punycode", "idna", "utf-7", "no-such-charset"])
def test_an_unusable_declared_charset_is_ignored(label: str) -> None:
    html = f'<html><head><meta charset="{label}"></head><body><p>Caf\u00e9 – ok</p></body></html>'
    decoded = decode_bytes(html.encode(), source="t")
    assert "Café – ok" in decoded.text
    assert decoded.encoding == "utf-8"
    assert label in decoded.warnings[0]


def test_a_utf16_label_without_a_bom_means_utf8() -> None:
    html = '<html><head><meta charset="utf-16"></head><body><p>Café</p></body></html>'
    assert "Café" in decode_bytes(html.encode(), source="t").text


def test_a_wrong_declared_charset_falls_back_to_detection() -> None:
    html = '<meta charset="shift_jis"><p>Ce\xef caf\xe9 na\xefve \x81</p>'.encode("latin-1")
    decoded = decode_bytes(html, source="t")
    assert "café" in decoded.text
    assert any("shift_jis" in w for w in decoded.warnings)


def test_legacy_cyrillic_is_still_detected() -> None:
    text = "Президент заявил, что переговоры продолжатся на следующей неделе в столице. " * 4
    decoded = decode_bytes(text.encode("cp1251"), source="t")
    assert decoded.text == text


@pytest.mark.parametrize(
    "data", [codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n", "\u00a0\n\u00a0".encode()]
)
def test_a_bom_or_nbsp_only_input_has_no_body(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="no article body found"):
        decode_bytes(data, source="t")
