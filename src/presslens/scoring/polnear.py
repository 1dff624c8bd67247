"""Loader for PolNeAR (Newell, Margolin & Ruths, LREC 2018), the political news attribution corpus.

A split folder holds ``text/<article>.txt`` (UTF-8) and ``attributions/<article>_<annotator>.ann``
(brat standoff). An article annotated by several people is read from the first ``.ann`` file in
sorted order, as the corpus README prescribes for scoring.

Offsets are Python ``str`` offsets into the text decoded as UTF-8 with line endings untouched.
The loader keeps every ``Attribution`` and ``Attribution-no-source`` event as written, including
one without content: dropping those is the scorer's job (see ``presslens.scoring.attribution``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ATTRIBUTION_EVENT_TYPES",
    "GoldAttribution",
    "PolnearDocument",
    "Span",
    "load_polnear",
    "parse_ann",
]

Span = tuple[int, int]
"""A half-open ``(start, end)`` character range into the document text."""

ATTRIBUTION_EVENT_TYPES = frozenset({"Attribution", "Attribution-no-source"})
"""The brat event types that are attributions; any other event is ignored."""

# A brat record starts with its id and a tab; anything else continues the previous record,
# because brat writes a span's text verbatim and a newline inside it spills onto the next line.
_RECORD_START = re.compile(r"(?:[TEARN]|#)\d+\t")
_TEXT_BOUND = re.compile(r"(?P<type>\S+) (?P<spans>\d+ \d+(?:;\d+ \d+)*)")
# brat numbers repeated roles (``Content2``); the digits carry no meaning for scoring.
_ROLE_NUMBER = re.compile(r"\d+$")
_ROLES = frozenset({"Content", "Source", "Cue"})


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: what was attributed (content), to whom (source), and how (cue).

    Attributes:
        id: The brat event id, e.g. ``"E3"``.
        kind: ``"Attribution"`` or ``"Attribution-no-source"``.
        content: Content spans in file order; several when the content is discontinuous or the
            event has several content arguments. Empty for the rare event with no content.
        source: Source spans; empty for an attribution without a source.
        cue: Cue spans.
    """

    id: str
    kind: str
    content: tuple[Span, ...]
    source: tuple[Span, ...]
    cue: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class PolnearDocument:
    """One article with the attributions of the annotator chosen for scoring.

    Attributes:
        id: The article name, the text file's stem.
        text: The article body; all offsets index into it.
        annotator: The annotator id from the ``.ann`` file name.
        attributions: The attribution events in file order.
    """

    id: str
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]


def _records(ann: str) -> list[tuple[int, str]]:
    """Split brat standoff into ``(line number, record)`` pairs, rejoining spilled span text."""
    # Split on "\n" only: str.splitlines would also break on U+2028, U+0085 and friends, which
    # can occur inside span text. The file's final newline ends the last record, it is not text.
    records: list[tuple[int, str]] = []
    for number, line in enumerate(ann.removesuffix("\n").split("\n"), start=1):
        if _RECORD_START.match(line):
            records.append((number, line))
        elif records:
            first, record = records[-1]
            records[-1] = (first, f"{record}\n{line}")
        elif line.strip():
            raise ValueError(f"line {number}: text before the first brat record: {line[:60]!r}")
    return records


def _parse_text_bound(body: str, text: str) -> tuple[str, tuple[Span, ...]]:
    """Parse the part of a ``T`` record after its id; return its type and spans."""
    meta, _, recorded = body.partition("\t")
    match = _TEXT_BOUND.fullmatch(meta)
    if match is None:
        raise ValueError(f"malformed text-bound annotation {meta!r}")
    spans = tuple(
        (int(start), int(end))
        for start, end in (pair.split(" ") for pair in match["spans"].split(";"))
    )
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start} {end} outside the text (length {len(text)})")
    # brat records the covered text with fragments joined by a space. Checking it catches a
    # text/annotation mismatch (wrong file, re-encoded text, converted line endings) at once.
    expected = " ".join(text[start:end] for start, end in spans)
    if recorded and recorded != expected:
        raise ValueError(f"recorded text {recorded[:40]!r} differs from the text {expected[:40]!r}")
    return match["type"], spans


