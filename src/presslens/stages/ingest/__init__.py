"""Stage 1: read an input (path, URL, stdin or bytes) into a decoded, classified ``RawInput``."""

from presslens.stages.ingest.decode import decode_bytes, looks_like_html
from presslens.stages.ingest.fetch import fetch_url
from presslens.stages.ingest.sources import RawInput, is_url, raw_from_bytes, read_source

__all__ = [
    "RawInput",
    "decode_bytes",
    "fetch_url",
    "is_url",
    "looks_like_html",
    "raw_from_bytes",
    "read_source",
]
