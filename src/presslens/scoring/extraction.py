"""The article-extraction-benchmark metric (Scrapinghub, 2020), written from its definition.

Texts are tokenised with the Unicode regex ``\\w+`` and compared as multisets of 4-token
shingles. Each document contributes precision and recall on its own (so long pages do not
dominate); the corpus figures are the means, F1 is their harmonic mean, and the ± figures are
bootstrap standard deviations over documents.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")

__all__ = [
    "DocumentScore",
    "ExtractionScore",
    "ParagraphRecall",
    "paragraph_recall",
    "score_document",
    "score_extraction",
    "shingle_counts",
]


def shingle_counts(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the multiset of ``n``-token shingles of ``text``.

    A text shorter than ``n`` tokens yields one shorter shingle, so that it still counts.
    """
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """Per-document precision and recall, and whether the token sequences are identical."""

    precision: float
    recall: float
    exact: bool


def score_document(truth: str, prediction: str) -> DocumentScore:
    """Score one extracted body against its ground truth."""
    gold, pred = shingle_counts(truth), shingle_counts(prediction)
    tp = sum((gold & pred).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    exact = _TOKEN.findall(truth) == _TOKEN.findall(prediction)
    if tp == fp == fn == 0:  # both empty: nothing to find, nothing found
        return DocumentScore(1.0, 1.0, exact)
    precision = 1.0 if fp == 0 else tp / (tp + fp)
    recall = 1.0 if fn == 0 else tp / (tp + fn)
    return DocumentScore(precision, recall, exact)


@dataclass(frozen=True, slots=True)
class ExtractionScore:
    """Corpus figures with bootstrap standard deviations."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    precision_sd: float
    recall_sd: float
    f1_sd: float
    accuracy_sd: float
    documents: int


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _aggregate(scores: list[DocumentScore]) -> tuple[float, float, float, float]:
    p = statistics.fmean(s.precision for s in scores)
    r = statistics.fmean(s.recall for s in scores)
    acc = statistics.fmean(1.0 if s.exact else 0.0 for s in scores)
    return p, r, _f1(p, r), acc


def score_extraction(
    truth: Mapping[str, str],
    predictions: Mapping[str, str],
    *,
    resamples: int = 1000,
    seed: int = 0,
) -> ExtractionScore:
    """Score predicted bodies against ground-truth bodies, keyed by document id.

    A document missing from ``predictions`` counts as an empty prediction.

    Raises:
        ValueError: if ``truth`` is empty.
    """
    if not truth:
        raise ValueError("no ground-truth documents to score against")
    scores = [score_document(truth[k], predictions.get(k, "")) for k in sorted(truth)]
    p, r, f1, acc = _aggregate(scores)
    rng = random.Random(seed)
    samples = [_aggregate(rng.choices(scores, k=len(scores))) for _ in range(resamples)]
    sds = [statistics.pstdev(col) for col in zip(*samples, strict=True)] if samples else [0.0] * 4
    return ExtractionScore(p, r, f1, acc, sds[0], sds[1], sds[2], sds[3], len(scores))


@dataclass(frozen=True, slots=True)
class ParagraphRecall:
    """How many of the ground truth's paragraphs come through whole (content loss)."""

    kept: int
    total: int
    dropped: tuple[tuple[str, str], ...]  # (document id, paragraph) for each one lost

    @property
    def recall(self) -> float:
        return self.kept / self.total if self.total else 1.0


def paragraph_recall(
    truth: Mapping[str, str], predictions: Mapping[str, str], *, min_tokens: int = 1
) -> ParagraphRecall:
    """Count ground-truth paragraphs (lines) whose whole token sequence is in the prediction.

    Tokens are the benchmark's ``\\w+``, so spacing and punctuation do not matter; a paragraph
    is kept when its tokens appear contiguously, in order, in the predicted body. Paragraphs of
    fewer than ``min_tokens`` tokens are not counted.
    """
    kept = total = 0
    dropped: list[tuple[str, str]] = []
    for key in sorted(truth):
        predicted = " " + " ".join(_TOKEN.findall(predictions.get(key, ""))) + " "
        for paragraph in truth[key].splitlines():
            tokens = _TOKEN.findall(paragraph)
            if len(tokens) < min_tokens:
                continue
            total += 1
            if f" {' '.join(tokens)} " in predicted:
                kept += 1
            else:
                dropped.append((key, paragraph.strip()))
    return ParagraphRecall(kept, total, tuple(dropped))
