"""Instruments: the bills, resolutions, acts, treaties and agreements an article invokes.

Found by compiled patterns (``patterns.py``), in this order — earlier finds win overlaps:

1. numbered bills and resolutions: "H.Res. 1148", "H.R. 3364", "S.Res. 188",
   "U.S. House Resolution 1148", "UN Security Council Resolution 2231", "Resolution 2231";
2. well-known treaty acronyms and their expansions ("JCPOA", "NPT");
3. named instruments: "the Paris Agreement", "the Caesar Act of 2019", "Treaty on ...";
4. a legislature's instrument: "the Belgian Senate resolution", "a resolution passed by the
   Dutch parliament", and the elliptical "resolutions by many parliaments, the most recent
   being the Belgian Senate";
5. the model's LAW entities not already covered.

Acronyms defined for a named instrument ("the Comprehensive Peace Agreement (CPA)") are
followed to their later uses.
"""

from __future__ import annotations

import re
from typing import cast

from spacy.tokens import Doc

from presslens.records import InstrumentKind
from presslens.stages.actors.labels import head_word_type
from presslens.stages.actors.patterns import (
    ACRONYM_DEF,
    INSTRUMENT_ACRONYMS,
    INSTRUMENT_ELLIPSIS,
    INSTRUMENT_KIND_WORDS,
    INSTRUMENT_LEGISLATURE,
    INSTRUMENT_NAMED,
    INSTRUMENT_NUMBERED,
    INSTRUMENT_PLURALS,
)
from presslens.stages.actors.payload import InstrumentData
from presslens.vocabulary import lexicon

__all__ = ["MAX_INSTRUMENTS", "find_instruments"]

MAX_INSTRUMENTS = 1000
"""Instruments reported per document (bounded work on odd input)."""

_EXPANSIONS = re.compile(
    r"\b(?:the\s+)?("
    + "|".join(
        re.escape(exp) for _, exp in sorted(INSTRUMENT_ACRONYMS.values(), key=lambda v: -len(v[1]))
    )
    + r")\b",
    re.IGNORECASE,
)
_EXPANSION_TO_ACRONYM = {exp.casefold(): acr for acr, (_, exp) in INSTRUMENT_ACRONYMS.items()}
_SINGULAR = {"resolution": "resolution", "bill": "bill", "motion": "resolution", "law": "act"}
_PLURAL_KIND = {
    "resolutions": "resolution",
    "bills": "bill",
    "motions": "resolution",
    "laws": "act",
    "acts": "act",
    "declarations": "other",
}
_PASSED = lexicon("adopted passed approved tabled introduced voted issued")
_US = re.compile(r"\b(?:U\.\s?S\.|US|United\s+States)\b")
_UN = re.compile(r"\b(?:UN|U\.N\.|United\s+Nations)\b")
_DETERMINERS = frozenset({"The", "A", "An", "This", "That", "In", "On", "By", "the"})
_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text[4:] if text.lower().startswith("the ") else text


class _Found:
    def __init__(self) -> None:
        self.items: list[InstrumentData] = []

    def overlaps(self, start: int, end: int) -> bool:
        return any(i.start < end and start < i.end for i in self.items)

    def add(self, start: int, end: int, kind: str, name: str, body: str | None) -> bool:
        if start >= end or self.overlaps(start, end) or len(self.items) >= MAX_INSTRUMENTS:
            return False
        self.items.append(InstrumentData(start, end, cast(InstrumentKind, kind), name, body))
        return True


def _numbered(text: str, found: _Found) -> None:
    body: str | None
    for match in INSTRUMENT_NUMBERED.finditer(text):
        if match.group("usres"):
            chamber = match.group("uschamber")
            infix = (match.group("con") or "").replace(" ", "")
            name = f"{chamber}.{infix}Res. {match.group('usresnum')}"
            body = "U.S. House" if chamber == "H" else "U.S. Senate"
            found.add(*match.span(), "resolution", name, body)
        elif match.group("usbill"):
            chamber = match.group("usbillchamber").replace(" ", "")
            body = "U.S. House" if chamber.startswith("H") else "U.S. Senate"
            found.add(*match.span(), "bill", f"{chamber} {match.group('usbillnum')}", body)
        else:
            word = match.group("word").lower()
            num = match.group("num")
            kind = "bill" if word == "bill" else "resolution"
            body_text = match.group("body")
            body = _clean(body_text) if body_text else None
            name = f"Resolution {num}" if kind == "resolution" else f"Bill {num}"
            if body is not None:
                core = body.split()[-1].lower()
                before = text[max(0, match.start() - 40) : match.start()].split()
                foreign = (
                    bool(before)
                    and before[-1][:1].isupper()
                    and before[-1] not in _DETERMINERS
                    and not _US.search(body)
                )
                if foreign:  # "the Belgian Senate Resolution 5": the adjective names the body
                    body = f"{before[-1]} {body}"
                if "security council" in body.lower():
                    name = f"UNSC Resolution {num}"
                elif _UN.search(body):
                    name = f"UN {body.split(maxsplit=1)[-1]} Resolution {num}"
                elif foreign or word == "motion":
                    name = f"{body} {name}"  # not a U.S. number
                elif core in ("house", "representatives"):
                    name = f"H.Res. {num}" if kind == "resolution" else f"H.R. {num}"
                elif core == "senate":
                    name = f"S.Res. {num}" if kind == "resolution" else f"S. {num}"
            found.add(*match.span(), kind, name, body)


