"""Rich rendering of an article record for people (``--format text``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from presslens.records import SHOWN_CUE_TYPES, Article, Claim, Quote, Span, Technique
from presslens.stages.persuasion.component import shown_techniques, shown_threshold

__all__ = ["render_article"]

_PREVIEW = 240
_WIDE = 120  # below this many columns, quotations and techniques print as stacked blocks


def _metadata_table(article: Article) -> Table:
    meta = article.metadata
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    genre = meta.genre + (f"  ({meta.genre_signal})" if meta.genre_signal else "")
    rows = [
        ("Title", meta.title),
        ("Author", meta.author),
        ("Date", meta.date),
        ("Outlet", meta.outlet),
        ("URL", meta.url),
        ("Language", meta.language),
        ("Genre", genre),
        (
            "Source",
            f"{article.source.kind}, {article.source.bytes:,} bytes, "
            f"sha256 {article.source.sha256[:12]}…",
        ),
        ("Body", f"{len(article.text):,} characters, {len(article.sentences)} sentences"),
    ]
    for key, value in rows:
        table.add_row(key, Text(value) if value else Text("—", style="dim"))
    return table


def _affiliation(article: Article) -> Text:
    aff = article.affiliation
    if aff is None:
        return Text("No stated affiliation found.", style="dim")
    text = Text()
    text.append("Organisation: ", style="bold")
    text.append(aff.organisation)
    text.append("\nStatement:    ", style="bold")
    text.append(aff.statement, style="italic")
    if aff.mentions:
        text.append("\nIn the body:  ", style="bold")
        text.append(f"{len(aff.mentions)} mention(s), first at {aff.mentions[0].start}: ")
        text.append(", ".join(dict.fromkeys(m.text for m in aff.mentions)))
    return text


def _entity_table(article: Article) -> Table:
    counts = Counter((e.text, e.label) for e in article.entities)
    first: dict[tuple[str, str], int] = {}
    for ent in article.entities:
        first.setdefault((ent.text, ent.label), ent.start)
    table = Table(title="Entities", title_justify="left", expand=False)
    table.add_column("Entity")
    table.add_column("Label")
    table.add_column("Mentions", justify="right")
    table.add_column("First at", justify="right")
    for (name, label), count in sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]])):
        table.add_row(Text(name), label, str(count), str(first[(name, label)]))
    return table


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _or_dash(span: Span | None) -> Text:
    return Text(_clip(span.text, 40)) if span else Text("—", style="dim")


def _actor_table(article: Article) -> Table:
    table = Table(title="Actors", title_justify="left")
    for column in ("Actor", "Type", "Mentions", "Aliases", "Roles"):
        table.add_column(column, justify="right" if column == "Mentions" else "left")
    for actor in sorted(article.actors, key=lambda a: (-len(a.mentions), a.mentions[0].start)):
        roles = "; ".join(_clip(r.text, 60) for r in actor.roles)
        table.add_row(
            Text(actor.name), actor.type, str(len(actor.mentions)),
            Text(", ".join(actor.aliases)), Text(roles),
        )  # fmt: skip
    return table


def _instrument_table(article: Article) -> Table:
    table = Table(title="Laws, resolutions and agreements", title_justify="left")
    for column in ("Instrument", "Kind", "Body", "As written", "At"):
        table.add_column(column, justify="right" if column == "At" else "left")
    for item in article.instruments:
        table.add_row(
            Text(item.name), item.kind, Text(item.body or "—"), Text(_clip(item.text, 50)),
            str(item.start),
        )  # fmt: skip
    return table


def shown_quotes(article: Article, *, all_cues: bool = False) -> tuple[Quote, ...]:
    """The quotations a reader is shown: what was said or written (``SHOWN_CUE_TYPES``), or
    every one, beliefs, intentions and perceptions too, with ``all_cues``."""
    if all_cues:
        return article.quotes
    return tuple(q for q in article.quotes if q.cue_type in SHOWN_CUE_TYPES)


def _hidden_note(article: Article, shown: int) -> Text | None:
    hidden = len(article.quotes) - shown
    if hidden <= 0:
        return None
    return Text(
        f"{hidden} more attribution{'s' if hidden > 1 else ''} of beliefs, intentions or "
        "perceptions not shown (--all-cues lists them)",
        style="dim",
    )


def _quote_table(quotes: tuple[Quote, ...]) -> Table:
    table = Table(title="Quotations", title_justify="left")
    for column in ("Speaker", "Resolved", "Role", "Cue", "Type", "Kind", "Quote"):
        table.add_column(column, ratio=3 if column == "Quote" else None)
    for quote in quotes:
        table.add_row(
            _or_dash(quote.speaker), _or_dash(quote.speaker_resolved), _or_dash(quote.role),
            _or_dash(quote.cue), quote.cue_type, quote.kind, Text(_clip(_content(quote), 160)),
        )  # fmt: skip
    return table


def _content(quote: Quote) -> str:
    return " … ".join(span.text for span in quote.content)


def _quote_blocks(quotes: tuple[Quote, ...]) -> Group:
    """Quotations for a narrow terminal: a line naming who speaks, then the words, indented."""
    parts: list[Text | Padding] = [Text("Quotations", style="italic")]
    for number, quote in enumerate(quotes, start=1):
        head = Text(f"{number:>2}. ", style="bold")
        speaker = quote.speaker.text if quote.speaker else "(no speaker)"
        head.append(" ".join(speaker.split()), style="bold")
        resolved = quote.speaker_resolved
        if resolved is not None and resolved.text != speaker:
            head.append(f" → {' '.join(resolved.text.split())}", style="bold")
        details: list[str] = [quote.cue_type, quote.kind]
        if quote.cue is not None:
            details.insert(0, f"“{quote.cue.text}”")
        head.append(f"  ({', '.join(details)})", style="dim")
        parts.append(head)
        if quote.role is not None:
            parts.append(Padding(Text(_clip(quote.role.text, 200), style="italic"), (0, 0, 0, 4)))
        parts.append(Padding(Text(_clip(_content(quote), 400)), (0, 0, 0, 4)))
    return Group(*parts)


def _sentence_of(article: Article, item: Technique) -> str:
    return next(
        (article.text[s.start : s.end] for s in article.sentences if s.start <= item.start < s.end),
        item.text,
    )


def _technique_table(article: Article, techniques: Sequence[Technique]) -> Table:
    table = Table(title="Persuasion techniques", title_justify="left")
    for column in ("Technique", "Words", "Sentence", "Confidence"):
        table.add_column(column, justify="right" if column == "Confidence" else "left")
    for item in techniques:
        table.add_row(
            display_name(item), Text(_clip(item.text, 50)),
            Text(_clip(_sentence_of(article, item), 100)), f"{item.confidence:.2f}",
        )  # fmt: skip
    return table


def _claim_table(article: Article) -> Table:
    table = Table(title="Check-worthy claims, most check-worthy first", title_justify="left")
    for column in ("#", "Score", "Claimant", "Claim"):
        if column in ("#", "Score"):
            table.add_column(column, justify="right")
        else:
            table.add_column(column, ratio=3 if column == "Claim" else None)
    for rank, claim in enumerate(_ranked(article), start=1):
        table.add_row(
            str(rank), f"{claim.score:.2f}", _claimant(claim), Text(_clip(claim.text, 160))
        )
    return table


def _ranked(article: Article) -> list[Claim]:
    return sorted(article.claims, key=lambda c: (-c.score, c.start))


def _claimant(claim: Claim) -> Text:
    who = claim.claimant
    name = who.name or ("unnamed speaker" if who.kind == "quoted" else "the author (unnamed)")
    label = Text(_clip(name, 40))
    label.append(" (quoted)" if who.kind == "quoted" else " (author)", style="dim")
    return label


def _claim_blocks(article: Article) -> Group:
    parts: list[Text | Padding] = [
        Text("Check-worthy claims, most check-worthy first", style="italic")
    ]
    for rank, claim in enumerate(_ranked(article), start=1):
        head = Text(f"{rank:>2}. ", style="bold")
        head.append_text(_claimant(claim))
        head.append(f"  (score {claim.score:.2f})", style="dim")
        parts.append(head)
        parts.append(Padding(Text(_clip(claim.text, 300)), (0, 0, 0, 4)))
    return Group(*parts)


def _technique_blocks(article: Article, techniques: Sequence[Technique]) -> Group:
    parts: list[Text | Padding] = [Text("Persuasion techniques", style="italic")]
    for number, item in enumerate(techniques, start=1):
        head = Text(f"{number:>2}. ", style="bold")
        head.append(display_name(item), style="bold")
        head.append(f"  (confidence {item.confidence:.2f})", style="dim")
        parts.append(head)
        parts.append(Padding(Text(f"“{_clip(item.text, 200)}”"), (0, 0, 0, 4)))
        sentence = _sentence_of(article, item)
        if sentence.strip() != item.text.strip():
            parts.append(Padding(Text(_clip(sentence, 300), style="dim"), (0, 0, 0, 4)))
    return Group(*parts)


def display_name(item: Technique) -> str:
    """The technique's name for readers, as the record gives it (``Technique.name``)."""
    return item.name or item.technique


