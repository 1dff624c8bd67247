"""The claims stage as a spaCy component: ``nlp.add_pipe("presslens_claims")``.

The component scores every sentence of the ``Doc`` and writes ``doc.spans["presslens_claims"]``:
one span per sentence (whitespace trimmed), its check-worthiness in the group's
``attrs["scores"]`` and the threshold in ``attrs["threshold"]``, plain data that
``Doc.to_bytes()`` keeps and ``nlp.pipe(n_process=2)`` carries back from the workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from presslens.stages.claims.model import ClaimModel, load_model
from presslens.stages.packaged import PackagedWeights

__all__ = ["SPANS_KEY", "ClaimScorer", "SentenceScore", "claim_scores", "make_claim_scorer"]

#: Where the component stores its sentence spans.
SPANS_KEY = "presslens_claims"

_SCORES = "scores"
_THRESHOLD = "threshold"


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """A scored sentence: characters ``[start, end)`` of ``doc.text``.

    Attributes:
        start, end: character offsets, whitespace trimmed.
        score: check-worthiness in [0, 1].
        claim: whether the score reaches the component's threshold.
    """

    start: int
    end: int
    score: float
    claim: bool


class ClaimScorer(PackagedWeights):
    """Scores each sentence for check-worthiness.

    Args:
        nlp: the pipeline the component belongs to.
        name: the component's name in the pipeline.
        threshold: the score a sentence needs to be reported as a claim, in (0, 1); None keeps
            the model's tuned default (best F1 on the CheckThat! dev split).
        spans_key: the ``doc.spans`` key to write.
        model_path: a model folder; None for the model that ships in the package.

    Raises:
        ValueError: if ``threshold`` is not strictly between 0 and 1.
        ModelError: if the model cannot be loaded.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "presslens_claims",
        *,
        threshold: float | None = None,
        spans_key: str = SPANS_KEY,
        model_path: str | None = None,
    ) -> None:
        if threshold is not None and not 0.0 < threshold < 1.0:
            raise ValueError(
                f"threshold must be between 0 and 1 (exclusive), got {threshold!r}; "
                "leave it unset for the tuned default"
            )
        self.name = name
        self.spans_key = spans_key
        self.model_path = model_path
        self.model: ClaimModel = load_model(model_path)
        self.threshold = self.model.default_threshold if threshold is None else threshold

    def __call__(self, doc: Doc) -> Doc:
        """Score the sentences of one document."""
        bounds = _sentence_bounds(doc)
        self.set_annotations(doc, bounds, self.model.score(doc, bounds).tolist())
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Score a stream of documents (each article is one batch for the encoder)."""
        for doc in stream:
            yield self(doc)

    def set_annotations(self, doc: Doc, bounds: list[tuple[int, int]], scores: list[float]) -> None:
        """Write the sentence spans and their scores to ``doc.spans[spans_key]``."""
        group = SpanGroup(doc, name=self.spans_key, spans=[Span(doc, s, e) for s, e in bounds])
        group.attrs[_SCORES] = [round(float(score), 4) for score in scores]
        group.attrs[_THRESHOLD] = self.threshold
        doc.spans[self.spans_key] = group

    def _load(self, model_path: str | None) -> None:
        self.model = load_model(model_path)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token bounds of each sentence without its leading and trailing whitespace tokens."""
    bounds = []
    for sent in doc.sents:
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            bounds.append((start, end))
    return bounds


@Language.factory(
    "presslens_claims",
    assigns=["doc.spans"],
    requires=["token.pos", "doc.sents"],
    default_config={"threshold": None, "spans_key": SPANS_KEY, "model_path": None},
)
def make_claim_scorer(
    nlp: Language, name: str, threshold: float | None, spans_key: str, model_path: str | None
) -> ClaimScorer:
    """Build the claims component (spaCy factory ``presslens_claims``)."""
    return ClaimScorer(nlp, name, threshold=threshold, spans_key=spans_key, model_path=model_path)


def claim_scores(doc: Doc, spans_key: str = SPANS_KEY) -> tuple[SentenceScore, ...]:
    """Every scored sentence of ``doc``, in text order; empty if the component has not run."""
    if spans_key not in doc.spans:
        return ()
    group = doc.spans[spans_key]
    scores = list(group.attrs.get(_SCORES, []))
    threshold = float(group.attrs.get(_THRESHOLD, 0.5))
    return tuple(
        SentenceScore(span.start_char, span.end_char, float(score), float(score) >= threshold)
        for span, score in zip(group, scores, strict=True)
    )
