"""The accurate techniques model: a fine-tuned MiniLM encoder that tags word pieces.

Files in ``accurate/`` (``training/techniques/finetune.py`` and ``calibrate.py`` write them;
no pickle):

* ``encoder.onnx`` and ``tokenizer.json`` — the fine-tuned encoder (int8 ONNX), run by
  :mod:`presslens.encoder`;
* ``heads.npz`` — ``bio.weight`` ``(hidden, 3)`` and ``bio.bias``: per word piece, outside /
  begins / inside a technique span; ``span.weight`` ``(2 * hidden + N_EXTRAS, n_labels)`` and
  ``span.bias``: the technique of a span from the mean of its piece vectors, its sentence's
  vector and :func:`span_extras`;
* ``calibration.json`` — the isotonic map from a span's raw score to the probability it is right;
* ``meta.json`` — labels, the piece threshold, the shown ``threshold`` and kept ``floor``, and
  the training report.

One forward pass per sentence unit (:func:`sentence_units`) serves both heads. Runs of pieces
whose probability of lying inside a span reaches the piece threshold become spans, widened to
whole words; a piece that starts a word and is more likely a beginning than an inside starts a
new span. A span's raw score is the mean inside-probability of its pieces; its confidence is
that score calibrated.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from presslens.calibration import Calibration
from presslens.encoder import Encoder, load_encoder
from presslens.errors import ModelError
from presslens.stages.packaged import read_model_files
from presslens.stages.persuasion.model import (
    CALIBRATION_GROUP,
    SpanPrediction,
    load_calibration_file,
)

__all__ = [
    "N_EXTRAS",
    "AccurateTechniqueModel",
    "CharSpan",
    "Unit",
    "accurate_dir",
    "decode_pieces",
    "load_accurate_model",
    "sentence_units",
    "span_extras",
    "units_of",
]

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

#: BIO classes of the piece head.
OUTSIDE, BEGIN, INSIDE = 0, 1, 2

#: Width of :func:`span_extras`.
N_EXTRAS = 6

_QUOTE_MARKS = frozenset("\"'“”‘’«»")
_LINE = re.compile(r"[^\n]+")


def accurate_dir() -> Path:
    """The folder of the accurate model that ships inside the package."""
    return Path(str(resources.files("presslens.stages.persuasion") / "accurate"))


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of text the encoder reads at once: ``text[start:end]``, one line at most."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CharSpan:
    """A predicted technique span over characters ``text[start:end]``.

    Attributes:
        start, end: character offsets into the document text.
        technique: the most likely technique label.
        confidence: calibrated probability that the span is a technique span.
        technique_probability: the span head's probability of ``technique``.
    """

    start: int
    end: int
    technique: str
    confidence: float
    technique_probability: float


def units_of(text: str, sentences: Iterable[tuple[int, int]]) -> list[Unit]:
    """Cut sentences ``[start, end)`` of ``text`` at line breaks and trim surrounding space.

    PTC articles hold one sentence a line and a parser may join lines, so a unit never spans a
    line break; empty pieces are dropped.
    """
    units: list[Unit] = []
    for start, end in sentences:
        for line in _LINE.finditer(text, start, end):
            piece = line.group()
            left = len(piece) - len(piece.lstrip())
            right = len(piece.rstrip())
            if right > left:
                units.append(Unit(line.start() + left, line.start() + right))
    return units


def sentence_units(doc: Doc) -> list[Unit]:
    """The units of a parsed ``Doc``: its sentences, cut at line breaks."""
    return units_of(doc.text, ((s.start_char, s.end_char) for s in doc.sents))


def span_extras(text: str, start: int, end: int, unit: Unit) -> F32:
    """Cheap span features for the technique head (repetition and quotation cues).

    In order: log(1 + times the span's text occurs in the article), whether a copy occurs
    before it, a quotation mark right before it, one right after it, log(1 + its words), and
    the share of its unit it covers.
    """
    lower = text.lower()
    needle = lower[start:end].strip()
    count = lower.count(needle) if needle else 0
    earlier = bool(needle) and 0 <= lower.find(needle) < start
    before = text[max(0, start - 2) : start].strip()
    after = text[end : end + 2].strip()
    return np.array(
        [
            np.log1p(count),
            float(earlier),
            float(bool(before) and before[-1] in _QUOTE_MARKS),
            float(bool(after) and after[0] in _QUOTE_MARKS),
            np.log1p(len(text[start:end].split())),
            (end - start) / max(unit.end - unit.start, 1),
        ],
        dtype=np.float32,
    )


def _word_starts(unit_text: str, offsets: I64) -> npt.NDArray[np.bool_]:
    """Whether each piece starts a word (not a ``##`` continuation glued to letters)."""
    n = offsets.shape[0]
    starts = np.ones(n, dtype=bool)
    for i in range(1, n):
        a, prev_end = int(offsets[i, 0]), int(offsets[i - 1, 1])
        if (
            a == prev_end
            and a > 0
            and a < len(unit_text)
            and unit_text[a].isalnum()
            and unit_text[a - 1].isalnum()
        ):
            starts[i] = False
    return starts


def decode_pieces(
    probs: F32, offsets: I64, unit_text: str, threshold: float
) -> list[tuple[int, int, float]]:
    """Turn per-piece BIO probabilities of one unit into spans of pieces.

    Args:
        probs: ``(pieces, 3)`` probabilities of outside, begin, inside.
        offsets: ``(pieces, 2)`` character offsets into ``unit_text``; special tokens have an
            empty range and are never part of a span.
        unit_text: the unit's text.
        threshold: the inside-probability (begin + inside) a piece needs.

    Returns:
        ``(first piece, end piece, raw score)`` per span, the score being the mean inside-
        probability of its pieces; spans cover whole words.
    """
    n = probs.shape[0]
    real = offsets[:, 1] > offsets[:, 0]
    p_in = 1.0 - probs[:, OUTSIDE]
    on = (p_in >= threshold) & real
    word_start = _word_starts(unit_text, offsets)
    # A word is in when any of its pieces is, so spans never cut a word.
    word_id = np.cumsum(word_start) - 1
    word_on = np.zeros(int(word_id[-1]) + 1 if n else 0, dtype=bool)
    np.logical_or.at(word_on, word_id[real], on[real])
    on = word_on[word_id] & real
    spans: list[tuple[int, int, float]] = []
    i = 0
    while i < n:
        if not on[i]:
            i += 1
            continue
        j = i + 1
        while j < n and on[j] and not (word_start[j] and probs[j, BEGIN] > probs[j, INSIDE]):
            j += 1
        spans.append((i, j, float(p_in[i:j].mean())))
        i = j
    return spans


def _softmax(z: F32) -> F32:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class _Read:
    """The encoder's reading of one document: per unit, piece vectors, offsets, sentence vector."""

    units: list[Unit]
    states: list[F32]
    offsets: list[I64]
    pooled: F32


class AccurateTechniqueModel:
    """Finds technique spans with the fine-tuned encoder and names their techniques.

    Args:
        encoder: the encoder (token vectors and offsets).
        heads: the arrays of ``heads.npz``.
        calibration: raw span score to probability right.
        meta: the card (``labels``, ``decoding.piece_threshold``, ``threshold``, ``floor``).

    Raises:
        ModelError: if the heads do not fit the encoder or the card.
    """

    def __init__(
        self,
        encoder: Encoder,
        heads: dict[str, F32],
        calibration: Calibration,
        meta: dict[str, Any],
    ) -> None:
        hidden = encoder.hidden_size
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        expected = {
            "bio.weight": (hidden, 3),
            "bio.bias": (3,),
            "span.weight": (2 * hidden + N_EXTRAS, len(self.labels)),
            "span.bias": (len(self.labels),),
            "extras.mean": (N_EXTRAS,),
            "extras.scale": (N_EXTRAS,),
        }
        for name, shape in expected.items():
            if name not in heads or heads[name].shape != shape:
                got = heads[name].shape if name in heads else None
                raise ModelError(
                    f"accurate techniques model: {name} should be {shape}, is {got}; "
                    "retrain it with training/techniques/finetune.py"
                )
        self.encoder = encoder
        self.heads = heads
        self.calibration = calibration
        self.meta = meta
        self.piece_threshold = float(meta["decoding"]["piece_threshold"])
        self.threshold = float(meta["threshold"])
        self.floor = float(meta["floor"])

    @classmethod
    def from_dir(cls, path: Path) -> AccurateTechniqueModel:
        """Load the model in ``path``.

        Raises:
            ModelError: if a file is missing or malformed.
        """
        try:
            meta, arrays = read_model_files(path, "heads.npz")
            heads = {k: v.astype(np.float32) for k, v in arrays.items()}
            calibration = load_calibration_file(path)
            for key in ("labels", "decoding", "threshold", "floor"):
                if key not in meta:
                    raise KeyError(f"{key} in meta.json")
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(
                f"cannot load the accurate techniques model from {path} "
                f"({exc.__class__.__name__}: {exc}); reinstall presslens or retrain it with "
                "training/techniques/finetune.py"
            ) from None
        return cls(load_encoder(str(path)), heads, calibration, meta)

    def read(self, text: str, units: Sequence[Unit]) -> _Read:
        """Run the encoder once over the units of ``text``."""
        encoded = self.encoder.encode([text[u.start : u.end] for u in units], keep_tokens=True)
        assert encoded.tokens is not None and encoded.offsets is not None
        lengths = encoded.lengths.tolist()
        states = [encoded.tokens[k, : lengths[k]] for k in range(len(units))]
        return _Read(list(units), states, list(encoded.offsets), encoded.pooled)

    def piece_probabilities(self, states: F32) -> F32:
        """``(pieces, 3)`` BIO probabilities of one unit's piece vectors."""
        return _softmax(states @ self.heads["bio.weight"] + self.heads["bio.bias"])

    def technique_probabilities(
        self, text: str, reading: _Read, spans: Sequence[tuple[int, int, int]]
    ) -> F32:
        """``(len(spans), n_labels)`` technique probabilities of ``(unit, start, end)`` spans.

        ``start`` and ``end`` are character offsets into ``text``; the span's vector is the mean
        of its unit's pieces that overlap it (the unit's vector when none does).
        """
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        rows = []
        for k, start, end in spans:
            unit = reading.units[k]
            offsets = reading.offsets[k] + unit.start
            real = offsets[:, 1] > offsets[:, 0]
            hit = real & (offsets[:, 0] < end) & (offsets[:, 1] > start)
            vector = reading.states[k][hit].mean(axis=0) if hit.any() else reading.pooled[k]
            extras = (span_extras(text, start, end, unit) - self.heads["extras.mean"]) / (
                self.heads["extras.scale"]
            )
            rows.append(np.concatenate([vector, reading.pooled[k], extras]))
        x = np.vstack(rows).astype(np.float32)
        return _softmax(x @ self.heads["span.weight"] + self.heads["span.bias"])

    def find_spans(self, text: str, units: Sequence[Unit]) -> list[CharSpan]:
        """Every span the piece head finds in ``text``, with calibrated confidence."""
        if not units:
            return []
        reading = self.read(text, units)
        found: list[tuple[int, int, int, float]] = []
        for k, unit in enumerate(reading.units):
            offsets = reading.offsets[k]
            probs = self.piece_probabilities(reading.states[k])
            unit_text = text[unit.start : unit.end]
            for first, last, score in decode_pieces(
                probs, offsets, unit_text, self.piece_threshold
            ):
                start = unit.start + int(offsets[first, 0])
                end = unit.start + int(offsets[last - 1, 1])
                found.append((k, start, end, score))
        probs = self.technique_probabilities(text, reading, [(k, s, e) for k, s, e, _ in found])
        out = []
        for (_, start, end, score), p in zip(found, probs, strict=True):
            best = int(p.argmax())
            confidence = self.calibration(CALIBRATION_GROUP, score)
            out.append(CharSpan(start, end, self.labels[best], confidence, float(p[best])))
        return out

    def classify_text(
        self, text: str, units: Sequence[Unit], spans: Sequence[tuple[int, int]]
    ) -> F32:
        """Technique probabilities of given character spans (the TC task), one row a span.

        Each span is read in the unit it overlaps most.
        """
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        reading = self.read(text, units)
        placed = []
        for start, end in spans:
            overlaps = [min(end, u.end) - max(start, u.start) for u in reading.units]
            placed.append((int(np.argmax(overlaps)), start, end))
        return self.technique_probabilities(text, reading, placed)

    def predict(self, doc: Doc) -> list[SpanPrediction]:
        """Every span in ``doc`` (its sentences), widened to whole tokens, no cut-off."""
        out = []
        for span in self.find_spans(doc.text, sentence_units(doc)):
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is not None and len(tokens):
                out.append(
                    SpanPrediction(tokens.start, tokens.end, span.technique, span.confidence)
                )
        return out

    def classify_chars(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> F32:
        """Technique probabilities of character spans of ``doc`` (the TC task)."""
        units = sentence_units(doc) or [Unit(0, len(doc.text))]
        return self.classify_text(doc.text, units, spans)


@functools.lru_cache(maxsize=2)
def load_accurate_model(path: str | None = None) -> AccurateTechniqueModel:
    """Load (and cache) the accurate techniques model; by default the one in the package.

    Raises:
        ModelError: if the model files are missing or do not fit this code.
    """
    return AccurateTechniqueModel.from_dir(Path(path) if path else accurate_dir())
