"""Actors merged across articles: the store's actor clusters against hand-written gold clusters.

    python benchmarks/actors_corpus.py ../shared/data/article-extraction-benchmark/html
    python benchmarks/actors_corpus.py DATA_DIR --gold benchmarks/data/actors_gold.jsonl --db s.db
    python benchmarks/actors_corpus.py DATA_DIR --pages heldout     # or tuned; all by default
    python benchmarks/actors_corpus.py DATA_DIR --orders 10 --no-join-surnames

DATA_DIR is the article-extraction benchmark's ``html/`` folder (or the data set's folder that
holds it). The gold file names 30 of its news and politics pages; for each page, every actor its
body names, with the names as written and a corpus-wide id (``donald-trump`` on every page that
names him); see benchmarks/data/README.md.

``--pages tuned`` scores (and ingests) only the 20 pages the corpus-merge rules were written on,
``--pages heldout`` only the other 10, listed in ``benchmarks/data/actors_heldout.txt``; each
subset is a corpus of its own, so a merge across a tuned and a held-out page counts in neither.

``--no-join-surnames`` stores with ``Store(join_surnames=False)``. ``--orders N`` stores the
analysed records again in N shuffled orders and says how many give exactly the same actors
(mentions grouped alike, same types): the store's merge should not depend on ingest order.

The pages are ingested with the local runner into a fresh SQLite store (a temporary file, or
``--db``; a store that already holds the pages is scored as it is, without analysing them again).

**Matching.** A gold item is a (page, name) pair. It lands in the store actor that holds most of
the page's mentions whose text equals the name, both normalised as the store normalises names
(case, a leading "the", possessives, dots and punctuation: "the U.S.'s" = "US"); when no mention
equals it, mentions that contain the name as whole words count ("President Trump" for "Trump",
"CNN Business)A" for "CNN Business"). Ties go to the lower actor id. An item no mention matches is
**missed**. A store actor named on a page where no mention of it equals or contains a gold name
of that page is **spurious** (marked ``*`` when the gold lists the string as not an actor).

**Scores.** B-cubed precision, recall and F1 over the items found, gold id against store actor
id: a store actor joining two real actors costs precision, one real actor spread over several
store actors (across pages, or within one) costs recall. Then: how gold types were typed, and the
gold actors whose items landed in store actors of more than one type.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select

from presslens import Pipeline
from presslens.records import Article
from presslens.runners import ingest
from presslens.scoring.clusters import bcubed
from presslens.store import Store, normalise_name
from presslens.store.models import ActorRow, ArticleRow, MentionRow
from presslens.vocabulary import ACTOR_TYPES

DEFAULT_GOLD = Path(__file__).resolve().parent / "data" / "actors_gold.jsonl"
HELDOUT = Path(__file__).resolve().parent / "data" / "actors_heldout.txt"
WIDTH = 80
TYPES = ACTOR_TYPES
SHORT = {
    "person": "person",
    "organisation": "org",
    "government_body": "gov",
    "media_outlet": "media",
    "place": "place",
    "group": "group",
}

Key = tuple[str, str]  # (page, normalised name)


@dataclass(frozen=True, slots=True)
class GoldItem:
    page: str
    name: str
    actor: str
    type: str


@dataclass(frozen=True, slots=True)
class StoreActor:
    id: int
    name: str
    type: str


def load_gold(path: Path) -> tuple[list[GoldItem], dict[str, set[str]]]:
    """The gold items, and per page the strings the gold says are not actors (normalised)."""
    items: list[GoldItem] = []
    not_actors: dict[str, set[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        page = json.loads(line)
        seen: set[str] = set()
        for actor in page["actors"]:
            for name in actor["names"]:
                norm = normalise_name(name)
                if norm in seen:
                    raise SystemExit(f"{path}: {page['page']}: the name {name!r} is listed twice")
                seen.add(norm)
                items.append(GoldItem(page["page"], name, actor["id"], actor["type"]))
        not_actors[page["page"]] = {normalise_name(s) for s in page.get("not_actors", ())}
    return items, not_actors


def heldout_pages(path: Path = HELDOUT) -> set[str]:
    """The held-out page names (one a line; ``#`` comments)."""
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def select_pages(items: list[GoldItem], which: str) -> list[GoldItem]:
    """The gold items of ``all`` pages, the ``tuned`` ones or the ``heldout`` ones."""
    if which == "all":
        return items
    held = heldout_pages()
    return [item for item in items if (item.page in held) == (which == "heldout")]


def pages_folder(data_dir: Path) -> Path:
    return data_dir / "html" if (data_dir / "html").is_dir() else data_dir


def read_store(
    url: str, sources: dict[str, str]
) -> tuple[dict[str, list[tuple[int, str]]], dict[int, StoreActor]]:
    """Per page, its mentions (actor id, text); and every store actor. Read-only SQL."""
    engine = create_engine(url)
    mentions: dict[str, list[tuple[int, str]]] = defaultdict(list)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(ArticleRow.source, MentionRow.actor_id, MentionRow.text)
                .join(MentionRow, MentionRow.article_id == ArticleRow.id)
                .order_by(MentionRow.id)
            )
            for source, actor_id, text in rows:
                if source in sources:
                    mentions[sources[source]].append((actor_id, text))
            actors = {
                actor_id: StoreActor(actor_id, name, kind)
                for actor_id, name, kind in conn.execute(
                    select(ActorRow.id, ActorRow.name, ActorRow.type)
                )
            }
    finally:
        engine.dispose()
    return mentions, actors


