"""The techniques stage as a spaCy component: ``nlp.add_pipe("presslens_techniques")``.

The component runs after the foundation pipeline (it reads its tags, parse, entities and
``doc.tensor``) and writes ``doc.spans["presslens_techniques"]``: one span per finding, the
label being the technique. Spans may overlap. Confidences go into the span group's
``attrs["scores"]`` as a plain list of floats, so ``Doc.to_bytes()`` keeps them and
``nlp.pipe(n_process=2)`` carries them back from the workers.

Two models fit it (``model``): ``linear`` (the default: features of the spaCy parse, a few
milliseconds) and ``accurate`` (a fine-tuned MiniLM encoder; see :mod:`.neural` and the model
card for its cost). A confidence is the calibrated probability that the span is right. The
record keeps every span from ``floor`` up, for researchers who want recall; readers are shown
the spans from ``threshold`` up (:func:`shown_techniques`), chosen so that most shown spans are
right.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, Literal, get_args

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from presslens.errors import ModelError
from presslens.records import Article, Technique
from presslens.stages.packaged import PackagedWeights
from presslens.stages.persuasion.model import SpanModel, SpanPrediction, load_model, model_dir
from presslens.stages.persuasion.neural import accurate_dir, load_accurate_model
from presslens.stages.persuasion.taxonomy import TECHNIQUES

__all__ = [
    "DEFAULT_MODEL",
    "SPANS_KEY",
    "TechniqueModelName",
    "TechniqueTagger",
    "add_techniques",
    "load_span_model",
    "make_technique_tagger",
    "shown_techniques",
    "shown_threshold",
    "techniques_from_doc",
]

log = logging.getLogger(__name__)

#: Where the component stores its spans.
SPANS_KEY = "presslens_techniques"

#: The techniques models: ``linear`` (cheap, the default) and ``accurate`` (the encoder).
TechniqueModelName = Literal["linear", "accurate"]

#: The model the pipeline uses unless told otherwise (see docs/persuasion.md for why).
DEFAULT_MODEL: TechniqueModelName = "linear"

_SCORES = "scores"


def load_span_model(name: str = DEFAULT_MODEL, model_path: str | None = None) -> SpanModel:
    """Load (and cache) a techniques model by name; ``model_path`` overrides its folder.

    Raises:
        ValueError: if ``name`` is not a techniques model.
        ModelError: if the model cannot be loaded.
    """
    if name == "linear":
        return load_model(model_path)
    if name == "accurate":
        return load_accurate_model(model_path)
    known = ", ".join(get_args(TechniqueModelName))
    raise ValueError(f"unknown techniques model {name!r}; choose one of {known}")


@functools.lru_cache(maxsize=4)
def shown_threshold(name: str = DEFAULT_MODEL) -> float:
    """The confidence from which a shipped model's spans are shown to readers: the threshold in
    its card (read from ``meta.json`` alone, without loading the weights).

    Raises:
        ValueError: if ``name`` is not a techniques model.
        ModelError: if the card is missing or has no threshold.
    """
    folders = {"linear": model_dir(), "accurate": accurate_dir()}
    if name not in folders:
        raise ValueError(f"unknown techniques model {name!r}; choose one of {', '.join(folders)}")
    card = folders[name] / "meta.json"
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
        return float(meta["threshold"])
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"cannot read the shown threshold from {card} ({exc.__class__.__name__}: {exc}); "
            "reinstall presslens or recalibrate with training/techniques/calibrate.py"
        ) from None


def shown_techniques(
    techniques: Sequence[Technique], threshold: float | None = None
) -> tuple[Technique, ...]:
    """The techniques a reader sees: those with confidence at or above ``threshold`` (by
    default the default model's shown threshold). The record keeps the others."""
    if not techniques:
        return ()
    cut = shown_threshold() if threshold is None else threshold
    return tuple(t for t in techniques if t.confidence >= cut)


class TechniqueTagger(PackagedWeights):
    """Finds persuasion-technique spans and names their technique.

    Args:
        nlp: the pipeline the component belongs to.
        name: the component's name in the pipeline.
        model: ``linear`` or ``accurate``.
        threshold: the confidence from which spans are shown to readers, in (0, 1); None for
            the model's (chosen for span precision >= 0.5 on train data). The record keeps
            more: everything from ``floor`` up.
        floor: the confidence from which spans are kept in the record, in [0, 1); None for
            the model's. Must not exceed ``threshold``.
        spans_key: the ``doc.spans`` key to write.
        model_path: the model's folder; None for the one that ships in the package.

    Raises:
        ValueError: if a threshold is out of range, the floor above the threshold, or the model
            name unknown.
        ModelError: if the model cannot be loaded.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "presslens_techniques",
        *,
        model: str = DEFAULT_MODEL,
        threshold: float | None = None,
        floor: float | None = None,
        spans_key: str = SPANS_KEY,
        model_path: str | None = None,
    ) -> None:
        self.name = name
        self.model_name = model
        self.spans_key = spans_key
        self.model_path = model_path
        self.model: SpanModel = load_span_model(model, model_path)
        self.threshold = self.model.threshold if threshold is None else threshold
        self.floor = min(self.model.floor, self.threshold) if floor is None else floor
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(
                f"threshold must be between 0 and 1 (exclusive), got {threshold!r}; "
                f"the {model} model's default is {self.model.threshold}"
            )
        if not 0.0 <= self.floor <= self.threshold:
            raise ValueError(
                f"floor must be between 0 and the threshold {self.threshold}, got {floor!r}"
            )

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one document."""
        self.set_annotations(doc, self.predict(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotate a stream of documents (one at a time: the model has no batch speed-up)."""
        for doc in stream:
            yield self(doc)

    def predict(self, doc: Doc) -> list[SpanPrediction]:
        """Return the technique spans of ``doc`` from the floor up, without changing it."""
        if doc.tensor is None or doc.tensor.shape[0] != len(doc):
            # Without the tok2vec tensor the linear model still runs on words alone, less well.
            log.debug("doc.tensor missing; run the techniques stage after tok2vec")
        return [p for p in self.model.predict(doc) if p.confidence >= self.floor]

    def set_annotations(self, doc: Doc, predictions: list[SpanPrediction]) -> None:
        """Write the predictions to ``doc.spans[spans_key]`` with their scores.

        A token run and a whole-sentence reading can name the same span with the same technique;
        it is written once, with the higher confidence.
        """
        best: dict[tuple[int, int, str], float] = {}
        for p in predictions:
            key = (p.start, p.end, p.technique)
            best[key] = max(best.get(key, 0.0), p.confidence)
        spans = [Span(doc, start, end, label=label) for start, end, label in best]
        group = SpanGroup(doc, name=self.spans_key, spans=spans)
        group.attrs[_SCORES] = [round(score, 4) for score in best.values()]
        doc.spans[self.spans_key] = group

    def _load(self, model_path: str | None) -> None:
        self.model = load_span_model(self.model_name, model_path)

    def _settings(self) -> dict[str, Any]:
        return {**super()._settings(), "model": self.model_name, "floor": self.floor}

    def _restore(self, settings: dict[str, Any]) -> None:
        self.model_name = str(settings.get("model", DEFAULT_MODEL))
        self.floor = float(settings.get("floor", 0.0))
        super()._restore(settings)


@Language.factory(
    "presslens_techniques",
    assigns=["doc.spans"],
    requires=["token.tag", "token.lemma", "token.dep", "doc.sents"],
    default_config={
        "model": DEFAULT_MODEL,
        "threshold": None,
        "floor": None,
        "spans_key": SPANS_KEY,
        "model_path": None,
    },
)
def make_technique_tagger(
    nlp: Language,
    name: str,
    model: str,
    threshold: float | None,
    floor: float | None,
    spans_key: str,
    model_path: str | None,
) -> TechniqueTagger:
    """Build the techniques component (spaCy factory ``presslens_techniques``)."""
    return TechniqueTagger(
        nlp,
        name,
        model=model,
        threshold=threshold,
        floor=floor,
        spans_key=spans_key,
        model_path=model_path,
    )


def techniques_from_doc(doc: Doc, spans_key: str = SPANS_KEY) -> tuple[Technique, ...]:
    """Read the component's output from ``doc`` as records, in text order.

    ``text`` is ``doc.text[start:end]``, so the record's offset guarantee holds. A document the
    component has not seen yields no techniques.
    """
    if spans_key not in doc.spans:
        return ()
    group = doc.spans[spans_key]
    scores = list(group.attrs.get(_SCORES, [])) or [1.0] * len(group)
    out = [
        Technique(
            span.start_char,
            span.end_char,
            span.text,
            span.label_,
            float(score),
            _name(span.label_),
        )
        for span, score in zip(group, scores, strict=True)
    ]
    return tuple(sorted(out, key=lambda t: (t.start, t.end, t.technique)))


def _name(label: str) -> str:
    info = TECHNIQUES.get(label)
    return info.name if info else label


def add_techniques(doc: Doc, article: Article) -> Article:
    """The record with the techniques stage's spans (the registry's exporter)."""
    return replace(article, techniques=techniques_from_doc(doc))
