"""Plain-text route: text copied from a web page -> clean article body and its metadata.

No library cleans plain text, so this is a small rule set. In the order the rules run:

1. **Lines.** Normalise line endings and invisible characters. One non-empty line is one
   paragraph; the body is returned with paragraphs joined by a blank line.
2. **Weights.** Every line gets a weight from its *shape*, whatever the language: a prose line
   (long enough, ends like a sentence, mostly lowercase words, not a keyword list) weighs its
   length in characters; a short sentence or list item weighs nothing; any other line costs a
   fixed penalty, more when ``boilerplate.py`` recognises it as furniture, and much more for a
   comment marker. Each further line in an unbroken stretch of non-prose lines costs more than
   the one before, so one caption inside an article is cheap to cross while a menu, a tag list
   or a "related stories" block becomes a wall.
3. **Main block.** The body is the contiguous run of lines with the largest total weight
   (Kadane's maximum subarray), searched only before the reader-comment thread. When the page
   title (its first line) is repeated further down as the headline, a run starting just after
   that headline is preferred unless another run is much heavier.
4. **Clean-up.** Leading non-prose lines (headline, byline, date) are trimmed, furniture and
   caption lines are dropped, the body is cut at a comment form, and a trailing author-name
   line and bio line ("X writes for Y") are peeled off.
5. **Metadata.** Title, byline author, date, dateline and the bio's affiliation are read from
   the lines around the body (see ``byline.py``).

The numbers below were set on the article-extraction benchmark (181 pages, several languages);
none of the rules names a site, a URL or a phrase of one page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from presslens.records import Affiliation
from presslens.stages.extract.boilerplate import (
    is_boilerplate_line,
    is_comment_form_line,
    is_comment_line,
    is_quoted_speech,
    is_section_break,
)
from presslens.stages.extract.byline import (
    is_bio_line,
    is_person_name,
    parse_affiliation,
    parse_byline,
    parse_date,
)

__all__ = ["PlainText", "clean_plain_text"]


@dataclass(frozen=True, slots=True)
class PlainText:
    """The cleaned body of copied page text, with what the rules found around it.

    ``text`` is the body, paragraphs joined by ``"\\n\\n"``, without leading or trailing
    whitespace. ``title`` is as written (a tag such as "– OpEd" is kept). ``date`` is ISO
    ``YYYY-MM-DD``. ``dateline`` ("WASHINGTON (Reuters) —") is reported but stays at the start of
    ``text``. A field is None when the rules cannot find it, and ``warnings`` says why the body
    is empty or suspect, in plain words.
    """

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    dateline: str | None = None
    affiliation: Affiliation | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Run:
    """The lines ``[start, end)`` and their total weight."""

    total: float
    start: int
    end: int


# Zero-width space, word joiner, BOM, soft hyphen. Not the zero-width (non-)joiner, U+200C/D,
# which are part of words in Persian, Arabic and Indic scripts.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?…。！？:;][\"'”’»)\]]*$")
_SENTENCE_INSIDE = re.compile(r"\w[.!?…。！？;:][\"'”’»)]*\s+\S")
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[•*·▪–-])\s")
# "WASHINGTON (Reuters) —", "ST. JOSEPH, Mich. (AP) —", "BUFFALO, N.Y. —"
_DATELINE = re.compile(
    r"^(?P<dateline>(?=[A-Z .,'-]*[A-Z]{3})[A-Z][A-Z .,'-]{1,40}"
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:\s+\d{1,2})?)?"
    r"(?:\s*\([\w .&/-]{1,30}\))?\s*[—–-]{1,2})\s"
)
# A line that speaks to the reader ("Like this story? Share it!", "Get started here.", "Tell us
# ...", "Follow X on Facebook"): not taken in as the article's last sentence.
_READER_PROMPT = re.compile(
    r"\b(?:you|your|us)\b|\bhere\W*$|\?|^(?:like|enjoy|love)d? this\b"
    r"|\b(?:facebook|twitter|instagram|newsletter)\b",
    re.IGNORECASE,
)
_BARE_BY = re.compile(r"^(?:by|written by|von|por|par|di)\s*:?$", re.IGNORECASE)

# Weights are in characters of prose: a line of furniture costs as much as that much text.
_SHORT_PENALTY = 25.0
_FURNITURE_PENALTY = 60.0
_SECTION_PENALTY = 100.0  # "Related articles": a wall, but such boxes also sit inside articles
_WALL_PENALTY = 400.0  # comment markers: the article never continues after a comment
_GAP_GROWTH = 25.0  # extra cost of each further line in a stretch of non-prose lines
_MAX_GAP_GROWTH = 8
_MIN_PROSE_CHARS = 45  # with sentence punctuation at the end
_LONG_PROSE_CHARS = 180  # without it (a paragraph cut off by the page, a quote)
_MAX_CAPITALISED = 0.7  # above this share of capitalised words a line is a title or a menu
_MIN_LIST_PART_WORDS = 5  # comma-separated parts shorter than this make a keyword list
_MIN_FRAGMENT_WORDS = 3
_MAX_DATE_LINE = 50
_SHAPE_CHARS = 2000  # shape features are read from the start of very long lines only
_THREAD_SPAN = 40  # at most this many lines between two comment markers of one thread
_MIN_HEADLINE_CHARS = 15
_MAX_HEADLINES = 5
_HEADLINE_WINDOW = 15  # non-empty lines allowed between headline and body (byline, date, ...)
_HEADLINE_SHARE = 0.35  # the run after the headline wins unless another is ~3x heavier
_MAX_TITLE_CHARS = 250
_MIN_TITLE_WORDS = 2
_META_LINES = 12  # lines around the body searched for byline, date and bio
_SHORT_BODY_CHARS = 200
_MAX_SHORT_TEXT_LINES = 5
_MAX_TAIL_SENTENCES = 2
_MIN_WRAPPED_LINES = 5
_MAX_WRAP_WIDTH = 100  # hard-wrapped text: no line wider than this ...
_WRAP_FILL = 0.7  # ... and most lines at least this share of the widest line
_WRAPPED_SHARE = 0.5


def clean_plain_text(raw: str) -> PlainText:
    """Clean text copied from a web page into an article body and its metadata.

    Args:
        raw: the copied text, menus, footers and comment forms included. Any line endings.

    Returns:
        The body and whatever title, author, date, dateline and affiliation the rules found.
        Never raises on odd text: when no body is found, ``text`` is empty and ``warnings``
        says so.
    """
    lines = _unwrap(_normalise(raw))
    if not any(lines):
        return PlainText("", warnings=("the text is empty",))
    run = _extend_tail(lines, _choose_run(lines))
    start = _trim_head(lines, run)
    found = _body_lines(lines, start, run.end)
    short = _short_text(lines)
    # A snippet of a few lines has no page furniture to find: keep all of its sentences.
    body, bio = _peel_author(short if len(short) > len(found) else found)
    head = [line for line in lines[:start] if line]
    if not body:
        return PlainText("", title=_title(lines, head), warnings=(_NO_BODY,))
    tail = bio + _tail_lines(lines, run.end)
    affiliation = next((a for a in map(parse_affiliation, tail) if a), None)
    text = "\n\n".join(body)
    return PlainText(
        text=text,
        title=_title(lines, head),
        author=_author(head, affiliation),
        date=_date(head, tail),
        dateline=_dateline(body[0]),
        affiliation=affiliation,
        warnings=(_SHORT_BODY,) if len(text) < _SHORT_BODY_CHARS else (),
    )


_NO_BODY = "no article body found in the text"
_SHORT_BODY = "the article body is very short; the text may be a teaser, an index or paywalled"


# -- 1. lines ------------------------------------------------------------------------------


def _normalise(raw: str) -> list[str]:
    """Split into stripped lines, one per paragraph, with invisible characters removed."""
    text = _INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (text wrapped at a fixed width) back into paragraphs.

    Copied web text has one paragraph per line, so it is left alone; the switch is for text
    where no line is longer than a typical wrap width and most lines fill that width.
    """
    filled = [len(line) for line in lines if line]
    widest = max(filled, default=0)
    if len(filled) < _MIN_WRAPPED_LINES or widest > _MAX_WRAP_WIDTH:
        return lines
    if sum(n >= widest * _WRAP_FILL for n in filled) < len(filled) * _WRAPPED_SHARE:
        return lines
    joined = "\n".join(lines).split("\n\n")
    return [" ".join(block.split()) for block in joined]


