"""The techniques stage as a spaCy component: ``nlp.add_pipe("presslens_techniques")``.

The component runs after the foundation pipeline (it reads its tags, parse, entities and
``doc.tensor``) and writes ``doc.spans["presslens_techniques"]``: one span per finding, the
label being the technique. Spans may overlap. Confidences go into the span group's
``attrs["scores"]`` as a plain list of floats, so ``Doc.to_bytes()`` keeps them and
``nlp.pipe(n_process=2)`` carries them back from the workers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from presslens.records import Article, Technique
from presslens.stages.packaged import PackagedWeights
from presslens.stages.persuasion.model import SpanPrediction, TechniqueModel, load_model
from presslens.stages.persuasion.taxonomy import TECHNIQUES

__all__ = [
    "DEFAULT_THRESHOLD",
    "SPANS_KEY",
    "TechniqueTagger",
    "add_techniques",
    "make_technique_tagger",
    "techniques_from_doc",
]

log = logging.getLogger(__name__)

#: Where the component stores its spans.
SPANS_KEY = "presslens_techniques"

#: The span probability the shipped model was tuned for (best SI F1 on PTC dev).
DEFAULT_THRESHOLD = 0.25

_SCORES = "scores"


class TechniqueTagger(PackagedWeights):
    """Finds persuasion-technique spans and names their technique.

    Args:
        nlp: the pipeline the component belongs to.
        name: the component's name in the pipeline.
        threshold: span probability needed, in (0, 1). Lower finds more spans (recall), higher
            fewer and surer ones (precision).
        spans_key: the ``doc.spans`` key to write.
        model_path: a folder with ``techniques.npz`` and ``meta.json``; None for the model that
            ships in the package.

    Raises:
        ValueError: if ``threshold`` is not strictly between 0 and 1.
        ModelError: if the model cannot be loaded.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "presslens_techniques",
        *,
        threshold: float = DEFAULT_THRESHOLD,
        spans_key: str = SPANS_KEY,
        model_path: str | None = None,
    ) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValueError(
                f"threshold must be between 0 and 1 (exclusive), got {threshold!r}; "
                f"the tuned default is {DEFAULT_THRESHOLD}"
            )
        self.name = name
        self.threshold = threshold
        self.spans_key = spans_key
        self.model_path = model_path
        self.model: TechniqueModel = load_model(model_path)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one document."""
        self.set_annotations(doc, self.predict(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotate a stream of documents (one at a time: the model has no batch speed-up)."""
        for doc in stream:
            yield self(doc)

    def predict(self, doc: Doc) -> list[SpanPrediction]:
        """Return the technique spans of ``doc`` without changing it."""
        if doc.tensor is None or doc.tensor.shape[0] != len(doc):
            # Without the tok2vec tensor the model still runs on words alone, less well.
            log.debug("doc.tensor missing; run the techniques stage after tok2vec")
        return self.model.predict(doc, self.threshold)

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
        self.model = load_model(model_path)


@Language.factory(
    "presslens_techniques",
    assigns=["doc.spans"],
    requires=["token.tag", "token.lemma", "token.dep", "doc.sents"],
    default_config={
        "threshold": DEFAULT_THRESHOLD,
        "spans_key": SPANS_KEY,
        "model_path": None,
    },
)
def make_technique_tagger(
    nlp: Language, name: str, threshold: float, spans_key: str, model_path: str | None
) -> TechniqueTagger:
    """Build the techniques component (spaCy factory ``presslens_techniques``)."""
    return TechniqueTagger(
        nlp, name, threshold=threshold, spans_key=spans_key, model_path=model_path
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
