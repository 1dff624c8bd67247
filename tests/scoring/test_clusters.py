"""B-cubed against scores worked out by hand."""

from __future__ import annotations

from collections.abc import Hashable

import pytest

from presslens.scoring.clusters import ClusterScore, bcubed

GOLD: dict[str, Hashable] = {"a": "x", "b": "x", "c": "y"}


@pytest.mark.parametrize(
    ("predicted", "precision", "recall"),
    [
        ({"a": 1, "b": 1, "c": 2}, 1.0, 1.0),  # the same partition under other labels
        ({"a": 1, "b": 1, "c": 1}, 5 / 9, 1.0),  # all merged: a, b 2/3 each, c 1/3
        ({"a": 1, "b": 2, "c": 3}, 1.0, 2 / 3),  # all split: a, b 1/2 each, c 1
        ({"a": 1, "b": 2, "c": 2}, 2 / 3, 2 / 3),  # a 1, b 1/2, c 1/2 both ways
    ],
)
def test_bcubed_matches_hand_computed_scores(
    predicted: dict[str, int], precision: float, recall: float
) -> None:
    score = bcubed(GOLD, predicted)
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(2 * precision * recall / (precision + recall))
    assert score.items == 3


def test_items_only_one_side_knows_are_left_out() -> None:
    score = bcubed({**GOLD, "missed": "z"}, {"a": 1, "b": 1, "c": 2, "spurious": 9})
    assert score == ClusterScore(1.0, 1.0, 1.0, 3)


def test_no_shared_items_scores_zero() -> None:
    assert bcubed(GOLD, {"other": 1}) == ClusterScore(0.0, 0.0, 0.0, 0)
