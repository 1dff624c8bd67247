"""The shipped check-worthiness model: a rule gate, then the shared encoder with a head.

Files in ``model/`` (``training/claims/train.py`` writes them; no pickle):

* ``encoder.onnx`` and ``tokenizer.json`` — the fine-tuned encoder, run by
  :mod:`presslens.encoder` (int8 ONNX);
* ``claims.npz`` — the head: ``weight`` and ``bias`` of a logistic regression over the
  encoder's mean-pooled sentence vector;
* ``meta.json`` — the card: threshold, training data, dev scores.

Scoring a sentence: a sentence the gate (:mod:`.gate`) rules out scores 0 and never reaches
the encoder; every other sentence scores the head's probability.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from presslens.encoder import Encoder, load_encoder
from presslens.errors import ModelError
from presslens.stages.claims.gate import passes_gate
from presslens.stages.packaged import read_model_files

__all__ = ["ClaimModel", "load_model", "model_dir"]

F32 = npt.NDArray[np.float32]


def model_dir() -> Path:
    """The folder of the model that ships inside the package."""
    return Path(str(resources.files("presslens.stages.claims") / "model"))


def _sigmoid(z: F32) -> F32:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)


class ClaimModel:
    """Scores sentences for check-worthiness, in [0, 1].

    Args:
        encoder: the sentence encoder.
        head_weight, head_bias: the head over the encoder's pooled vector.
        meta: the card (``decoding.threshold`` is the tuned threshold).

    Raises:
        ModelError: if the head does not fit the encoder.
    """

    def __init__(
        self, encoder: Encoder, head_weight: F32, head_bias: float, meta: dict[str, Any]
    ) -> None:
        if head_weight.shape != (encoder.hidden_size,):
            raise ModelError(
                f"claims head expects vectors of {head_weight.shape[0]}, the encoder gives "
                f"{encoder.hidden_size}; retrain it with training/claims/train.py"
            )
        self.encoder = encoder
        self.head_weight = head_weight
        self.head_bias = head_bias
        self.meta = meta
        self.default_threshold = float(meta["decoding"]["threshold"])

    @classmethod
    def from_dir(cls, path: Path) -> ClaimModel:
        """Load the model in ``path``.

        Raises:
            ModelError: if a file is missing or malformed.
        """
        try:
            meta, data = read_model_files(path, "claims.npz")
            weight = data["weight"].astype(np.float32)
            bias = float(data["bias"].reshape(-1)[0])
            if "threshold" not in meta.get("decoding", {}):
                raise KeyError("decoding.threshold in meta.json")
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(
                f"cannot load the claims model from {path} ({exc.__class__.__name__}: {exc}); "
                "reinstall presslens or retrain it with training/claims/train.py"
            ) from None
        return cls(load_encoder(str(path)), weight, bias, meta)

    @staticmethod
    def save_head(path: Path, weight: F32, bias: float, meta: dict[str, Any]) -> None:
        """Write ``claims.npz`` and ``meta.json`` to ``path`` (the encoder files go beside)."""
        np.savez(
            path / "claims.npz",
            weight=np.asarray(weight, dtype=np.float32),
            bias=np.asarray([bias], dtype=np.float32),
        )
        (path / "meta.json").write_text(
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )

    def probabilities(self, texts: Sequence[str]) -> F32:
        """The head's probability for each text (runs the encoder, no gate)."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        # Batches of 8: an article's sentences vary in length, and small length-sorted batches
        # pad less (the stage took 14 % less time than with batches of 32).
        pooled = self.encoder.encode(texts, batch_size=8).pooled
        return _sigmoid(pooled @ self.head_weight + np.float32(self.head_bias))

    def score(self, doc: Doc, bounds: Sequence[tuple[int, int]]) -> F32:
        """Check-worthiness in [0, 1] of each sentence ``doc[start:end]`` in ``bounds``."""
        scores = np.zeros(len(bounds), dtype=np.float32)
        passed = np.flatnonzero(passes_gate(doc, bounds)).tolist()
        if passed:
            texts = [doc[bounds[i][0] : bounds[i][1]].text for i in passed]
            scores[passed] = self.probabilities(texts)
        return scores


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> ClaimModel:
    """Load (and cache) the claims model; by default the one inside the package.

    Raises:
        ModelError: if the model files are missing or do not fit this code.
    """
    return ClaimModel.from_dir(Path(path) if path else model_dir())