# -- 2. weights ----------------------------------------------------------------------------


def _length(line: str) -> int:
    """Length in Latin-text characters: a CJK character carries about as much as three."""
    return len(line) + 2 * len(_CJK.findall(line[:_SHAPE_CHARS]))


def _capitalised_share(line: str) -> float:
    """Share of cased words that start with a capital (menus and titles are near 1)."""
    words = [w for w in _WORD.findall(line[:_SHAPE_CHARS]) if w[0].lower() != w[0].upper()]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _ends_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line[-20:]) is not None


def _is_word_list(line: str) -> bool:
    """Tag clouds and keyword lists: no sentence punctuation, and short or no comma parts."""
    head = line[:_SHAPE_CHARS]
    if _ends_sentence(line) or _SENTENCE_INSIDE.search(head):
        return False
    parts = head.count(",") + 1
    return parts == 1 or len(_WORD.findall(head)) / parts < _MIN_LIST_PART_WORDS


def _is_prose(line: str) -> bool:
    """A line that reads like sentences rather than a label, a link, a title or a tag list."""
    length = _length(line)
    if length < _MIN_PROSE_CHARS or _capitalised_share(line) > _MAX_CAPITALISED:
        return False
    if _is_word_list(line):
        return False
    return length >= _LONG_PROSE_CHARS or _ends_sentence(line)


