"""Runners: a corpus of sources through the pipeline into the store (``local`` on this machine)."""

from presslens.runners.local import IngestReport, collect_sources, ingest

__all__ = ["IngestReport", "collect_sources", "ingest"]
