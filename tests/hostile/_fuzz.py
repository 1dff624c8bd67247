"""Random and mutated text and HTML for the property test (and benchmarks/fuzz.py).

Every input either becomes a record whose spans all satisfy ``text[start:end] == span.text``,
or raises a :class:`presslens.PresslensError`. Anything else is a bug.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from presslens import Article, Pipeline
from presslens.errors import PresslensError
from presslens.stages.ingest import raw_from_bytes

ARTICLE = (
    "Ministers meet as talks resume – OpEd\n\n"
    'The minister said on Monday that the talks would resume. "We are ready," he added.\n\n'
    "Maria Lopez, a senator, told reporters that the resolution (H.Res. 1148) was a betrayal.\n\n"
    "The National Council of Resistance of Iran (NCRI) said it would respond.\n"
)
PAGE = (
    "<html><head><title>Talks resume</title><meta charset='utf-8'>"
    '<script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script></head>'
    "<body><article><h1>Talks resume</h1>"
    + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    + "</article><footer>Leave a reply</footer></body></html>"
)

# Any code point, surrogates, controls and NULs included.
_ANY = st.characters(codec=None, exclude_categories=())
_NASTY = st.sampled_from(
    ["\x00", "\ud800", "\udfff", "\u200c", "\ufeff", "\u202e", "&#xD800;", "&#0;", "<", "&", '"',
     "\r", "\u2028", "\U0001f600", "<![CDATA[", "<!--", "]]>", "&zwnj;"]
)  # fmt: skip


@st.composite
def _mutated(draw: st.DrawFn, base: str) -> str:
    text = base
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "truncate", "nasty", "nest"]))
        if action == "insert":
            text = text[:at] + draw(st.text(_ANY, max_size=20)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif action == "truncate":
            text = text[:at]
        elif action == "nasty":
            text = text[:at] + draw(_NASTY) * draw(st.integers(1, 5)) + text[at:]
        else:
            tag = draw(st.sampled_from(["div", "p", "b", "td", "svg", "[", "{"]))
            depth = draw(st.integers(1, 3000))
            opening = tag * depth if tag in "[{" else f"<{tag}>" * depth
            text = text[:at] + opening + text[at:]
    return text


INPUTS = st.one_of(
    st.text(_ANY, max_size=300),
    _mutated(ARTICLE),
    _mutated(PAGE),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)
"""Text to give ``analyze_text``: random, or a mutated article or page."""

BYTES = st.one_of(
    st.binary(max_size=400),
    _mutated(PAGE).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.tuples(_mutated(ARTICLE), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])).map(
        lambda pair: pair[0].encode(pair[1], "replace")
    ),
)
"""Raw bytes for the reading route (BOMs, odd lengths, bad UTF-8)."""


def spans_hold(article: Article) -> list[str]:
    """Every span of the record whose ``text[start:end]`` is not its text (should be none)."""
    text = article.text
    bad: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, tuple):
            for item in value:
                walk(item)
            return
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return
        names = {f.name for f in dataclasses.fields(value)}
        if {"start", "end"} <= names:
            start, end = value.start, value.end  # type: ignore[attr-defined]
            if not 0 <= start <= end <= len(text):
                bad.append(f"{value!r} out of bounds")
            elif "text" in names and text[start:end] != value.text:  # type: ignore[attr-defined]
                bad.append(repr(value))
        for name in names - {"text"}:
            walk(getattr(value, name))

    walk(article)
    return bad


def outcome(pipeline: Pipeline, value: str | bytes) -> str | None:
    """Analyse one input; None when the contract holds, else what broke it."""
    try:
        if isinstance(value, bytes):
            article = pipeline.analyze(raw_from_bytes(value, name="<fuzz>"))
        else:
            article = pipeline.analyze_text(value)
        article.to_json().encode("utf-8")
    except PresslensError:
        return None
    except Exception as exc:  # the contract: nothing else may escape
        return f"{exc.__class__.__name__}: {exc}"
    broken = spans_hold(article)
    return f"spans do not match the text: {broken[:3]}" if broken else None
