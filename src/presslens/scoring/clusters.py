"""Cluster agreement: B-cubed precision, recall and F1 (Bagga and Baldwin, 1998).

Each item is scored on its own: its precision is the share of the items in its predicted cluster
that share its gold cluster, its recall the share of the items in its gold cluster that share its
predicted cluster; the scores are the means over the items. A merge of two real actors costs
precision, a split of one real actor costs recall, in proportion to the items they touch.

>>> gold = {"a": "trump", "b": "trump", "c": "clinton"}
>>> score = bcubed(gold, {"a": 1, "b": 2, "c": 2})
>>> round(score.precision, 3), round(score.recall, 3)
(0.667, 0.667)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["ClusterScore", "bcubed"]

Item = TypeVar("Item", bound=Hashable)


@dataclass(frozen=True, slots=True)
class ClusterScore:
    """B-cubed scores over ``items`` items (0.0 each when there are none)."""

    precision: float
    recall: float
    f1: float
    items: int


def bcubed(gold: Mapping[Item, Hashable], predicted: Mapping[Item, Hashable]) -> ClusterScore:
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold``.

    Args:
        gold: item → its gold cluster label.
        predicted: item → its predicted cluster label.

    Returns:
        The scores over the items present in both mappings; items only one side knows are left
        out (report them separately, as missed or spurious).
    """
    items = [item for item in gold if item in predicted]
    if not items:
        return ClusterScore(0.0, 0.0, 0.0, 0)
    pairs = Counter((gold[item], predicted[item]) for item in items)
    gold_sizes = Counter(gold[item] for item in items)
    predicted_sizes = Counter(predicted[item] for item in items)
    # Every item of a (gold, predicted) cell has the same per-item scores: count / cluster size.
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in pairs.items()) / len(items)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in pairs.items()) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClusterScore(precision, recall, f1, len(items))
