"""Calibrated confidence: the probability that a quotation is right.

Each strategy scores its drafts its own way (the cue model's probability, a fixed score for a
speech tag or a colon). ``training/quotes/calibrate.py`` fits, on the PolNeAR train split, one
isotonic map per strategy and quotation kind from that raw score to the share of quotations that
match a gold attribution (content Jaccard ≥ 0.5), and writes them to
``model/calibration.json``; :class:`Calibration` applies them. Without the file the raw score is
returned unchanged. The maps are :class:`presslens.calibration.Calibration`, shared with the
techniques stage.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from presslens.calibration import Calibration

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
