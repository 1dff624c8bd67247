"""The SemEval-2020 Task 11 metrics for propaganda techniques, written from their definitions.

* **SI** (span identification) gives partial credit for character overlap. Within an article,
  overlapping spans are merged first, gold and predicted alike. For every predicted span ``s``
  and gold span ``t`` of the same article, precision accumulates ``|s ∩ t| / |s|`` and recall
  ``|s ∩ t| / |t|``; P is the precision sum over the number of predicted spans, R the recall sum
  over the number of gold spans, F1 their harmonic mean.
* **TC** (technique classification) scores one technique per given gold span: micro-F1 over
  spans, which equals accuracy, plus per-technique precision, recall and F1 and their macro mean.
* **Full** (spans and techniques, what a reader of presslens sees) is SI computed separately for
  each technique and pooled: only a predicted and a gold span of the same technique earn credit,
  and spans are merged per technique (two overlapping gold spans of one technique count once;
  overlapping spans of two techniques both count).

Spans "overlap" when they share a character: ``[0, 5)`` and ``[5, 9)`` stay apart, as in the
released dev SI gold. Merging predictions as well as gold matters: without it, a system that
repeats a span would score recall above 1.

Inputs are keyed by article id. Any object with ``start`` and ``end`` (and ``technique`` where
needed) attributes will do, e.g. :class:`presslens.scoring.ptc.LabelledSpan`.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = [
    "RIGHT_SHARE",
    "ClassificationScore",
    "Offsets",
    "SpanScore",
    "TechniqueScore",
    "TechniqueSpan",
    "gold_share",
    "merge_spans",
    "score_full",
    "score_si",
    "score_tc",
]


class Offsets(Protocol):
    """A span of an article's text, ``text[start:end]``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class TechniqueSpan(Offsets, Protocol):
    """A span labelled with a propaganda technique."""

    @property
    def technique(self) -> str: ...


@dataclass(frozen=True, slots=True)
class TechniqueScore:
    """Precision, recall and F1 for one technique, with the span counts behind them."""

    technique: str
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int


@dataclass(frozen=True, slots=True)
class SpanScore:
    """SI or full-task figures.

    ``predicted`` and ``gold`` count spans after merging (per technique for the full task).
    ``per_technique`` is empty for SI.
    """

    task: Literal["SI", "full"]
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int
    per_technique: tuple[TechniqueScore, ...] = ()

    def format_table(self) -> str:
        """Return the figures as a plain-text table, one row per technique after the total."""
        rows = [("all", self.precision, self.recall, self.f1, self.gold, self.predicted)]
        rows += [
            (t.technique, t.precision, t.recall, t.f1, t.gold, t.predicted)
            for t in self.per_technique
        ]
        return f"{self.task} task\n" + _table(rows)


@dataclass(frozen=True, slots=True)
class ClassificationScore:
    """TC figures: micro-F1 (equal to accuracy, ``correct / spans``), macro-F1, per technique.

    ``macro_f1`` averages the techniques that occur in the gold labels or the predictions.
    """

    micro_f1: float
    macro_f1: float
    correct: int
    spans: int
    per_technique: tuple[TechniqueScore, ...]

    def format_table(self) -> str:
        """Return the figures as a plain-text table, one row per technique."""
        head = (
            f"TC task: micro-F1 {self.micro_f1:.4f} ({self.correct} of {self.spans} spans), "
            f"macro-F1 {self.macro_f1:.4f}\n"
        )
        rows = [
            (t.technique, t.precision, t.recall, t.f1, t.gold, t.predicted)
            for t in self.per_technique
        ]
        return head + _table(rows)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character; return them sorted.

    Touching spans (``end == next start``) stay separate.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


#: A predicted span is "right" (for calibrating confidences) when at least this share of its
#: characters lies inside gold spans of any technique: it then earns at least half a span of
#: SI precision credit.
RIGHT_SHARE = 0.5


def gold_share(span: Offsets, gold: Iterable[Offsets]) -> float:
    """The share of ``span``'s characters inside the (merged) ``gold`` spans of its article:
    the SI precision credit the span alone would earn."""
    length = span.end - span.start
    if length <= 0:
        raise ValueError(f"bad span offsets {span.start}-{span.end}: need 0 <= start < end")
    inside = sum(
        max(0, min(span.end, end) - max(span.start, start))
        for start, end in merge_spans((g.start, g.end) for g in gold)
    )
    return inside / length


