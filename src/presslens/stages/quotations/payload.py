"""What the quotation stage leaves on ``doc._.presslens_quotes``, and the records made from it.

>>> nlp.add_pipe("presslens_actors"); nlp.add_pipe("presslens_quotes")   # doctest: +SKIP
>>> quotes_from_doc(nlp('"We will win," she said.'))[0].cue_type          # doctest: +SKIP
'speech'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, cast

from spacy.tokens import Doc

from presslens.payloads import get_payload, payload
from presslens.records import Article, Quote, QuoteKind, Span
from presslens.stages.quotations.cues import CUE_TYPES, CueType

__all__ = [
    "EXTENSION",
    "QuoteData",
    "QuotesPayload",
    "add_quotes",
    "quotes_from_doc",
    "quotes_payload",
]

EXTENSION = "presslens_quotes"
"""Name of the Doc extension that holds the payload: ``doc._.presslens_quotes``."""

CharSpan = tuple[int, int]
_KINDS: frozenset[str] = frozenset({"direct", "indirect", "mixed"})


@dataclass(frozen=True, slots=True)
class QuoteData:
    """One quotation, offsets in characters of ``doc.text``.

    Attributes:
        kind: direct, indirect or mixed.
        content: the quoted words, one span or several.
        cue: the words that introduce it, or None.
        cue_type: speech, writing, belief, intention, perception or other.
        speaker: the speaker mention as written, or None.
        speaker_resolved: the name the mention refers to (the actors stage's answer), or None.
        role: the speaker's capacity as written, or None.
        actor: the speaker's actor id in the actors stage's payload, or None.
        confidence: the calibrated probability that the quotation is right.
        strategy: how it was found, the calibration group (``calibration.strategy_of``).
        score: the strategy's raw score, before calibration (what calibration is fitted on).
    """

    kind: QuoteKind
    content: tuple[CharSpan, ...]
    cue: CharSpan | None = None
    cue_type: CueType = "other"
    speaker: CharSpan | None = None
    speaker_resolved: CharSpan | None = None
    role: CharSpan | None = None
    actor: str | None = None
    confidence: float = 1.0
    strategy: str = ""
    score: float = 1.0

    def to_data(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "kind": self.kind,
            "content": [list(c) for c in self.content],
            "cue": _out(self.cue),
            "cue_type": self.cue_type,
            "speaker": _out(self.speaker),
            "speaker_resolved": _out(self.speaker_resolved),
            "role": _out(self.role),
            "actor": self.actor,
            "confidence": self.confidence,
            "strategy": self.strategy,
            "score": self.score,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> QuoteData:
        """From :meth:`to_data` output."""
        kind = data.get("kind")
        cue_type = data.get("cue_type")
        return cls(
            kind=cast(QuoteKind, kind) if kind in _KINDS else "indirect",
            content=tuple(s for s in (_in(c) for c in data.get("content", ())) if s),
            cue=_in(data.get("cue")),
            cue_type=cast(CueType, cue_type) if cue_type in CUE_TYPES else "other",
            speaker=_in(data.get("speaker")),
            speaker_resolved=_in(data.get("speaker_resolved")),
            role=_in(data.get("role")),
            actor=data.get("actor"),
            confidence=float(data.get("confidence", 1.0)),
            strategy=str(data.get("strategy", "")),
            score=float(data.get("score", data.get("confidence", 1.0))),
        )


@payload("presslens.quotes/1")
@dataclass(frozen=True, slots=True)
class QuotesPayload:
    """The quotation stage's results for one document, in text order."""

    quotes: tuple[QuoteData, ...] = ()

    def to_data(self) -> dict[str, Any]:
        """Plain data."""
        return {"quotes": [q.to_data() for q in self.quotes]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> QuotesPayload:
        """From :meth:`to_data` output."""
        return cls(tuple(QuoteData.from_data(q) for q in data.get("quotes", ())))


def _out(span: CharSpan | None) -> list[int] | None:
    return list(span) if span is not None else None


def _in(value: Any) -> CharSpan | None:
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    return int(value[0]), int(value[1])


def quotes_payload(doc: Doc) -> QuotesPayload | None:
    """The quotation stage's payload on ``doc``, or None when the stage did not run."""
    return get_payload(doc, EXTENSION, QuotesPayload)


def _span(text: str, span: CharSpan | None) -> Span | None:
    if span is None or not 0 <= span[0] < span[1] <= len(text):
        return None
    return Span(span[0], span[1], text[span[0] : span[1]])


def quotes_from_doc(doc: Doc, text: str | None = None) -> tuple[Quote, ...]:
    """The quotation stage's payload as records, offsets into ``doc.text``.

    Args:
        doc: A document the quotation component has processed.
        text: ``doc.text`` if already built (spaCy rebuilds it on every access).

    Returns:
        The quotes, in text order; empty when the component has not run.
    """
    data = quotes_payload(doc)
    if data is None:
        return ()
    text = doc.text if text is None else text
    quotes: list[Quote] = []
    for item in data.quotes:
        content = tuple(s for s in (_span(text, c) for c in item.content) if s)
        if not content:
            continue
        quotes.append(
            Quote(
                kind=item.kind,
                content=content,
                cue=_span(text, item.cue),
                cue_type=item.cue_type,
                speaker=_span(text, item.speaker),
                speaker_resolved=_span(text, item.speaker_resolved),
                role=_span(text, item.role),
                actor=item.actor,
                confidence=min(1.0, max(0.0, item.confidence)),
            )
        )
    return tuple(quotes)


def add_quotes(doc: Doc, article: Article) -> Article:
    """The record with the quotation stage's quotes (the registry's exporter for ``quotes``).

    A quote's actor id is kept when the record has that actor (the actors analysis ran).
    """
    known = {actor.id for actor in article.actors}
    quotes = tuple(
        q if q.actor is None or q.actor in known else replace(q, actor=None)
        for q in quotes_from_doc(doc, article.text)
    )
    return replace(article, quotes=quotes)
