"""``presslens export``: the store's tables as Parquet, CSV or JSON Lines, for pandas, DuckDB, R."""

from __future__ import annotations

import os
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from presslens.cli._util import check_writable, friendly_errors, stderr
from presslens.cli.corpus import DbOption
from presslens.cli.search import (
    GenreOption,
    OutletOption,
    SinceOption,
    SpeakerOption,
    TechniqueOption,
    UntilOption,
    check_names,
    make_filters,
)
from presslens.errors import OutputError

__all__ = ["ExportTable", "export_cli"]


class ExportTable(StrEnum):
    """What ``export`` writes: one table, or ``all`` of them (the store's ``EXPORT_TABLES``)."""

    all = "all"
    articles = "articles"
    actors = "actors"
    actor_names = "actor_names"
    actor_types = "actor_types"
    mentions = "mentions"
    quotes = "quotes"
    quote_spans = "quote_spans"
    techniques = "techniques"
    entities = "entities"
    instruments = "instruments"
    affiliations = "affiliations"
    claims = "claims"
    failures = "failures"


class ExportFormatChoice(StrEnum):
    """File formats of ``export``."""

    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


def _check_folder(path: Path) -> None:
    """``export all`` writes a folder: an existing writable one, or a new one in a writable one."""
    if path.exists():
        if not path.is_dir():
            raise OutputError(f"{path}: is a file; 'export all' writes a folder of files")
        if not os.access(path, os.W_OK):
            raise OutputError(f"{path}: not writable (check its permissions)")
        return
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"{path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{path}: cannot be made in {parent} (not writable)")


def export_cli(
    table: Annotated[
        ExportTable,
        typer.Argument(help="A table of the store, or all (one file per table in --out)."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="The file to write; a folder for all.", show_default=False
        ),
    ],
    output_format: Annotated[
        ExportFormatChoice,
        typer.Option("--format", "-f", help="parquet (typed, compact), csv or jsonl."),
    ] = ExportFormatChoice.parquet,
    db: DbOption = None,
    query: Annotated[
        str | None,
        typer.Option(help="Only articles matching this search (presslens search syntax)."),
    ] = None,
    outlet: OutletOption = None,
    genre: GenreOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    speaker: SpeakerOption = None,
    technique: TechniqueOption = None,
    with_record: Annotated[
        bool,
        typer.Option(
            "--with-record", help="Add articles.record, each article's whole JSON record (bulky)."
        ),
    ] = False,
) -> None:
    """Write the store's tables for pandas, DuckDB or R, streamed: no row caps, flat memory.

    Filters keep the matching articles and, in every other table, the rows of those articles
    (actors: those they mention or quote).
    """
    with friendly_errors():
        if table is ExportTable.all:
            _check_folder(out)
        else:
            check_writable(out)
        from presslens.store import Store
        from presslens.store.query import parse_query

        if query is not None:
            parse_query(query)
        filters = make_filters(
            query=query, outlet=outlet, genre=genre, since=since, until=until, speaker=speaker,
            technique=technique,
        )  # fmt: skip
        started = time.perf_counter()
        with Store(db, readonly=True) as store:
            check_names(store, filters)
            counts = store.export(
                table.value, out, format=output_format.value, filters=filters,
                with_record=with_record,
            )  # fmt: skip
        seconds = time.perf_counter() - started
        total = sum(counts.values())
        stderr.print(
            f"presslens: wrote {total:,} rows ({_counts(counts)}) to {out} in {seconds:.1f} s",
            markup=False,
        )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n:,}" for name, n in counts.items())
