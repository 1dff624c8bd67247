"""Reading HTML out of a WARC: warcio against FastWARC, in the same run, on the same files.

    python benchmarks/warc_read.py [--records 2000] [--page-bytes 60000] [--repeats 3]

Needs both libraries (``pip install warcio fastwarc``). The script writes, with warcio, a WARC of
N request/response pairs (a crawl writes both) whose responses are HTML pages of about
``--page-bytes`` bytes of varied words, once gzipped per record (``.warc.gz``, what crawlers
ship) and once plain (``.warc``). Each library then reads each file the way presslens needs it:
every response record, its HTTP Content-Type, target URI and date, and the whole payload,
de-chunked and content-decoded. Each reading is timed ``--repeats`` times after one warm-up
pass; the best time is kept (the file is in the page cache by then, so this measures parsing,
not the disk). The ratio is FastWARC's speed over warcio's. The last column is presslens'
``read_warc`` on the same file: FastWARC plus its checks (held records, the end of the file).
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from warcio.archiveiterator import ArchiveIterator as WarcioIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from presslens.sources import WarcPage, read_warc

_TEXT = (
    "the minister said on monday that talks would resume after a vote in parliament on the "
    "budget senators opposed the bill while the governor defended tariffs and trade policy "
    "protesters gathered outside the court as officials declined to comment on the inquiry"
)
_WORDS = _TEXT.split()

Reader = Callable[[Path], tuple[int, int]]


def _page(rng: random.Random, size: int, n: int) -> bytes:
    paragraphs: list[str] = []
    length = 0
    while length < size:
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(40, 120)))
        paragraphs.append(f"<p>{words}.</p>")
        length += len(words) + 8
    body = "\n".join(paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Story {n}</title></head>"
        f"<body><article><h1>Story {n}</h1>{body}</article></body></html>"
    ).encode()


def write_warc(path: Path, records: int, page_bytes: int, *, gzip: bool) -> None:
    """Write ``records`` request/response pairs of generated HTML pages to ``path``."""
    rng = random.Random(7)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for n in range(records):
            uri = f"https://news.example.org/2019/11/story-{n}.html"
            request = StatusAndHeaders(
                f"GET /2019/11/story-{n}.html HTTP/1.1",
                [("Host", "news.example.org")],
                is_http_request=True,
            )
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            page = _page(rng, page_bytes, n)
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(page), http_headers=headers
                )
            )


def read_warcio(path: Path) -> tuple[int, int]:
    """Responses and payload bytes read with warcio (``content_stream`` decodes)."""
    count = size = 0
    with path.open("rb") as stream:
        for record in WarcioIterator(stream):
            if record.rec_type != "response":
                continue
            record.http_headers.get_header("Content-Type")
            record.rec_headers.get_header("WARC-Target-URI")
            record.rec_headers.get_header("WARC-Date")
            size += len(record.content_stream().read())
            count += 1
    return count, size


def read_fastwarc(path: Path) -> tuple[int, int]:
    """Responses and payload bytes read with FastWARC (``auto_decode='all'`` decodes)."""
    count = size = 0
    with path.open("rb") as stream:
        records = FastIterator(
            stream, record_types=WarcRecordType.response, parse_http=True, auto_decode="all"
        )
        for record in records:
            record.http_content_type  # noqa: B018 - the header lookup is part of the work
            record.headers.get("WARC-Target-URI")
            record.record_date  # noqa: B018
            size += len(record.reader.read())
            count += 1
    return count, size


def read_presslens(path: Path) -> tuple[int, int]:
    """Pages and payload bytes from ``presslens.sources.read_warc`` (FastWARC plus its checks)."""
    count = size = 0
    for item in read_warc(path):
        if isinstance(item, WarcPage):
            size += len(item.payload)
            count += 1
    return count, size


def best_rate(read: Reader, path: Path, repeats: int, expected: int) -> float:
    """Records per second, the best of ``repeats`` timed passes after one warm-up pass."""
    count, _ = read(path)
    if count != expected:
        raise SystemExit(f"{read.__name__} read {count} records of {path}, expected {expected}")
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        read(path)
        best = min(best, time.perf_counter() - started)
    return expected / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000, help="HTML responses per file")
    parser.add_argument("--page-bytes", type=int, default=60_000, help="HTML bytes per page")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    print(
        f"{args.records} HTML responses (+ as many requests), ~{args.page_bytes:,} bytes each; "
        f"best of {args.repeats}"
    )
    print(
        f"{'file':<10} {'size MB':>8} {'warcio rec/s':>13} {'FastWARC rec/s':>15} {'ratio':>6}"
        f" {'read_warc rec/s':>16}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, gzip in (("warc.gz", True), ("warc", False)):
            path = Path(tmp) / f"bench.{name}"
            write_warc(path, args.records, args.page_bytes, gzip=gzip)
            slow = best_rate(read_warcio, path, args.repeats, args.records)
            fast = best_rate(read_fastwarc, path, args.repeats, args.records)
            ours = best_rate(read_presslens, path, args.repeats, args.records)
            size = path.stat().st_size / 1e6
            print(
                f"{name:<10} {size:8.1f} {slow:13.0f} {fast:15.0f} {fast / slow:6.1f} {ours:16.0f}"
            )


if __name__ == "__main__":
    main()