def _expansions(text: str, found: _Found) -> None:
    for match in _EXPANSIONS.finditer(text):
        acronym = _EXPANSION_TO_ACRONYM[match.group(1).casefold()]
        found.add(*match.span(1), INSTRUMENT_ACRONYMS[acronym][0], acronym, None)


def _acronyms(doc: Doc, found: _Found, defined: dict[str, tuple[str, str]]) -> None:
    table = {**{k: (v[0], k) for k, v in INSTRUMENT_ACRONYMS.items()}, **defined}
    for token in doc:
        entry = table.get(token.text)
        if entry is not None:
            found.add(token.idx, token.idx + len(token), entry[0], entry[1], None)


def _named(text: str, found: _Found) -> dict[str, tuple[str, str]]:
    """Named instruments; returns the acronyms they define (acronym -> (kind, name))."""
    defined: dict[str, tuple[str, str]] = {}
    for match in INSTRUMENT_NAMED.finditer(text):
        start, end = match.span("name")
        name = _clean(match.group("name"))
        words = name.split()
        if len(words) < 2 and not name.isupper():
            continue  # "Act" or "The Treaty" alone names nothing
        kind = INSTRUMENT_KIND_WORDS.get(match.group("kind").lower(), "other")
        if text[start : start + 4] in ("The ", "the "):
            start += 4
        if not found.add(start, end, kind, name, None):
            continue
        acr = ACRONYM_DEF.match(text, end)
        if acr is not None and "/" not in acr.group("acr") and acr.group("acr").isupper():
            defined[acr.group("acr")] = (kind, acr.group("acr"))
    return defined


def _legislature_ents(doc: Doc) -> list[tuple[int, int, str]]:
    """Entities the name-head rules call government bodies: (start_tok, end_tok, name)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "GPE", "NORP", "FAC"):
            continue
        words = [t.lower_ for t in ent if t.lower_ != "the"]
        if head_word_type(words)[0] == "government_body":
            out.append((ent.start, ent.end, _clean(ent.text)))
    return out


def _legislature_instruments(doc: Doc, text: str, found: _Found) -> None:
    bodies = _legislature_ents(doc)
    by_start = {start: (end, name) for start, end, name in bodies}
    by_start.update(
        {start - 1: v for start, v in by_start.items() if start and doc[start - 1].lower_ == "the"}
    )
    for match in INSTRUMENT_LEGISLATURE.finditer(text):
        # "the Belgian Senate resolution" (the model often tags only "Belgian")
        start, end = match.span()
        body = _clean(match.group("body"))
        first = match.group("body").split(maxsplit=1)[0]
        if first in _DETERMINERS:
            body = _clean(match.group("body")[len(first) :])
            start = text.index(body.split()[0], start + len(first))
        kind = _SINGULAR[match.group("word")]
        found.add(start, end, kind, f"{body} {kind}", body)
    for token in doc:
        low = token.lower_
        if low in _SINGULAR:
            # "a resolution (passed) by the Dutch parliament"
            k = token.i + 1
            if k < len(doc) and doc[k].lower_ in _PASSED:
                k += 1
            if k < len(doc) and doc[k].lower_ in ("by", "of", "in", "from"):
                hit = by_start.get(k + 1)
                if hit is not None:
                    end_tok, name = hit
                    kind = _SINGULAR[low]
                    span_end = doc[end_tok - 1].idx + len(doc[end_tok - 1])
                    found.add(token.idx, span_end, kind, f"{name} {kind}", name)
        elif low in INSTRUMENT_PLURALS and low in _PLURAL_KIND:
            # "resolutions by many parliaments, the most recent being the Belgian Senate"
            sent_end = token.sent.end_char if doc.has_annotation("SENT_START") else len(text)
            for match in INSTRUMENT_ELLIPSIS.finditer(text, token.idx, sent_end):
                after = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
                if after is None:
                    continue
                hit = by_start.get(after.start)
                if hit is None:
                    continue
                end_tok, name = hit
                kind = _PLURAL_KIND[low]
                span_end = doc[end_tok - 1].idx + len(doc[end_tok - 1])
                found.add(match.start(), span_end, kind, f"{name} {kind}", name)


def _law_ents(doc: Doc, found: _Found) -> None:
    for ent in doc.ents:
        if ent.label_ != "LAW":
            continue
        name = _clean(ent.text)
        last = name.split()[-1].lower() if name else ""
        kind = INSTRUMENT_KIND_WORDS.get(last, "other")
        start = ent.start_char + (4 if ent.text[:4].lower() == "the " else 0)
        found.add(start, ent.end_char, kind, name, None)


def find_instruments(doc: Doc) -> list[InstrumentData]:
    """Find the instruments a document invokes.

    Args:
        doc: a parsed document; the rules use its tokens, sentences and entities.

    Returns:
        One per mention, in text order: ``start``, ``end`` (character offsets), ``kind``
        (bill, resolution, act, treaty, agreement, convention, other), ``name`` (normalised,
        "H.Res. 1148") and ``body`` (the legislature as the text gives it, or None).
    """
    found = _Found()
    text = doc.text  # a join over all tokens on every access: read it once
    _numbered(text, found)
    _expansions(text, found)
    defined = _named(text, found)
    _acronyms(doc, found, defined)
    _legislature_instruments(doc, text, found)
    _law_ents(doc, found)
    return sorted(found.items, key=lambda i: (i.start, i.end))
