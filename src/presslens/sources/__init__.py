"""Containers of many pages that presslens reads record by record (WARC crawls).

Each record becomes one source with a stable name, so an ingest of a container resumes record by
record like a folder of files.
"""

from presslens.sources.warc import WarcPage, WarcSkip, read_warc

__all__ = ["WarcPage", "WarcSkip", "read_warc"]
