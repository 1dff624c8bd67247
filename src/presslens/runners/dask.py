"""Ingest on a Dask cluster: the same analysis over millions of articles, Parquet out.

>>> from distributed import Client                                          # doctest: +SKIP
>>> from presslens.runners.dask import ingest
>>> report = ingest(["crawl.warc.gz", "pages/"], "out/", client=Client("tcp://host:8786"))

**Partitions.** The sources (files, folders, URL lists, WARC files) are cut into partitions of
``partition_size`` articles: plain sources in the order given, a WARC file by its records (the
client lists the record names, which are stable, and each partition takes a run of them). A
partition's name is its number and a digest of what it holds, so the same command makes the
same partitions.

**On a worker.** Each worker process loads the pipeline once (a cached loader keyed by the
configuration) and analyses its partition's articles into a SQLite store of the partition's own,
in a local temporary folder, exactly as ``presslens ingest`` does; only the partition's report
travels back to the client. The partition's tables are then written as Parquet, one file per
table under deterministic names (``OUT/articles/part-00007-1a2b3c4d.parquet``), with the same
columns as ``presslens export``; row ids are offset by the partition's number (partition ``n``
uses ids from ``n × 10⁹``) so ids stay unique across the data set. A file is written under a
temporary name and renamed when whole; the partition's marker (``OUT/_done/NAME.json``, its
counts and failures) is written last. With ``db`` naming a database (PostgreSQL for many
writers), each article is also stored there.

**Failures.** An input that cannot be analysed is a row of the partition's ``failures`` table,
with its reason, as in a local ingest; it never fails the task. A worker lost mid-run has its
partitions recomputed by Dask on another worker: outputs are overwritten, never appended, so no
row is written twice. A rerun of the same command skips the partitions whose marker exists.

Actors are merged within a partition (as within a local store); across partitions the
``actor_names`` keys say which actors are one (and ingesting into one ``db`` merges them).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presslens.config import PipelineConfig
from presslens.errors import InputError

if TYPE_CHECKING:
    from distributed import Client

    from presslens.store import Store

__all__ = [
    "ID_STRIDE",
    "Partition",
    "PartitionReport",
    "ScaleReport",
    "ingest",
    "plan",
    "run_partition",
]

log = logging.getLogger(__name__)

ID_STRIDE = 1_000_000_000
"""Row ids of partition ``n`` start at ``n × ID_STRIDE``."""
_DONE = "_done"


@dataclass(frozen=True, slots=True)
class Partition:
    """A run of sources, or of one WARC file's records, analysed together on one worker.

    Attributes:
        index: its number in the plan (0, 1, ...).
        sources: plain sources (paths, URLs), or, for a WARC partition, the record names.
        warc: the WARC file whose records ``sources`` names, or None.
    """

    index: int
    sources: tuple[str, ...]
    warc: str | None = None

    @property
    def name(self) -> str:
        """``part-00007-1a2b3c4d``: its number and a digest of what it holds."""
        digest = hashlib.sha256(json.dumps([self.warc, self.sources]).encode()).hexdigest()
        return f"part-{self.index:05d}-{digest[:8]}"


@dataclass(slots=True)
class PartitionReport:
    """What one partition did."""

    name: str
    stored: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    done_before: bool = False  # its marker existed: the rerun skipped it


@dataclass(slots=True)
class ScaleReport:
    """What a Dask ingest did, partition by partition."""

    partitions: list[PartitionReport] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(p.stored for p in self.partitions)

    @property
    def failed(self) -> list[tuple[str, str]]:
        return [f for p in self.partitions for f in p.failed]

    @property
    def skipped_partitions(self) -> int:
        return sum(p.done_before for p in self.partitions)


def plan(sources: Iterable[str], *, partition_size: int = 50) -> list[Partition]:
    """Cut the sources into partitions (see the module docstring).

    Raises:
        InputError: a WARC file cannot be read at all (its name is in the message).
    """
    from presslens.runners.local import is_warc
    from presslens.sources.warc import read_warc

    size = max(1, partition_size)
    partitions: list[Partition] = []
    plain: list[str] = []

    def cut(items: Sequence[str], warc: str | None) -> None:
        for start in range(0, len(items), size):
            partitions.append(Partition(len(partitions), tuple(items[start : start + size]), warc))

    for source in sources:
        if not is_warc(source):
            plain.append(source)
            continue
        names: list[str] = []
        try:
            names = [item.source for item in read_warc(source)]
        except InputError as exc:
            if not names:  # nothing readable: the file itself goes to a worker, to be recorded
                log.debug("WARC %s: %s", source, exc)
                plain.append(source)
                continue
        cut(names, source)
    cut(plain, None)
    return partitions


@functools.lru_cache(maxsize=2)
def _pipeline(config_json: str) -> Any:
    """The worker's pipeline, loaded once per process and configuration."""
    from presslens.pipeline import Pipeline

    return Pipeline(PipelineConfig.model_validate_json(config_json))