def _contains(text: str, name: str) -> bool:
    return f" {name} " in f" {text} "


def match(
    items: list[GoldItem], mentions: dict[str, list[tuple[int, str]]]
) -> tuple[dict[GoldItem, int], dict[GoldItem, set[int]]]:
    """Each gold item's store actor (see the module docstring), and every actor its name hit."""
    found: dict[GoldItem, int] = {}
    spread: dict[GoldItem, set[int]] = {}
    for item in items:
        norm = normalise_name(item.name)
        named = [(a, normalise_name(t)) for a, t in mentions.get(item.page, ())]
        hits = Counter(a for a, text in named if text == norm)
        if not hits:
            hits = Counter(a for a, text in named if _contains(text, norm))
        if hits:
            found[item] = min(hits, key=lambda a: (-hits[a], a))
            spread[item] = set(hits)
    return found, spread


def spurious_actors(
    items: list[GoldItem], mentions: dict[str, list[tuple[int, str]]]
) -> list[tuple[str, int, list[str]]]:
    """(page, actor id, its mention texts) for store actors no gold name of the page hits."""
    names: dict[str, set[str]] = defaultdict(set)
    for item in items:
        names[item.page].add(normalise_name(item.name))
    out: list[tuple[str, int, list[str]]] = []
    for page, page_mentions in sorted(mentions.items()):
        texts: dict[int, list[str]] = defaultdict(list)
        for actor_id, text in page_mentions:
            texts[actor_id].append(text)
        for actor_id, written in texts.items():
            norms = {normalise_name(t) for t in written}
            hit = any(n == g or _contains(n, g) for n in norms for g in names[page])
            if not hit:
                out.append((page, actor_id, written))
    return out


def rule(char: str = "-") -> str:
    return char * WIDTH


def wrapped(label: str, entries: list[str]) -> list[str]:
    text = "; ".join(entries) if entries else "none"
    return textwrap.wrap(f"{label}{text}", WIDTH, subsequent_indent="    ", break_on_hyphens=False)


