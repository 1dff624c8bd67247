"""The pipeline: ingest → extract → nlp → record, for one article or a stream of them.

>>> from presslens import Pipeline
>>> pipeline = Pipeline()
>>> article = pipeline.analyze("examples/oped.txt")          # doctest: +SKIP
>>> for article in pipeline.pipe(paths, n_process=2):        # doctest: +SKIP
...     print(article.metadata.title)
"""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal, TypeVar, cast, overload

from spacy.language import Language

from presslens.config import PipelineConfig
from presslens.errors import InputError
from presslens.export import analyses_of, doc_to_article
from presslens.records import Article
from presslens.stages.extract import Extracted, extract
from presslens.stages.ingest import RawInput, raw_from_bytes, read_source
from presslens.stages.registry import build_nlp

__all__ = [
    "ErrorHandler",
    "ErrorPolicy",
    "Pipeline",
    "SourceLike",
    "analyze",
    "analyze_many",
    "default_pipeline",
]

log = logging.getLogger(__name__)

SourceLike = str | Path | RawInput
"""A path, a URL, ``-`` for stdin, or an already-read :class:`RawInput`."""
ErrorHandler = Callable[[str, InputError], None]
ErrorPolicy = Literal["raise", "skip"] | ErrorHandler
""""raise", "skip" (log and go on), or a function called with the source's name and the error."""

_Prepared = tuple[str, tuple[Extracted, RawInput, tuple[str, ...]]]
_C = TypeVar("_C")
_T = TypeVar("_T")


