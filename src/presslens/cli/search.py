"""``presslens search`` and ``presslens quotes``: find articles, and who said what, in the store.

Both read the store only (``Store(db, readonly=True)``) and print a table for people (stacked
blocks below 120 columns, as ``analyze --format text`` does), or JSON / CSV for programs, where
a snippet's hits are marked «like this».
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from presslens.cli._util import EXIT_INPUT, EXIT_USAGE, AllCuesOption, fail, friendly_errors
from presslens.cli.corpus import DbOption, FormatOption, SpeakersFormat, _day
from presslens.records import SHOWN_CUE_TYPES

if TYPE_CHECKING:  # SQLAlchemy is imported when a command runs
    from presslens.store import ArticleHit, Filters, QuoteHit, Store

__all__ = [
    "GenreOption",
    "OutletOption",
    "SinceOption",
    "SpeakerOption",
    "TechniqueOption",
    "UntilOption",
    "check_names",
    "make_filters",
    "quotes_cli",
    "search_cli",
]

_WIDE = 120  # below this many columns, results print as stacked blocks
_MARKS = ("«", "»")  # a snippet's hits in JSON and CSV


class GenreChoice(StrEnum):
    """Article genres a user can filter on."""

    news = "news"
    opinion = "opinion"
    analysis = "analysis"
    other = "other"


class SearchIn(StrEnum):
    """What ``search`` looks in."""

    articles = "articles"
    quotes = "quotes"


OutletOption = Annotated[str | None, typer.Option(help="Only articles from this outlet.")]
GenreOption = Annotated[GenreChoice | None, typer.Option(help="Only articles of this genre.")]
SinceOption = Annotated[
    str | None, typer.Option(help="Only articles dated on or after YYYY-MM-DD.")
]
UntilOption = Annotated[
    str | None, typer.Option(help="Only articles dated on or before YYYY-MM-DD.")
]
SpeakerOption = Annotated[
    str | None,
    typer.Option(help='Only articles quoting this actor, under any of its names ("NCRI").'),
]
TechniqueOption = Annotated[
    str | None,
    typer.Option(
        help='Only articles using this persuasion technique: "Loaded_Language" or '
        '"loaded language".'
    ),
]
LimitOption = Annotated[int, typer.Option(min=1, max=100_000, help="How many results at most.")]
OffsetOption = Annotated[
    int, typer.Option(min=0, help="Skip this many results first (the next page).")
]


def make_filters(
    *,
    query: str | None = None,
    outlet: str | None = None,
    genre: GenreChoice | None = None,
    since: str | None = None,
    until: str | None = None,
    speaker: str | None = None,
    technique: str | None = None,
) -> Filters:
    """The store's :class:`~presslens.store.Filters` from command-line values (dates checked)."""
    from presslens.store import Filters

    return Filters(
        query=query,
        outlet=outlet,
        genre=genre.value if genre else None,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        speaker=speaker,
        technique=technique,
    )


def check_names(store: Store, filters: Filters) -> None:
    """Refuse, with one line, a speaker the store does not know (exit 3, as ``timeline``) and a
    technique that is not one of the 14 (exit 2)."""
    if filters.speaker is not None and not store.find_actors(filters.speaker):
        fail(
            f"no actor named {filters.speaker!r} in the store ('presslens speakers' lists some)",
            EXIT_INPUT,
        )
    if filters.technique is not None:
        wanted = _technique_key(filters.technique)
        if any(
            wanted in {_technique_key(label), _technique_key(name)}
            for label, name in store.technique_names()
        ):
            return
        # Not in this store: a known technique (no article uses it) or a typo? The taxonomy is
        # imported only now, as it brings spaCy with it.
        from presslens.stages.persuasion.taxonomy import TECHNIQUES

        if not any(
            wanted in {_technique_key(i.label), _technique_key(i.name)} for i in TECHNIQUES.values()
        ):
            known = "; ".join(sorted(TECHNIQUES))
            fail(
                f"no persuasion technique {filters.technique!r}; the techniques: {known}",
                EXIT_USAGE,
            )