def _parse_event(
    event_id: str, body: str, spans_by_id: dict[str, tuple[Span, ...]]
) -> GoldAttribution | None:
    """Parse the part of an ``E`` record after its id; ``None`` if it is not an attribution."""
    arguments = body.split()
    if not arguments:
        raise ValueError("event with no trigger")
    kind = arguments[0].partition(":")[0]
    if kind not in ATTRIBUTION_EVENT_TYPES:
        return None
    roles: dict[str, list[Span]] = {role: [] for role in _ROLES}
    for argument in arguments[1:]:
        role, _, ref = argument.partition(":")
        role = _ROLE_NUMBER.sub("", role)
        if role not in roles:
            # Refuse rather than skip: a silently dropped argument would silently change scores.
            raise ValueError(f"unknown role {role!r} in {event_id}")
        if ref not in spans_by_id:
            raise ValueError(f"{event_id} refers to unknown annotation {ref!r}")
        roles[role].extend(spans_by_id[ref])
    return GoldAttribution(
        id=event_id,
        kind=kind,
        content=tuple(roles["Content"]),
        source=tuple(roles["Source"]),
        cue=tuple(roles["Cue"]),
    )


def parse_ann(ann: str, text: str) -> tuple[GoldAttribution, ...]:
    """Parse brat standoff into attributions over ``text``.

    Args:
        ann: The content of a ``.ann`` file.
        text: The document text the offsets refer to, used to check them.

    Returns:
        The ``Attribution`` and ``Attribution-no-source`` events in file order.

    Raises:
        ValueError: on a malformed record, an offset outside the text, recorded span text that
            differs from the text, or an event argument that is unknown. The message gives the
            line number.
    """
    spans_by_id: dict[str, tuple[Span, ...]] = {}
    events: list[tuple[int, str, str]] = []
    # Text-bound annotations first: an event may refer to one defined further down.
    for number, record in _records(ann):
        record_id, _, body = record.partition("\t")
        try:
            if record_id.startswith("T"):
                _, spans_by_id[record_id] = _parse_text_bound(body, text)
            elif record_id.startswith("E"):
                events.append((number, record_id, body))
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from error
    attributions: list[GoldAttribution] = []
    for number, event_id, body in events:
        try:
            attribution = _parse_event(event_id, body, spans_by_id)
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from error
        if attribution is not None:
            attributions.append(attribution)
    return tuple(attributions)


def _read_utf8(path: Path) -> str:
    # Decode the bytes ourselves: text-mode reading would turn "\r\n" into "\n" and shift offsets.
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from error


def _missing(names: Iterable[str]) -> str:
    listed = sorted(names)
    more = f" and {len(listed) - 3} more" if len(listed) > 3 else ""
    return ", ".join(listed[:3]) + more


def load_polnear(data_dir: Path, split: str) -> list[PolnearDocument]:
    """Load one PolNeAR split.

    Args:
        data_dir: The corpus folder, the one holding ``train/`` and ``dev/``.
        split: The split's folder name, e.g. ``"dev"``.

    Returns:
        The split's documents sorted by id; each article is read with the annotations of the
        first ``.ann`` file in sorted order.

    Raises:
        FileNotFoundError: if ``data_dir``, the split folder or its ``text/`` or
            ``attributions/`` folder does not exist.
        ValueError: if the split holds no articles, if texts and annotation files do not pair
            up, or if an ``.ann`` file is malformed (the message names the file and line).
    """
    if not data_dir.is_dir():
        raise FileNotFoundError(f"PolNeAR folder not found: {data_dir}")
    split_dir = data_dir / split
    if not split_dir.is_dir():
        available = sorted(p.name for p in data_dir.iterdir() if (p / "text").is_dir())
        raise FileNotFoundError(
            f"PolNeAR split folder not found: {split_dir} (splits in {data_dir}: "
            f"{', '.join(available) or 'none'})"
        )
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    for folder in (text_dir, ann_dir):
        if not folder.is_dir():
            raise FileNotFoundError(f"PolNeAR folder not found: {folder}")

    texts = {path.stem: path for path in text_dir.glob("*.txt")}
    if not texts:
        raise ValueError(f"no PolNeAR articles (*.txt) in {text_dir}")
    first_ann: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        article, sep, _annotator = path.stem.rpartition("_")
        if not sep:
            raise ValueError(f"{path}: expected a name <article>_<annotator>.ann")
        first_ann.setdefault(article, path)
    if unannotated := texts.keys() - first_ann.keys():
        raise ValueError(f"no .ann file in {ann_dir} for {_missing(unannotated)}")
    if textless := first_ann.keys() - texts.keys():
        raise ValueError(f"no .txt file in {text_dir} for {_missing(textless)}")

    documents: list[PolnearDocument] = []
    for article in sorted(texts):
        text, ann_path = _read_utf8(texts[article]), first_ann[article]
        ann = _read_utf8(ann_path)
        try:
            attributions = parse_ann(ann, text)
        except ValueError as error:
            raise ValueError(f"{ann_path}: {error}") from error
        annotator = ann_path.stem.rpartition("_")[2]
        documents.append(PolnearDocument(article, text, annotator, attributions))
    return documents