def score_si(
    gold: Mapping[str, Iterable[Offsets]], predicted: Mapping[str, Iterable[Offsets]]
) -> SpanScore:
    """Score span identification (task SI), keyed by article id.

    An article missing from ``predicted`` has no predicted spans.

    Raises:
        ValueError: if ``gold`` is empty, ``predicted`` names an article not in ``gold``, or a
            span is empty or has a negative start.
    """
    _check_articles(gold, predicted)
    sums = _Sums()
    for aid, gold_spans in gold.items():
        sums.add(
            merge_spans(_offsets(aid, gold_spans)),
            merge_spans(_offsets(aid, predicted.get(aid, ()))),
        )
    p, r, f1 = sums.figures()
    return SpanScore("SI", p, r, f1, sums.predicted, sums.gold)


def score_full(
    gold: Mapping[str, Iterable[TechniqueSpan]], predicted: Mapping[str, Iterable[TechniqueSpan]]
) -> SpanScore:
    """Score spans and techniques together (the full task), keyed by article id.

    As :func:`score_si`, except that spans are merged per technique and only a predicted and a
    gold span with the same technique earn overlap credit. Techniques are compared as strings:
    a misspelt predicted technique shows up as its own row, with no gold spans.

    Raises:
        ValueError: as for :func:`score_si`.
    """
    _check_articles(gold, predicted)
    by_technique: dict[str, _Sums] = defaultdict(_Sums)
    for aid, gold_spans in gold.items():
        gold_groups = _by_technique(aid, gold_spans)
        pred_groups = _by_technique(aid, predicted.get(aid, ()))
        for technique in gold_groups.keys() | pred_groups.keys():
            by_technique[technique].add(
                merge_spans(gold_groups.get(technique, ())),
                merge_spans(pred_groups.get(technique, ())),
            )
    total = _Sums()
    per_technique = []
    for technique in sorted(by_technique):
        sums = by_technique[technique]
        total.merge(sums)
        per_technique.append(TechniqueScore(technique, *sums.figures(), sums.gold, sums.predicted))
    p, r, f1 = total.figures()
    return SpanScore("full", p, r, f1, total.predicted, total.gold, tuple(per_technique))


def score_tc(
    gold_labels: Mapping[str, Iterable[TechniqueSpan]],
    predicted_labels: Mapping[str, Iterable[TechniqueSpan]],
    *,
    techniques: Sequence[str] = (),
) -> ClassificationScore:
    """Score technique classification (task TC), keyed by article id.

    The predictions must label exactly the gold spans, one row per gold row: a span with two gold
    techniques is listed twice and needs two predictions, matched to the gold techniques in any
    order.

    Args:
        gold_labels: The gold spans with their techniques.
        predicted_labels: The same spans with predicted techniques.
        techniques: Techniques to list in ``per_technique`` even when absent from both inputs
            (e.g. :data:`presslens.scoring.ptc.TECHNIQUES`), in this order; others follow sorted.

    Raises:
        ValueError: if there are no gold spans, or the predicted spans are not the gold spans.
    """
    _check_articles(gold_labels, predicted_labels)
    gold_counts: Counter[str] = Counter()
    pred_counts: Counter[str] = Counter()
    correct_counts: Counter[str] = Counter()
    for aid, gold_spans in gold_labels.items():
        gold_by_span = _labels_by_span(aid, gold_spans)
        pred_by_span = _labels_by_span(aid, predicted_labels.get(aid, ()))
        _check_same_spans(aid, gold_by_span, pred_by_span)
        for span, gold_techniques in gold_by_span.items():
            gold_counts.update(gold_techniques)
            pred_counts.update(pred_by_span[span])
            correct_counts.update(gold_techniques & pred_by_span[span])
    spans = gold_counts.total()
    if spans == 0:
        raise ValueError("no gold spans to classify")
    correct = correct_counts.total()

    seen = (gold_counts | pred_counts).keys()
    order = list(dict.fromkeys([*techniques, *sorted(seen)]))
    per_technique = tuple(
        TechniqueScore(
            t,
            *_prf(correct_counts[t], pred_counts[t], gold_counts[t]),
            gold_counts[t],
            pred_counts[t],
        )
        for t in order
    )
    macro = statistics.fmean(s.f1 for s in per_technique if s.technique in seen)
    return ClassificationScore(correct / spans, macro, correct, spans, per_technique)