def _technique_key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def search_cli(
    query: Annotated[
        str,
        typer.Argument(
            help='Words (all must match), "exact phrases", OR, NOT or -word, prefix*, '
            "(parentheses).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    outlet: OutletOption = None,
    genre: GenreOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    speaker: SpeakerOption = None,
    technique: TechniqueOption = None,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    output_format: FormatOption = SpeakersFormat.table,
    where: Annotated[
        SearchIn,
        typer.Option(
            "--in", help="Search the articles (title and body), or the quoted words alone."
        ),
    ] = SearchIn.articles,
    all_cues: AllCuesOption = False,
) -> None:
    """Search the store's articles, best match first, with a highlighted passage of each.

    With --in quotes, search the quoted words only and list the quotations with their speaker.
    """
    with friendly_errors():
        from presslens.store import Store
        from presslens.store.query import parse_query

        parse_query(query)  # a bad query is refused before the store is opened
        filters = make_filters(
            outlet=outlet, genre=genre, since=since, until=until, speaker=speaker,
            technique=technique,
        )  # fmt: skip
        with Store(db, readonly=True) as store:
            check_names(store, filters)
            if where is SearchIn.quotes:
                found = store.quotes(
                    filters,
                    about=query,
                    limit=limit,
                    offset=offset,
                    cue_types=None if all_cues else SHOWN_CUE_TYPES,
                )
            else:
                hits = store.search(_with_query(filters, query), limit=limit, offset=offset)
        if where is SearchIn.quotes:
            _print_quotes(found, output_format, limit, offset)
        else:
            _print_hits(hits, output_format, limit, offset)


def _with_query(filters: Filters, query: str) -> Filters:
    from dataclasses import replace

    return replace(filters, query=query)


def quotes_cli(
    db: DbOption = None,
    speaker: Annotated[
        str | None,
        typer.Option(help='Only this speaker\'s quotations, under any of its names ("NCRI").'),
    ] = None,
    about: Annotated[
        str | None,
        typer.Option(help="Only quotations whose words match this query (search syntax)."),
    ] = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    output_format: FormatOption = SpeakersFormat.table,
    all_cues: AllCuesOption = False,
) -> None:
    """Who said what: quotations with their speaker, role, cue and article.

    In date order, or with --about best match first. What people said or wrote; --all-cues
    lists attributed beliefs, intentions and perceptions too.
    """
    with friendly_errors():
        from presslens.store import Store
        from presslens.store.query import parse_query

        if about is not None:
            parse_query(about)
        filters = make_filters(outlet=outlet, since=since, until=until, speaker=speaker)
        with Store(db, readonly=True) as store:
            check_names(store, filters)
            found = store.quotes(
                filters,
                about=about,
                limit=limit,
                offset=offset,
                cue_types=None if all_cues else SHOWN_CUE_TYPES,
            )
        _print_quotes(found, output_format, limit, offset)


# -- output ----------------------------------------------------------------------------------


def _marked(snippet: str, for_screen: bool) -> Text | str:
    from presslens.store.queries import MARK_END, MARK_START, mark

    if not for_screen:
        return mark(snippet, *_MARKS)
    text = Text()
    bold = False
    for part in snippet.replace(MARK_END, MARK_START).split(MARK_START):
        if part:
            text.append(part, style="bold" if bold else None)
        bold = not bold
    return text


def _plain_hit(hit: ArticleHit) -> dict[str, Any]:
    return {**asdict(hit), "snippet": _marked(hit.snippet, for_screen=False)}


def _plain_quote(quote: QuoteHit) -> dict[str, Any]:
    row = asdict(quote)
    if quote.snippet is None:
        del row["snippet"], row["score"]
    else:
        row["snippet"] = _marked(quote.snippet, for_screen=False)
    return row


_HIT_FIELDS = ["rank", "article_id", "score", "date", "outlet", "title", "source", "url", "genre"]
_QUOTE_FIELDS = [
    "quote_id", "article_id", "date", "outlet", "title", "source", "speaker", "speaker_resolved",
    "actor", "actor_id", "role", "cue", "kind", "content", "start", "end", "confidence",
]  # fmt: skip


def _write(rows: list[dict[str, Any]], fields: list[str], output_format: SpeakersFormat) -> None:
    if output_format is SpeakersFormat.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)


def _print_hits(
    hits: list[ArticleHit], output_format: SpeakersFormat, limit: int, offset: int
) -> None:
    if output_format is not SpeakersFormat.table:
        _write([_plain_hit(h) for h in hits], [*_HIT_FIELDS, "snippet"], output_format)
        return
    console = Console()
    if not hits:
        console.print("No articles match (for these filters).", markup=False)
        return
    if console.width >= _WIDE:
        table = Table(title="Articles, best match first", title_justify="left")
        for name in ("#", "Id", "Date", "Outlet", "Title", "Source", "Passage"):
            ratio = {"Title": 2, "Source": 1, "Passage": 4}.get(name)
            table.add_column(name, ratio=ratio, justify="right" if name in "# Id" else "left")
        for hit in hits:
            table.add_row(
                str(hit.rank), str(hit.article_id), _day_of(hit.date), Text(hit.outlet or "—"),
                Text(hit.title or "—"), Text(hit.source), _marked(hit.snippet, for_screen=True),
            )  # fmt: skip
        console.print(table)
    else:
        console.print(_hit_blocks(hits))
    _more(console, len(hits), limit, offset)


def _hit_blocks(hits: Sequence[ArticleHit]) -> Group:
    parts: list[Text | Padding] = []
    for hit in hits:
        head = Text(f"{hit.rank:>2}. ", style="bold")
        head.append(hit.title or "(no title)", style="bold")
        parts.append(head)
        where = [_day_of(hit.date), hit.outlet or "", hit.genre, f"article {hit.article_id}"]
        parts.append(_indented(Text(" · ".join(w for w in where if w), style="dim")))
        parts.append(_indented(Text(hit.source, style="dim")))
        marked = _marked(hit.snippet, for_screen=True)
        assert isinstance(marked, Text)
        parts.append(_indented(marked))
    return Group(*parts)


def _indented(text: Text) -> Padding:
    return Padding(text, (0, 0, 0, 4), expand=False)


def _day_of(value: str | None) -> str:
    return value[:10] if value else "undated"


def _more(console: Console, shown: int, limit: int, offset: int) -> None:
    if shown == limit:
        console.print(
            f"Results {offset + 1:,}–{offset + shown:,}; --offset {offset + shown} for more.",
            markup=False,
            style="dim",
        )


def _speaker_line(quote: QuoteHit) -> str:
    """As written → resolved → the actor's display name, each shown once ("the CRA" and
    "CRA" are one name)."""
    from presslens.stages.actors.keys import normalise_name  # loaded with the store

    names: dict[str, str] = {}
    for name in (quote.speaker, quote.speaker_resolved, quote.actor):
        if name:
            names.setdefault(normalise_name(name), " ".join(name.split()))
    return " → ".join(names.values()) or "(no speaker)"


def _print_quotes(
    found: list[QuoteHit], output_format: SpeakersFormat, limit: int, offset: int
) -> None:
    if output_format is not SpeakersFormat.table:
        ranked = any(q.snippet is not None for q in found)
        fields = [*_QUOTE_FIELDS, *(("snippet", "score") if ranked else ())]
        _write([_plain_quote(q) for q in found], fields, output_format)
        return
    console = Console()
    if not found:
        console.print("No quotations match (for these filters).", markup=False)
        return
    if console.width >= _WIDE:
        console.print(_quote_table(found))
    else:
        console.print(_quote_blocks(found, offset))
    _more(console, len(found), limit, offset)


def _words(quote: QuoteHit) -> Text:
    if quote.snippet is not None:
        marked = _marked(quote.snippet, for_screen=True)
        assert isinstance(marked, Text)
        return marked
    return Text(" ".join(quote.content.split()))


def _quote_table(found: Sequence[QuoteHit]) -> Table:
    table = Table(title="Quotations", title_justify="left")
    for name in ("Speaker", "Role", "Cue", "Kind", "Quote", "Article"):
        table.add_column(name, ratio={"Quote": 4, "Article": 2, "Speaker": 2}.get(name))
    for quote in found:
        article = f"{_day_of(quote.date)} · {quote.outlet or '—'} · {quote.title or '—'}"
        table.add_row(
            Text(_speaker_line(quote)), Text(quote.role or "—"), Text(quote.cue or "—"),
            quote.kind, _words(quote), Text(f"{article} (article {quote.article_id})"),
        )  # fmt: skip
    return table


def _quote_blocks(found: Sequence[QuoteHit], offset: int) -> Group:
    """Quotations for a narrow terminal, as ``analyze`` prints them: who speaks on one line,
    the role and the words indented below, then where."""
    parts: list[Text | Padding] = []
    for number, quote in enumerate(found, start=offset + 1):
        head = Text(f"{number:>2}. ", style="bold")
        head.append(_speaker_line(quote), style="bold")
        details = [f"“{quote.cue}”", quote.kind] if quote.cue else [quote.kind]
        head.append(f"  ({', '.join(details)})", style="dim")
        parts.append(head)
        if quote.role:
            parts.append(_indented(Text(" ".join(quote.role.split()), style="italic")))
        parts.append(_indented(_words(quote)))
        where = [_day_of(quote.date), quote.outlet or "", quote.title or ""]
        where.append(f"article {quote.article_id}")
        parts.append(_indented(Text(" · ".join(w for w in where if w), style="dim")))
    return Group(*parts)
