"""``presslens analyze``: articles in, records out."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TextIO

import typer
from rich.console import Console

from presslens.cli._util import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_TIMEOUT,
    EXIT_INPUT,
    EXIT_USAGE,
    AliasesOption,
    MaxBytesOption,
    MaxCharsOption,
    NProcessOption,
    TimeoutOption,
    check_writable,
    fail,
    friendly_errors,
    progress_bar,
    stderr,
)
from presslens.defaults import ALL_ANALYSES, AnalysisName

if TYPE_CHECKING:  # the library is imported when the command runs, not for --help
    from presslens.errors import InputError
    from presslens.pipeline import Pipeline
    from presslens.records import Article

__all__ = ["OutputFormat", "analyze_cli"]


class OutputFormat(StrEnum):
    """How ``analyze`` prints records."""

    json = "json"
    text = "text"


@contextmanager
def _opened(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8") as handle:
        yield handle


def analyze_cli(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="HTML or text files, http(s) URLs, or - to read stdin.", show_default=False
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: the record (JSON Lines for several inputs); text: a summary.",
        ),
    ] = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean/--no-clean",
            help="Remove page boilerplate from plain text. --no-clean keeps the text verbatim.",
        ),
    ] = True,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    n_process: NProcessOption = 1,
    analyses: Annotated[
        str,
        typer.Option(
            help="Comma-separated analyses to run after spaCy: actors, quotes, techniques, "
            "claims. "
            "'none' gives the bare record."
        ),
    ] = ",".join(ALL_ANALYSES),
    techniques_model: Annotated[
        str,
        typer.Option(
            help="Persuasion-techniques model: linear (fast, the default) or accurate (a "
            "fine-tuned encoder: better spans and labels, slower; see docs/persuasion.md)."
        ),
    ] = "linear",
    technique_threshold: Annotated[
        float | None,
        typer.Option(
            min=0.01,
            max=0.99,
            help="Confidence from which --format text shows a technique span (default: the "
            "model's, chosen for precision >= 0.5); the JSON record keeps every span.",
        ),
    ] = None,
    claim_threshold: Annotated[
        float | None,
        typer.Option(
            min=0.01, max=0.99, help="Check-worthiness a sentence needs to be listed as a claim."
        ),
    ] = None,
    aliases: AliasesOption = None,
    all_cues: Annotated[
        bool,
        typer.Option(
            "--all-cues",
            help="With --format text, list attributed beliefs, intentions and perceptions too, "
            "not only what people said or wrote (JSON always has every quotation).",
        ),
    ] = False,
) -> None:
    """Analyse articles: clean body, metadata, genre, affiliation, sentences, entities.

    One input prints its record as JSON; several print one JSON record per line (JSON Lines),
    with a progress bar on stderr. A bad input among several is reported on stderr and skipped;
    the exit status is then 3.
    """
    with friendly_errors():
        check_writable(output)
        from presslens.config import PipelineConfig
        from presslens.pipeline import Pipeline

        config = PipelineConfig(
            clean_text=clean,
            max_bytes=max_bytes,
            max_chars=max_chars,
            fetch_timeout=timeout,
            analyses=_parse_analyses(analyses),
            techniques_model=_techniques_model(techniques_model),
            technique_threshold=technique_threshold,
            claim_threshold=claim_threshold,
            alias_file=aliases,
        )
        pipeline = Pipeline(config)
        if len(sources) == 1:
            _one(pipeline, sources[0], output_format, output, all_cues)
        elif _many(pipeline, sources, output_format, output, n_process, all_cues):
            raise typer.Exit(EXIT_INPUT)


def _parse_analyses(value: str) -> tuple[AnalysisName, ...]:
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    if names == ["none"]:
        return ()
    unknown = [n for n in names if n not in ALL_ANALYSES]
    if unknown:
        fail(
            f"unknown analysis {', '.join(unknown)}; choose from {', '.join(ALL_ANALYSES)} or none",
            EXIT_USAGE,
        )
    return tuple(n for n in ALL_ANALYSES if n in names)


def _techniques_model(value: str) -> Literal["linear", "accurate"]:
    name = value.strip().lower()
    if name == "linear":
        return "linear"
    if name == "accurate":
        return "accurate"
    fail(f"unknown techniques model {value!r}; choose linear or accurate", EXIT_USAGE)


def _render(article: Article, console: Console, all_cues: bool, pipeline: Pipeline) -> None:
    from presslens.cli.console import render_article

    render_article(
        article, console, all_cues=all_cues, technique_threshold=pipeline.technique_threshold
    )


def _warn(article: Article, name: str, console: Console) -> None:
    for warning in article.warnings:
        console.print(f"presslens: warning: {name}: {warning}", markup=False)


def _one(
    pipeline: Pipeline,
    source: str,
    output_format: OutputFormat,
    output: Path | None,
    all_cues: bool = False,
) -> None:
    article = pipeline.analyze(source)
    _warn(article, source, stderr)
    with _opened(output) as handle:
        if output_format is OutputFormat.json:
            handle.write(article.to_json() + "\n")
        else:
            _render(article, Console(file=handle) if output else Console(), all_cues, pipeline)


def _many(
    pipeline: Pipeline,
    sources: list[str],
    output_format: OutputFormat,
    output: Path | None,
    n_process: int,
    all_cues: bool = False,
) -> int:
    """Analyse several inputs; return how many failed."""
    failed: list[str] = []
    with progress_bar("analysing") as progress, _opened(output) as handle:
        task = progress.add_task("analysing", total=len(sources))

        def report(name: str, error: InputError) -> None:
            failed.append(name)
            progress.console.print(f"presslens: error: {error}", markup=False)
            progress.advance(task)

        console = Console(file=handle) if output else Console()
        for article in pipeline.pipe(sources, n_process=n_process, on_error=report):
            _warn(article, article.metadata.url or article.source.sha256[:12], progress.console)
            if output_format is OutputFormat.json:
                handle.write(article.to_json(indent=None) + "\n")
            else:
                _render(article, console, all_cues, pipeline)
            progress.advance(task)
    done = len(sources) - len(failed)
    stderr.print(f"presslens: {done} analysed, {len(failed)} failed", markup=False)
    return len(failed)
