"""Calibrated confidence: the probability that a quotation is right.

Each strategy scores its drafts its own way (the cue model's probability, a fixed score for a
speech tag or a colon). ``training/quotes/calibrate.py`` fits, on the PolNeAR train split, one
isotonic map per strategy and quotation kind from that raw score to the share of quotations that
match a gold attribution (content Jaccard ≥ 0.5), and writes them to
``model/calibration.json``; :class:`Calibration` applies them. Without the file the raw score is
returned unchanged.
"""

from __future__ import annotations

import bisect
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["CALIBRATION_FILE", "Calibration", "load_calibration", "strategy_of"]

CALIBRATION_FILE = "calibration.json"
"""The calibration's file name inside ``presslens/stages/quotations/model/``."""


def strategy_of(variant: str, kind: str, *, speaker: bool = True) -> str:
    """The calibration group of a quotation: how it was found, what kind of quotation it is,
    and whether it has a speaker."""
    rule = (
        variant
        if variant in ("tag", "named", "colon", "label", "embedded", "run", "inherited")
        else "model"
    )
    return f"{rule}|{kind}" + ("" if speaker else "|no speaker")


@dataclass(frozen=True, slots=True)
class _Step:
    """An isotonic step function: ``ys[i]`` from ``xs[i]`` up to the next threshold."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, x: float) -> float:
        i = bisect.bisect_right(self.xs, x) - 1
        return self.ys[max(i, 0)]


@dataclass(frozen=True, slots=True)
class Calibration:
    """Isotonic maps per strategy group, and one for groups too small to have their own."""

    groups: dict[str, _Step] = field(default_factory=dict)
    fallback: _Step | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __call__(self, strategy: str, score: float) -> float:
        """The calibrated probability for a raw ``score`` of a draft of ``strategy``."""
        step = self.groups.get(strategy, self.fallback)
        return score if step is None else step(score)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibration:
        """From the JSON form ``{"groups": {name: {"x": [...], "y": [...]}}, "fallback": ...}``.

        Raises:
            ValueError: if the data is not a calibration.
        """
        try:
            groups = {
                str(name): _Step(tuple(map(float, g["x"])), tuple(map(float, g["y"])))
                for name, g in data["groups"].items()
            }
            fb = data.get("fallback")
            fallback = _Step(tuple(map(float, fb["x"])), tuple(map(float, fb["y"]))) if fb else None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a presslens quote calibration ({exc!r}); refit it") from None
        if any(len(s.xs) != len(s.ys) or not s.xs for s in groups.values()):
            raise ValueError("a calibration step function needs as many x as y, at least one")
        return cls(groups, fallback, dict(data.get("meta", {})))


@functools.lru_cache(maxsize=4)
def load_calibration(path: str | None = None) -> Calibration:
    """Load (and cache) the shipped calibration, or the one at ``path``; identity if the shipped
    file is absent.

    Raises:
        ValueError: if the file is not a calibration.
    """
    if path is None:
        resource = resources.files("presslens.stages.quotations").joinpath(
            "model", CALIBRATION_FILE
        )
        if not resource.is_file():
            return Calibration()
        text = resource.read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return Calibration.from_json(json.loads(text))
