"""Rich rendering of an article record for people (``--format text``)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from presslens.records import Article, Span
from presslens.stages.persuasion.taxonomy import TECHNIQUES

__all__ = ["render_article"]

_PREVIEW = 240


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


def _quote_table(article: Article) -> Table:
    table = Table(title="Quotations", title_justify="left")
    for column in ("Speaker", "Resolved", "Role", "Cue", "Kind", "Quote"):
        table.add_column(column, ratio=3 if column == "Quote" else None)
    for quote in article.quotes:
        content = " … ".join(span.text for span in quote.content)
        table.add_row(
            _or_dash(quote.speaker), _or_dash(quote.speaker_resolved), _or_dash(quote.role),
            _or_dash(quote.cue), quote.kind, Text(_clip(content, 160)),
        )  # fmt: skip
    return table


def _technique_table(article: Article) -> Table:
    table = Table(title="Persuasion techniques", title_justify="left")
    for column in ("Technique", "Words", "Sentence", "Confidence"):
        table.add_column(column, justify="right" if column == "Confidence" else "left")
    for item in article.techniques:
        sentence = next(
            (
                article.text[s.start : s.end]
                for s in article.sentences
                if s.start <= item.start < s.end
            ),
            item.text,
        )
        table.add_row(
            display_name(item.technique), Text(_clip(item.text, 50)), Text(_clip(sentence, 100)),
            f"{item.confidence:.2f}",
        )  # fmt: skip
    return table


def _claim_table(article: Article) -> Table:
    table = Table(title="Check-worthy claims, most check-worthy first", title_justify="left")
    for column in ("#", "Score", "Claimant", "Claim"):
        table.add_column(column, justify="right" if column in ("#", "Score") else "left",
                         ratio=3 if column == "Claim" else None)  # fmt: skip
    ranked = sorted(article.claims, key=lambda c: (-c.score, c.start))
    for rank, claim in enumerate(ranked, start=1):
        who = claim.claimant
        name = who.name or ("unnamed speaker" if who.kind == "quoted" else "the author (unnamed)")
        label = Text(_clip(name, 40))
        label.append(" (quoted)" if who.kind == "quoted" else " (author)", style="dim")
        table.add_row(str(rank), f"{claim.score:.2f}", label, Text(_clip(claim.text, 160)))
    return table


def display_name(technique: str) -> str:
    """The reader-facing name of a technique label (falls back to the label itself)."""
    entry = TECHNIQUES.get(technique)
    return entry.name if entry else technique


def render_article(article: Article, console: Console) -> None:
    """Print a human summary: metadata, affiliation, warnings, body preview, and a table for
    each analysis that ran (entities always; actors, instruments, quotes, techniques,
    claims)."""
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
    if "quotes" in article.analyses:
        console.print(_quote_table(article))
    if "techniques" in article.analyses:
        console.print(_technique_table(article))
    if "claims" in article.analyses:
        console.print(_claim_table(article))
