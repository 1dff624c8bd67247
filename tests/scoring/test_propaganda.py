"""The SemEval-2020 Task 11 scorers, on hand-computed examples (offsets only; no corpus)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from presslens.scoring.propaganda import gold_share, merge_spans, score_full, score_si, score_tc
from presslens.scoring.ptc import TECHNIQUES, LabelledSpan

Spans = dict[str, list[tuple[int, int]]]


@dataclass(frozen=True)
class _RawSpan:
    """Any object with start, end and technique will do; this one checks nothing."""

    start: int
    end: int
    technique: str


def _spans(spans: Spans) -> dict[str, list[LabelledSpan]]:
    return {aid: [LabelledSpan(s, e, "Doubt") for s, e in rows] for aid, rows in spans.items()}


def _labelled(rows: dict[str, list[tuple[str, int, int]]]) -> dict[str, list[LabelledSpan]]:
    return {aid: [LabelledSpan(s, e, t) for t, s, e in spans] for aid, spans in rows.items()}


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([], []),
        ([(5, 9), (0, 3)], [(0, 3), (5, 9)]),
        ([(0, 6), (4, 10)], [(0, 10)]),
        ([(0, 10), (2, 4)], [(0, 10)]),
        ([(0, 5), (5, 9)], [(0, 5), (5, 9)]),  # touching: no shared character
        ([(0, 5), (0, 5)], [(0, 5)]),
    ],
)
def test_merge_spans(spans: list[tuple[int, int]], merged: list[tuple[int, int]]) -> None:
    assert merge_spans(spans) == merged


@pytest.mark.parametrize(
    ("gold", "predicted", "p", "r"),
    [
        ({"a": [(0, 10)]}, {"a": [(0, 10)]}, 1.0, 1.0),
        ({"a": [(0, 10)]}, {"a": [(5, 15)]}, 0.5, 0.5),
        # two halves of one gold span: each is all propaganda, together they find 8 of 10 chars
        ({"a": [(0, 10)]}, {"a": [(0, 4), (6, 10)]}, 1.0, 0.8),
        # overlapping gold spans are merged into (0, 10)
        ({"a": [(0, 6), (4, 10)]}, {"a": [(0, 10)]}, 1.0, 1.0),
        # a repeated prediction is merged: recall cannot exceed 1
        ({"a": [(0, 10)]}, {"a": [(0, 10), (0, 10), (2, 5)]}, 1.0, 1.0),
        # touching gold spans stay two spans, each fully found
        ({"a": [(0, 5), (5, 10)]}, {"a": [(0, 10)]}, 1.0, 1.0),
        # sums run over all articles: P = (5/5 + 4/8) / 2, R = (5/10 + 4/4) / 2
        ({"a": [(0, 10)], "b": [(0, 4)]}, {"a": [(0, 5)], "b": [(0, 8)]}, 0.75, 0.75),
        # overlap only counts within an article
        ({"a": [(0, 10)], "b": []}, {"b": [(0, 10)]}, 0.0, 0.0),
        # nothing predicted (the article may be absent)
        ({"a": [(0, 10)]}, {}, 0.0, 0.0),
        # nothing to find and nothing found
        ({"a": []}, {"a": []}, 1.0, 1.0),
    ],
)
def test_score_si(gold: Spans, predicted: Spans, p: float, r: float) -> None:
    score = score_si(_spans(gold), _spans(predicted))
    assert (score.precision, score.recall) == pytest.approx((p, r))
    assert score.f1 == pytest.approx(0.0 if p + r == 0 else 2 * p * r / (p + r))
    assert score.per_technique == ()


def test_si_counts_merged_spans_and_ignores_techniques() -> None:
    gold = _labelled({"a": [("Doubt", 0, 6), ("Slogans", 4, 10), ("Doubt", 20, 30)]})
    predicted = _labelled({"a": [("Repetition", 0, 10)]})
    score = score_si(gold, predicted)
    assert (score.predicted, score.gold) == (1, 2)
    assert (score.precision, score.recall) == pytest.approx((1.0, 0.5))


GOLD = _labelled(
    {"a": [("Loaded_Language", 0, 10), ("Doubt", 0, 10), ("Loaded_Language", 5, 15)], "b": []}
)
PREDICTED = _labelled({"a": [("Loaded_Language", 0, 10), ("Name_Calling,Labeling", 0, 10)]})


def test_score_full_needs_the_same_technique() -> None:
    # Gold per technique: Loaded_Language (0, 15) after merging, Doubt (0, 10). Only the
    # Loaded_Language prediction earns credit: P = (10/10) / 2, R = (10/15) / 2.
    score = score_full(GOLD, PREDICTED)
    assert (score.precision, score.recall, score.f1) == pytest.approx((0.5, 1 / 3, 0.4))
    assert (score.predicted, score.gold) == (2, 2)
    rows = {
        t.technique: (t.precision, t.recall, t.f1, t.gold, t.predicted) for t in score.per_technique
    }
    assert rows == {
        "Doubt": (0.0, 0.0, 0.0, 1, 0),
        "Loaded_Language": pytest.approx((1.0, 2 / 3, 0.8, 1, 1)),
        "Name_Calling,Labeling": (0.0, 0.0, 0.0, 0, 1),
    }


def test_score_full_of_gold_is_perfect() -> None:
    score = score_full(GOLD, GOLD)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_span_score_table() -> None:
    table = score_full(GOLD, PREDICTED).format_table().splitlines()
    assert table[0] == "full task"
    assert table[1].split() == ["technique", "P", "R", "F1", "gold", "pred"]
    assert table[2].split() == ["all", "0.5000", "0.3333", "0.4000", "2", "2"]
    assert table[4].split() == ["Loaded_Language", "1.0000", "0.6667", "0.8000", "1", "1"]


@pytest.mark.parametrize("scorer", [score_si, score_full])
def test_span_scorer_errors(scorer: Callable[..., object]) -> None:
    with pytest.raises(ValueError, match="no gold articles"):
        scorer({}, {})
    with pytest.raises(ValueError, match=r"not in the gold data, e\.g\. \['z'\]"):
        scorer(GOLD, {"z": []})
    with pytest.raises(ValueError, match="article a: bad span 4-4"):
        scorer(GOLD, {"a": [_RawSpan(4, 4, "Doubt")]})
    with pytest.raises(ValueError, match="article a: bad span -1-4"):
        scorer({"a": [_RawSpan(-1, 4, "Doubt")]}, {})


TC_GOLD = _labelled(
    {
        "a": [
            ("Loaded_Language", 0, 5),
            ("Name_Calling,Labeling", 6, 9),
            ("Doubt", 10, 20),
            ("Slogans", 10, 20),
        ]
    }
)
TC_PREDICTED = _labelled(
    {
        "a": [
            ("Loaded_Language", 0, 5),
            ("Loaded_Language", 6, 9),
            ("Slogans", 10, 20),
            ("Doubt", 10, 20),
        ]
    }
)


def test_score_tc() -> None:
    # The two-label span (10, 20) is right in either order: 3 of 4 rows correct.
    score = score_tc(TC_GOLD, TC_PREDICTED)
    assert (score.micro_f1, score.correct, score.spans) == (0.75, 3, 4)
    rows = {
        t.technique: (t.precision, t.recall, t.f1, t.gold, t.predicted) for t in score.per_technique
    }
    assert rows == {
        "Doubt": (1.0, 1.0, 1.0, 1, 1),
        "Loaded_Language": pytest.approx((0.5, 1.0, 2 / 3, 1, 2)),
        "Name_Calling,Labeling": (0.0, 0.0, 0.0, 1, 0),
        "Slogans": (1.0, 1.0, 1.0, 1, 1),
    }
    assert score.macro_f1 == pytest.approx((1 + 2 / 3 + 0 + 1) / 4)


def test_score_tc_lists_requested_techniques_first() -> None:
    score = score_tc(TC_GOLD, TC_PREDICTED, techniques=TECHNIQUES)
    assert tuple(t.technique for t in score.per_technique) == TECHNIQUES
    assert score.macro_f1 == pytest.approx((1 + 2 / 3 + 0 + 1) / 4)  # absent ones not averaged


def test_tc_table() -> None:
    table = score_tc(TC_GOLD, TC_PREDICTED).format_table().splitlines()
    assert table[0] == "TC task: micro-F1 0.7500 (3 of 4 spans), macro-F1 0.6667"
    assert table[3].split() == ["Loaded_Language", "0.5000", "1.0000", "0.6667", "1", "2"]


@pytest.mark.parametrize(
    ("predicted", "message"),
    [
        ({"a": [("Doubt", 0, 5)]}, r"missing e\.g\. \[\(6, 9\), \(10, 20\), \(10, 20\)\]"),
        (
            {
                "a": [
                    *[("Doubt", s, e) for s, e in [(0, 5), (6, 9), (10, 20), (10, 20)]],
                    ("Doubt", 30, 40),
                ]
            },
            r"unexpected e\.g\. \[\(30, 40\)\]",
        ),
        # one prediction for a span with two gold labels
        (
            {"a": [("Doubt", s, e) for s, e in [(0, 5), (6, 9), (10, 20)]]},
            r"missing e\.g\. \[\(10, 20\)\]",
        ),
    ],
)
def test_tc_predictions_must_match_gold_spans(
    predicted: dict[str, list[tuple[str, int, int]]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        score_tc(TC_GOLD, _labelled(predicted))


def test_tc_needs_gold_spans() -> None:
    with pytest.raises(ValueError, match="no gold spans"):
        score_tc({"a": []}, {})


@pytest.mark.parametrize(
    ("span", "gold", "share"),
    [
        ((0, 10), [(0, 10)], 1.0),
        ((0, 10), [(5, 20)], 0.5),
        ((0, 10), [(0, 4), (2, 6)], 0.6),  # overlapping gold spans count once
        ((0, 10), [(20, 30)], 0.0),
        ((0, 10), [], 0.0),
    ],
)
def test_gold_share_is_the_spans_precision_credit(
    span: tuple[int, int], gold: list[tuple[int, int]], share: float
) -> None:
    gold_spans = [LabelledSpan(s, e, "Doubt") for s, e in gold]
    assert gold_share(LabelledSpan(*span, "Doubt"), gold_spans) == pytest.approx(share)
