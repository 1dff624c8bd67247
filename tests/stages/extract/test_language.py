import pytest

from presslens.stages.extract.language import detect_language, language_warning


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "For two decades, the mayors of coastal cities have warned that the seas would rise.",
            "en",
        ),
        ("Die Straße nach München ist überfüllt, sagte der Bürgermeister am Montag.", "de"),
        ("Le gouvernement a annoncé mardi une nouvelle loi sur le logement social.", "fr"),
        ("Too short.", None),
        ("", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_only_non_english_warns() -> None:
    assert language_warning("en") is None
    assert language_warning(None) is None
    assert "English" in (language_warning("de") or "")
