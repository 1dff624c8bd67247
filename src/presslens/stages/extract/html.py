"""HTML route: trafilatura finds the body and metadata; presslens adds genre signals and bio lines.

trafilatura is run with ``favor_precision`` (measured best on the article-extraction benchmark,
see ``benchmarks/extraction.py``). Its output then goes through the same line rules as plain
text: residual boilerplate lines are dropped and a trailing author bio ("X writes for Y") is
moved out of the body into the affiliation.

Pages are hostile input, and the libraries underneath (lxml, trafilatura, htmldate) fail on
some of them with errors of their own (an ``AssertionError`` from lxml inside htmldate, a
``RecursionError`` on deeply nested JSON-LD). Each library call is contained: a failing metadata
step is retried without metadata, failing page signals are skipped, and the record says so in
its warnings.

trafilatura drops characters Python calls non-printable, among them the zero-width non-joiner
and joiner (U+200C, U+200D), which are part of words in Persian, Arabic and Indic scripts. They
are swapped for rare printable stand-ins before extraction and restored after it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from presslens.records import Affiliation
from presslens.stages.extract.boilerplate import is_boilerplate_line
from presslens.stages.extract.byline import is_bio_line, parse_affiliation, parse_byline

__all__ = ["HtmlExtraction", "PageSignals", "extract_html", "read_page_signals"]

log = logging.getLogger(__name__)

_WORDS = re.compile(r"\w+")
_MAX_JSONLD_CHARS = 200_000  # bigger JSON-LD blocks are product feeds, not article metadata


@dataclass(frozen=True, slots=True)
class PageSignals:
    """Metadata trafilatura does not return but genre detection needs."""

    schema_types: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    og_type: str | None = None
    language: str | None = None
    html_title: str | None = None


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """trafilatura's findings plus presslens' page signals and bio line."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    outlet: str | None
    url: str | None
    signals: PageSignals
    categories: tuple[str, ...]
    affiliation: Affiliation | None
    bio_lines: tuple[str, ...]
    warnings: tuple[str, ...]


def _walk_types(node: Any, depth: int = 0) -> Iterator[tuple[str, str]]:
    """Yield ("type", value) and ("section", value) pairs found in a JSON-LD tree."""
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_types(item, depth + 1)
    elif isinstance(node, dict):
        kinds = node.get("@type")
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            if isinstance(kind, str):
                yield "type", kind
        section = node.get("articleSection")
        for value in section if isinstance(section, list) else [section]:
            if isinstance(value, str):
                yield "section", value
        if "@graph" in node:
            yield from _walk_types(node["@graph"], depth + 1)


def read_page_signals(tree: HtmlElement) -> PageSignals:
    """Read schema.org types, sections, og:type and the page language from a parsed page."""
    types: list[str] = []
    sections: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = script.text or ""
        if len(raw) > _MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue  # broken (or absurdly nested) JSON-LD is common; other signals still count
        for key, value in _walk_types(data):
            (types if key == "type" else sections).append(value)
    sections += [str(v) for v in tree.xpath('//meta[@property="article:section"]/@content')]
    og_types = tree.xpath('//meta[@property="og:type"]/@content')
    langs = tree.xpath("/html/@lang")
    titles = tree.xpath("//head/title/text()")
    language = str(langs[0]).split("-")[0].lower() if langs and str(langs[0]).strip() else None
    return PageSignals(
        tuple(dict.fromkeys(types)),
        tuple(dict.fromkeys(s.strip() for s in sections if s.strip())),
        str(og_types[0]).strip().lower() if og_types else None,
        language,
        " ".join(str(titles[0]).split()) if titles else None,
    )


def split_bio(lines: list[str], author: str | None) -> tuple[list[str], list[str]]:
    """Peel author bio lines (and a bare author-name line) off the end of the body.

    Returns:
        The body lines that remain and the bio lines, in their original order.
    """
    bio: list[str] = []
    while lines:
        last = lines[-1].strip()
        if is_bio_line(last) or (author and last.casefold() == author.casefold()):
            bio.insert(0, lines.pop())
        else:
            break
    return lines, bio


def _same_text(a: str, b: str) -> bool:
    return _WORDS.findall(a.casefold()) == _WORDS.findall(b.casefold())


def drop_heading(lines: list[str], title: str | None) -> list[str]:
    """Drop a leading headline (the title again) and byline ("By X") that trafilatura kept."""
    start = 0
    for line in lines[:3]:
        if (title and _same_text(line, title)) or parse_byline(line):
            start += 1
        else:
            break
    return lines[start:]


def _failure(exc: BaseException) -> str:
    """A library failure in words: its type and first line, for a warning."""
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    return f"{exc.__class__.__name__}: {detail}" if detail else exc.__class__.__name__


