"""Loader for PTC, the Propaganda Techniques Corpus (SemEval-2020 Task 11): any split.

The corpus is not part of presslens (it is licensed for research use and needs registration);
point :func:`load_ptc` at a local copy laid out as the organisers distribute it::

    train-articles/article<ID>.txt        dev-articles/article<ID>.txt
    train-task2-TC.labels                 dev-task-TC-template.out    (v2 spans, label "?")
      (or train-labels-task2-technique-   dev-task-TC.v1gold.labels   (v1 spans with labels)
       classification/article<ID>.task2-TC.labels, one file per article)

A split is any ``NAME`` with a ``NAME-articles/`` folder (:func:`ptc_splits` lists them) and
labels named the same way: ``NAME-task2-TC.labels``, ``NAME-task-TC.labels`` or
``NAME-task-TC.v1gold.labels`` (the first that exists), else per-article files in
``NAME-labels-task2-technique-classification/``; a ``NAME-task-TC-template.out`` gives the spans
to score on, as for dev.

Label rows are ``ID<TAB>technique<TAB>start<TAB>end`` (the template has ``?`` as technique).
Offsets count Python ``str`` characters of the UTF-8 decoded file, *including* a leading byte
order mark where a file has one (a handful do, and their offsets only line up if it is kept),
with no newline translation.

Dev gold: the released dev answers carry the older v1 boundaries, while the template lists the
v2 spans systems are scored on. :func:`align_to_template` moves each v1 label onto its v2 span
(see its docstring for the rules); :func:`dev_alignment` reports how well that went.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from presslens.vocabulary import TECHNIQUE_LABELS

__all__ = [
    "TECHNIQUES",
    "LabelledSpan",
    "PtcArticle",
    "TemplateAlignment",
    "align_to_template",
    "dev_alignment",
    "load_ptc",
    "ptc_splits",
]

#: The 14 technique labels of SemEval-2020 Task 11, spelt as in the label files.
TECHNIQUES: tuple[str, ...] = TECHNIQUE_LABELS

_ARTICLE_FILE = re.compile(r"article(?P<id>\w+)\.txt")
_ARTICLES_FOLDER = re.compile(r"(?P<split>[\w.]+)-articles")
_PER_ARTICLE_LABELS = re.compile(r"article(?P<id>\w+)\..*labels")

# File names tried in order for a split; the first that exists wins. ``dev-task-TC.labels`` is
# what the organisers later published as v2 dev gold: if a copy has it, no boundary alignment is
# needed.
_COMBINED_TC = (
    "{split}-task2-TC.labels",
    "{split}-task-TC.labels",
    "{split}-task-TC.v1gold.labels",
)
_PER_ARTICLE_TC = "{split}-labels-task2-technique-classification"
_TEMPLATE = "{split}-task-TC-template.out"

# A v1 span re-attached by overlap must cover at least this share of the v2 span, so that a
# label never lands on a span it merely grazes.
_MIN_OVERLAP_SHARE = 0.5


@dataclass(frozen=True, slots=True, order=True)
class LabelledSpan:
    """One technique on ``text[start:end]`` of an article.

    Raises:
        ValueError: if the offsets are negative or the span is empty.
    """

    start: int
    end: int
    technique: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end <= self.start:
            raise ValueError(f"bad span offsets {self.start}-{self.end}: need 0 <= start < end")


@dataclass(frozen=True, slots=True)
class PtcArticle:
    """A PTC article: its id (the digits of ``article<ID>.txt``), text and labelled spans.

    ``spans`` are sorted by ``(start, end, technique)``. A span carrying two techniques appears
    twice, once per technique; spans of different techniques may overlap.
    """

    id: str
    text: str
    spans: tuple[LabelledSpan, ...]


@dataclass(frozen=True, slots=True)
class TemplateAlignment:
    """The result of moving v1 dev labels onto the v2 template spans.

    Attributes:
        spans: Per article id, one labelled span per template row that found a label, sorted.
        exact: Template rows whose v1 row has the same start and end.
        end_moved: Template rows matched on start, whose v1 end differs (v1 ends run 1-2 long).
        by_overlap: Template rows with no v1 row at their start, matched on character overlap.
        unmatched_template: ``(article id, start, end)`` of template rows left without a label;
            they are not in ``spans``.
        unused_gold: ``(article id, v1 span)`` for v1 rows no template row took: mostly a second
            label that v2 dropped from a span it kept with one label.
    """

    spans: Mapping[str, tuple[LabelledSpan, ...]]
    exact: int
    end_moved: int
    by_overlap: int
    unmatched_template: tuple[tuple[str, int, int], ...]
    unused_gold: tuple[tuple[str, LabelledSpan], ...]


def ptc_splits(data_dir: Path) -> list[str]:
    """The split names of a PTC folder: every ``NAME`` with a ``NAME-articles/`` folder, sorted."""
    if not data_dir.is_dir():
        return []
    found = (_ARTICLES_FOLDER.fullmatch(p.name) for p in data_dir.iterdir() if p.is_dir())
    return sorted(m["split"] for m in found if m is not None)


def load_ptc(data_dir: Path, split: str) -> list[PtcArticle]:
    """Load one split of PTC, articles sorted by id.

    Spans are the task-2 (technique) labels as released. When the split has a template
    (``NAME-task-TC-template.out``, as dev has), spans are the gold techniques on the template's
    v2 boundaries (template rows that no v1 label could be aligned to are left out; see
    :func:`dev_alignment`). Articles without any label have no spans.

    Args:
        data_dir: The PTC folder (holding ``train-articles/`` and the label files).
        split: ``"train"``, ``"dev"`` or any other split laid out the same way
            (:func:`ptc_splits`).

    Returns:
        One :class:`PtcArticle` per ``article<ID>.txt`` file of the split.

    Raises:
        FileNotFoundError: if the folder, the articles folder or the labels are missing.
        NotADirectoryError: if ``data_dir`` is a file.
        ValueError: if ``split`` is unknown, a file is not UTF-8, or a label row is malformed,
            has an unknown technique, points outside its article, or names no article.
    """
    texts = _read_articles(data_dir, split)
    gold = _read_gold(data_dir, split, texts)
    template_path = data_dir / _TEMPLATE.format(split=split)
    if template_path.is_file():
        template = _read_rows(template_path, texts, labelled=False)
        spans = align_to_template(_offsets_by_article(template), gold).spans
    else:
        spans = {aid: tuple(sorted(rows)) for aid, rows in gold.items()}
    return [PtcArticle(aid, texts[aid], spans.get(aid, ())) for aid in sorted(texts, key=_id_key)]


def dev_alignment(data_dir: Path) -> TemplateAlignment:
    """Align the dev v1 gold labels onto the dev template, for reporting how many matched.

    Raises:
        FileNotFoundError: if the dev articles, gold labels or template are missing.
        ValueError: as for :func:`load_ptc`.
    """
    texts = _read_articles(data_dir, "dev")
    gold = _read_gold(data_dir, "dev", texts)
    template_path = data_dir / _TEMPLATE.format(split="dev")
    if not template_path.is_file():
        raise FileNotFoundError(f"{template_path}: dev template not found")
    template = _read_rows(template_path, texts, labelled=False)
    return align_to_template(_offsets_by_article(template), gold)


def align_to_template(
    template: Mapping[str, Sequence[tuple[int, int]]],
    gold: Mapping[str, Sequence[LabelledSpan]],
) -> TemplateAlignment:
    """Give each template span the technique of the gold row it stems from.

    Within each article, in two passes, each gold row going to at most one template row:

    1. Same start: template and gold rows with equal start offsets are paired by smallest end
       difference (ties: file order). v2 mostly trimmed v1 ends, keeping starts.
    2. Overlap: each template row still without a label takes the unused gold row with the
       highest character overlap (intersection over union) that covers at least half of the
       template span. This catches starts moved by a character and v1 spans v2 split in two.

    Template rows listed twice (a span with two techniques) take two gold rows. Gold rows left
    over are reported, not placed: the template is the v2 gold with its labels blanked, so it
    says how many techniques each span has.

    Args:
        template: Per article id, the template spans ``(start, end)`` in file order.
        gold: Per article id, the gold rows in file order.

    Returns:
        The aligned spans and the counts of each kind of match.
    """
    spans: dict[str, tuple[LabelledSpan, ...]] = {}
    exact = end_moved = by_overlap = 0
    unmatched: list[tuple[str, int, int]] = []
    unused: list[tuple[str, LabelledSpan]] = []
    for aid in sorted(set(template) | set(gold), key=_id_key):
        rows = list(template.get(aid, ()))
        labels = list(gold.get(aid, ()))
        taken: dict[int, int] = {}  # template index -> gold index

        same_start = [
            (abs(t_end - g.end), ti, gi)
            for ti, (t_start, t_end) in enumerate(rows)
            for gi, g in enumerate(labels)
            if g.start == t_start
        ]
        _assign(sorted(same_start), taken)
        for ti, gi in taken.items():
            if labels[gi].end == rows[ti][1]:
                exact += 1
            else:
                end_moved += 1

        used = set(taken.values())
        by_overlap_pairs: list[tuple[float, int, int]] = []
        for ti, (t_start, t_end) in enumerate(rows):
            if ti in taken:
                continue
            for gi, g in enumerate(labels):
                inter = min(t_end, g.end) - max(t_start, g.start)
                if gi in used or inter < _MIN_OVERLAP_SHARE * (t_end - t_start):
                    continue
                union = max(t_end, g.end) - min(t_start, g.start)
                by_overlap_pairs.append((-inter / union, ti, gi))  # negated: best first
        before = len(taken)
        _assign(sorted(by_overlap_pairs), taken)
        by_overlap += len(taken) - before

        spans[aid] = tuple(
            sorted(
                LabelledSpan(s, e, labels[taken[ti]].technique)
                for ti, (s, e) in enumerate(rows)
                if ti in taken
            )
        )
        unmatched.extend((aid, s, e) for ti, (s, e) in enumerate(rows) if ti not in taken)
        used = set(taken.values())
        unused.extend((aid, g) for gi, g in enumerate(labels) if gi not in used)
    return TemplateAlignment(spans, exact, end_moved, by_overlap, tuple(unmatched), tuple(unused))


def _assign(candidates: Sequence[tuple[float, int, int]], taken: dict[int, int]) -> None:
    """Greedily pair (cost, template index, gold index) candidates, cheapest first, in place."""
    used = set(taken.values())
    for _, ti, gi in candidates:
        if ti not in taken and gi not in used:
            taken[ti] = gi
            used.add(gi)


def _id_key(article_id: str) -> tuple[int, str]:
    # Ids are digit strings of varying length: shorter first sorts them numerically.
    return len(article_id), article_id


def _read_articles(data_dir: Path, split: str) -> dict[str, str]:
    if not data_dir.exists():
        raise FileNotFoundError(f"{data_dir}: PTC folder not found")
    if not data_dir.is_dir():
        raise NotADirectoryError(f"{data_dir}: not a folder; expected the PTC folder")
    folder = data_dir / f"{split}-articles"
    present = ptc_splits(data_dir)
    if present and split not in present:
        raise ValueError(
            f"unknown PTC split {split!r}: {data_dir} has no {split}-articles/ folder; "
            f"its splits are {', '.join(present)}"
        )
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder}: PTC {split} articles folder not found; is {data_dir} the PTC folder?"
        )
    texts: dict[str, str] = {}
    for path in folder.iterdir():
        match = _ARTICLE_FILE.fullmatch(path.name)
        if match is None:
            continue
        try:
            # Decoding the bytes ourselves keeps a BOM and every \r, which the offsets count.
            texts[match["id"]] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if not texts:
        raise FileNotFoundError(f"{folder}: no article<ID>.txt files")
    return texts


def _read_gold(
    data_dir: Path, split: str, texts: Mapping[str, str]
) -> dict[str, list[LabelledSpan]]:
    names = [pattern.format(split=split) for pattern in _COMBINED_TC]
    for name in names:
        if (data_dir / name).is_file():
            return _read_rows(data_dir / name, texts, labelled=True)
    folder = data_dir / _PER_ARTICLE_TC.format(split=split)
    if folder.is_dir():
        gold: dict[str, list[LabelledSpan]] = defaultdict(list)
        for path in sorted(folder.iterdir()):
            if _PER_ARTICLE_LABELS.fullmatch(path.name):
                for aid, rows in _read_rows(path, texts, labelled=True).items():
                    gold[aid].extend(rows)
        return dict(gold)
    tried = ", ".join([*names, folder.name + "/"])
    raise FileNotFoundError(f"{data_dir}: no PTC {split} technique labels (looked for {tried})")


def _read_rows(
    path: Path, texts: Mapping[str, str], *, labelled: bool
) -> dict[str, list[LabelledSpan]]:
    """Read ``ID<TAB>technique<TAB>start<TAB>end`` rows, checked against the articles."""
    rows: dict[str, list[LabelledSpan]] = defaultdict(list)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        fields = line.rstrip().split("\t")
        if len(fields) != 4:
            raise ValueError(f"{where}: expected ID, technique, start, end separated by tabs")
        aid, technique, start_field, end_field = fields
        try:
            start, end = int(start_field), int(end_field)
        except ValueError:
            raise ValueError(
                f"{where}: offsets {start_field!r}, {end_field!r} are not integers"
            ) from None
        if labelled and technique not in TECHNIQUES:
            raise ValueError(f"{where}: unknown technique {technique!r}")
        if aid not in texts:
            raise ValueError(f"{where}: no article{aid}.txt for this row")
        if not 0 <= start < end <= len(texts[aid]):
            raise ValueError(
                f"{where}: span {start}-{end} is empty or outside article {aid} "
                f"({len(texts[aid])} characters)"
            )
        rows[aid].append(LabelledSpan(start, end, technique))
    return dict(rows)


def _offsets_by_article(
    rows: Mapping[str, Sequence[LabelledSpan]],
) -> dict[str, list[tuple[int, int]]]:
    return {aid: [(r.start, r.end) for r in spans] for aid, spans in rows.items()}
