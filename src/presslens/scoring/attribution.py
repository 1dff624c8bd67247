"""The PolNeAR attribution metric: quotes matched by content overlap, then their speakers.

Written from the scoring section of the corpus README (Newell, Margolin & Ruths, LREC 2018):

1. Every span becomes a set of character indices after trimming whitespace, punctuation and
   quote marks at both of its edges. Gold attributions whose content is then empty are dropped.
2. Within each document, predictions are matched one-to-one to gold attributions, greedily by
   character Jaccard of their contents, highest first (ties: earlier gold, then earlier
   prediction). A pair counts at level *exact* when the sets are equal, *overlap* (the main
   figure) when Jaccard ≥ 0.5 and *any* when it is > 0.
3. Quote precision is matches / predicted, recall matches / gold. Content is also scored
   character by character over the union of each side's content spans.
4. A matched pair has the right speaker when the predicted and gold sources share a character,
   or both are empty. Speaker accuracy is over matched pairs; quote+speaker precision and
   recall count as true positives only matches with the right speaker.

All figures are micro-averaged: counts are summed over documents before dividing, so a
document weighs by the number of its attributions (the README scores at document level but
names no averaging; summing keeps short articles with one or two quotes from swinging it). A
ratio whose denominator is zero is 1.0: nothing predicted means no false positives, nothing to
find means nothing missed; the counts are kept so a reader can tell.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Protocol

__all__ = [
    "AttributionScore",
    "Counts",
    "GoldLike",
    "LevelScore",
    "PredictedQuote",
    "Span",
    "character_set",
    "overlap_pairs",
    "score_attributions",
    "score_document",
]

Span = tuple[int, int]
"""A half-open ``(start, end)`` character range into the document text."""

# Quote marks outside the Unicode punctuation categories (the rest are P*): ASCII-art quotes.
_EXTRA_QUOTE_MARKS = frozenset("`´")


@cache
def _is_edge_junk(char: str) -> bool:
    """Whether ``char`` is trimmed from a span edge: whitespace, punctuation or a quote mark."""
    return char.isspace() or char in _EXTRA_QUOTE_MARKS or unicodedata.category(char)[0] == "P"


def character_set(text: str, spans: Sequence[Span]) -> frozenset[int]:
    """Normalise spans to the set of character indices they cover, each span trimmed first.

    Args:
        text: The document text.
        spans: Half-open ``(start, end)`` ranges into ``text``.

    Returns:
        The union of the trimmed spans; empty when every span is only edge characters.

    Raises:
        ValueError: if a span is not within ``text``.
    """
    indices: set[int] = set()
    for start, end in spans:
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) outside the text (length {len(text)})")
        while start < end and _is_edge_junk(text[start]):
            start += 1
        while end > start and _is_edge_junk(text[end - 1]):
            end -= 1
        indices.update(range(start, end))
    return frozenset(indices)


class GoldLike(Protocol):
    """What the scorer reads from a gold attribution (``polnear.GoldAttribution`` fits)."""

    @property
    def content(self) -> tuple[Span, ...]:
        """Content spans."""
        ...

    @property
    def source(self) -> tuple[Span, ...]:
        """Source spans; empty when the attribution has no source."""
        ...


@dataclass(frozen=True, slots=True)
class PredictedQuote:
    """One predicted quotation.

    Attributes:
        content: The quoted or reported material; several spans for a quote interrupted by its
            cue (``"A," he said, "B."``).
        speaker: The speaker mention (with its role, if given); empty when unknown.
        cue: The cue (``said``); not scored, kept for error analysis.
    """

    content: tuple[Span, ...]
    speaker: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        """Reject a quote without content and reversed or negative spans.

        Raises:
            ValueError: if ``content`` is empty or a span is not ``0 <= start <= end``.
        """
        if not self.content:
            raise ValueError("a predicted quote needs at least one content span")
        for start, end in (*self.content, *self.speaker, *self.cue):
            if not 0 <= start <= end:
                raise ValueError(f"invalid span ({start}, {end})")


def _ratio(numerator: int, denominator: int) -> float:
    return 1.0 if denominator == 0 else numerator / denominator


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, predicted and gold totals, with precision, recall and F1 from them."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """True positives / predicted (1.0 when nothing was predicted)."""
        return _ratio(self.true_positives, self.predicted)

    @property
    def recall(self) -> float:
        """True positives / gold (1.0 when there was nothing to find)."""
        return _ratio(self.true_positives, self.gold)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Counts) -> Counts:
        """Sum counts, for micro-averaging."""
        return Counts(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )


@dataclass(frozen=True, slots=True)
class LevelScore:
    """Quote and quote+speaker figures at one match level.

    Attributes:
        quote: Matched pairs against predicted and gold quotes.
        quote_speaker: Matched pairs whose speaker is right, against the same totals.
    """

    quote: Counts
    quote_speaker: Counts

    @property
    def speaker_accuracy(self) -> float:
        """Right speakers / matched pairs (1.0 when nothing matched)."""
        return _ratio(self.quote_speaker.true_positives, self.quote.true_positives)

    def __add__(self, other: LevelScore) -> LevelScore:
        """Sum counts, for micro-averaging."""
        return LevelScore(self.quote + other.quote, self.quote_speaker + other.quote_speaker)


@dataclass(frozen=True, slots=True)
class AttributionScore:
    """PolNeAR figures, micro-averaged over documents.

    Attributes:
        exact: Pairs whose normalised contents are equal.
        overlap: Pairs with content Jaccard ≥ 0.5: the main figure.
        any: Pairs with any shared content character.
        content: Character-level counts over the union of content spans.
        documents: Documents scored.
        gold_dropped: Gold attributions dropped because their content is empty.
    """

    exact: LevelScore
    overlap: LevelScore
    any: LevelScore
    content: Counts
    documents: int
    gold_dropped: int

    def __add__(self, other: AttributionScore) -> AttributionScore:
        """Sum counts, for micro-averaging."""
        return AttributionScore(
            self.exact + other.exact,
            self.overlap + other.overlap,
            self.any + other.any,
            self.content + other.content,
            self.documents + other.documents,
            self.gold_dropped + other.gold_dropped,
        )

    def format_table(self) -> str:
        """Render the figures as a plain-text table, in percent."""
        quotes = self.overlap.quote
        lines = [
            f"PolNeAR attribution, micro-averaged over {self.documents} documents: "
            f"{quotes.gold} gold quotes ({self.gold_dropped} without content dropped), "
            f"{quotes.predicted} predicted. Figures in percent.",
            "",
            f"{'match':<16}{'matched':>8}{'quote P':>9}{'R':>7}{'F1':>7}"
            f"{'spk acc':>9}{'q+spk P':>9}{'R':>7}{'F1':>7}",
        ]
        for name, level in (
            ("exact", self.exact),
            ("overlap (main)", self.overlap),
            ("any (> 0)", self.any),
        ):
            q, qs = level.quote, level.quote_speaker
            lines.append(
                f"{name:<16}{q.true_positives:>8}{_pct(q.precision):>9}{_pct(q.recall):>7}"
                f"{_pct(q.f1):>7}{_pct(level.speaker_accuracy):>9}{_pct(qs.precision):>9}"
                f"{_pct(qs.recall):>7}{_pct(qs.f1):>7}"
            )
        c = self.content
        lines += [
            "",
            f"content characters: P {_pct(c.precision)}  R {_pct(c.recall)}  F1 {_pct(c.f1)}"
            f"  ({c.true_positives} shared, {c.predicted} predicted, {c.gold} gold)",
        ]
        return "\n".join(lines)


def _pct(fraction: float) -> str:
    return f"{100 * fraction:.1f}"


def _match(
    gold: Sequence[frozenset[int]], predicted: Sequence[frozenset[int]]
) -> list[tuple[int, int, Fraction]]:
    """Greedy one-to-one matching by Jaccard, highest first; return ``(gold, pred, jaccard)``.

    One matching serves all three levels: pairs are taken in decreasing Jaccard, so the pairs
    at or above any threshold are chosen exactly as if lower pairs did not exist.
    """
    candidates: list[tuple[Fraction, int, int]] = []
    for g, gold_set in enumerate(gold):
        for p, pred_set in enumerate(predicted):
            shared = len(gold_set & pred_set)
            if shared:
                # Exact fractions: a Jaccard of exactly 1/2 must pass the 0.5 threshold.
                candidates.append((Fraction(shared, len(gold_set | pred_set)), g, p))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int, Fraction]] = []
    for jaccard, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p, jaccard))
    return pairs


_OVERLAP = Fraction(1, 2)


def overlap_pairs(
    text: str, gold: Sequence[GoldLike], predicted: Sequence[PredictedQuote]
) -> list[tuple[int, int]]:
    """The ``(gold index, predicted index)`` pairs that the main level (Jaccard ≥ 0.5) counts.

    The very matching :func:`score_document` makes, with indices into ``gold`` and
    ``predicted`` as given, so per-quote figures (direct quotes, cue subsets, calibration) use
    the pairs the main table counts.
    """
    gold_content = [character_set(text, g.content) for g in gold]
    kept = [i for i, chars in enumerate(gold_content) if chars]
    pred_sets = [character_set(text, p.content) for p in predicted]
    return [
        (kept[g], p)
        for g, p, jaccard in _match([gold_content[i] for i in kept], pred_sets)
        if jaccard >= _OVERLAP
    ]


def score_document(
    text: str, gold: Sequence[GoldLike], predicted: Sequence[PredictedQuote]
) -> AttributionScore:
    """Score one document's predicted quotes against its gold attributions.

    Args:
        text: The document text all spans index into.
        gold: The gold attributions, e.g. ``PolnearDocument.attributions``.
        predicted: The predicted quotes.

    Returns:
        The document's counts (``documents`` is 1).

    Raises:
        ValueError: if a span is not within ``text``.
    """
    gold_content = [character_set(text, g.content) for g in gold]
    kept = [i for i, chars in enumerate(gold_content) if chars]
    gold_sets = [gold_content[i] for i in kept]
    gold_sources = [character_set(text, gold[i].source) for i in kept]
    pred_sets = [character_set(text, p.content) for p in predicted]
    pred_speakers = [character_set(text, p.speaker) for p in predicted]

    n_gold, n_pred = len(gold_sets), len(pred_sets)
    matched = {"exact": 0, "overlap": 0, "any": 0}
    right_speaker = dict.fromkeys(matched, 0)
    for g, p, jaccard in _match(gold_sets, pred_sets):
        gold_source, speaker = gold_sources[g], pred_speakers[p]
        speaker_ok = bool(gold_source & speaker) or not (gold_source or speaker)
        for name, reached in (
            ("any", True),
            ("overlap", jaccard >= _OVERLAP),
            ("exact", jaccard == 1),
        ):
            if reached:
                matched[name] += 1
                right_speaker[name] += 1 if speaker_ok else 0

    def level(name: str) -> LevelScore:
        return LevelScore(
            Counts(matched[name], n_pred, n_gold), Counts(right_speaker[name], n_pred, n_gold)
        )

    gold_chars: frozenset[int] = frozenset().union(*gold_sets)
    pred_chars: frozenset[int] = frozenset().union(*pred_sets)
    return AttributionScore(
        exact=level("exact"),
        overlap=level("overlap"),
        any=level("any"),
        content=Counts(len(gold_chars & pred_chars), len(pred_chars), len(gold_chars)),
        documents=1,
        gold_dropped=len(gold) - n_gold,
    )


def score_attributions(
    docs: Sequence[tuple[str, Sequence[GoldLike], Sequence[PredictedQuote]]],
) -> AttributionScore:
    """Score a corpus of ``(text, gold, predicted)`` documents, micro-averaged.

    Args:
        docs: One ``(text, gold attributions, predicted quotes)`` triple per document.

    Returns:
        The summed counts and the figures derived from them.

    Raises:
        ValueError: if ``docs`` is empty or a span is not within its text.
    """
    if not docs:
        raise ValueError("no documents to score")
    scores = [score_document(text, gold, predicted) for text, gold, predicted in docs]
    total = scores[0]
    for score in scores[1:]:
        total += score
    return total