class _Joiners:
    """Stand-ins for the zero-width (non-)joiner while trafilatura works on the page."""

    _PAIRS = (("\u200c", "\U0001e900"), ("\u200d", "\U0001e901"))

    def __init__(self, html: str):
        present = any(real in html or f"&#{ord(real)}" in html for real, _ in self._PAIRS)
        zwnj_entity = "&zwnj;" in html or "&zwj;" in html
        clash = any(stand_in in html for _, stand_in in self._PAIRS)
        self.active = (present or zwnj_entity) and not clash

    def hide(self, tree: HtmlElement) -> None:
        """Swap the joiners in every text node for their stand-ins (entities are decoded)."""
        if not self.active:
            return
        for element in tree.iter():
            if isinstance(element.text, str):
                element.text = self._swap(element.text, hide=True)
            if isinstance(element.tail, str):
                element.tail = self._swap(element.tail, hide=True)

    def restore(self, text: str | None) -> str | None:
        """Put the joiners back into a string trafilatura returned."""
        return self._swap(text, hide=False) if self.active and text else text

    def _swap(self, text: str, *, hide: bool) -> str:
        for real, stand_in in self._PAIRS:
            text = text.replace(real, stand_in) if hide else text.replace(stand_in, real)
        return text


def _bare_extraction(
    tree: HtmlElement,
    reparse: Callable[[], HtmlElement | None],
    url: str | None,
    warnings: list[str],
) -> Document | None:
    """trafilatura with metadata; if a metadata library fails, again (on a fresh parse, since
    trafilatura prunes the tree it is given) without metadata."""
    options: dict[str, Any] = {"url": url, "favor_precision": True, "include_comments": False}
    try:
        doc = trafilatura.bare_extraction(tree, with_metadata=True, **options)
    except Exception as exc:  # a library's bug on this page; the body may still be found
        log.debug("trafilatura failed with metadata", exc_info=True)
        warnings.append(f"the page's metadata could not be read ({_failure(exc)}); skipped")
        try:
            doc = trafilatura.bare_extraction(reparse(), with_metadata=False, **options)
        except Exception as again:
            log.debug("trafilatura failed without metadata", exc_info=True)
            warnings.append(f"the page could not be processed ({_failure(again)})")
            return None
    return doc if isinstance(doc, Document) else None


def extract_html(html: str, *, url: str | None = None) -> HtmlExtraction:
    """Extract the body and metadata of an HTML page. Never raises on bad HTML.

    Args:
        html: the page source.
        url: the page's URL when known (helps trafilatura and genre detection).
    """
    warnings: list[str] = []
    try:
        tree = load_html(html)
    except Exception as exc:
        log.debug("lxml could not parse the page", exc_info=True)
        return _empty(f"the HTML could not be parsed ({_failure(exc)})", url)
    if tree is None:
        return _empty("the HTML could not be parsed", url)
    joiners = _Joiners(html)
    joiners.hide(tree)
    try:
        signals = read_page_signals(tree)
    except Exception as exc:
        log.debug("page signals failed", exc_info=True)
        warnings.append(f"the page's schema.org and og: data could not be read ({_failure(exc)})")
        signals = PageSignals()

    def reparse() -> HtmlElement | None:
        fresh = load_html(html)
        if fresh is not None:
            joiners.hide(fresh)
        return fresh

    doc = _bare_extraction(tree, reparse, url, warnings)
    if doc is None or not doc.text:
        warnings.append("trafilatura found no article body in the page")
        return _empty("; ".join(warnings), url, signals)
    doc.text = joiners.restore(doc.text) or ""
    doc.title = joiners.restore(doc.title)
    doc.author = joiners.restore(doc.author)
    author = doc.author or None
    lines = [ln.strip() for ln in doc.text.splitlines()]
    lines = [ln for ln in lines if ln and not is_boilerplate_line(ln)]
    lines, bio = split_bio(drop_heading(lines, doc.title), author)
    affiliation = next((a for a in map(parse_affiliation, bio) if a), None)
    if affiliation and not author and affiliation.person:
        author = affiliation.person
    if not lines:
        warnings.append("no article body left after removing boilerplate")
    return HtmlExtraction(
        text="\n\n".join(lines),
        title=doc.title or None,
        author=author,
        date=doc.date or None,
        outlet=doc.sitename or doc.hostname or None,
        url=doc.url or url,
        signals=signals,
        categories=tuple(doc.categories or ()),
        affiliation=affiliation,
        bio_lines=tuple(bio),
        warnings=tuple(warnings),
    )


def _empty(message: str, url: str | None, signals: PageSignals | None = None) -> HtmlExtraction:
    return HtmlExtraction(
        "", None, None, None, None, url, signals or PageSignals(), (), None, (), (message,)
    )
