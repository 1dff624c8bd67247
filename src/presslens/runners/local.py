"""Ingest on this machine: sources → :class:`~presslens.Pipeline` → :class:`~presslens.store.Store`.

Resumable by construction: every article is stored in its own transaction under its source name,
a rerun skips the names already stored (and pages whose bytes are already stored under another
name), and a source that fails is recorded with its reason, never dropped silently.

>>> report = ingest(Store("corpus.db"), Pipeline(), collect_sources(["pages/"]))  # doctest: +SKIP
>>> report.stored, report.failed                                                   # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from presslens.errors import InputError, SourceNotFoundError
from presslens.pipeline import Pipeline
from presslens.stages.ingest import RawInput, is_url, raw_from_bytes
from presslens.store import Store
from presslens.store.models import MAX_SOURCE

__all__ = ["ARTICLE_SUFFIXES", "Event", "IngestReport", "collect_sources", "ingest", "is_warc"]

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".warc"})
"""Files a folder contributes to ``collect_sources``, gzipped too (``page.html.gz``,
``crawl.warc.gz``); other files in it are left alone."""

Event = Literal["stored", "skipped", "duplicate", "failed"]
Progress = Callable[[Event, str, str], None]
"""Called once per source: ``(event, source, detail)``; detail is the reason or the other name."""


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did, source by source."""

    stored: int = 0
    skipped: int = 0  # already stored under the same name
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, stored as)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)


def collect_sources(items: Iterable[str], list_file: Path | None = None) -> list[str]:
    """Expand what the user named into source names, in order and without repeats.

    URLs are kept as given; folders contribute their article files (``ARTICLE_SUFFIXES``,
    recursively, hidden ones excluded, sorted); ``list_file`` holds one source per line (blank
    lines and ``#`` comments ignored). A path that does not exist is kept: ingest records it as
    failed, so a typo is reported, not lost.

    Raises:
        SourceNotFoundError: ``list_file`` cannot be read, or ``-`` (stdin) was given.
    """
    named = list(items)
    if list_file is not None:
        try:
            lines = list_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise SourceNotFoundError(
                f"cannot read the source list ({exc.strerror})", source=str(list_file)
            ) from None
        named += [s for line in lines if (s := line.strip()) and not s.startswith("#")]
    seen: dict[str, None] = {}
    for item in named:
        if item == "-":
            raise SourceNotFoundError(
                "ingest stores each article under its name; save standard input to a file first",
                source="-",
            )
        if is_url(item):
            seen.setdefault(item, None)
            continue
        path = Path(item)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and _is_article_file(found) and not hidden:
                    seen.setdefault(str(found), None)
        else:
            seen.setdefault(str(path), None)
    return list(seen)


def _is_article_file(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes[-1:] == [".gz"]:
        suffixes.pop()
    return bool(suffixes) and suffixes[-1] in ARTICLE_SUFFIXES


def is_warc(name: str) -> bool:
    """Whether a source name is a WARC crawl file (``.warc`` or ``.warc.gz``)."""
    lower = name.lower()
    return not is_url(name) and lower.endswith((".warc", ".warc.gz"))


def ingest(
    store: Store,
    pipeline: Pipeline,
    sources: Iterable[str],
    *,
    n_process: int = 1,
    force: bool = False,
    progress: Progress | None = None,
    only: Container[str] | None = None,
) -> IngestReport:
    """Analyse ``sources`` and store each article; see the module docstring.

    A WARC file (``crawl.warc.gz``) stands for its HTML response records, each stored under
    its own name (``crawl.warc.gz#<WARC-Record-ID>``, see :mod:`presslens.sources.warc`) with
    the record's target URI and crawl date, and resumed record by record like any source.

    Args:
        store: where the articles go.
        pipeline: the analysis pipeline.
        sources: source names, as :func:`collect_sources` gives them.
        n_process: worker processes.
        force: analyse and store again sources already stored (replacing them).
        progress: called once per source (per WARC record) with what happened to it.
        only: of a WARC file's records, analyse only those named here (a Dask partition's
            share of a crawl); the others are passed over without a word.

    Raises:
        StoreError: the store cannot be written (the run stops; what was stored stays).
    """
    report = IngestReport()
    tell: Progress = progress or (lambda _event, _source, _detail: None)
    in_flight: dict[str, str] = {}  # sha256 → source, for articles read but not yet stored

    def failed(source: str, error: InputError) -> None:
        reason = str(error)
        store.add_failure(source[:MAX_SOURCE], reason)
        report.failed.append((source, reason))
        tell("failed", source, reason)

    def admitted(source: str) -> bool:
        """Whether a source should be read: named storably and not stored already."""
        if len(source) > MAX_SOURCE:
            reason = f"{source[:80]}...: names over {MAX_SOURCE} characters cannot be stored"
            report.failed.append((source, reason))
            tell("failed", source, reason)
            return False
        if not force and store.has_source(source):
            report.skipped += 1
            tell("skipped", source, "already stored")
            return False
        return True

    def fresh(raw: RawInput, source: str) -> bool:
        """Whether the page's bytes are new to the store and to this run."""
        digest = raw.source.sha256
        twin = in_flight.get(digest) or (None if force else store.source_of(digest))
        if twin is not None:
            report.duplicates.append((source, twin))
            tell("duplicate", source, twin)
            return False
        in_flight[digest] = source
        return True

    def warc_pages(path: str) -> Iterator[tuple[RawInput, tuple[str, str | None]]]:
        from presslens.sources.warc import WarcSkip, read_warc

        try:
            for item in read_warc(path, max_bytes=pipeline.config.max_bytes):
                if only is not None and item.source not in only:
                    continue
                if not admitted(item.source):
                    continue
                if isinstance(item, WarcSkip):
                    failed(item.source, item.error)
                    continue
                try:
                    raw = raw_from_bytes(
                        item.payload,
                        name=item.source,
                        kind="warc",
                        url=item.url,
                        html_hint=True,
                        content_type=item.content_type,
                        max_bytes=pipeline.config.max_bytes,
                    )
                except InputError as exc:
                    failed(item.source, exc)
                    continue
                if fresh(raw, item.source):
                    yield raw, (item.source, item.date)
        except InputError as exc:  # damaged, cut short, not a WARC: the file itself failed
            failed(path, exc)

    def readable() -> Iterator[tuple[RawInput, tuple[str, str | None]]]:
        for source in sources:
            if is_warc(source):
                yield from warc_pages(source)
                continue
            if not admitted(source):
                continue
            try:
                raw = pipeline.read(source)
            except InputError as exc:
                failed(source, exc)
                continue
            if fresh(raw, source):
                yield raw, (source, None)

    def analysis_failed(name: str, error: InputError) -> None:
        failed(name, error)  # RawInput.name is the source name it was read from
        in_flight.pop(_digest_of(in_flight, name), None)

    for article, (source, fetched) in pipeline.pipe(
        readable(), as_tuples=True, n_process=n_process, on_error=analysis_failed
    ):
        store.add(article, source, fetched=fetched)
        in_flight.pop(article.source.sha256, None)
        report.stored += 1
        tell("stored", source, "")
    log.info(
        "ingest: %d stored, %d already stored, %d duplicates, %d failed",
        report.stored,
        report.skipped,
        len(report.duplicates),
        len(report.failed),
    )
    return report


def _digest_of(in_flight: dict[str, str], source: str) -> str:
    return next((digest for digest, name in in_flight.items() if name == source), "")
