"""The cue model: logistic regression over sparse string features, stored as plain JSON.

It answers one question per candidate: does this reading of this cue give an attribution a
PolNeAR annotator would mark? ``training/quotes/train.py`` fits it on the PolNeAR train split.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

__all__ = ["MODEL_FILE", "CueModel", "load_cue_model"]

MODEL_FILE = "cue_model.json"
"""The model's file name inside ``presslens/stages/quotations/model/``."""


@dataclass(frozen=True, slots=True)
class CueModel:
    """Weights of a logistic regression and the decision threshold picked on held-out data.

    Attributes:
        weights: feature string to weight; unknown features weigh nothing.
        threshold: probability at or above which a candidate is kept.
        meta: how the model was trained (data, counts, scores), for the record.
        lemmas: the verb and noun lemmas that were cues often enough in training to be read as
            cues at all; None reads every verb (slower, and no more accurate).
    """

    weights: dict[str, float]
    threshold: float
    meta: dict[str, Any]
    lemmas: frozenset[str] | None = None

    def probability(self, features: list[str]) -> float:
        """The model's probability that a candidate with ``features`` is an attribution."""
        z = sum(map(self.weights.get, features, repeat(0.0)))
        # Clamp so exp never overflows on a pathological feature sum.
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CueModel:
        """Build a model from its JSON form.

        Raises:
            ValueError: if the data lacks ``weights`` or ``threshold``.
        """
        try:
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            threshold = float(data["threshold"])
            lemmas = frozenset(str(x) for x in data["lemmas"]) if "lemmas" in data else None
        except (KeyError, AttributeError, TypeError, ValueError) as exc:
            raise ValueError(f"not a presslens cue model ({exc!r}); retrain it") from None
        return cls(weights, threshold, dict(data.get("meta", {})), lemmas)


@functools.lru_cache(maxsize=4)
def load_cue_model(path: str | None = None) -> CueModel:
    """Load (and cache) the cue model: the one shipped with presslens, or the file at ``path``.

    Raises:
        ValueError: if the file is not a cue model.
        OSError: if ``path`` cannot be read.
    """
    if path is None:
        text = (
            resources.files("presslens.stages.quotations")
            .joinpath("model", MODEL_FILE)
            .read_text(encoding="utf-8")
        )
    else:
        text = Path(path).read_text(encoding="utf-8")
    return CueModel.from_json(json.loads(text))
