"""The article body as HTML with every layer of evidence in place, overlapping spans included.

Each finding is a *mark*: a layer (quote, speaker, actor, technique, entity, claim), offsets
into the body, an id and what a reader needs on hover. The body is cut at every mark boundary
into segments; each segment is one ``<span>`` whose classes name the layers covering it and
whose data attributes name the marks, so any number of overlapping spans stay readable and each
layer can be switched off by CSS alone (the legend's checkboxes work with JavaScript off). All
text is escaped here, once; templates receive :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

from presslens.records import Article

__all__ = ["LAYERS", "Mark", "marks_of", "render_body"]

Layer = Literal["quote", "speaker", "actor", "technique", "entity", "claim"]
LAYERS: tuple[tuple[Layer, str], ...] = (
    ("quote", "Quotations"),
    ("speaker", "Speakers"),
    ("actor", "Actors"),
    ("technique", "Persuasion techniques"),
    ("claim", "Check-worthy claims"),
    ("entity", "Entities"),
)
"""The layers in the legend's order, with their labels."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One finding to show in the body.

    Attributes:
        layer: which layer it belongs to.
        start, end: offsets into the body.
        ident: unique within the page ("q3", "t2"); the quote's speaker mark is "q3-speaker".
        title: what hovering or focusing it says, as plain text.
        link: a page to follow (an actor's page), or None.
        group: marks that light up together ("q3" for a quote, its cue and its speaker).
    """

    layer: Layer
    start: int
    end: int
    ident: str
    title: str
    link: str | None = None
    group: str | None = None


@dataclass(slots=True)
class _Segment:
    start: int
    end: int
    marks: list[Mark] = field(default_factory=list)


def marks_of(article: Article, actor_links: dict[str, str] | None = None) -> list[Mark]:
    """Every mark of an article's record.

    Args:
        article: the record.
        actor_links: the page of each article actor id (``"a3"`` → ``"/actors/17"``), when the
            article is in the store.
    """
    links = actor_links or {}
    actors = {actor.id: actor for actor in article.actors}
    marks: list[Mark] = []
    for number, quote in enumerate(article.quotes, start=1):
        group = f"q{number}"
        actor = actors.get(quote.actor or "")
        resolved = quote.speaker_resolved or quote.speaker
        who = actor.name if actor else (resolved.text if resolved else "no speaker found")
        role = f" ({quote.role.text})" if quote.role else ""
        cue = f", cue “{quote.cue.text}”" if quote.cue else ""
        says = f"{who}{role} — {quote.kind} quotation{cue}, confidence {quote.confidence:.2f}"
        link = links.get(quote.actor or "")
        for part, span in enumerate(quote.content):
            marks.append(Mark("quote", span.start, span.end, f"{group}-{part}", says, link, group))
        if quote.speaker is not None:
            said = f"speaker of quotation {number}: {who}{role}"
            marks.append(
                Mark("speaker", quote.speaker.start, quote.speaker.end, f"{group}-speaker", said,
                     link, group)
            )  # fmt: skip
    for actor in article.actors:
        about = f"{actor.name} ({actor.type.replace('_', ' ')})"
        for number, mention in enumerate(actor.mentions):
            marks.append(
                Mark("actor", mention.start, mention.end, f"{actor.id}-{number}", about,
                     links.get(actor.id), actor.id)
            )  # fmt: skip
    for number, item in enumerate(article.techniques, start=1):
        name = item.name or item.technique
        title = f"{name} — confidence {item.confidence:.2f}"
        marks.append(Mark("technique", item.start, item.end, f"t{number}", title))
    for number, entity in enumerate(article.entities, start=1):
        marks.append(Mark("entity", entity.start, entity.end, f"e{number}", entity.label))
    for number, claim in enumerate(article.claims, start=1):
        claimant = claim.claimant
        by = claimant.name or ("a quoted speaker" if claimant.kind == "quoted" else "the author")
        title = f"check-worthy claim ({claim.score:.2f}), made by {by}"
        link = links.get(claimant.actor or "")
        marks.append(Mark("claim", claim.start, claim.end, f"c{number}", title, link))
    return [m for m in marks if 0 <= m.start < m.end <= len(article.text)]


def _segments(length: int, marks: Sequence[Mark]) -> list[_Segment]:
    cuts = sorted({0, length, *(m.start for m in marks), *(m.end for m in marks)})
    segments = [_Segment(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    starts = [s.start for s in segments]
    for mark in marks:
        index = bisect.bisect_left(starts, mark.start)
        while index < len(segments) and segments[index].start < mark.end:
            segments[index].marks.append(mark)
            index += 1
    return segments


def _element(marks: Sequence[Mark], html: str) -> str:
    """One segment: a link to its actor's page when a mark has one, else a span; classes name
    the layers, ``data-groups`` the marks that light up with it, ``title`` what they are."""
    layers = sorted({m.layer for m in marks})
    classes = " ".join(f"l-{layer}" for layer in layers)
    groups = " ".join(sorted({m.group or m.ident for m in marks}))
    title = "\n".join(dict.fromkeys(m.title for m in marks))
    link = next((m.link for m in marks if m.link), None)
    attributes = f'class="{classes}" data-groups="{escape(groups)}" title="{escape(title)}"'
    if link is not None:
        return f'<a href="{escape(link)}" {attributes}>{html}</a>'
    if any(m.layer in ("quote", "speaker") for m in marks):
        attributes += ' tabindex="0"'  # keyboard users reach the quotes and their speakers
    return f"<span {attributes}>{html}</span>"


def render_body(article: Article, marks: Sequence[Mark]) -> Markup:
    """The body as escaped HTML paragraphs, every mark in place."""
    text = article.text
    out: list[str] = ['<p dir="auto">']
    for segment in _segments(len(text), marks):
        chunk = text[segment.start : segment.end]
        pieces = chunk.split("\n\n")
        for number, piece in enumerate(pieces):
            if number:
                out.append('</p>\n<p dir="auto">')
            if not piece:
                continue
            html = str(escape(piece)).replace("\n", "<br>")
            out.append(_element(segment.marks, html) if segment.marks else html)
    out.append("</p>")
    return Markup("".join(out))
