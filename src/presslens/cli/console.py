"""Rich rendering of an article record for people (``--format text``)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from presslens.records import Article

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


def render_article(article: Article, console: Console) -> None:
    """Print a human summary: metadata, affiliation, warnings, body preview, entity table."""
    preview = article.text[:_PREVIEW] + ("…" if len(article.text) > _PREVIEW else "")
    parts: list[Table | Text] = [_metadata_table(article), Text(""), _affiliation(article)]
    if article.warnings:
        parts += [Text(""), Text("\n".join(f"! {w}" for w in article.warnings), style="yellow")]
    console.print(Panel(Group(*parts), title="presslens", title_align="left"))
    console.print(Panel(Text(preview), title="Body (start)", title_align="left"))
    console.print(_entity_table(article))
