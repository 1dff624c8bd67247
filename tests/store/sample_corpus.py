"""Four hand-made articles for the search, quotes and export tests (no NLP pipeline needed).

=====  =======  ========  ====================  =============================================
id     outlet   genre     date                  what is in it
=====  =======  ========  ====================  =============================================
A1     Daily A  news      2024-03-01            "sanctions" in the title; NCRI quoted (full
                                                name); Loaded_Language; "Oil exports"
A2     Daily B  opinion   2024-04-15T09:30:00   "Sanctioned"; NCRI (acronym) and Ali Sadr
                                                quoted; "embargo", "inspections"; Flag-Waving
A3     Daily A  analysis  (undated)             "maximum pressure"; Ali Sadr quoted as "Sadr"
A4     Daily C  news      2023-12-31            weather; an unattributed quotation
=====  =======  ========  ====================  =============================================
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from presslens.records import (
    Actor,
    ActorType,
    Article,
    Genre,
    Metadata,
    Quote,
    Source,
    Span,
    Technique,
)
from presslens.store import Store

__all__ = ["FULL", "SOURCES", "add_sample_corpus", "sample_articles"]

FULL = "National Council of Resistance of Iran"


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _article(
    text: str,
    *,
    title: str,
    outlet: str,
    genre: Genre,
    day: str | None,
    actors: list[tuple[str, ActorType, tuple[str, ...], list[str]]],
    quotes: list[tuple[str, str, str | None, str | None]],
    techniques: Sequence[tuple[str, str, str]] = (),
) -> Article:
    """actors: (name, type, aliases, mention texts); quotes: (content, speaker, actor name,
    role); techniques: (words, label, name)."""
    built = tuple(
        Actor(f"a{i}", name, kind, tuple(_span(text, m) for m in mentions), aliases, ())
        for i, (name, kind, aliases, mentions) in enumerate(actors, 1)
    )
    ids = {actor.name: actor.id for actor in built}
    records = tuple(
        Quote(
            "direct",
            (_span(text, content),),
            cue=_span(text, "said") if "said" in text else None,
            speaker=_span(text, speaker),
            role=_span(text, role) if role else None,
            actor=ids.get(actor) if actor else None,
            confidence=0.9,
        )
        for content, speaker, actor, role in quotes
    )
    spans = []
    for words, label, name in techniques:
        where = _span(text, words)
        spans.append(Technique(where.start, where.end, where.text, label, 0.8, name))
    return Article(
        text,
        Metadata(title=title, date=day, outlet=outlet, genre=genre),
        Source("text", hashlib.sha256(text.encode()).hexdigest(), len(text)),
        actors=built,
        quotes=records,
        techniques=tuple(spans),
        analyses=("actors", "quotes", "techniques"),
    )


def sample_articles() -> dict[str, Article]:
    """The four articles by source name."""
    a1 = (
        f"The {FULL} (NCRI) said: “The sanctions must stay in place.” "
        "Oil exports fell off a cliff last month."
    )
    a2 = (
        "“Again the embargo hurts families,” the NCRI wrote on Monday. "
        "“No deal without inspections,” said Ali Sadr, the foreign minister. "
        "Sanctioned banks closed their doors."
    )
    a3 = (
        "Maximum pressure did not work, analysts say. "
        "“Pressure works when it is shared,” Sadr said at the forum."
    )
    a4 = "“Bring an umbrella,” someone said. Rain is expected over the weekend."
    return {
        "a1.txt": _article(
            a1,
            title="Sanctions on Iran stay",
            outlet="Daily A",
            genre="news",
            day="2024-03-01",
            actors=[(FULL, "organisation", ("NCRI",), [FULL, "NCRI"])],
            quotes=[("“The sanctions must stay in place.”", FULL, FULL, None)],
            techniques=[("fell off a cliff", "Loaded_Language", "Loaded language")],
        ),
        "a2.txt": _article(
            a2,
            title="A costly embargo",
            outlet="Daily B",
            genre="opinion",
            day="2024-04-15T09:30:00",
            actors=[
                ("NCRI", "organisation", (), ["NCRI"]),
                ("Ali Sadr", "person", ("Sadr",), ["Ali Sadr"]),
            ],
            quotes=[
                ("“Again the embargo hurts families,”", "NCRI", "NCRI", None),
                ("“No deal without inspections,”", "Ali Sadr", "Ali Sadr", "the foreign minister"),
            ],
            techniques=[("closed their doors", "Flag-Waving", "Flag-waving")],
        ),
        "a3.txt": _article(
            a3,
            title="Notes on pressure",
            outlet="Daily A",
            genre="analysis",
            day=None,
            actors=[("Ali Sadr", "person", ("Sadr",), ["Sadr"])],
            quotes=[("“Pressure works when it is shared,”", "Sadr", "Ali Sadr", None)],
        ),
        "a4.txt": _article(
            a4,
            title="Weekend weather",
            outlet="Daily C",
            genre="news",
            day="2023-12-31",
            actors=[],
            quotes=[("“Bring an umbrella,”", "someone", None, None)],
        ),
    }


SOURCES = tuple(sample_articles())


def add_sample_corpus(store: Store) -> dict[str, int]:
    """Store the four articles; returns their ids by source name ("a1.txt" ...)."""
    return {source: store.add(article, source) for source, article in sample_articles().items()}