def report(
    items: list[GoldItem],
    not_actors: dict[str, set[str]],
    mentions: dict[str, list[tuple[int, str]]],
    actors: dict[int, StoreActor],
) -> list[str]:
    found, spread = match(items, mentions)
    score = bcubed(
        {item: item.actor for item in found}, {item: actor for item, actor in found.items()}
    )
    missed = [item for item in items if item not in found]
    spurious = spurious_actors(items, mentions)
    pages = len({item.page for item in items})
    gold_actors = len({item.actor for item in items})
    lines = [
        rule("="),
        f"Actors across {pages} pages: {len(items)} gold items (page, name) of "
        f"{gold_actors} real actors",
        rule("="),
        f"{'found in the store':<28}{len(found):>6}",
        f"{'missed (no mention matches)':<28}{len(missed):>6}",
        f"{'spurious store actors':<28}{len(spurious):>6}   (actor x page; no gold name hits)",
        f"{'names split within a page':<28}"
        f"{sum(1 for s in spread.values() if len(s) > 1):>6}   (mentions in 2+ store actors)",
        "",
        f"B-cubed over the {score.items} items found:   precision {score.precision:.3f}   "
        f"recall {score.recall:.3f}   F1 {score.f1:.3f}",
    ]

    by_gold: dict[str, set[int]] = defaultdict(set)
    by_store: dict[int, set[str]] = defaultdict(set)
    for item, actor in found.items():
        by_gold[item.actor].add(actor)
        by_store[actor].add(item.actor)
    splits = sorted(
        (a for a in by_gold if len(by_gold[a]) > 1), key=lambda a: (-len(by_gold[a]), a)
    )
    merges = sorted(
        (a for a in by_store if len(by_store[a]) > 1), key=lambda a: (-len(by_store[a]), a)
    )
    lines += ["", rule(), f"Real actors split over several store actors: {len(splits)}", rule()]
    for gold_id in splits[:15]:
        parts = [
            f"{actors[a].name} ({SHORT.get(actors[a].type, actors[a].type)})"
            for a in sorted(by_gold[gold_id])
        ]
        lines += wrapped(f"{gold_id} -> {len(parts)}: ", parts)
    if len(splits) > 15:
        lines += wrapped("... and ", splits[15:])
    lines += ["", rule(), f"Store actors joining several real actors: {len(merges)}", rule()]
    for actor_id in merges:
        actor = actors[actor_id]
        label = f"{actor.name} ({SHORT.get(actor.type, actor.type)}) <- "
        lines += wrapped(label, sorted(by_store[actor_id]))

    lines += ["", rule(), "Types: gold type (rows) x store type (columns), items found", rule()]
    confusion: Counter[tuple[str, str]] = Counter(
        (item.type, actors[actor].type) for item, actor in found.items()
    )
    header = f"{'':<10}" + "".join(f"{SHORT[t]:>8}" for t in TYPES) + f"{'agree':>9}"
    lines.append(header)
    for gold_type in TYPES:
        row = [confusion[(gold_type, t)] for t in TYPES]
        total = sum(row)
        agree = f"{row[TYPES.index(gold_type)] / total:.2f}" if total else "-"
        lines.append(f"{SHORT[gold_type]:<10}" + "".join(f"{n:>8}" for n in row) + f"{agree:>9}")
    typed: dict[str, Counter[str]] = defaultdict(Counter)
    for item, actor in found.items():
        typed[item.actor][actors[actor].type] += 1
    mixed = sorted(a for a, kinds in typed.items() if len(kinds) > 1)
    lines += ["", f"Real actors given more than one type: {len(mixed)}"]
    for gold_id in mixed:
        kinds = [f"{SHORT.get(k, k)} x{n}" for k, n in typed[gold_id].most_common()]
        lines += wrapped(f"  {gold_id}: ", kinds)

    lines += ["", rule(), f"Missed gold items: {len(missed)}", rule()]
    missed_by_page: dict[str, list[str]] = defaultdict(list)
    for item in missed:
        missed_by_page[item.page].append(item.name)
    for page, names in sorted(missed_by_page.items()):
        lines += wrapped(f"{page[:10]} ", names)
    lines += [
        "",
        rule(),
        f"Spurious store actors: {len(spurious)} (* = the gold lists it as not an actor)",
        rule(),
    ]
    spurious_by_page: dict[str, list[str]] = defaultdict(list)
    for page, _actor_id, written in spurious:
        shown = sorted(set(written), key=len, reverse=True)[0]
        star = "*" if normalise_name(shown) in not_actors.get(page, set()) else ""
        spurious_by_page[page].append(f"{shown}{star}")
    for page, names in sorted(spurious_by_page.items()):
        lines += wrapped(f"{page[:10]} ", names)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="the benchmark's html/ folder")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--db", type=Path, help="SQLite store to use (default: a temporary one)")
    parser.add_argument(
        "--pages",
        choices=("all", "tuned", "heldout"),
        default="all",
        help="score all gold pages, the 20 the rules were tuned on, or the 10 held out",
    )
    parser.add_argument(
        "--no-join-surnames",
        action="store_true",
        help="store with Store(join_surnames=False): bare surnames stay apart",
    )
    parser.add_argument(
        "--orders",
        type=int,
        default=0,
        metavar="N",
        help="also store the analysed pages again in N shuffled orders and say whether the "
        "actors (mentions grouped, types) come out the same",
    )
    args = parser.parse_args(argv)

    items, not_actors = load_gold(args.gold)
    items = select_pages(items, args.pages)
    folder = pages_folder(args.data_dir)
    pages = sorted({item.page for item in items})
    missing = [p for p in pages if not (folder / p).is_file()]
    if missing:
        parser.error(f"{len(missing)} gold pages are not in {folder}, e.g. {missing[0]}")
    sources = {str(folder / page): page for page in pages}

    join = not args.no_join_surnames
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store(args.db or Path(tmp) / "actors.db", join_surnames=join) as store,
    ):
        result = ingest(store, Pipeline(), list(sources))
        for source, reason in result.failed:
            print(f"not stored: {source}: {reason}")
        mentions, actors = read_store(store.url, sources)
        print("\n".join(report(items, not_actors, mentions, actors)))
        if args.orders:
            same = orders_agree(store, args.orders, Path(tmp), join_surnames=join)
            print(f"\nIngest order: {same} of {args.orders} shuffled orders give the same actors")
    return 0


