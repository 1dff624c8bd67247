"""What the store costs: ingest against ``Pipeline.pipe``, search latency, export throughput and
ingest memory, in one run.

    python benchmarks/ingest.py ../shared/data/article-extraction-benchmark/html
    python benchmarks/ingest.py PAGES_DIR --limit 100 --db postgresql+psycopg://me@localhost/bench
    python benchmarks/ingest.py --articles 2000 --memory 500,2000   # no pages: the rest only

1. **Ingest** (with PAGES_DIR): ``Pipeline.pipe`` over the folder's pages, records discarded,
   against the local runner (read, analyse, store one transaction per article) into a fresh
   store: a temporary SQLite file unless ``--db`` names another (it must be empty). Both read the
   same files; each is timed once after a warm-up. The ratio is ingest speed / pipeline speed
   (goal ≥ 0.9). A second ingest of the same folder measures how fast a resumed run skips.
2. **Search latency**: a store of ``--articles`` (10,000) generated records, written with
   ``Store.add`` (no NLP: varied vocabulary, 20 outlets, six years of dates, quotations of 400
   actors, persuasion techniques), then ``--queries`` (200) varied queries (words common and
   rare, phrases, OR, NOT, prefixes, a third with a filter), each timed in-process through
   ``Store.search`` (and through ``Store.quotes(about=...)``, i.e. ``search --in quotes``), 20
   results with snippets. Goal on SQLite: median < 50 ms.
3. **Export**: ``presslens export all`` of that store to Parquet and to CSV, each in a fresh
   process: rows per second over every table, and the process's peak memory, once when the store
   holds 1,000 articles and again at 10,000 (flat memory: about the same).
4. **Ingest memory**: one fresh process ingests short generated pages through
   ``runners.local.ingest`` with ``PipelineConfig(analyses=())``; its peak RSS after the first
   ``--memory`` count (1,000) and after the second (10,000). Goal: within 10 %.

Nothing is committed: every store and page is generated in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from presslens.records import (
    Actor,
    Article,
    Entity,
    Genre,
    Metadata,
    Quote,
    Sentence,
    Source,
    Span,
    Technique,
)

WIDTH = 80
SEED = 2024

# -- 80-column tables ------------------------------------------------------------------------


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain table: the first column left-aligned, the others right-aligned, ≤ 80 columns."""
    cells = [[str(c) for c in header]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    first = WIDTH - sum(widths[1:]) - 2 * (len(header) - 1)
    widths[0] = min(widths[0], max(first, 10))
    print(f"\n{title}")
    for n, row in enumerate(cells):
        parts = [row[0][: widths[0]].ljust(widths[0])]
        parts += [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(parts).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    Linux's ``VmHWM``, which starts afresh when a process execs; ``ru_maxrss`` would carry
    over the peak of the parent a child was forked from (this script's, with spaCy loaded).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. ingest vs Pipeline.pipe ------------------------------------------------------------


def bench_ingest(pages: Path, limit: int, db: str | None) -> None:
    from presslens import Pipeline
    from presslens.runners import collect_sources, ingest
    from presslens.store import Store

    sources = collect_sources([str(pages)])[:limit]
    if not sources:
        sys.exit(f"no pages in {pages}")
    pipeline = Pipeline()
    list(pipeline.pipe(sources[:5], on_error="skip"))  # warm-up

    started = time.perf_counter()
    analysed = sum(1 for _ in pipeline.pipe(sources, on_error="skip"))
    pipe_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(db or Path(tmp) / "bench.db")
        started = time.perf_counter()
        report = ingest(store, pipeline, sources)
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        resumed = ingest(store, pipeline, sources)
        resume_s = time.perf_counter() - started
        size = Path(tmp, "bench.db").stat().st_size if db is None else None
        store.close()

    pipe_rate, ingest_rate = analysed / pipe_s, report.stored / ingest_s
    print_table(
        f"1. Ingest: {len(sources)} pages from {pages}",
        ["run", "articles", "seconds", "per second"],
        [
            ["Pipeline.pipe (no store)", analysed, pipe_s, pipe_rate],
            ["ingest into the store", report.stored, ingest_s, ingest_rate],
            ["resumed run (all skipped)", resumed.skipped, resume_s, ""],
        ],
    )
    print(f"ratio ingest / pipeline: {ingest_rate / pipe_rate:.2f} (goal >= 0.9); "
          f"{len(report.failed)} failed, {len(report.duplicates)} duplicates")  # fmt: skip
    if size is not None:
        per_article = size / max(report.stored, 1) / 1e3
        print(f"SQLite file: {size / 1e6:.1f} MB ({per_article:.0f} kB/article)")


# -- generated articles --------------------------------------------------------------------


def _split(text: str) -> list[str]:
    return text.split()


_REAL_WORDS = _split(
    "sanctions government minister election parliament budget tax reform policy security "
    "border migration climate energy oil gas nuclear treaty agreement talks negotiation war "
    "peace ceasefire military army protest strike union workers economy inflation jobs market "
    "trade tariff deal court judge ruling law bill vote senate house committee hearing "
    "investigation scandal corruption president prime council mayor city state federal "
    "health hospital vaccine schools education housing rent prices interest bank debt deficit "
    "growth recession pension welfare poverty police crime justice rights freedom press media "
    "campaign poll voters party coalition opposition leader spokesman statement report crisis "
    "flood drought wildfire emissions carbon coal renewable wind solar farmers food water "
    "infrastructure transport rail roads airport ports shipping exports imports industry "
    "technology privacy surveillance internet platform censorship refugees asylum aid donors "
    "embassy diplomat alliance summit resolution inspections pressure regime activists"
)
_SYLLABLES = _split(
    "ba be bi bo da de di do fa fe fi ga ge go ka ke ki ko la le li lo ma me mi mo na ne ni no "
    "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo "
    "bar ber dan den kal ken lor mar mer nor par per ran ren sal sen tar ter val ven"
)
_FIRST = _split("Ana Ben Carla David Elena Farid Grace Hassan Ines Jonas Kofi Lena Maria Omar")
_LAST = _split(
    "Adler Bakr Costa Dubois Evans Fischer Garcia Haddad Ivanov Jensen Kaur Lindqvist Moreau "
    "Nakamura Okafor Petrov Quinn Rossi Sadr Tanaka Usman Varga Weber Xu Yilmaz Zhou"
)
_ROLES = (
    "the foreign minister", "a senior adviser", "the party's spokesperson", "a union leader",
    "the committee chair", "an economist at the central bank", "the mayor", "a senator",
)  # fmt: skip
_TECHNIQUES = (
    ("Loaded_Language", "Loaded language"),
    ("Name_Calling,Labeling", "Name calling or labelling"),
    ("Repetition", "Repetition"),
    ("Doubt", "Doubt"),
    ("Exaggeration,Minimisation", "Exaggeration or minimisation"),
    ("Flag-Waving", "Flag-waving"),
    ("Appeal_to_fear-prejudice", "Appeal to fear or prejudice"),
    ("Slogans", "Slogans"),
)
_GENRES: tuple[Genre, ...] = ("news", "news", "news", "opinion", "analysis", "other")


class Generator:
    """Deterministic article records with varied vocabulary (Zipf-like word frequencies)."""

    def __init__(self, seed: int = SEED, vocabulary: int = 6000):
        self.rng = random.Random(seed)
        words = list(_REAL_WORDS)
        seen = set(words)
        while len(words) < vocabulary:
            word = "".join(self.rng.choices(_SYLLABLES, k=self.rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.rng.shuffle(words)
        self.words = words
        self.cum = []
        total = 0.0
        for rank in range(len(words)):
            total += 1 / (rank + 1) ** 1.05
            self.cum.append(total)
        self.people = [f"{f} {last}" for f in _FIRST for last in _LAST][:300]
        self.orgs = []
        for _ in range(100):
            name = " ".join(w.capitalize() for w in self.rng.sample(_REAL_WORDS, 3))
            self.orgs.append((f"{name} Council", "".join(w[0] for w in name.split()) + "C"))
        self.outlets = [f"The {w.capitalize()} Courier" for w in self.rng.sample(words, 20)]

    def phrase(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def sentence(self, low: int = 8, high: int = 22) -> str:
        words = self.phrase(self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def article(self, number: int) -> tuple[str, Article]:
        rng = self.rng
        parts: list[str] = []
        length = 0
        sentences: list[Sentence] = []
        mentions: dict[str, list[Span]] = {}
        quotes: list[tuple[Span, Span, Span, Span | None, str]] = []

        def add(text: str) -> Span:
            nonlocal length
            span = Span(length, length + len(text), text)
            parts.append(text)
            length += len(text)
            return span

        speakers: list[tuple[str, str, str | None]] = []  # (name, type, acronym)
        for _ in range(rng.randint(0, 5)):
            if rng.random() < 0.7:
                speakers.append((rng.choice(self.people), "person", None))
            else:
                name, acronym = rng.choice(self.orgs)
                speakers.append((name, "organisation", acronym))
        for paragraph in range(rng.randint(4, 9)):
            if paragraph:
                add("\n\n")
            for k in range(rng.randint(2, 5)):
                if k:
                    add(" ")
                start = length
                if speakers and rng.random() < 0.25:
                    name, _, acronym = rng.choice(speakers)
                    content = add(f"“{self.sentence(6, 16)[:-1]},”")
                    add(" ")
                    cue = add("said")
                    add(" ")
                    written = acronym if acronym and rng.random() < 0.5 else name
                    speaker = add(written)
                    role = None
                    if rng.random() < 0.5:
                        add(", ")
                        role = add(rng.choice(_ROLES))
                    add(".")
                    mentions.setdefault(name, []).append(speaker)
                    quotes.append((content, cue, speaker, role, name))
                else:
                    add(self.sentence())
                sentences.append(Sentence(start, length))
        text = "".join(parts)
        actors = []
        for i, (name, kind, acronym) in enumerate(dict.fromkeys(speakers), start=1):
            spans = tuple(mentions.get(name, ()))
            if spans:
                aliases = (acronym,) if acronym else ()
                actors.append(Actor(f"a{i}", name, kind, spans, aliases))  # type: ignore[arg-type]
        ids = {actor.name: actor.id for actor in actors}
        records = tuple(
            Quote("direct", (content,), cue=cue, speaker=speaker, role=role, actor=ids[name],
                  confidence=round(rng.uniform(0.5, 1.0), 3))
            for content, cue, speaker, role, name in quotes
        )  # fmt: skip
        techniques = []
        for sentence in rng.sample(sentences, min(len(sentences), rng.randint(0, 3))):
            label, name = rng.choice(_TECHNIQUES)
            snippet = text[sentence.start : sentence.end]
            techniques.append(
                Technique(sentence.start, sentence.end, snippet, label, rng.random(), name)
            )
        entities = tuple(
            Entity(s.start, s.end, s.text, "PERSON" if " " in s.text else "ORG")
            for spans in mentions.values()
            for s in spans
        )
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        metadata = Metadata(
            title=" ".join(self.phrase(rng.randint(5, 10))).capitalize(),
            author=rng.choice(self.people),
            date=None if rng.random() < 0.05 else day.isoformat(),
            outlet=rng.choice(self.outlets),
            language="en",
            genre=rng.choice(_GENRES),
        )
        digest = f"{number:064x}"
        return f"generated/{number:06d}", Article(
            text,
            metadata,
            Source("html", digest, len(text)),
            sentences=tuple(sentences),
            entities=entities,
            actors=tuple(actors),
            quotes=records,
            techniques=tuple(techniques),
            analyses=("actors", "quotes", "techniques"),
        )

    def queries(self, n: int) -> list[dict[str, object]]:
        """Varied searches: words common and rare, pairs, phrases, OR, NOT, prefixes; a third
        with one filter too."""
        rng = self.rng
        common, mid, rare = self.words[:50], self.words[50:1000], self.words[1000:]
        found: list[dict[str, object]] = []
        for i in range(n):
            kind = i % 8
            a, b = rng.choice(mid), rng.choice(common + mid)
            query = [
                rng.choice(common),
                a,
                rng.choice(rare),
                f"{a} {b}",
                f'"{" ".join(self.phrase(2))}"',
                f"{a} OR {rng.choice(rare)}",
                f"{rng.choice(common)} -{a}",
                f"{a[:4]}*",
            ][kind]
            filters: dict[str, object] = {"query": query}
            if i % 3 == 0:
                choice = (i // 3) % 5
                if choice == 0:
                    filters["outlet"] = rng.choice(self.outlets)
                elif choice == 1:
                    start = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
                    filters["since"], filters["until"] = start, start + timedelta(days=180)
                elif choice == 2:
                    filters["speaker"] = rng.choice(self.people)
                elif choice == 3:
                    filters["technique"] = rng.choice(_TECHNIQUES)[1]
                else:
                    filters["genre"] = "opinion"
            found.append(filters)
        return found


def generate_store(db: str | Path, start: int, stop: int, generator: Generator) -> float:
    """Add generated articles ``start``..``stop`` to a store; returns the seconds taken."""
    from presslens.store import Store

    began = time.perf_counter()
    with Store(db) as store:
        for number in range(start, stop):
            source, article = generator.article(number)
            store.add(article, source)
    return time.perf_counter() - began


# -- 2. search latency ---------------------------------------------------------------------


def _ms(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1e3, p95 * 1e3, ordered[-1] * 1e3


def bench_search(db: str | Path, queries: list[dict[str, object]], articles: int) -> None:
    from presslens.store import Filters, Store

    articles_ms: list[float] = []
    quotes_ms: list[float] = []
    hits = 0
    with Store(db, readonly=True) as store:
        for filters in queries[:10]:  # warm-up: the database's pages into memory
            store.search(Filters(**filters))  # type: ignore[arg-type]
        for filters in queries:
            wanted = Filters(**filters)  # type: ignore[arg-type]
            started = time.perf_counter()
            hits += len(store.search(wanted, limit=20))
            articles_ms.append(time.perf_counter() - started)
            about = Filters(**{k: v for k, v in filters.items() if k != "query"})  # type: ignore[arg-type]
            started = time.perf_counter()
            store.quotes(about, about=str(filters["query"]), limit=20)
            quotes_ms.append(time.perf_counter() - started)
    rows = []
    for label, values in (("search (articles)", articles_ms), ("search --in quotes", quotes_ms)):
        median, p95, worst = _ms(values)
        rows.append([label, len(values), median, p95, worst])
    print_table(
        f"2. Search latency: {len(queries)} queries, {articles:,} generated articles, 20 results",
        ["", "queries", "median ms", "p95 ms", "max ms"],
        rows,
    )
    print(f"{hits / len(queries):.1f} articles found per query on average (goal: median < 50 ms)")


# -- 3. export -----------------------------------------------------------------------------


def _child_export(db: str, out: str, fmt: str) -> None:
    from presslens.store import Store

    with Store(db, readonly=True) as store:
        started = time.perf_counter()
        counts = store.export("all", Path(out), format=fmt)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    print(json.dumps({"rows": sum(counts.values()), "seconds": seconds, "rss": peak_rss_mb()}))


def _run_child(*args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def export_rows(db: str | Path, articles: int) -> list[list[object]]:
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("parquet", "csv"):
            result = _run_child("export", str(db), str(Path(tmp, fmt)), fmt)
            size = sum(p.stat().st_size for p in Path(tmp, fmt).iterdir()) / 1e6
            rate = result["rows"] / result["seconds"]
            rows.append([f"{fmt}, {articles:,} articles", int(result["rows"]), result["seconds"],
                         rate, size, result["rss"]])  # fmt: skip
    return rows


# -- 4. ingest memory ----------------------------------------------------------------------


def _page(generator: Generator, number: int) -> str:
    title = " ".join(generator.phrase(6)).capitalize()
    paragraphs = [" ".join(generator.sentence() for _ in range(4)) for _ in range(3)]
    return f"{title} (no. {number})\n\n" + "\n\n".join(paragraphs) + "\n"


def _child_ingest(folder: str, db: str, first: str) -> None:
    from presslens import Pipeline, PipelineConfig
    from presslens.runners import collect_sources, ingest
    from presslens.store import Store

    sources = collect_sources([folder])
    marks: dict[str, float] = {}
    stored = 0

    def progress(event: str, _source: str, _detail: str) -> None:
        nonlocal stored
        if event == "stored":
            stored += 1
            if stored == int(first):
                marks["first"] = peak_rss_mb()

    pipeline = Pipeline(PipelineConfig(analyses=()))
    started = time.perf_counter()
    with Store(db) as store:
        report = ingest(store, pipeline, sources, progress=progress)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    print(json.dumps({**marks, "last": peak_rss_mb(), "stored": report.stored,
                      "failed": len(report.failed), "seconds": seconds}))  # fmt: skip


def bench_memory(counts: tuple[int, int]) -> None:
    generator = Generator(seed=SEED + 1)
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp, "pages")
        pages.mkdir()
        for number in range(counts[1]):
            Path(pages, f"{number:06d}.txt").write_text(_page(generator, number), encoding="utf-8")
        result = _run_child("ingest", str(pages), str(Path(tmp, "memory.db")), str(counts[0]))
    first, last = result["first"], result["last"]
    print_table(
        "4. Ingest memory: one process, runners.local.ingest, PipelineConfig(analyses=())",
        ["articles stored", "peak RSS MB"],
        [[f"after {counts[0]:,}", first], [f"after {counts[1]:,}", last]],
    )
    growth = (last / first - 1) * 100
    print(f"growth {growth:+.1f} % (goal within 10 %); {int(result['stored']):,} stored, "
          f"{int(result['failed'])} failed, {result['seconds']:.0f} s")  # fmt: skip


# -- main ----------------------------------------------------------------------------------


def _counts(value: str) -> tuple[int, int]:
    low, high = (int(v) for v in value.split(","))
    return low, high


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        task, *rest = argv[1:]
        (_child_export if task == "export" else _child_ingest)(*rest)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, nargs="?", help="a folder of .html/.txt pages")
    parser.add_argument("--limit", type=int, default=181, help="pages to ingest at most")
    parser.add_argument("--db", help="an empty database URL for part 1 (default: temporary)")
    parser.add_argument("--articles", type=int, default=10_000, help="generated store size")
    parser.add_argument("--queries", type=int, default=200, help="search queries to time")
    parser.add_argument("--memory", type=_counts, default=(1_000, 10_000),
                        help="ingest memory at these two counts (default 1000,10000)")  # fmt: skip
    parser.add_argument("--skip", default="", help="parts to leave out, e.g. 1,4")
    args = parser.parse_args(argv)
    skip = set(args.skip.split(","))
    print(f"presslens store benchmark; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    if args.pages is not None and "1" not in skip:
        bench_ingest(args.pages, args.limit, args.db)

    if {"2", "3"} - skip:
        generator = Generator()
        small = min(1_000, args.articles)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp, "generated.db")
            built = generate_store(db, 0, small, generator)
            exports = export_rows(db, small) if "3" not in skip else []
            built += generate_store(db, small, args.articles, generator)
            size = db.stat().st_size / 1e6
            print(f"\ngenerated {args.articles:,} articles with Store.add in {built:.0f} s "
                  f"({args.articles / built:.0f}/s; SQLite file {size:.0f} MB)")  # fmt: skip
            if "2" not in skip:
                bench_search(db, generator.queries(args.queries), args.articles)
            if "3" not in skip:
                exports += export_rows(db, args.articles)
                print_table(
                    "3. Export all tables (a fresh process each)",
                    ["format, store size", "rows", "seconds", "rows/s", "MB", "peak RSS MB"],
                    exports,
                )
    if "4" not in skip:
        bench_memory(args.memory)


if __name__ == "__main__":
    main()
