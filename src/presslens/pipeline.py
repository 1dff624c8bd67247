"""The pipeline: ingest → extract → nlp → record, for one article or a stream of them.

>>> from presslens import Pipeline
>>> pipeline = Pipeline()
>>> article = pipeline.analyze("examples/oped.txt")          # doctest: +SKIP
>>> for article in pipeline.pipe(paths, n_process=2):        # doctest: +SKIP
...     print(article.metadata.title)

A stream never stops for one input: an input that cannot be read, has no body, or makes an
analysis fail is reported through ``on_error`` with its reason and the stream goes on.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TypeVar, cast, overload

from spacy.language import Language
from spacy.tokens import Doc

from presslens.config import PipelineConfig
from presslens.errors import AnalysisError, InputError, NoBodyError
from presslens.export import analyses_of, doc_to_article, link_affiliation
from presslens.records import Article
from presslens.sections import join_sections, split_sections
from presslens.stages.extract import Extracted, extract
from presslens.stages.ingest import RawInput, raw_from_bytes, read_source
from presslens.stages.registry import build_nlp
from presslens.workers import ordered_map

__all__ = [
    "ErrorHandler",
    "ErrorPolicy",
    "Pipeline",
    "Prepared",
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

_C = TypeVar("_C")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Prepared:
    """An input after stages 1 and 2: the body spaCy will read and what extraction found."""

    text: str
    extracted: Extracted
    raw: RawInput
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Outcome:
    """One input's result inside a stream: its record or why there is none."""

    index: int
    name: str
    article: Article | None = None
    error: InputError | None = None


def _name(source: SourceLike) -> str:
    return source.name if isinstance(source, RawInput) else str(source)


