"""Direct quotations from quote marks, read from the text alone.

Quote marks in scraped news are messy: straight and curly marks mix, typists use two apostrophes
for a double mark (``''``), closing glyphs open quotes, a quote running over several paragraphs
reopens each paragraph without closing the previous one, and some marks are simply unbalanced.
The scanner here never fails on any of that: it decides whether each mark opens or closes from
the characters around it (the glyph only breaks ties), pairs marks paragraph by paragraph, and
turns what cannot be paired into the most plausible reading, or into nothing.

Single marks (``‘ ’ '``) double as apostrophes, so they delimit a quote only when a clean pair
stands alone in a paragraph stretch with no double marks around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteRun", "find_quote_runs", "is_title"]

# Two apostrophes or two backticks stand for a double mark in some newsroom systems.
_DOUBLE = re.compile(r"''|``|[\"“”„‟«»]")
_SINGLE = re.compile(r"[‘’'‚‛‹›]")
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n|\n(?=[ \t]*[\"“”„«'‘])")
_OPEN_GLYPHS = frozenset({"“", "„", "‟", "«", "``", "‘", "‚", "‛", "‹"})
_CLOSE_GLYPHS = frozenset({"”", "»", "’", "›"})
# Characters after which a mark is opening: start of text, space, opening bracket, dash.
_BEFORE_OPEN = frozenset(" \t\n\u00a0([{—–-/:")
# Characters before which a mark is closing: end of text, space, punctuation.
_AFTER_CLOSE = frozenset(" \t\n\u00a0)]}.,;:!?—–-…")


@dataclass(frozen=True, slots=True)
class QuoteRun:
    """One direct quotation: one span per paragraph it covers, each span including its marks.

    Attributes:
        spans: ``(start, end)`` character ranges, in text order.
        closed: whether the last span ends on a closing mark (False for an unbalanced quote
            that was cut at the end of its paragraph).
    """

    spans: tuple[tuple[int, int], ...]
    closed: bool

    @property
    def start(self) -> int:
        """Where the first span starts."""
        return self.spans[0][0]

    @property
    def end(self) -> int:
        """Where the last span ends."""
        return self.spans[-1][1]


def _role(text: str, start: int, end: int, glyph: str) -> int:
    """Whether a mark at ``text[start:end]`` opens (1), closes (-1) or is ambiguous (0)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    # A mark at the start of a line opens whatever its glyph ("” … in the case of", a typo).
    opens = before == "\n" or start == 0 or (before in _BEFORE_OPEN and not after.isspace())
    closes = (after in _AFTER_CLOSE or after in "\"”'’") and not before.isspace()
    if opens and not closes:
        return 1
    if closes and not opens:
        return -1
    if glyph in _OPEN_GLYPHS:
        return 1
    if glyph in _CLOSE_GLYPHS:
        return -1
    return 0


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _pair(
    text: str, marks: list[tuple[int, int, int]], para_end: int
) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the marks of one paragraph; return closed spans and the start of an unclosed quote."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for start, end, role in marks:
        if open_at is None:
            if role >= 0:
                open_at = start
            # A closing mark with nothing open is a stray: skip it.
        elif role <= 0:
            spans.append((open_at, end))
            open_at = None
        else:
            # Two opening marks in a row: the first was never closed. The quote most likely
            # ended at the last sentence end before the new mark; failing that, drop it.
            cut = max(text.rfind(p, open_at, start) for p in (". ", "? ", "! "))
            if cut > open_at:
                spans.append((open_at, cut + 1))
            open_at = start
    return spans, open_at


def _single_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotes in single marks within a paragraph that has no double marks."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for match in _SINGLE.finditer(text, start, end):
        s, e = match.span()
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        if open_at is None:
            if before in _BEFORE_OPEN and after.isalnum():
                open_at = s
        elif after in _AFTER_CLOSE and not before.isspace():
            # At least three words, so "rock 'n' roll" and abbreviations do not count.
            if len(text[open_at:e].split()) >= 3:
                spans.append((open_at, e))
            open_at = None
    return spans


def find_quote_runs(text: str) -> list[QuoteRun]:
    """Find the direct quotations in ``text``.

    Args:
        text: Any text; odd or unbalanced marks are tolerated.

    Returns:
        The quotations in text order. A quote that reopens in the next paragraph without being
        closed is one run with a span per paragraph; an unclosed quote that does not continue
        ends at its paragraph's end.
    """
    runs: list[QuoteRun] = []
    carried: list[tuple[int, int]] = []  # spans of a multi-paragraph quote still open
    for para_start, para_end in _paragraphs(text):
        marks = [
            (m.start(), m.end(), _role(text, m.start(), m.end(), m.group()))
            for m in _DOUBLE.finditer(text, para_start, para_end)
        ]
        if not marks:
            if carried:
                runs.append(QuoteRun(tuple(carried), closed=False))
                carried = []
            runs.extend(QuoteRun((s,), True) for s in _single_runs(text, para_start, para_end))
            continue
        lead = text[para_start : marks[0][0]].strip()
        if carried and (lead or marks[0][2] < 0):
            runs.append(QuoteRun(tuple(carried), closed=False))
            carried = []
        spans, open_at = _pair(text, marks, para_end)
        if carried and spans and spans[0][0] == marks[0][0]:
            runs.append(QuoteRun((*carried, spans[0]), closed=True))
            spans = spans[1:]
            carried = []
        elif carried:
            if open_at is not None and not spans and open_at == marks[0][0]:
                carried.append((open_at, para_end))
                continue
            runs.append(QuoteRun(tuple(carried), closed=False))
            carried = []
        runs.extend(QuoteRun((span,), closed=True) for span in spans)
        if open_at is not None:
            carried = [(open_at, para_end)]
    if carried:
        runs.append(QuoteRun(tuple(carried), closed=False))
    return [run for run in runs if any(text[s:e].strip("\"“”„‟«»'` ") for s, e in run.spans)]


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words a title leaves in lower case ("Make Your Kid a Millionaire").
_MINOR_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for"}
    | {"with", "from", "as", "is", "are", "be", "vs"}
)


def is_title(text: str, run: QuoteRun) -> bool:
    """Whether a quotation is a title or a name, not speech: a few words, all capitalised.

    "“American Skin (41 Shots)”", "''Make Your Kid a Millionaire''", "“Morning Joe”".
    """
    if len(run.spans) > 1:
        return False
    words = _TITLE_WORD.findall(text, run.start, run.end)
    if not words or len(words) > 8:
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    # Two capitalised words at least: "“Absolutely,” she said" is speech.
    return len(major) >= 2 and all(w[0].isupper() for w in major)