def _is_fragment(line: str) -> bool:
    """A short sentence or a list item: neither evidence for the body nor against it."""
    if len(_WORD.findall(line[:200])) < _MIN_FRAGMENT_WORDS:
        return False
    # Menu and heading lines start with a capital; a lowercase start is a list item's.
    return _ends_sentence(line) or _LIST_ITEM.match(line) is not None or line[0].islower()


def _is_date_line(line: str) -> bool:
    """A short line that is little more than a date or a time stamp."""
    return len(line) <= _MAX_DATE_LINE and parse_date(line) is not None


def _weight(line: str, repeats: int) -> float:
    if not line:
        return 0.0
    if is_comment_line(line):
        return -_WALL_PENALTY
    if is_section_break(line):
        return -_SECTION_PENALTY
    if is_boilerplate_line(line) or _is_date_line(line):
        return -_FURNITURE_PENALTY
    if repeats > 1:  # a line the page repeats word for word is navigation, not a paragraph
        return -_SHORT_PENALTY
    if _is_prose(line):
        return float(_length(line))
    if _is_quoted_sentence(line):  # '"Not over," she said.' is article text, however short
        return float(max(_length(line), _MIN_PROSE_CHARS))
    return 0.0 if _is_fragment(line) else -_SHORT_PENALTY


def _weights(lines: list[str]) -> list[float]:
    counts = Counter(line for line in lines if line)
    return _grow_gaps([_weight(line, counts[line]) for line in lines])


def _grow_gaps(weights: list[float]) -> list[float]:
    """Make each further line of a stretch of non-prose lines cost more than the one before."""
    grown: list[float] = []
    gap = 0
    for weight in weights:
        if weight < 0:
            grown.append(weight - _GAP_GROWTH * min(gap, _MAX_GAP_GROWTH))
            gap += 1
        else:
            gap = 0 if weight > 0 else gap  # blank lines and fragments do not end a stretch
            grown.append(weight)
    return grown