def _unexpected(exc: Exception, name: str) -> AnalysisError:
    log.debug("analysing %s failed", name, exc_info=True)
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return AnalysisError(
        f"the analysis failed ({exc.__class__.__name__}{': ' + detail if detail else ''}); "
        "this is a bug in presslens: rerun with PRESSLENS_DEBUG=1 for the traceback and report it",
        source=name,
    )


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

    @property
    def technique_threshold(self) -> float:
        """The confidence from which technique spans are shown to readers: the techniques
        component's threshold, or the configured model's when the component is not in ``nlp``."""
        from presslens.stages.persuasion import shown_threshold

        for name in self.nlp.pipe_names:
            pipe = self.nlp.get_pipe(name)
            if pipe.__class__.__name__ == "TechniqueTagger":
                return float(pipe.threshold)  # type: ignore[attr-defined]
        if self.config.technique_threshold is not None:
            return self.config.technique_threshold
        return shown_threshold(self.config.techniques_model)

    # -- stages 1 and 2 ---------------------------------------------------------------------

    def read(self, source: SourceLike) -> RawInput:
        """Stage 1 alone: read and decode a source."""
        return source if isinstance(source, RawInput) else read_source(source, config=self.config)

    def prepare(self, raw: RawInput) -> Prepared:
        """Stage 2: extract the body; refuse inputs with none; cut bodies over ``max_chars``.

        Raises:
            NoBodyError: extraction found no article body.
        """
        extracted = extract(raw, clean_text=self.config.clean_text)
        text = extracted.text
        if not text.strip():
            why = "; ".join(extracted.warnings) or "the page holds no article text"
            raise NoBodyError(f"no article body found ({why})", source=raw.name)
        warnings = raw.warnings
        if len(text) > self.config.max_chars:
            text = text[: self.config.max_chars]
            warnings += (
                f"the body has {len(extracted.text):,} characters; only the first "
                f"{self.config.max_chars:,} were analysed (raise --max-chars / max_chars)",
            )
        return Prepared(text, extracted, raw, warnings)

    # -- stage 3 and the record --------------------------------------------------------------

    def _records(self, items: Sequence[Prepared]) -> list[Article]:
        """spaCy and the analyses over the bodies in one batch; long bodies in sections."""
        limit = self.config.chunk_chars
        short = [item for item in items if len(item.text) <= limit]
        docs = iter(self.nlp.pipe([item.text for item in short]))
        return [
            self._record(next(docs), item) if len(item.text) <= limit else self._sections(item)
            for item in items
        ]

    def _record(self, doc: Doc, prepared: Prepared) -> Article:
        return doc_to_article(
            doc, prepared.extracted, prepared.raw.source, prepared.warnings, self.analyses
        )

    def _sections(self, prepared: Prepared) -> Article:
        """A body over ``chunk_chars``: each section through the pipeline, records joined."""
        size = self.config.chunk_chars
        bare = Extracted("", prepared.extracted.metadata)
        parts = []
        for offset, section in split_sections(prepared.text, size):
            doc = self.nlp(section)
            part = doc_to_article(doc, bare, prepared.raw.source, (), self.analyses)
            parts.append((offset, part))
        note = (
            f"the body was analysed in {len(parts)} sections of at most {size:,} characters; "
            "pronouns at the start of a section are not linked to names in the one before"
        )
        whole = Article(
            text=prepared.text,
            metadata=prepared.extracted.metadata,
            source=prepared.raw.source,
            affiliation=prepared.extracted.affiliation,
            analyses=self.analyses,
            warnings=prepared.extracted.warnings + prepared.warnings + (note,),
        )
        article = join_sections(parts, whole)
        return link_affiliation(article) if "actors" in self.analyses else article

    def analyze(self, source: SourceLike) -> Article:
        """Analyse one article from a path, URL, ``-`` or :class:`RawInput`.

        Raises:
            InputError: (a subclass) when the input cannot be read or holds no article body;
                the message says why.
        """
        return self._records([self.prepare(self.read(source))])[0]

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
        text, surrogates = _SURROGATE.subn("\ufffd", text)
        raw = raw_from_bytes(
            text.encode("utf-8"), name="<text>", url=url, max_bytes=self.config.max_bytes
        )
        if surrogates:
            warning = (
                "1 lone surrogate code point was replaced with U+FFFD"
                if surrogates == 1
                else f"{surrogates:,} lone surrogate code points were replaced with U+FFFD"
            )
            raw = replace(raw, warnings=(warning, *raw.warnings))
        if clean is not None and clean != self.config.clean_text:
            return Pipeline(
                self.config.model_copy(update={"clean_text": clean}), nlp=self.nlp
            ).analyze(raw)
        return self.analyze(raw)

    # -- streams -----------------------------------------------------------------------------

    def _analyze_batch(self, items: list[tuple[int, SourceLike]]) -> list[_Outcome]:
        """Analyse a batch; every input gets an outcome, whatever fails (this never raises)."""
        outcomes: dict[int, _Outcome] = {}
        prepared: list[tuple[int, str, Prepared]] = []
        for index, source in items:
            name = _name(source)
            try:
                prepared.append((index, name, self.prepare(self.read(source))))
            except InputError as exc:
                outcomes[index] = _Outcome(index, name, error=exc)
            except Exception as exc:
                outcomes[index] = _Outcome(index, name, error=_unexpected(exc, name))
        try:
            articles = self._records([item for _, _, item in prepared])
        except Exception:  # one input broke the batch: do them one by one to find it
            log.debug("a batch failed; analysing its %d inputs one by one", len(prepared))
            for index, name, item in prepared:
                try:
                    article = self._records([item])[0]
                except Exception as exc:
                    outcomes[index] = _Outcome(index, name, error=_unexpected(exc, name))
                else:
                    outcomes[index] = _Outcome(index, name, article=article)
        else:
            for (index, name, _), article in zip(prepared, articles, strict=True):
                outcomes[index] = _Outcome(index, name, article=article)
        return [outcomes[index] for index, _ in items]

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

        Inputs are read lazily, in batches of ``batch_size``, on ``n_process`` processes: each
        worker process reads, extracts and analyses whole articles and sends back records.

        Args:
            sources: paths, URLs or :class:`RawInput` objects; with ``as_tuples``, pairs of a
                source and a context object (an id, say) that comes back with its article.
            as_tuples: yield ``(article, context)`` pairs, as ``spacy.Language.pipe`` does.
            n_process: worker processes (forked; see :mod:`presslens.workers`).
            batch_size: articles per batch (default ``config.batch_size``).
            on_error: "raise" stops at the first input that fails; "skip" logs it and goes on;
                a function ``(name, error)`` is called instead of logging, and the stream goes
                on. Errors are :class:`InputError` subclasses; an unexpected failure while
                analysing one input is an :class:`AnalysisError` naming it.
        """
        pairs: Iterable[tuple[SourceLike, object]] = (
            cast(Iterable[tuple[SourceLike, object]], sources)
            if as_tuples
            else ((source, None) for source in cast(Iterable[SourceLike], sources))
        )
        articles = self._pipe_pairs(pairs, n_process, batch_size or self.config.batch_size)
        handled = _handle_errors(articles, on_error)
        if as_tuples:
            return cast(Iterator[tuple[Article, _C]], handled)
        return (article for article, _ in handled)

    def _pipe_pairs(
        self, pairs: Iterable[tuple[SourceLike, object]], n_process: int, batch_size: int
    ) -> Iterator[tuple[_Outcome, object]]:
        contexts: dict[int, object] = {}

        def batches() -> Iterator[list[tuple[int, SourceLike]]]:
            batch: list[tuple[int, SourceLike]] = []
            for index, (source, context) in enumerate(pairs):
                contexts[index] = context
                batch.append((index, source))
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
            if batch:
                yield batch

        if n_process <= 1:
            outcomes: Iterator[_Outcome] = (
                outcome for batch in batches() for outcome in self._analyze_batch(batch)
            )
        else:
            outcomes = ordered_map(
                self._analyze_batch, batches(), n_process=n_process, on_death=_worker_died
            )
        for outcome in outcomes:
            yield outcome, contexts.pop(outcome.index)


def _worker_died(item: tuple[int, SourceLike], exitcode: int | None) -> _Outcome:
    index, source = item
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"code {exitcode}"
    error = AnalysisError(
        f"the process analysing it ended abruptly ({how}; out of memory?)", source=_name(source)
    )
    return _Outcome(index, _name(source), error=error)


def _handle_errors(
    outcomes: Iterator[tuple[_Outcome, object]], on_error: ErrorPolicy
) -> Iterator[tuple[Article, object]]:
    for outcome, context in outcomes:
        if outcome.article is not None:
            yield outcome.article, context
            continue
        error = outcome.error or AnalysisError("no record and no reason", source=outcome.name)
        if on_error == "raise":
            raise error
        if on_error == "skip":
            log.warning("skipped: %s", error)
        else:
            on_error(error.source or outcome.name, error)


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
