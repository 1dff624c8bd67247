"""``presslens ingest`` and ``presslens speakers``: a corpus in the store, and who it quotes."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from presslens.cli._util import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_TIMEOUT,
    EXIT_INPUT,
    EXIT_USAGE,
    AliasesOption,
    AllCuesOption,
    MaxBytesOption,
    MaxCharsOption,
    NProcessOption,
    TimeoutOption,
    fail,
    friendly_errors,
    interrupted,
    progress_bar,
    stderr,
)
from presslens.records import SHOWN_CUE_TYPES

if TYPE_CHECKING:  # the library (spaCy, SQLAlchemy) is imported when a command runs
    from presslens.config import PipelineConfig
    from presslens.pipeline import Pipeline
    from presslens.records import ActorType
    from presslens.runners.local import IngestReport
    from presslens.store import SpeakerRow, Store
    from presslens.store.repository import TimelineRow

__all__ = ["ingest_cli", "speakers_cli", "timeline_cli"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store: a file path (SQLite) or a database URL. "
        "Default: $PRESSLENS_DB, else presslens.db here.",
        show_default=False,
    ),
]


class Engine(StrEnum):
    """Where ``ingest`` runs."""

    local = "local"
    dask = "dask"


def ingest_cli(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="HTML or text files, folders of them, or http(s) URLs.", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="A file listing one source per line (# comments allowed)."),
    ] = None,
    n_process: NProcessOption = 1,
    aliases: AliasesOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Analyse again sources already stored.")
    ] = False,
    join_surnames: Annotated[
        bool,
        typer.Option(
            "--join-surnames/--no-join-surnames",
            help="Join a person named by surname alone to the corpus's one full name with that "
            "surname (when there is exactly one). The store keeps the last choice.",
        ),
    ] = True,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    engine: Annotated[
        Engine,
        typer.Option(
            help="local: this machine, into the store. dask: a Dask cluster, Parquet out."
        ),
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --engine dask: the scheduler's address (tcp://HOST:8786)."),
    ] = None,
    local_workers: Annotated[
        int | None,
        typer.Option(min=1, help="With --engine dask and no --scheduler: local worker processes."),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(help="With --engine dask: the folder of the Parquet data set."),
    ] = Path("presslens-parquet"),
    partition_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="With --engine dask: articles per task.")
    ] = 50,
) -> None:
    """Analyse articles into the store. Rerun the same command to resume: stored ones are skipped.

    Each article is stored as soon as it is analysed. A source that cannot be analysed is reported
    on stderr and recorded in the store with its reason; the exit status is then 3. With
    --engine dask the articles are analysed on a Dask cluster into a partitioned Parquet data set
    (--out), with the tables of 'presslens export'; --db, when given, receives them too.
    """
    with friendly_errors():
        from presslens.config import PipelineConfig
        from presslens.pipeline import Pipeline
        from presslens.runners.local import collect_sources
        from presslens.stages.actors.aliases import load_alias_file
        from presslens.store import Store

        names = collect_sources(sources or [], from_file)
        if not names:
            fail("no sources: give files, folders or URLs, or --from a list", EXIT_USAGE)
        if engine is Engine.dask:
            config = PipelineConfig(
                max_bytes=max_bytes, max_chars=max_chars, fetch_timeout=timeout, alias_file=aliases
            )
            _ingest_on_dask(names, out, config, db, scheduler, local_workers, partition_size)
            return
        rules = load_alias_file(aliases) if aliases else None
        with Store(db, aliases=rules, join_surnames=join_surnames) as store:
            _report_upgrade(store)
            config = PipelineConfig(
                max_bytes=max_bytes, max_chars=max_chars, fetch_timeout=timeout, alias_file=aliases
            )
            pipeline = Pipeline(config)
            report = _run(store, pipeline, names, n_process, force)
            total = store.count()
        stderr.print(_summary(report, total), markup=False)
        if report.failed:
            raise typer.Exit(EXIT_INPUT)


def _ingest_on_dask(
    names: list[str],
    out: Path,
    config: PipelineConfig,
    db: str | None,
    scheduler: str | None,
    local_workers: int | None,
    partition_size: int,
) -> None:
    try:
        from presslens.runners import dask as engine
    except ModuleNotFoundError:  # pragma: no cover - presslens.runners.dask imports no Dask
        fail("the Dask engine needs Dask: pip install 'presslens[dask]'", EXIT_USAGE)
    progress = progress_bar("ingesting on Dask")
    task = progress.add_task("partitions", total=None)

    def tell(report: engine.PartitionReport, done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)
        for _source, reason in report.failed:
            progress.console.print(f"presslens: error: {reason}", markup=False)

    try:
        with progress:
            report = engine.ingest(
                names,
                out,
                scheduler=scheduler,
                local_workers=local_workers,
                config=config,
                db=db,
                partition_size=partition_size,
                progress=tell,
            )
    except ModuleNotFoundError as exc:
        fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        interrupted(
            "presslens: interrupted; finished partitions are kept. Run the same command again "
            "to resume."
        )
    skipped = (
        f", {report.skipped_partitions} partitions already done"
        if report.skipped_partitions
        else ""
    )
    stderr.print(
        f"presslens: {report.stored:,} stored, {len(report.failed):,} failed{skipped}; "
        f"Parquet in {out}",
        markup=False,
    )
    if report.failed:
        raise typer.Exit(EXIT_INPUT)


def _report_upgrade(store: Store) -> None:
    change = store.schema_change
    if change is not None and change.from_revision is not None:
        from presslens.store.schema import head

        stderr.print(
            f"presslens: upgraded the store from schema {int(change.from_revision)} to "
            f"{int(head())} (new tables filled from the stored records)",
            markup=False,
        )


def _run(
    store: Store, pipeline: Pipeline, names: list[str], n_process: int, force: bool
) -> IngestReport:
    from presslens.runners.local import Event, ingest, is_warc

    progress = progress_bar("ingesting")
    # A WARC file holds an unknown number of pages: the bar counts without a total then.
    total = None if any(is_warc(name) for name in names) else len(names)
    task = progress.add_task("ingesting", total=total)

    def tell(event: Event, source: str, detail: str) -> None:
        if event == "failed":
            progress.console.print(f"presslens: error: {detail}", markup=False)
        elif event == "duplicate":
            progress.console.print(
                f"presslens: {source}: same bytes as {detail}, not stored again", markup=False
            )
        progress.advance(task)

    try:
        with progress:
            return ingest(store, pipeline, names, n_process=n_process, force=force, progress=tell)
    except KeyboardInterrupt:
        interrupted(
            f"presslens: interrupted; {store.count():,} articles are stored. "
            "Run the same command again to resume."
        )


def _summary(report: IngestReport, total: int) -> str:
    parts = [f"{report.stored:,} stored"]
    if report.skipped:
        parts.append(f"{report.skipped:,} already stored")
    if report.duplicates:
        parts.append(f"{len(report.duplicates):,} duplicates")
    parts.append(f"{len(report.failed):,} failed")
    return f"presslens: {', '.join(parts)}; the store holds {total:,} articles"


class SpeakersFormat(StrEnum):
    """How ``speakers`` prints its rows."""

    table = "table"
    json = "json"
    csv = "csv"


class ActorTypeOption(StrEnum):
    """Actor types a user can filter on."""

    person = "person"
    organisation = "organisation"
    government_body = "government_body"
    media_outlet = "media_outlet"
    place = "place"
    group = "group"


FormatOption = Annotated[
    SpeakersFormat,
    typer.Option("--format", "-f", help="table, or json / csv for pandas and spreadsheets."),
]


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r}: give a date as YYYY-MM-DD", EXIT_USAGE)


def speakers_cli(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="How many speakers.")] = 20,
    since: Annotated[
        str | None, typer.Option(help="Only articles dated on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only articles dated on or before YYYY-MM-DD.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only articles from this outlet.")] = None,
    actor_type: Annotated[
        ActorTypeOption | None,
        typer.Option("--type", help="Only speakers of this type (organisations include bodies)."),
    ] = None,
    output_format: FormatOption = SpeakersFormat.table,
    all_cues: AllCuesOption = False,
) -> None:
    """Who is quoted most across the store, however each is named ("NCRI" = the Council).

    Counts what each said or wrote; --all-cues counts attributed beliefs and intentions too.
    """
    with friendly_errors():
        from presslens.store import Store

        start, end = _day(since, "--since"), _day(until, "--until")
        kind: ActorType | None = actor_type.value if actor_type else None
        cue_types = None if all_cues else SHOWN_CUE_TYPES
        with Store(db, readonly=True) as store:
            rows = store.speakers(
                limit=limit,
                since=start,
                until=end,
                outlet=outlet,
                actor_type=kind,
                cue_types=cue_types,
            )
            unattributed = store.unattributed_quotes(
                since=start, until=end, outlet=outlet, cue_types=cue_types
            )
        if output_format is SpeakersFormat.json:
            json.dump([_plain(row) for row in rows], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        elif output_format is SpeakersFormat.csv:
            _write_csv(rows)
        else:
            _print_table(rows, unattributed)


def _plain(row: SpeakerRow) -> dict[str, object]:
    return {**asdict(row), "names": list(row.names), "roles": list(row.roles)}


def _write_csv(rows: list[SpeakerRow]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(
        ["actor_id", "name", "type", "quotes", "articles", "first", "last", "names", "roles"]
    )
    for row in rows:
        writer.writerow(
            [
                row.actor_id,
                row.name,
                row.type,
                row.quotes,
                row.articles,
                row.first or "",
                row.last or "",
                " | ".join(row.names),
                " | ".join(row.roles),
            ]
        )


def _print_table(rows: list[SpeakerRow], unattributed: int) -> None:
    console = Console()
    if not rows:
        console.print("No quoted speakers in the store (for these filters).", markup=False)
        return
    dated = any(row.first for row in rows)
    table = Table(title="Most quoted", title_justify="left")
    table.add_column("Speaker", ratio=3)
    table.add_column("Type", no_wrap=True)
    table.add_column("Quotes", justify="right")
    table.add_column("Articles", justify="right")
    if dated:
        table.add_column("First", no_wrap=True)
        table.add_column("Last", no_wrap=True)
    table.add_column("Main role", ratio=3)
    table.add_column("Also named", ratio=2)
    for row in rows:
        others = [n for n in row.names if n != row.name]
        dates = [Text(row.first or ""), Text(row.last or "")] if dated else []
        table.add_row(
            Text(row.name),
            row.type.replace("_", " "),
            str(row.quotes),
            str(row.articles),
            *dates,
            Text(row.roles[0] if row.roles else ""),
            Text(", ".join(others)),
        )
    console.print(table)
    if unattributed:
        console.print(f"{unattributed:,} quotations here have no resolved speaker.", markup=False)


class PeriodOption(StrEnum):
    """Timeline periods."""

    year = "year"
    month = "month"
    day = "day"


def timeline_cli(
    name: Annotated[
        str, typer.Argument(help='Any name of the actor: "NCRI" finds the Council too.')
    ],
    db: DbOption = None,
    by: Annotated[PeriodOption, typer.Option(help="Count per year, month or day.")] = (
        PeriodOption.month
    ),
    actor_type: Annotated[
        ActorTypeOption | None,
        typer.Option("--type", help="Which actor, when the name fits several (person, place...)."),
    ] = None,
    output_format: FormatOption = SpeakersFormat.table,
) -> None:
    """How often an actor is quoted and mentioned over time, under all of its names."""
    from presslens.stages.actors.keys import family
    from presslens.store import Store

    with friendly_errors(), Store(db, readonly=True) as store:
        found = store.find_actors(name)
        if actor_type is not None:
            found = [f for f in found if family(f[2]) == family(actor_type.value)]
        if not found:
            hint = "'presslens speakers' lists some"
            fail(f"no actor named {name!r} in the store ({hint})", EXIT_INPUT)
        if len(found) > 1:
            options = "; ".join(f"{n} ({t})" for _, n, t in found)
            fail(f"{name!r} names several actors: {options}; choose one with --type", EXIT_USAGE)
        actor_id, actor_name, kind = found[0]
        rows = store.timeline(actor_id, by=by.value)
    with friendly_errors():
        _print_timeline(actor_name, kind, rows, output_format)


def _print_timeline(
    actor_name: str, kind: str, rows: list[TimelineRow], output_format: SpeakersFormat
) -> None:
    if output_format is SpeakersFormat.json:
        plain = [asdict(r) for r in rows]
        json.dump({"actor": actor_name, "type": kind, "periods": plain}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif output_format is SpeakersFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["period", "quotes", "mentions", "articles"])
        for r in rows:
            writer.writerow([r.period or "", r.quotes, r.mentions, r.articles])
    else:
        title = Text(f"{actor_name} ({kind.replace('_', ' ')})")
        table = Table(title=title, title_justify="left")
        for column in ("Period", "Quotes", "Mentions", "Articles"):
            table.add_column(column, justify="left" if column == "Period" else "right")
        for r in rows:
            table.add_row(r.period or "undated", str(r.quotes), str(r.mentions), str(r.articles))
        Console().print(table)
