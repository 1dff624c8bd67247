"""Loader and scorer for the CheckThat! check-worthiness data (CLEF-2024 Task 1, English).

The data is not part of presslens (the lab releases it for research use); point
:func:`load_checkworthy` at a local TSV file. Format: a header ``Sentence_id  Text  class_label``,
then one tab-separated row per sentence, label ``Yes`` or ``No``. Some files end lines with CRLF.

Texts were written by a CSV writer and read back without its quoting rules, so a text that held
a comma or a quote mark comes wrapped in double quotes with inner quotes doubled (``"Well,
he said ""no"" twice"``). :func:`unquote` undoes that, so the model sees the sentence as it was
spoken; the ids, not the texts, are scored.

One train row is two rows run together (a missing line break: ``... No29286 <TAB> text <TAB>
No``); the loader splits it back into two.

The lab's metric is F1 of the positive class; :func:`score_binary` also gives a percentile
bootstrap interval over sentences.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BinaryScore", "CheckworthySentence", "load_checkworthy", "score_binary", "unquote"]

_RUN_TOGETHER = re.compile(r"^(Yes|No)(\d+)$")


@dataclass(frozen=True, slots=True)
class CheckworthySentence:
    """One labelled sentence: ``label`` is True for ``Yes`` (check-worthy)."""

    id: str
    text: str
    label: bool


def unquote(text: str) -> str:
    """Undo CSV quoting: strip one pair of wrapping quotes and undouble the quotes inside."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text


def load_checkworthy(path: Path, *, raw: bool = False) -> list[CheckworthySentence]:
    """Read one TSV file of the lab's format.

    Args:
        path: the file.
        raw: keep the texts exactly as in the file (no :func:`unquote`).

    Raises:
        ValueError: if the header or a label is not what the format says.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or [c.strip() for c in rows[0][:3]] != ["Sentence_id", "Text", "class_label"]:
        raise ValueError(f"{path}: expected the header Sentence_id, Text, class_label")
    out: list[CheckworthySentence] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [c.rstrip("\r") for c in row]
        if not any(cells):
            continue
        pieces = [cells]
        if len(cells) == 5 and (m := _RUN_TOGETHER.match(cells[2])):
            pieces = [[cells[0], cells[1], m.group(1)], [m.group(2), cells[3], cells[4]]]
        for sid, text, label in (p[:3] for p in pieces):
            if label not in ("Yes", "No") or len(pieces[0]) < 3:
                raise ValueError(f"{path}:{number}: label {label!r} is neither Yes nor No")
            out.append(CheckworthySentence(sid, text if raw else unquote(text), label == "Yes"))
    return out


@dataclass(frozen=True, slots=True)
class BinaryScore:
    """Precision, recall and F1 of the positive class, each with a 95 % bootstrap interval."""

    precision: float
    recall: float
    f1: float
    precision_ci: tuple[float, float]
    recall_ci: tuple[float, float]
    f1_ci: tuple[float, float]
    n: int
    positives: int
    predicted: int

    def format(self) -> str:
        """One line: ``P 0.850 [0.80, 0.89]  R ...  F1 ...``."""

        def one(name: str, value: float, ci: tuple[float, float]) -> str:
            return f"{name} {value:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"

        return (
            f"{one('P', self.precision, self.precision_ci)}  "
            f"{one('R', self.recall, self.recall_ci)}  {one('F1', self.f1, self.f1_ci)}  "
            f"({self.n} sentences, {self.positives} gold Yes, {self.predicted} predicted)"
        )


def _prf(gold: Sequence[bool], pred: Sequence[bool], idx: Sequence[int]) -> tuple[float, ...]:
    tp = sum(1 for i in idx if gold[i] and pred[i])
    n_pred = sum(1 for i in idx if pred[i])
    n_gold = sum(1 for i in idx if gold[i])
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_binary(
    gold: Sequence[bool], pred: Sequence[bool], *, resamples: int = 1000, seed: int = 0
) -> BinaryScore:
    """Score predictions against gold labels (same order), with bootstrap intervals.

    Args:
        gold, pred: one boolean per sentence.
        resamples: bootstrap resamples of the sentences (0 for no interval).
        seed: the resampling seed, so reruns print the same interval.

    Raises:
        ValueError: if the two sequences differ in length.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    n = len(gold)
    p, r, f = _prf(gold, pred, range(n))
    rng = random.Random(seed)
    samples = [_prf(gold, pred, [rng.randrange(n) for _ in range(n)]) for _ in range(resamples)]

    def interval(k: int, value: float) -> tuple[float, float]:
        if not samples:
            return value, value
        values = sorted(s[k] for s in samples)
        return values[int(0.025 * len(values))], values[
            min(len(values) - 1, int(0.975 * len(values)))
        ]

    return BinaryScore(
        p, r, f, interval(0, p), interval(1, r), interval(2, f), n, sum(gold), sum(pred)
    )
