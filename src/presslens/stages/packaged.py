"""Serialisation for spaCy components whose weights ship inside the package.

spaCy calls ``to_bytes``/``from_bytes`` when a pipeline is sent to worker processes and
``to_disk``/``from_disk`` when it is saved. The weights never travel: they are files of the
installed package, so only a component's settings (threshold, spans key, model folder) are
written, and restoring them loads the model from its folder again.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt


def read_model_files(
    path: Path, arrays_file: str
) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """A shipped model folder's card (``meta.json``) and its weights (an ``.npz``, no pickle).

    Raises:
        OSError, ValueError: if a file is missing or unreadable (the loaders turn these into
            a :class:`~presslens.errors.ModelError` that says how to retrain).
    """
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    with np.load(path / arrays_file, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    return meta, arrays


class PackagedWeights(ABC):
    """A mixin: ``threshold``, ``spans_key`` and ``model_path`` are the whole saved state;
    ``_load`` loads the model of a folder (``None``: the one shipped)."""

    threshold: float
    spans_key: str
    model_path: str | None

    @abstractmethod
    def _load(self, model_path: str | None) -> None:
        """Load the model of ``model_path`` (None: the one that ships in the package)."""

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Serialise the settings (the weights live in the package)."""
        return json.dumps(self._settings()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> Self:
        """Restore settings written by :meth:`to_bytes`."""
        self._restore(json.loads(data))
        return self

    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        """Write the settings to ``path`` (a folder)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "settings.json").write_text(json.dumps(self._settings()), encoding="utf-8")

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> Self:
        """Read settings written by :meth:`to_disk`."""
        self._restore(json.loads((Path(path) / "settings.json").read_text(encoding="utf-8")))
        return self

    def _settings(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "spans_key": self.spans_key,
            "model_path": self.model_path,
        }

    def _restore(self, settings: dict[str, Any]) -> None:
        self.threshold = float(settings["threshold"])
        self.spans_key = str(settings["spans_key"])
        self.model_path = settings.get("model_path")
        self._load(self.model_path)
