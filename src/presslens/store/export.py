"""Tables out of the store as Parquet, CSV or JSON Lines, streamed batch by batch.

>>> with Store("corpus.db", readonly=True) as store:                  # doctest: +SKIP
...     store.export("all", Path("corpus-parquet"), format="parquet")
{'articles': 181, 'actors': 2210, ...}

Rows come from :func:`presslens.store.queries.export_rows` (a server-side cursor on PostgreSQL)
and are written in batches of at most ``batch_rows`` rows or about 8 MB of text, so memory stays
flat whatever the store's size. Parquet files carry an explicit schema (int64, float64, string,
``timestamp[us, tz=UTC]``), the same for every export of a table, so pandas, DuckDB and R's
arrow read them unchanged and files from two exports can be read as one data set. CSV is written
by Arrow too (a header line; text quoted; empty for missing values); JSON Lines has one object
per row, timestamps in ISO 8601 with their UTC offset.

A file is written under a temporary name and renamed when complete, so an interrupted export
never leaves a truncated file that looks whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from presslens.store.queries import (
    EXPORT_TABLES,
    ColumnKind,
    Filters,
    Sessions,
    export_columns,
    export_rows,
)

__all__ = [
    "BATCH_ROWS",
    "FORMATS",
    "ExportFormat",
    "arrow_schema",
    "write_export",
    "write_partition",
]

ExportFormat = Literal["parquet", "csv", "jsonl"]
FORMATS: tuple[ExportFormat, ...] = ("parquet", "csv", "jsonl")

BATCH_ROWS = 1000
"""Rows fetched and written at a time (a Parquet row group each)."""
_BATCH_CHARS = 8 * 1024 * 1024
_ARROW_TYPES: dict[ColumnKind, pa.DataType] = {
    "int": pa.int64(),
    "float": pa.float64(),
    "text": pa.string(),
    "timestamp": pa.timestamp("us", tz="UTC"),
}


def arrow_schema(table: str, *, with_record: bool = False) -> pa.Schema:
    """The Arrow schema of a table's export (the Parquet files' schema)."""
    return pa.schema(
        [
            pa.field(name, _ARROW_TYPES[kind])
            for name, kind in export_columns(table, with_record=with_record)
        ],
        metadata={"presslens.table": table},
    )


def _utc(value: datetime | None) -> datetime | None:
    # SQLite gives back the naive UTC time presslens stored; PostgreSQL an aware one.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class _Writer(Protocol):
    def write(self, rows: list[Sequence[Any]]) -> None: ...

    def close(self) -> None: ...


class _ArrowWriter:
    """Parquet or CSV through Arrow record batches."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: ExportFormat):
        self._schema = schema
        self._times = [i for i, f in enumerate(schema) if pa.types.is_timestamp(f.type)]
        # The system allocator hands freed batches back; Arrow's default pool (mimalloc) keeps
        # them, so its footprint grew with the number of batches written.
        self._pool = pa.system_memory_pool()
        self._writer: pq.ParquetWriter | pa_csv.CSVWriter
        if fmt == "parquet":
            self._writer = pq.ParquetWriter(
                path, schema, compression="zstd", memory_pool=self._pool
            )
        else:
            self._writer = pa_csv.CSVWriter(path, schema, memory_pool=self._pool)

    def write(self, rows: list[Sequence[Any]]) -> None:
        columns: list[Sequence[Any]] = (
            list(zip(*rows, strict=True)) if rows else [[] for _ in self._schema]
        )
        for i in self._times:
            columns[i] = [_utc(value) for value in columns[i]]
        arrays = [
            pa.array(values, type=field.type, memory_pool=self._pool)
            for values, field in zip(columns, self._schema, strict=True)
        ]
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self._schema))

    def close(self) -> None:
        self._writer.close()


