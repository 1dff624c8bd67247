"""The shipped techniques model: loading its weights and running it over a ``Doc``.

The model is four linear scorers over the features of :mod:`.features`, stored as plain NumPy
arrays in ``model/techniques.npz`` with a JSON card of settings in ``model/meta.json`` (no
pickle):

* ``tagger``   — per token: is it inside a technique span? (word-level techniques)
* ``any_sent`` — per sentence: does it hold any technique? (context for the tagger)
* ``long_sent``— per sentence: is most of it one clause-level technique span?
* ``classifier``— per span: which of the 14 techniques is it?

Spans come from the tagger (runs of tokens above the decoding threshold, hysteresis decoding)
and from the sentence classifier (whole sentences); the classifier then names each span's
technique. ``training/techniques/train.py`` writes both files.

A span's confidence is its span probability mapped by ``model/calibration.json`` (isotonic,
fitted on out-of-fold train predictions by ``training/techniques/calibrate.py``) to the
probability that the span is right; the card's ``threshold`` (shown to readers) and ``floor``
(kept in the record) are on that scale. Both models of the stage (this one and
:mod:`.neural`) fit the :class:`SpanModel` protocol.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from presslens.calibration import Calibration
from presslens.errors import ModelError
from presslens.stages.packaged import read_model_files
from presslens.stages.persuasion.features import (
    FEATURE_VERSION,
    DocContext,
    Features,
    doc_context,
    sentence_features,
    sentence_spans,
    span_features,
    token_features,
)

__all__ = [
    "CALIBRATION_GROUP",
    "LinearScorer",
    "SpanModel",
    "SpanPrediction",
    "TechniqueModel",
    "load_calibration_file",
    "load_model",
    "model_dir",
]

#: The calibration group of technique spans (one map per model).
CALIBRATION_GROUP = "span"

F32 = npt.NDArray[np.float32]

_SCORERS = ("tagger", "any_sent", "long_sent", "classifier")
_ARRAYS = ("keys", "sparse", "dense", "bias", "mean", "scale")


def model_dir() -> Path:
    """The folder of the model that ships inside the package."""
    return Path(str(resources.files("presslens.stages.persuasion") / "model"))


@dataclass(frozen=True, slots=True)
class LinearScorer:
    """A linear model over :class:`~.features.Features`: sparse keys plus standardised dense.

    Attributes:
        keys: sorted 64-bit feature keys that have a weight.
        sparse: ``(len(keys), n_out)`` weights of those keys.
        dense: ``(n_dense, n_out)`` weights of the standardised dense features.
        bias: ``(n_out,)``.
        mean, scale: standardisation of the dense features (``(x - mean) / scale``).
    """

    keys: npt.NDArray[np.uint64]
    sparse: F32
    dense: F32
    bias: F32
    mean: F32
    scale: F32

    def logits(self, x: Features) -> F32:
        """Return the ``(x.n_rows, n_out)`` scores before the link function."""
        out = ((x.dense - self.mean) / self.scale) @ self.dense + self.bias
        if len(x.keys) and len(self.keys):
            pos = np.minimum(np.searchsorted(self.keys, x.keys), len(self.keys) - 1)
            hit = self.keys[pos] == x.keys
            rows, weights = x.rows[hit], self.sparse[pos[hit]]
            for k in range(out.shape[1]):
                out[:, k] += np.bincount(rows, weights=weights[:, k], minlength=x.n_rows)
        return np.asarray(out, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class SpanPrediction:
    """A predicted technique span over tokens ``doc[start:end]``.

    Attributes:
        start, end: token offsets.
        technique: the most likely technique label.
        confidence: the calibrated probability that the span is a technique span, in [0, 1].
    """

    start: int
    end: int
    technique: str
    confidence: float


class SpanModel(Protocol):
    """What the techniques component needs of a model (the linear one or the encoder).

    Attributes:
        labels: the technique labels, in the order of :meth:`classify_chars` columns.
        threshold: the confidence from which spans are shown to readers (chosen on train
            data for span precision >= 0.5).
        floor: the confidence from which spans are kept in the record.
    """

    labels: tuple[str, ...]
    threshold: float
    floor: float

    def predict(self, doc: Doc) -> list[SpanPrediction]:
        """Every span the model finds in ``doc``, with calibrated confidence (no cut-off)."""
        ...

    def classify_chars(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> npt.NDArray[np.float32]:
        """``(len(spans), len(labels))`` technique probabilities of character spans."""
        ...


def load_calibration_file(path: Path) -> Calibration:
    """The calibration in ``path/calibration.json``; the identity map when there is none.

    Raises:
        ValueError: if the file is not a calibration.
    """
    file = path / "calibration.json"
    if not file.is_file():
        return Calibration()
    return Calibration.from_json(json.loads(file.read_text(encoding="utf-8")))


def _sigmoid(z: F32) -> F32:
    # Clipped so exp cannot overflow (float32 does past 88) on an extreme feature sum.
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0))), dtype=np.float32)


def _softmax(z: F32) -> F32:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float32)


class TechniqueModel:
    """The technique model: span finding plus technique classification.

    Args:
        scorers: the four linear scorers, by name (``tagger``, ``any_sent``, ``long_sent``,
            ``classifier``).
        meta: the settings card (labels, decoding parameters, ``threshold`` and ``floor``,
            training report).
        calibration: span probability to probability right; the identity when not given.

    Raises:
        ModelError: if the card and the weights do not fit together.
    """

    def __init__(
        self,
        scorers: dict[str, LinearScorer],
        meta: dict[str, Any],
        calibration: Calibration | None = None,
    ):
        missing = [name for name in _SCORERS if name not in scorers]
        if missing:
            raise ModelError(f"techniques model lacks the scorer(s) {missing}; retrain it")
        if meta.get("feature_version") != FEATURE_VERSION:
            raise ModelError(
                f"techniques model was trained on features v{meta.get('feature_version')}, "
                f"this code computes v{FEATURE_VERSION}; retrain it with "
                "training/techniques/train.py"
            )
        self.scorers = scorers
        self.meta = meta
        self.calibration = calibration or Calibration()
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        decoding = meta["decoding"]
        self.decoding_threshold = float(decoding["threshold"])
        # Before calibration the raw span probability is the confidence: nothing is cut.
        self.threshold = float(meta.get("threshold", self.decoding_threshold))
        self.floor = float(meta.get("floor", 0.0))
        self.low_offset = float(decoding["low_offset"])
        self.sentence_offset = float(decoding["sentence_offset"])
        self.sentence_weight = float(decoding["sentence_weight"])
        self.max_gap = int(decoding["max_gap"])
        self.merge_runs = int(decoding.get("merge_runs", 0))

    @classmethod
    def from_dir(cls, path: Path) -> TechniqueModel:
        """Load ``techniques.npz`` and ``meta.json`` from ``path``.

        Raises:
            ModelError: if the files are missing or malformed.
        """
        try:
            meta, data = read_model_files(path, "techniques.npz")
            scorers = {
                name: LinearScorer(
                    data[f"{name}.keys"].astype(np.uint64),
                    *(data[f"{name}.{arr}"].astype(np.float32) for arr in _ARRAYS[1:]),
                )
                for name in _SCORERS
            }
            calibration = load_calibration_file(path)
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(
                f"cannot load the techniques model from {path} ({exc}); reinstall presslens "
                "or retrain it with training/techniques/train.py"
            ) from None
        return cls(scorers, meta, calibration)

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (``techniques.npz`` and ``meta.json``)."""
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, npt.NDArray[Any]] = {}
        for name, scorer in self.scorers.items():
            arrays[f"{name}.keys"] = scorer.keys
            # float16 halves the file; the scores move by far less than any threshold step.
            for arr in _ARRAYS[1:]:
                arrays[f"{name}.{arr}"] = getattr(scorer, arr).astype(np.float16)
        np.savez_compressed(path / "techniques.npz", **arrays)  # type: ignore[arg-type]
        (path / "meta.json").write_text(
            json.dumps(self.meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )

    def token_probabilities(self, ctx: DocContext) -> F32:
        """P(token inside a technique span), with the sentence classifier as context."""
        n = ctx.attrs.shape[0]
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        z = self.scorers["tagger"].logits(token_features(ctx))[:, 0]
        z_sent = self.scorers["any_sent"].logits(sentence_features(ctx))[:, 0]
        return _sigmoid(z + self.sentence_weight * z_sent[ctx.sent])

    def sentence_probabilities(self, ctx: DocContext) -> F32:
        """P(most of the sentence is one clause-level technique span), per sentence."""
        if ctx.attrs.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        return _sigmoid(self.scorers["long_sent"].logits(sentence_features(ctx))[:, 0])

    def classify(self, doc: Doc, ctx: DocContext, spans: list[tuple[int, int]]) -> F32:
        """Return ``(len(spans), len(labels))`` technique probabilities of token spans."""
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return _softmax(self.scorers["classifier"].logits(span_features(doc, ctx, spans)))

    def find_spans(self, ctx: DocContext, threshold: float) -> list[tuple[int, int, float]]:
        """Return candidate spans ``(start, end, probability)`` over tokens.

        Token runs start where a token reaches ``threshold`` and extend over neighbours above
        ``threshold - low_offset`` (bridging up to ``max_gap`` tokens) within one sentence;
        whole sentences come from the sentence classifier at ``threshold + sentence_offset``.
        When a sentence holds ``merge_runs`` or more runs (``merge_runs`` > 0), a span from the
        first run's start to the last run's end is added: PTC spans are often clauses whose
        words between the flagged ones belong to the span too. The runs stay, so each can name
        its own technique.
        """
        probs = self.token_probabilities(ctx)
        spans = _decode(probs, ctx, threshold - self.low_offset, threshold, self.max_gap)
        if self.merge_runs > 0:
            spans = _merge_runs(spans, ctx, self.merge_runs)
        sent_probs = self.sentence_probabilities(ctx)
        sent_threshold = threshold + self.sentence_offset
        for bounds, p in zip(sentence_spans(ctx), sent_probs.tolist(), strict=True):
            if bounds is not None and p >= sent_threshold:
                spans.append((bounds[0], bounds[1], p))
        return sorted(spans)

    def predict(self, doc: Doc, threshold: float | None = None) -> list[SpanPrediction]:
        """Find technique spans in ``doc``, name their techniques, calibrate their confidence.

        Args:
            doc: a document processed by the foundation pipeline (tagger, parser, NER and
                ``doc.tensor``).
            threshold: the span probability decoding starts from (lower finds more and longer
                spans); defaults to the tuned value in the card. This is not the confidence
                cut-off, which the component applies.
        """
        ctx = doc_context(doc)
        thr = self.decoding_threshold if threshold is None else threshold
        candidates = self.find_spans(ctx, thr)
        probs = self.classify(doc, ctx, [(s, e) for s, e, _ in candidates])
        best = probs.argmax(axis=1) if len(candidates) else np.zeros(0, dtype=np.int64)
        out = [
            SpanPrediction(s, e, self.labels[int(k)], self.calibration(CALIBRATION_GROUP, p))
            for (s, e, p), k in zip(candidates, best, strict=True)
        ]
        return _drop_nested_duplicates(out)

    def classify_chars(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> F32:
        """Technique probabilities of character spans, each widened to whole tokens."""
        token_spans = []
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                raise ValueError(f"characters {start}-{end} hold no token of the document")
            token_spans.append((span.start, span.end))
        return self.classify(doc, doc_context(doc), token_spans)


def _decode(
    probs: F32, ctx: DocContext, low: float, high: float, max_gap: int
) -> list[tuple[int, int, float]]:
    """Hysteresis decoding of token probabilities into runs within sentences."""
    n = len(probs)
    on = (probs >= low) & ~(ctx.is_space | ctx.is_punct)
    sent = ctx.sent
    spans: list[tuple[int, int, float]] = []
    i = 0
    while i < n:
        if not on[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and sent[j + 1] == sent[i]:
            if on[j + 1]:
                j += 1
                continue
            k = j + 1
            while k < n and k - j - 1 < max_gap and sent[k] == sent[i] and not on[k]:
                k += 1
            if k < n and sent[k] == sent[i] and on[k] and not ctx.is_space[j + 1 : k].any():
                j = k
                continue
            break
        peak = float(probs[i : j + 1].max())
        if peak >= high:
            spans.append((i, j + 1, peak))
        i = j + 1
    return spans


def _merge_runs(
    spans: list[tuple[int, int, float]], ctx: DocContext, min_runs: int
) -> list[tuple[int, int, float]]:
    """Add a span over the runs of a sentence that holds at least ``min_runs`` of them.

    The added span keeps the highest run probability; the runs are kept. ``spans`` are sorted.
    """
    by_sentence: dict[int, list[tuple[int, int, float]]] = {}
    for span in spans:
        by_sentence.setdefault(int(ctx.sent[span[0]]), []).append(span)
    out: list[tuple[int, int, float]] = []
    for runs in by_sentence.values():
        if len(runs) >= min_runs:
            out.append((runs[0][0], max(e for _, e, _ in runs), max(p for _, _, p in runs)))
        out.extend(runs)
    return out


def _drop_nested_duplicates(spans: list[SpanPrediction]) -> list[SpanPrediction]:
    """Drop a span that lies inside a longer span of the same technique: it adds nothing."""
    keep = []
    for a in spans:
        inside = any(
            b is not a
            and b.technique == a.technique
            and b.start <= a.start
            and a.end <= b.end
            and (b.end - b.start) > (a.end - a.start)
            for b in spans
        )
        if not inside:
            keep.append(a)
    return keep


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> TechniqueModel:
    """Load (and cache) the techniques model; by default the one inside the package.

    Raises:
        ModelError: if the model files are missing or do not fit this code.
    """
    return TechniqueModel.from_dir(Path(path) if path else model_dir())