def run_partition(
    partition: Partition, out: str, config_json: str, db: str | None = None
) -> PartitionReport:
    """Analyse one partition on this worker and write its tables (the task Dask runs)."""
    from presslens.runners.local import ingest as local_ingest
    from presslens.store import Store

    out_dir = Path(out)
    marker = out_dir / _DONE / f"{partition.name}.json"
    if marker.exists():
        return PartitionReport(**{**json.loads(marker.read_text()), "done_before": True})
    pipeline = _pipeline(config_json)
    scratch = Path(tempfile.mkdtemp(prefix=f"presslens-{partition.name}-"))
    report = PartitionReport(partition.name)
    try:
        with Store(scratch / "partition.db") as store:
            sources = [partition.warc] if partition.warc else list(partition.sources)
            only = frozenset(partition.sources) if partition.warc else None
            local = local_ingest(store, pipeline, sources, only=only)
            report.stored, report.skipped = local.stored, local.skipped
            report.duplicates = len(local.duplicates)
            report.failed = list(local.failed)
            report.rows = _write_tables(store, out_dir, partition)
            if db is not None:
                _copy_into(store, db)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    partial = marker.with_suffix(".json.part")
    state = {k: v for k, v in asdict(report).items() if k != "done_before"}
    partial.write_text(json.dumps(state), encoding="utf-8")
    os.replace(partial, marker)
    return report


def _write_tables(store: Store, out: Path, partition: Partition) -> dict[str, int]:
    return store.export_partition(
        out, file_name=f"{partition.name}.parquet", id_offset=partition.index * ID_STRIDE
    )


def _copy_into(store: Store, db: str) -> None:
    """Store the partition's articles in the shared database too (its actors merge there)."""
    from presslens.store import Store

    with Store(db) as shared:
        for source in sorted(store.sources()):
            article = store.article(source)
            if article is not None:
                shared.add(article, source)


def _client(
    client: Client | None, scheduler: str | None, local_workers: int | None, memory_limit: str
) -> tuple[Client, Callable[[], None]]:
    try:
        from distributed import Client, LocalCluster
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "the Dask engine needs Dask: pip install 'presslens[dask]'", name="distributed"
        ) from None
    if client is not None:
        return client, lambda: None
    if scheduler is not None:
        made = Client(scheduler)
        return made, made.close
    cluster = LocalCluster(
        n_workers=local_workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        # No dashboard, and the scheduler's own HTTP endpoints on a free port, not 8787.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        memory_limit=memory_limit,
    )
    made = Client(cluster)

    def close() -> None:
        made.close()
        cluster.close()

    return made, close


def ingest(
    sources: Iterable[str],
    out: str | Path,
    *,
    client: Client | None = None,
    scheduler: str | None = None,
    local_workers: int | None = None,
    config: PipelineConfig | None = None,
    db: str | None = None,
    partition_size: int = 50,
    memory_limit: str = "3GiB",
    progress: Callable[[PartitionReport, int, int], None] | None = None,
) -> ScaleReport:
    """Analyse ``sources`` on a Dask cluster into a Parquet data set under ``out``.

    Args:
        sources: source names as :func:`presslens.runners.collect_sources` gives them.
        out: the output folder (a path every worker can write to: a shared filesystem on a
            real cluster).
        client: a ``distributed.Client`` you already hold; else ``scheduler`` (an address,
            ``tcp://host:8786``), else a ``LocalCluster`` of ``local_workers`` processes.
        config: the pipeline's settings (workers build their pipeline from it).
        db: also store every article in this database (PostgreSQL for many writers).
        partition_size: articles per partition (per task).
        memory_limit: per worker, for a local cluster (Dask pauses and restarts a worker past
            it rather than letting the machine swap).
        progress: called as each partition finishes: ``(report, done, total)``.

    Raises:
        ModuleNotFoundError: Dask is not installed (the message says how to install it).
    """
    config_json = (config or PipelineConfig()).model_dump_json()
    out_path = Path(out)
    out_path.mkdir(parents=True, exist_ok=True)
    partitions = plan(sources, partition_size=partition_size)
    report = ScaleReport()
    if not partitions:
        return report
    dask_client, close = _client(client, scheduler, local_workers, memory_limit)
    try:
        from distributed import as_completed

        futures = [
            dask_client.submit(
                run_partition,
                partition,
                str(out_path.resolve()),
                config_json,
                db,
                key=f"presslens-{partition.name}",
                retries=2,
                pure=False,
            )
            for partition in partitions
        ]
        for done, future in enumerate(as_completed(futures), start=1):
            finished: PartitionReport = future.result()
            report.partitions.append(finished)
            if progress is not None:
                progress(finished, done, len(partitions))
    finally:
        close()
    report.partitions.sort(key=lambda p: p.name)
    return report