# -- 3. main block -------------------------------------------------------------------------


def _best_run(weights: list[float], first: int = 0, last: int | None = None) -> _Run:
    """The contiguous run with the largest total weight whose start lies in ``[first, last)``.

    Kadane's maximum-subarray scan, allowed to restart only inside the start window.
    """
    last = len(weights) if last is None else last
    best = _Run(0.0, first, first)
    total, start = float("-inf"), first
    for index in range(first, len(weights)):
        if index < last and total <= 0:
            total, start = 0.0, index
        total += weights[index]
        if total > best.total:
            best = _Run(total, start, index + 1)
    return best


def _choose_run(lines: list[str]) -> _Run:
    """The body's line span: the heaviest run, unless a fair one starts just after the headline."""
    weights = _weights(lines)
    weights = weights[: _thread_start(lines, weights)]
    best = _best_run(weights)
    for index in _headline_indices(lines):
        near = _best_run(weights, index + 1, _window_end(lines, index + 1))
        if near.total >= _HEADLINE_SHARE * best.total:
            return near
    return best


def _thread_start(lines: list[str], weights: list[float]) -> int:
    """Index of the first line of the reader-comment thread, or ``len(lines)`` when none.

    A thread is a comment marker with prose before it and another marker soon after it; a
    lone "Comments" link in a share bar above the article does not count.
    """
    marks = [i for i, line in enumerate(lines) if line and is_comment_line(line)]
    first_prose = next((i for i, weight in enumerate(weights) if weight > 0), len(lines))
    for this, after in pairwise(marks):
        if this > first_prose and after - this <= _THREAD_SPAN:
            return this
    return len(lines)


def _words(line: str) -> str:
    return " ".join(_WORD.findall(line[: _MAX_TITLE_CHARS * 2])).casefold()


def _headline_indices(lines: list[str]) -> list[int]:
    """Where the page's first line (its title) is repeated as the article's headline.

    A page's text starts with its title ("Headline - Site"); the article's own headline repeats
    it further down, just above the byline and the body.
    """
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    title = _words(lines[first]) if first < len(lines) else ""
    found: list[int] = []
    for index in range(first + 1, len(lines)):
        words = _words(lines[index])
        if len(words) >= max(_MIN_HEADLINE_CHARS, len(title) // 2) and (
            words in title or title in words
        ):
            found.append(index)
            if len(found) == _MAX_HEADLINES:
                break
    return found


def _window_end(lines: list[str], start: int) -> int:
    """The index just past the first ``_HEADLINE_WINDOW`` non-empty lines from ``start``."""
    seen = 0
    for index in range(start, len(lines)):
        seen += bool(lines[index])
        if seen > _HEADLINE_WINDOW:
            return index
    return len(lines)


# -- 4. clean-up ---------------------------------------------------------------------------


def _is_quoted_sentence(line: str) -> bool:
    """A quotation with a verb of saying that ends like a sentence (a headline does not)."""
    return _ends_sentence(line) and is_quoted_speech(line)


def _is_sentence(line: str) -> bool:
    """A short line that is a whole sentence of article text, not a label, a link, or a prompt
    to the reader ("Like this story? Share it!", "Sign up here.")."""
    return (
        _is_fragment(line)
        and _ends_sentence(line)
        and not is_boilerplate_line(line)
        and not _READER_PROMPT.search(line)
    )


def _extend_tail(lines: list[str], run: _Run) -> _Run:
    """Take in the short sentences that end an article ("Colombia had lost on Monday.").

    The heaviest run stops at its last long paragraph, since short lines weigh nothing; a last
    paragraph of one short sentence is still article text. Up to ``_MAX_TAIL_SENTENCES`` such
    lines join the run, up to the first line that is not one (a menu, a share bar, a heading).
    """
    end = run.end
    taken = 0
    for index in range(run.end, min(len(lines), run.end + 2 * _MAX_TAIL_SENTENCES)):
        line = lines[index]
        if not line:
            continue
        if taken == _MAX_TAIL_SENTENCES or not (_is_sentence(line) or _is_quoted_sentence(line)):
            break
        taken += 1
        end = index + 1
    return _Run(run.total, run.start, end)


