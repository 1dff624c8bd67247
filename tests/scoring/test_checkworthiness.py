"""The CheckThat! loader (CRLF, CSV quoting, a run-together row) and the binary scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.scoring.checkworthiness import load_checkworthy, score_binary, unquote

DATA = Path(__file__).parent.parent / "fixtures" / "checkworthiness"


def test_crlf_file_loads_with_quotes_undone() -> None:
    rows = load_checkworthy(DATA / "sample-crlf.tsv")
    assert [r.id for r in rows] == ["1", "2", "3", "4"]
    assert [r.label for r in rows] == [True, False, False, True]
    assert rows[1].text == 'Well, I said "no" twice.'
    assert not any(r.text.endswith("\r") for r in rows)


def test_raw_keeps_the_file_text() -> None:
    assert load_checkworthy(DATA / "sample-crlf.tsv", raw=True)[1].text.startswith('"Well,')


def test_a_run_together_row_is_split_in_two() -> None:
    rows = load_checkworthy(DATA / "sample-joined.tsv")
    assert [(r.id, r.label) for r in rows] == [("10", True), ("11", False), ("12", True)]
    assert rows[2].text == "We built 40 schools."


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\ttext\tlabel\n1\tx\tYes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        load_checkworthy(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [('"a, ""b"" c"', 'a, "b" c'), ("plain", "plain"), ('"', '"'), ('say "x"', 'say "x"')],
)
def test_unquote(text: str, expected: str) -> None:
    assert unquote(text) == expected


def test_score_binary_counts_the_positive_class() -> None:
    gold = [True, True, False, False]
    pred = [True, False, True, False]
    score = score_binary(gold, pred, resamples=200)
    assert (score.precision, score.recall, score.f1) == (0.5, 0.5, 0.5)
    assert score.f1_ci[0] <= score.f1 <= score.f1_ci[1]
    assert "F1 0.500" in score.format()


def test_score_binary_refuses_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="gold"):
        score_binary([True], [True, False])