def render_article(
    article: Article,
    console: Console,
    *,
    all_cues: bool = False,
    technique_threshold: float | None = None,
) -> None:
    """Print a human summary: metadata, affiliation, warnings, body preview, and a table for
    each analysis that ran (entities always; actors, instruments, quotes, techniques, claims).

    Quotations are what people said or wrote; ``all_cues`` lists the attributed beliefs,
    intentions and perceptions too (a line says how many are left out). Technique spans are
    shown from ``technique_threshold`` up (None: the default model's shown threshold); a line
    says how many less certain ones the JSON record has.

    On a terminal narrower than 120 columns quotations and techniques are stacked blocks (who
    speaks on one line, the words below), which stay readable at 80 columns where a table of six
    columns would wrap every cell a word per line.
    """
    preview = article.text[:_PREVIEW] + ("…" if len(article.text) > _PREVIEW else "")
    parts: list[Table | Text] = [_metadata_table(article), Text(""), _affiliation(article)]
    if article.warnings:
        parts += [Text(""), Text("\n".join(f"! {w}" for w in article.warnings), style="yellow")]
    console.print(Panel(Group(*parts), title="presslens", title_align="left"))
    console.print(Panel(Text(preview), title="Body (start)", title_align="left"))
    console.print(_entity_table(article))
    if "actors" in article.analyses:
        console.print(_actor_table(article))
        console.print(_instrument_table(article))
    narrow = console.width < _WIDE
    if "quotes" in article.analyses:
        quotes = shown_quotes(article, all_cues=all_cues)
        console.print(_quote_blocks(quotes) if narrow else _quote_table(quotes))
        note = _hidden_note(article, len(quotes))
        if note is not None:
            console.print(note)
    if "techniques" in article.analyses:
        cut = shown_threshold() if technique_threshold is None else technique_threshold
        shown = shown_techniques(article.techniques, cut)
        console.print(
            _technique_blocks(article, shown) if narrow else _technique_table(article, shown)
        )
        hidden = len(article.techniques) - len(shown)
        if hidden:
            console.print(
                Text(
                    f"{hidden} less certain technique span{'s' if hidden > 1 else ''} "
                    f"(confidence below {cut:.2f}) not shown; the JSON record has "
                    f"{'them' if hidden > 1 else 'it'} (--technique-threshold shows more).",
                    style="dim",
                )
            )
    if "claims" in article.analyses:
        console.print(_claim_blocks(article) if narrow else _claim_table(article))
