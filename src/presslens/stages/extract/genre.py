"""Genre (news / opinion / analysis / other) from the signals a page gives, strongest first.

1. a tag in the title ("... – OpEd", "Opinion | ...", "Analysis: ...") — also stripped from it;
2. a schema.org type (OpinionNewsArticle, AnalysisNewsArticle, ...);
3. the section (``article:section``) or categories;
4. the URL path (``/opinion/``, ``/analysis/``);
5. an author bio line ("X writes for Y", "X is a fellow at Y"), which op-eds carry and news
   reports rarely do;
6. generic article evidence (NewsArticle, og:type article, a dateline) means news.

The same rules apply to every outlet. The signal that decided is reported with the genre.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from presslens.records import Genre

__all__ = ["GenreSignals", "detect_genre", "split_title_tag"]

_OPINION_WORDS = (
    r"op[\s-]?eds?|opinions?|editorials?|commentary|commentaries|columns?|columnists?|"
    r"perspectives?|viewpoints?|guest essay|guest column|letters?(?: to the editor)?|comment"
)
_ANALYSIS_WORDS = r"(?:news )?analysis|analyses|explainer|explained|fact[\s-]?check"
_TAG = rf"(?P<tag>{_OPINION_WORDS}|{_ANALYSIS_WORDS})"
# Tags are matched only at the edges of a title and behind a separator, so that a title which
# merely uses the word ("The opinion polls were wrong") is left alone.
_SUFFIX_TAG = re.compile(rf"(?:\s+[-–—]|\s*[|:])\s*{_TAG}\s*$", re.I)
_PAREN_TAG = re.compile(rf"\s*[(\[]{_TAG}[)\]]\s*$", re.I)
_PREFIX_TAG = re.compile(rf"^\s*{_TAG}\s*(?:[:|]|[-–—]\s)\s*", re.I)
_ANALYSIS = re.compile(rf"^(?:{_ANALYSIS_WORDS})$", re.I)
_OPINION = re.compile(rf"^(?:{_OPINION_WORDS})$", re.I)

_SCHEMA_GENRES: dict[str, Genre] = {
    "opinionnewsarticle": "opinion",
    "reviewnewsarticle": "opinion",
    "analysisnewsarticle": "analysis",
    "backgroundnewsarticle": "analysis",
    "reportagenewsarticle": "news",
}
_NEWS_TYPES = frozenset({"newsarticle", "reportagenewsarticle", "article", "liveblogposting"})


def _genre_of_word(word: str) -> Genre | None:
    word = word.strip().lower().replace("_", " ")
    if _ANALYSIS.match(word):
        return "analysis"
    if _OPINION.match(word):
        return "opinion"
    return None


def split_title_tag(title: str | None) -> tuple[str | None, Genre | None, str | None]:
    """Strip a genre tag from the edge of a title.

    Returns:
        The title without the tag, the genre the tag names (or None) and the tag as written.

    >>> split_title_tag("Tehran Speaks – OpEd")
    ('Tehran Speaks', 'opinion', 'OpEd')
    """
    if not title:
        return title, None, None
    for pattern in (_SUFFIX_TAG, _PAREN_TAG, _PREFIX_TAG):
        match = pattern.search(title)
        if match:
            rest = (title[: match.start()] + title[match.end() :]).strip()
            if rest:  # a title that is only "Opinion" keeps its text
                return rest, _genre_of_word(match.group("tag")), match.group("tag")
    return title, None, None


@dataclass(frozen=True, slots=True)
class GenreSignals:
    """Everything the genre decision may look at; every field is optional."""

    title: str | None = None
    other_titles: Sequence[str] = ()  # e.g. the HTML <title> when the headline differs
    schema_types: Sequence[str] = ()
    sections: Sequence[str] = ()
    url: str | None = None
    has_bio_line: bool = False
    page_type: str | None = None
    has_dateline: bool = False


def _from_words(words: Iterable[str]) -> Genre | None:
    for word in words:
        for part in re.split(r"[/,;>|]+", word):
            genre = _genre_of_word(part)
            if genre:
                return genre
    return None


def _from_url(url: str | None) -> Genre | None:
    if not url:
        return None
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    return _from_words(segments[:-1] if len(segments) > 1 else [])


def detect_genre(signals: GenreSignals) -> tuple[Genre, str | None]:
    """Decide the genre.

    Returns:
        The genre and a short description of the signal that decided it (None for "other").
    """
    for title in (signals.title, *signals.other_titles):
        _, tagged, tag = split_title_tag(title)
        if tagged:
            return tagged, f"title tag {tag!r}"
    types = [t.strip().lower() for t in signals.schema_types]
    for schema_type in types:
        if schema_type in _SCHEMA_GENRES and _SCHEMA_GENRES[schema_type] != "news":
            return _SCHEMA_GENRES[schema_type], f"schema.org type {schema_type!r}"
    section = _from_words(signals.sections)
    if section:
        return section, "section or category"
    path = _from_url(signals.url)
    if path:
        return path, "URL path"
    if signals.has_bio_line:
        return "opinion", "author bio line"
    if any(t in _NEWS_TYPES for t in types):
        return "news", "schema.org type"
    if signals.page_type == "article" or signals.has_dateline:
        return "news", "article page" if signals.page_type == "article" else "dateline"
    return "other", None