def _trim_head(lines: list[str], run: _Run) -> int:
    """Skip the run's leading non-prose lines (headline, byline, date, share bar)."""
    start = run.start
    while start < run.end and not (
        lines[start] and (_is_prose(lines[start]) or _is_quoted_sentence(lines[start]))
    ):
        start += 1
    return start


def _body_lines(lines: list[str], start: int, end: int) -> list[str]:
    """The run's lines without furniture and captions, cut at a comment form."""
    kept: list[str] = []
    for line in lines[start:end]:
        if is_comment_form_line(line):
            break
        if line and not is_boilerplate_line(line):
            kept.append(line)
    return kept


def _short_text(lines: list[str]) -> list[str]:
    """For a text of a few lines with no prose run ("Just one line."), its sentence-like lines."""
    kept = [line for line in lines if line]
    if len(kept) > _MAX_SHORT_TEXT_LINES:
        return []
    return [
        line
        for line in kept
        if (_is_prose(line) or (_is_fragment(line) and _ends_sentence(line)))
        and not is_boilerplate_line(line)
        and not is_comment_line(line)
    ]


def _peel_author(body: list[str]) -> tuple[list[str], list[str]]:
    """Split trailing bio lines, and the author-name line just above them, off the body."""
    bio: list[str] = []
    while body and is_bio_line(body[-1]):
        bio.insert(0, body.pop())
    if bio and body and is_person_name(body[-1]):
        bio.insert(0, body.pop())
    return body, bio


def _tail_lines(lines: list[str], end: int) -> list[str]:
    """The few lines after the body, up to a comment form or a "related" heading."""
    tail: list[str] = []
    for line in lines[end:]:
        if len(tail) == _META_LINES or is_comment_form_line(line) or is_section_break(line):
            break
        if line:
            tail.append(line)
    return tail


# -- 5. metadata ---------------------------------------------------------------------------


def _title(lines: list[str], head: list[str]) -> str | None:
    """The repeated headline, else the text's first line, else the nearest title above the body."""
    headline = next((i for i in _headline_indices(lines) if lines[i] in head), None)
    if headline is not None:
        return lines[headline]
    if head and _is_title_like(head[0], _MIN_TITLE_WORDS):
        return head[0]
    near = reversed(head[-_META_LINES:])
    return next((line for line in near if _is_title_like(line, _MIN_FRAGMENT_WORDS)), None)


def _is_title_like(line: str, min_words: int) -> bool:
    return (
        len(line) <= _MAX_TITLE_CHARS
        and len(_WORD.findall(line)) >= min_words
        and not is_boilerplate_line(line)
        and not is_section_break(line)
        and not _is_date_line(line)
        and parse_byline(line) is None
    )


def _author(head: list[str], affiliation: Affiliation | None) -> str | None:
    """A byline above the body, else the person named by the bio line."""
    near = head[-_META_LINES:]
    for index in range(len(near) - 1, -1, -1):
        name = parse_byline(near[index])
        if name is None and _BARE_BY.match(near[index]) and index + 1 < len(near):
            name = near[index + 1] if is_person_name(near[index + 1]) else None
        if name:
            return name
    return affiliation.person if affiliation is not None else None


def _date(head: list[str], tail: list[str]) -> str | None:
    """The date nearest above the body, else the first one just below it."""
    for line in [*reversed(head[-_META_LINES:]), *tail]:
        found = parse_date(line) if len(line) <= _MAX_TITLE_CHARS else None
        if found:
            return found
    return None


def _dateline(first: str) -> str | None:
    match = _DATELINE.match(first[:120])
    return match.group("dateline") if match else None