def actor_partition(url: str) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
    """Each store actor as its type and its mentions (source, offset): no ids, so stores
    filled in different orders compare equal when they agree."""
    engine = create_engine(url)
    groups: dict[tuple[int, str], list[tuple[str, int]]] = defaultdict(list)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(MentionRow.actor_id, ActorRow.type, ArticleRow.source, MentionRow.start)
                .join(ActorRow, ActorRow.id == MentionRow.actor_id)
                .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            )
            for actor_id, kind, source, start in rows:
                groups[(actor_id, kind)].append((source, start))
    finally:
        engine.dispose()
    return sorted((kind, tuple(sorted(spans))) for (_, kind), spans in groups.items())


def orders_agree(store: Store, orders: int, tmp: Path, *, join_surnames: bool) -> int:
    """How many of ``orders`` shuffled re-ingests of the stored records (seeds 0, 1, ...) give
    the store's actors exactly."""
    wanted = actor_partition(store.url)
    engine = create_engine(store.url)
    try:
        with engine.connect() as conn:
            stored = list(conn.execute(select(ArticleRow.source, ArticleRow.record)))
    finally:
        engine.dispose()
    same = 0
    for seed in range(orders):
        shuffled = list(stored)
        random.Random(seed).shuffle(shuffled)
        with Store(tmp / f"order-{seed}.db", join_surnames=join_surnames) as again:
            for source, record in shuffled:
                again.add(Article.from_dict(json.loads(record)), source)
            same += actor_partition(again.url) == wanted
    return same


if __name__ == "__main__":
    raise SystemExit(main())
