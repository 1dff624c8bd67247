"""Reliability of confidences: does a confidence of 0.8 come true four times in five?

Predictions are put in equal-width bins of confidence; each bin's mean confidence is set against
the share of its predictions that were right. The expected calibration error (ECE) is the mean
absolute gap between the two, weighted by the bins' sizes (Naeini et al., 2015; Guo et al., 2017).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bin", "Reliability", "reliability"]


@dataclass(frozen=True, slots=True)
class Bin:
    """One confidence bin: ``[low, high)`` (the last one closed), its size, mean confidence
    and share right."""

    low: float
    high: float
    count: int
    confidence: float
    accuracy: float


@dataclass(frozen=True, slots=True)
class Reliability:
    """The reliability table and the expected calibration error."""

    bins: tuple[Bin, ...]
    ece: float
    total: int

    def format_table(self, noun: str = "quotes") -> str:
        """The table as plain text, one bin a line, then the ECE; ``noun`` names what is
        counted."""
        lines = [f"{'confidence':<14}{noun:>7}{'mean conf':>11}{'share right':>13}{'gap':>7}"]
        for b in self.bins:
            lines.append(
                f"[{b.low:.1f}, {b.high:.1f}{']' if b.high >= 1 else ')'}   {b.count:>7}"
                f"{b.confidence:>11.3f}{b.accuracy:>13.3f}{b.accuracy - b.confidence:>+7.3f}"
            )
        lines.append(f"ECE {self.ece:.3f} over {self.total} {noun} ({len(self.bins)} bins used)")
        return "\n".join(lines)


def reliability(
    confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10
) -> Reliability:
    """Bin ``confidences`` (each in [0, 1]) against whether each prediction was ``correct``.

    Raises:
        ValueError: if the sequences differ in length, ``n_bins`` < 1, or a confidence is
            outside [0, 1].
    """
    if len(confidences) != len(correct):
        raise ValueError("one outcome per confidence")
    if n_bins < 1:
        raise ValueError("at least one bin")
    members: list[list[int]] = [[] for _ in range(n_bins)]
    for i, c in enumerate(confidences):
        if not 0.0 <= c <= 1.0:
            raise ValueError(f"confidence {c} is not a probability")
        members[min(int(c * n_bins), n_bins - 1)].append(i)
    bins: list[Bin] = []
    gap = 0.0
    for k, idx in enumerate(members):
        if not idx:
            continue
        mean = sum(confidences[i] for i in idx) / len(idx)
        right = sum(1 for i in idx if correct[i]) / len(idx)
        gap += len(idx) * abs(right - mean)
        bins.append(Bin(k / n_bins, (k + 1) / n_bins, len(idx), mean, right))
    total = len(confidences)
    return Reliability(tuple(bins), gap / total if total else 0.0, total)
