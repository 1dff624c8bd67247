"""Quote marks read from text alone: curly, straight, doubled apostrophes, paragraphs, junk."""

from __future__ import annotations

import pytest

from presslens.stages.quotations import find_quote_runs


def _runs(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in run.spans] for run in find_quote_runs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We won,” she said.", [["“We won,”"]]),
        ('He said "taxes rise" today.', [['"taxes rise"']]),
        ("''It worked,'' he said.", [["''It worked,''"]]),
        ("“A,” he said, “B.”", [["“A,”"], ["“B.”"]]),
        ("She said, “He told me ‘never again’ twice.”", [["“He told me ‘never again’ twice.”"]]),
        ("It's Bob's 'very own words here' now.", [["'very own words here'"]]),
        ("He said: “One.\n\n“Two.\n\n“Three.”\n\nAfter.", [["“One.", "“Two.", "“Three.”"]]),
        ("” … in Wyoming, it left,” Time wrote.", [["” … in Wyoming, it left,”"]]),
    ],
)
def test_quote_runs(text: str, expected: list[list[str]]) -> None:
    assert _runs(text) == expected


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never ends.\n\nNext paragraph."
    runs = find_quote_runs(text)
    assert [[text[s:e] for s, e in r.spans] for r in runs] == [["“this never ends."]]
    assert not runs[0].closed


@pytest.mark.parametrize(
    "text", ["", '"', '""', "“”“", "'''", "” stray", '"a "b "c', "\n\n“\n\n”", "«»" * 50]
)
def test_odd_marks_never_crash(text: str) -> None:
    for run in find_quote_runs(text):
        assert all(0 <= s < e <= len(text) for s, e in run.spans)