class _Sums:
    """Running overlap sums and span counts for SI-style scores."""

    def __init__(self) -> None:
        self.precision = 0.0
        self.recall = 0.0
        self.predicted = 0
        self.gold = 0

    def add(self, gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> None:
        """Add one article's merged gold and predicted spans."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        for p_start, p_end in predicted:
            for g_start, g_end in gold:
                overlap = min(p_end, g_end) - max(p_start, g_start)
                if overlap > 0:
                    self.precision += overlap / (p_end - p_start)
                    self.recall += overlap / (g_end - g_start)

    def merge(self, other: _Sums) -> None:
        """Add another set of sums into this one."""
        self.precision += other.precision
        self.recall += other.recall
        self.predicted += other.predicted
        self.gold += other.gold

    def figures(self) -> tuple[float, float, float]:
        """Return P, R and F1.

        Nothing to find and nothing found scores 1.0 (as in the extraction metric); otherwise an
        empty side scores 0.
        """
        if self.predicted == self.gold == 0:
            return 1.0, 1.0, 1.0
        p = self.precision / self.predicted if self.predicted else 0.0
        r = self.recall / self.gold if self.gold else 0.0
        return p, r, _f1(p, r)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, _f1(p, r)


def _check_articles(gold: Mapping[str, object], predicted: Mapping[str, object]) -> None:
    if not gold:
        raise ValueError("no gold articles to score against")
    unknown = sorted(predicted.keys() - gold.keys())
    if unknown:
        raise ValueError(
            f"predictions for {len(unknown)} article(s) not in the gold data, e.g. {unknown[:3]}"
        )


def _offsets(article_id: str, spans: Iterable[Offsets]) -> list[tuple[int, int]]:
    out = []
    for span in spans:
        if span.start < 0 or span.end <= span.start:
            raise ValueError(
                f"article {article_id}: bad span {span.start}-{span.end}: need 0 <= start < end"
            )
        out.append((span.start, span.end))
    return out


def _by_technique(
    article_id: str, spans: Iterable[TechniqueSpan]
) -> dict[str, list[tuple[int, int]]]:
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        groups[span.technique].extend(_offsets(article_id, [span]))
    return groups


def _labels_by_span(
    article_id: str, spans: Iterable[TechniqueSpan]
) -> dict[tuple[int, int], Counter[str]]:
    by_span: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for span in spans:
        (offsets,) = _offsets(article_id, [span])
        by_span[offsets][span.technique] += 1
    return by_span


def _check_same_spans(
    article_id: str,
    gold: Mapping[tuple[int, int], Counter[str]],
    predicted: Mapping[tuple[int, int], Counter[str]],
) -> None:
    gold_rows = Counter({span: c.total() for span, c in gold.items()})
    pred_rows = Counter({span: c.total() for span, c in predicted.items()})
    if gold_rows != pred_rows:
        missing = sorted((gold_rows - pred_rows).elements())[:3]
        extra = sorted((pred_rows - gold_rows).elements())[:3]
        raise ValueError(
            f"article {article_id}: TC predictions must label each gold span once per gold row; "
            f"missing e.g. {missing}, unexpected e.g. {extra}"
        )


def _table(rows: Sequence[tuple[str, float, float, float, int, int]]) -> str:
    width = max([len("technique"), *(len(r[0]) for r in rows)])
    lines = [f"{'technique':<{width}}  {'P':>6}  {'R':>6}  {'F1':>6}  {'gold':>6}  {'pred':>6}"]
    lines += [
        f"{name:<{width}}  {p:6.4f}  {r:6.4f}  {f1:6.4f}  {gold:6d}  {pred:6d}"
        for name, p, r, f1, gold, pred in rows
    ]
    return "\n".join(lines)
