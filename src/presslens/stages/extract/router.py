"""Stage 2: route a decoded input to the HTML or plain-text extractor and settle the metadata."""

from __future__ import annotations

import re
from dataclasses import replace

from presslens.records import Metadata
from presslens.stages.extract.extracted import Extracted
from presslens.stages.extract.genre import GenreSignals, detect_genre, split_title_tag
from presslens.stages.extract.html import extract_html
from presslens.stages.extract.language import detect_language, language_warning
from presslens.stages.extract.plaintext import clean_plain_text
from presslens.stages.ingest import RawInput

__all__ = ["extract", "split_title_outlet"]

# "Headline | Outlet": a short last segment behind a pipe names the site, not the story.
_OUTLET_SUFFIX = re.compile(r"^(?P<title>.{8,}?)\s+\|\s+(?P<outlet>[^|]{2,40})$")


def split_title_outlet(title: str | None) -> tuple[str | None, str | None]:
    """Split "Headline | Outlet" into its two parts; other titles come back unchanged."""
    if not title:
        return title, None
    match = _OUTLET_SUFFIX.match(title.strip())
    if not match or len(match.group("outlet").split()) > 4:
        return title, None
    return match.group("title").strip(), match.group("outlet").strip()


def _with_language(extracted: Extracted) -> Extracted:
    """Fill in the body's language when the page did not declare it, and warn if not English."""
    meta = extracted.metadata
    language = meta.language or detect_language(extracted.text)
    warning = language_warning(language)
    return replace(
        extracted,
        metadata=replace(meta, language=language),
        warnings=extracted.warnings + ((warning,) if warning else ()),
    )


def _metadata(
    *,
    title: str | None,
    signals: GenreSignals,
    author: str | None,
    date: str | None,
    outlet: str | None,
    url: str | None,
    language: str | None,
) -> Metadata:
    genre, signal = detect_genre(signals)
    clean_title, _, _ = split_title_tag(title)
    return Metadata(clean_title, author, date, outlet, url, language, genre, signal)


def _from_html(raw: RawInput) -> Extracted:
    page = extract_html(raw.text, url=raw.url)
    signals = GenreSignals(
        title=page.title,
        other_titles=(page.signals.html_title,) if page.signals.html_title else (),
        schema_types=page.signals.schema_types,
        sections=page.signals.sections + page.categories,
        url=page.url,
        has_bio_line=bool(page.bio_lines),
        page_type=page.signals.og_type,
    )
    meta = _metadata(
        title=page.title,
        signals=signals,
        author=page.author,
        date=page.date,
        outlet=page.outlet,
        url=page.url,
        language=page.signals.language,
    )
    return Extracted(page.text, meta, page.affiliation, page.warnings)


def _from_text(raw: RawInput) -> Extracted:
    page = clean_plain_text(raw.text)
    title, outlet = split_title_outlet(page.title)
    signals = GenreSignals(
        title=title,
        url=raw.url,
        has_bio_line=page.affiliation is not None,
        has_dateline=page.dateline is not None,
    )
    author = page.author or (page.affiliation.person if page.affiliation else None)
    meta = _metadata(
        title=title,
        signals=signals,
        author=author,
        date=page.date,
        outlet=outlet,
        url=raw.url,
        language=None,
    )
    return Extracted(page.text, meta, page.affiliation, page.warnings)


def extract(raw: RawInput, *, clean_text: bool = True) -> Extracted:
    """Turn a decoded input into a clean body with metadata.

    Args:
        raw: the decoded input.
        clean_text: for plain text, remove boilerplate and recover title/byline. With False
            the text is kept verbatim, so offsets map 1:1 to the input.
    """
    if raw.is_html:
        return _with_language(_from_html(raw))
    if clean_text:
        return _with_language(_from_text(raw))
    return _with_language(Extracted(raw.text, Metadata(url=raw.url), None, ()))