class Pipeline:
    """Runs the stages over articles. Build one and reuse it: loading spaCy takes a second.

    Args:
        config: settings; the defaults suit news articles.
        nlp: a spaCy pipeline to use instead of building one from ``config`` (its presslens
            components, if any, decide which analyses run).
    """

    def __init__(self, config: PipelineConfig | None = None, *, nlp: Language | None = None):
        self.config = config or PipelineConfig()
        if nlp is None:
            cfg = self.config
            nlp = build_nlp(cfg.model, cfg.analyses, cfg.component_configs())
        self.nlp = nlp
        self.analyses = analyses_of(nlp.pipe_names)

    def read(self, source: SourceLike) -> RawInput:
        """Stage 1 alone: read and decode a source."""
        return source if isinstance(source, RawInput) else read_source(source, config=self.config)

    def _prepare(self, raw: RawInput) -> _Prepared:
        extracted = extract(raw, clean_text=self.config.clean_text)
        text = extracted.text
        warnings: tuple[str, ...] = ()
        if len(text) > self.config.max_chars:
            text = text[: self.config.max_chars]
            warnings = (
                f"the body has {len(extracted.text):,} characters; only the first "
                f"{self.config.max_chars:,} were analysed (raise max_chars)",
            )
        return text, (extracted, raw, warnings)

    def analyze(self, source: SourceLike) -> Article:
        """Analyse one article from a path, URL, ``-`` or :class:`RawInput`.

        Raises:
            InputError: (a subclass) when the input cannot be read; the message says why.
        """
        text, (extracted, raw, warnings) = self._prepare(self.read(source))
        return doc_to_article(self.nlp(text), extracted, raw.source, warnings, self.analyses)

    def analyze_text(
        self, text: str, *, clean: bool | None = None, url: str | None = None
    ) -> Article:
        """Analyse text held in memory.

        Args:
            text: the article as plain text (or HTML: it is sniffed).
            clean: remove page boilerplate first (default: ``config.clean_text``). Pass False to
                analyse the text verbatim, so every offset maps 1:1 to ``text``.
            url: the article's URL, if known.
        """
        raw = raw_from_bytes(
            text.encode("utf-8"), name="<text>", url=url, max_bytes=self.config.max_bytes
        )
        if clean is not None and clean != self.config.clean_text:
            return Pipeline(
                self.config.model_copy(update={"clean_text": clean}), nlp=self.nlp
            ).analyze(raw)
        return self.analyze(raw)

    @overload
    def pipe(
        self,
        sources: Iterable[SourceLike],
        *,
        as_tuples: Literal[False] = ...,
        n_process: int = ...,
        batch_size: int | None = ...,
        on_error: ErrorPolicy = ...,
    ) -> Iterator[Article]: ...

    @overload
    def pipe(
        self,
        sources: Iterable[tuple[SourceLike, _C]],
        *,
        as_tuples: Literal[True],
        n_process: int = ...,
        batch_size: int | None = ...,
        on_error: ErrorPolicy = ...,
    ) -> Iterator[tuple[Article, _C]]: ...

    def pipe(
        self,
        sources: Iterable[SourceLike] | Iterable[tuple[SourceLike, _C]],
        *,
        as_tuples: bool = False,
        n_process: int = 1,
        batch_size: int | None = None,
        on_error: ErrorPolicy = "raise",
    ) -> Iterator[Article] | Iterator[tuple[Article, _C]]:
        """Analyse a stream of articles, in order, with bounded memory.

        Inputs are read lazily; spaCy works in batches (``batch_size`` articles) on
        ``n_process`` processes.

        Args:
            sources: paths, URLs or :class:`RawInput` objects; with ``as_tuples``, pairs of a
                source and a context object (an id, say) that comes back with its article.
            as_tuples: yield ``(article, context)`` pairs, as ``spacy.Language.pipe`` does.
            n_process: spaCy worker processes.
            batch_size: articles per batch (default ``config.batch_size``).
            on_error: "raise" stops at the first bad input; "skip" logs it and goes on; a
                function ``(name, error)`` is called instead of logging, and the stream goes on.
        """
        pairs: Iterable[tuple[SourceLike, object]] = (
            cast(Iterable[tuple[SourceLike, object]], sources)
            if as_tuples
            else ((source, None) for source in cast(Iterable[SourceLike], sources))
        )
        articles = self._pipe_pairs(pairs, n_process, batch_size, on_error)
        if as_tuples:
            return cast(Iterator[tuple[Article, _C]], articles)
        return (article for article, _ in articles)

    def _pipe_pairs(
        self,
        pairs: Iterable[tuple[SourceLike, object]],
        n_process: int,
        batch_size: int | None,
        on_error: ErrorPolicy,
    ) -> Iterator[tuple[Article, object]]:
        docs = self.nlp.pipe(
            self._prepared(pairs, on_error),
            as_tuples=True,
            n_process=n_process,
            batch_size=batch_size or self.config.batch_size,
        )
        if n_process > 1:
            docs = _workers_die_on_sigint(docs)
        for doc, (extracted, raw, warnings, context) in docs:
            yield doc_to_article(doc, extracted, raw.source, warnings, self.analyses), context

    def _prepared(
        self, pairs: Iterable[tuple[SourceLike, object]], on_error: ErrorPolicy
    ) -> Iterator[tuple[str, tuple[Extracted, RawInput, tuple[str, ...], object]]]:
        for source, context in pairs:
            try:
                text, (extracted, raw, warnings) = self._prepare(self.read(source))
            except InputError as exc:
                if on_error == "raise":
                    raise
                if on_error == "skip":
                    log.warning("skipped: %s", exc)
                else:
                    name = source.name if isinstance(source, RawInput) else str(source)
                    on_error(exc.source or name, exc)
                continue
            yield text, (extracted, raw, warnings, context)


def _workers_die_on_sigint(docs: Iterator[_T]) -> Iterator[_T]:
    """Start spaCy's worker processes with Ctrl-C's default action: end quietly.

    spaCy starts its workers on the first ``next()``, forking this process. Ctrl-C goes to the
    whole process group; with Python's handler every worker would print a KeyboardInterrupt
    traceback. With the default action they just end, and this process reports the interrupt
    (during the first batch, before anything is yielded, it ends this process quietly too).
    """
    if threading.current_thread() is not threading.main_thread():
        yield from docs  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        first = next(docs, None)
    finally:
        signal.signal(signal.SIGINT, previous)
    if first is None:
        return
    yield first
    yield from docs


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The process-wide pipeline behind :func:`analyze` and :func:`analyze_many`."""
    return Pipeline()


def analyze(source: SourceLike) -> Article:
    """Analyse one article (path, URL, ``-`` or :class:`RawInput`) with the default pipeline."""
    return default_pipeline().analyze(source)


def analyze_many(
    sources: Iterable[SourceLike],
    *,
    n_process: int = 1,
    batch_size: int | None = None,
    on_error: ErrorPolicy = "raise",
) -> Iterator[Article]:
    """Analyse many articles with the default pipeline; see :meth:`Pipeline.pipe`."""
    return default_pipeline().pipe(
        sources, n_process=n_process, batch_size=batch_size, on_error=on_error
    )