class _JsonLinesWriter:
    def __init__(self, path: Path, schema: pa.Schema):
        self._names = schema.names
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="\n")

    def write(self, rows: list[Sequence[Any]]) -> None:
        lines = (
            json.dumps(dict(zip(self._names, row, strict=True)), ensure_ascii=False, default=_iso)
            for row in rows
        )
        self._file.write("\n".join(lines) + "\n")

    def close(self) -> None:
        self._file.close()


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        utc = _utc(value)
        assert utc is not None
        return utc.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _writer(path: Path, schema: pa.Schema, fmt: ExportFormat) -> _Writer:
    return _JsonLinesWriter(path, schema) if fmt == "jsonl" else _ArrowWriter(path, schema, fmt)


def write_export(
    sessions: Sessions,
    table: str,
    out: Path,
    *,
    fmt: ExportFormat = "parquet",
    filters: Filters | None = None,
    with_record: bool = False,
    batch_rows: int = BATCH_ROWS,
) -> dict[str, int]:
    """Write one table to the file ``out``, or every table (``table="all"``) to the folder
    ``out`` as ``<table>.<format>``; returns the rows written per table.

    Raises:
        ValueError: an unknown table or format.
        QueryError: ``filters.query`` does not parse.
        OSError: a file cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"no export format {fmt!r}; formats: {', '.join(FORMATS)}")
    names = list(EXPORT_TABLES) if table == "all" else [table]
    if table == "all":
        out.mkdir(parents=True, exist_ok=True)
        paths = {name: out / f"{name}.{fmt}" for name in names}
    else:
        paths = {table: out}
    return _write_tables(sessions, paths, fmt, filters or Filters(), with_record, batch_rows)


def write_partition(
    sessions: Sessions,
    out: Path,
    *,
    file_name: str,
    id_offset: int,
    batch_rows: int = BATCH_ROWS,
) -> dict[str, int]:
    """Every table as Parquet in a partitioned data set: ``out/<table>/<file_name>``, with the
    export's columns and every row id (``id``, ``article_id``, ``actor_id``, ``quote_id``)
    moved up by ``id_offset``, so the partitions of one data set never share an id. For the
    Dask runner, one partition per call."""
    paths = {}
    for name in EXPORT_TABLES:
        (out / name).mkdir(parents=True, exist_ok=True)
        paths[name] = out / name / file_name
    return _write_tables(
        sessions, paths, "parquet", Filters(), False, batch_rows, id_offset=id_offset
    )


_ID_COLUMNS = frozenset({"id", "article_id", "actor_id", "quote_id"})


def _shifter(table: str, offset: int) -> Callable[[Sequence[Any]], Sequence[Any]] | None:
    if not offset:
        return None
    names = [name for name, _ in export_columns(table)]
    ids = [i for i, name in enumerate(names) if name in _ID_COLUMNS]
    if not ids:
        return None

    def shift(row: Sequence[Any]) -> Sequence[Any]:
        moved = list(row)
        for i in ids:
            if moved[i] is not None:
                moved[i] += offset
        return moved

    return shift


def _write_tables(
    sessions: Sessions,
    paths: dict[str, Path],
    fmt: ExportFormat,
    filters: Filters,
    with_record: bool,
    batch_rows: int,
    *,
    id_offset: int = 0,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    streams = export_rows(
        sessions, list(paths), filters, with_record=with_record, batch_rows=batch_rows
    )
    for name, rows in streams:
        final = paths[name]
        partial = final.with_name(final.name + ".part")
        writer = _writer(partial, arrow_schema(name, with_record=with_record), fmt)
        shift = _shifter(name, id_offset)
        counts[name] = 0
        try:
            batch: list[Sequence[Any]] = []
            size = 0
            for row in rows:
                batch.append(shift(row) if shift else row)
                size += sum(len(v) for v in row if isinstance(v, str))
                if len(batch) >= batch_rows or size >= _BATCH_CHARS:
                    writer.write(batch)
                    counts[name] += len(batch)
                    batch, size = [], 0
            if batch or counts[name] == 0:  # an empty table still gets its header / schema
                writer.write(batch)
                counts[name] += len(batch)
            writer.close()
        except BaseException:
            writer.close()
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, final)
    return counts
