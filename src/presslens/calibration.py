"""Calibrated confidence: maps from a model's raw score to the probability it is right.

A :class:`Calibration` holds one isotonic step function per group of predictions (a stage decides
what a group is: how a quotation was found, which techniques model found a span) and one for
groups too small to have their own. ``training/calibration_fit.py`` fits the maps on training
outcomes (scikit-learn, training only); they ship as plain JSON. The quotations stage
(:mod:`presslens.stages.quotations.calibration`) and the techniques stage use the same code.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Calibration", "StepMap"]


@dataclass(frozen=True, slots=True)
class StepMap:
    """An isotonic step function: ``ys[i]`` from ``xs[i]`` up to the next threshold."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, x: float) -> float:
        i = bisect.bisect_right(self.xs, x) - 1
        return self.ys[max(i, 0)]


@dataclass(frozen=True, slots=True)
class Calibration:
    """Isotonic maps per group, and one for groups too small to have their own."""

    groups: dict[str, StepMap] = field(default_factory=dict)
    fallback: StepMap | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __call__(self, group: str, score: float) -> float:
        """The calibrated probability for a raw ``score`` of a prediction of ``group``; the raw
        score itself when there is no map."""
        step = self.groups.get(group, self.fallback)
        return score if step is None else step(score)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibration:
        """From the JSON form ``{"groups": {name: {"x": [...], "y": [...]}}, "fallback": ...}``.

        Raises:
            ValueError: if the data is not a calibration.
        """
        try:
            groups = {
                str(name): StepMap(tuple(map(float, g["x"])), tuple(map(float, g["y"])))
                for name, g in data["groups"].items()
            }
            fb = data.get("fallback")
            fallback = (
                StepMap(tuple(map(float, fb["x"])), tuple(map(float, fb["y"]))) if fb else None
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a presslens calibration ({exc!r}); refit it") from None
        steps = [*groups.values(), *([fallback] if fallback else [])]
        if any(len(s.xs) != len(s.ys) or not s.xs for s in steps):
            raise ValueError("a calibration step function needs as many x as y, at least one")
        return cls(groups, fallback, dict(data.get("meta", {})))
