"""Bylines, author bio lines and date lines, shared by the plain-text and HTML routes.

* :func:`parse_byline` reads "By Jane Doe and John Roe | Reuters" as ``"Jane Doe and John Roe"``.
* :func:`parse_affiliation` reads a bio line such as "Jane Doe is a senior fellow at the Atlantic
  Council." as an :class:`~presslens.records.Affiliation`. The organisation is kept as written
  up to the end of its clause, except that a lowercase leading "the" is dropped ("the Atlantic
  Council" -> "Atlantic Council"); a capitalised "The" is kept because it belongs to names such
  as "The Atlantic". A place ("is a writer based in Toronto") is not an organisation.
* :func:`is_bio_line` also accepts bios that name no organisation ("X is a freelance writer").
* :func:`parse_date` reads common English date lines ("Published: Nov. 18, 2019") as ISO
  ``YYYY-MM-DD``.

Every function takes one line, never raises, and returns ``None``/``False`` when the line is not
what it looks for. Lines longer than :data:`MAX_LINE` are not examined: a bio or a byline is
short, and the cap bounds the regex work on untrusted text.
"""

from __future__ import annotations

import re
from datetime import date

from presslens.records import Affiliation

__all__ = [
    "MAX_LINE",
    "is_bio_line",
    "is_person_name",
    "parse_affiliation",
    "parse_byline",
    "parse_date",
]

MAX_LINE = 600

# A word that may be part of a personal name: "Jane", "O'Neil", "Al-Sayed", "J.", "DeArdo".
# The capital check is approximate (Latin and Cyrillic); _valid_name() checks properly.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ"
_NAME_WORD = rf"(?:[{_UPPER}][.]|[{_UPPER}](?:[^\W\d_]|['’-][^\W\d_])+\.?)"
_PARTICLES = frozenset(
    ("de", "da", "di", "del", "della", "der", "van", "von", "bin", "ibn", "al", "el", "la", "le",
     "du", "dos", "das", "ter", "ten", "y")
)  # fmt: skip
_PARTICLE = "(?:" + "|".join(sorted(_PARTICLES)) + ")"
_NAME = rf"(?:{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,4}})"
_HONORIFIC = r"(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms|Sir|Rev|Gen|Col|Amb)\.?\s+)"
_MONTH_WORDS = frozenset(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
     "sept", "oct", "nov", "dec")
)  # fmt: skip
# Capitalised words that show a line is page furniture or a desk, not a person's name.
_NOT_NAME_WORDS = _MONTH_WORDS | frozenset(
    ("about", "all", "and", "article", "articles", "more", "news", "latest", "related", "read",
     "share", "story", "tags", "terms", "privacy", "service", "notice", "follow", "next",
     "previous", "post", "posts", "view", "comments", "comment", "leave", "quick", "links",
     "continue", "main", "report", "error", "tour", "dates", "featured", "radar", "with", "the",
     "this", "that", "our", "your", "for", "from", "in", "on", "of", "to", "by", "staff", "desk",
     "team", "wires", "wire", "editors", "editorial", "reporters", "agency", "press", "newsroom",
     "contributor", "contributors", "guest", "admin", "administrator")
)  # fmt: skip

_BYLINE = re.compile(
    rf"""^(?i:(?:written|reported|story|words|text)\s+)?(?i:by|von|por|par|di|door|av|af)\s*:?\s+
        (?P<names>{_HONORIFIC}?{_NAME}(?:\s*(?:,|and|&|und|e|y|et)\s+{_HONORIFIC}?{_NAME}){{0,5}})
        (?=\s*(?:$|[|,–—•·/(]|-\s|\bon\b|\bfor\b|\bin\b|\bat\b|\b(?i:updated|published)\b|\d))""",
    re.VERBOSE,
)
_NAME_SPLIT = re.compile(r"(\s*(?:,|\band\b|&|\bund\b|\bet\b)\s*)")

# The subject of a bio: "The author", or a name after up to three words ("NRO contributor X Y").
_PERSON = (
    r"(?P<person>[Tt]he\ (?:author|writer|columnist)"
    rf"|(?:[\w’'.-]+\s+){{0,3}}{_HONORIFIC}?{_NAME})"
)
_ROLE_NOUNS = (
    r"(?:director|president|founder|co-founder|chair|chairman|chairwoman|ceo|head|editor"
    r"|professor|lecturer|researcher|fellow|analyst|correspondent|reporter|columnist|writer"
    r"|contributor|member|partner|adviser|advisor|associate|spokesperson|ambassador|dean"
    r"|manager|coordinator|executive|principal|chief|secretary|officer|scholar|economist)"
)
# The linking phrase, captured as written: "writes for", "is a senior fellow at",
# "is director of", "is the Martin and Illie Anderson Senior Fellow at".
_RELATION = rf"""(?P<relation>
    (?:(?:also|regularly|frequently|often)\s+)?(?:writes|blogs|reports|works)(?:\s+\w+ly)?
    \s+(?:for|at|with)
  | contributes\s+(?:regularly\s+)?to
  | (?:is|was|has\s+been|serves\s+as|served\s+as)\s+(?:(?:also|currently|now|formerly)\s+)?
    (?:(?:an?|the)\s+[\w’'/-]+(?:[\s,]+[\w’'/-]+){{0,10}}?|(?:[\w-]+\s+){{0,2}}{_ROLE_NOUNS})
    \s+(?:at|of|with|for|to|in)
)"""
_AFFILIATION = re.compile(
    rf"""^(?:(?i:about\ the\ (?:author|writer))\s*[:.–—-]?\s*)?{_PERSON}
        (?:\s*\([^)]{{1,40}}\))?(?:,\s*[\w.\s]{{1,30}},)?\s+{_RELATION}\s+
        (?P<org>(?:the\s+)?[A-Z0-9“"].*)$""",
    re.VERBOSE,
)
# Where the organisation's name stops: end of sentence, a new clause, "and a former ...".
_ORG_END = re.compile(
    r"""(?:(?<!\b[A-Z])\.(?=\s|$)|[;:!?]|,\s|\s[-–—|]\s|\s\(@|\s+@
      |\s+and\s+(?=[a-z])|\s+(?:where|who|which|since|from|based|as|until|while)\s
      |\s+[a-z]+ing\b|$)""",
    re.VERBOSE,
)
_PLACE_RELATION = re.compile(r"\b(?:based|living|located|born|raised|residing)\s+in$")
_ROLE_BIO = re.compile(
    rf"""^{_PERSON}(?:\s*\([^)]{{1,40}}\))?(?:,\s*[\w.\s]{{1,30}},)?\s+(?:is|was)\s+(?:an?|the)\s+
        (?:[\w-]+,?\s+){{0,4}}(?:writer|author|journalist|columnist|reporter|correspondent
        |editor|contributor|analyst|professor|lecturer|researcher|fellow|scholar|commentator
        |blogger|activist|lawyer|attorney|economist|historian|consultant|freelancer|novelist
        |poet|student|educator)\b""",
    re.VERBOSE,
)

# Month number by the first three letters of its English name.
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = (
    re.compile(rf"(?<!\d){_YEAR}[-/.](?P<num>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"(?<![\d/])(?P<first>[01]?\d|[23]\d)/(?P<second>[0-3]?\d)/{_YEAR}\b"),
)


def _clean(line: str) -> str | None:
    text = " ".join(line.split())
    return text if len(text) <= MAX_LINE else None


def is_person_name(line: str) -> bool:
    """Return True when the whole line looks like a personal name ("Jane Doe", "J. R. Smith").

    Args:
        line: one line of text.

    Returns:
        Whether the line is two to five capitalised name words and nothing else. Shape only:
        "Hong Kong" passes, "Related Tags" and "Quick Links" do not.
    """
    text = _clean(line)
    return text is not None and len(text) <= 60 and _valid_name(text)


def _valid_name(text: str, *, allow_caps: bool = False) -> bool:
    words = text.split()
    named = [w for w in words if w.lower() not in _PARTICLES]
    if not 2 <= len(words) <= 5 or len(named) < 2:
        return False
    for word in named:
        core = word.strip(".,")
        if not core or not core[0].isupper() or not all(c.isalpha() or c in "'’-." for c in core):
            return False
        if core.lower() in _NOT_NAME_WORDS or (core.isupper() and len(core) > 2 and not allow_caps):
            return False
    return True


def parse_byline(line: str) -> str | None:
    """Return the author name(s) of a byline such as "By Jane Doe | Reuters".

    Args:
        line: one line of text.

    Returns:
        The names as written ("Jane Doe and John Roe"), or None when the line is not a byline
        or credits a desk rather than a person ("By Staff Reporters").
    """
    text = _clean(line)
    match = _BYLINE.match(text) if text else None
    if match is None:
        return None
    # "By Jane Doe, Reuters": keep the names up to the first part that is not a person.
    parts = _NAME_SPLIT.split(match.group("names").strip())
    kept = ""
    for index in range(0, len(parts), 2):
        if not _valid_name(_strip_honorific(parts[index]), allow_caps=True):
            break
        kept = "".join(parts[: index + 1])
    return kept or None


def _strip_honorific(name: str) -> str:
    return re.sub(_HONORIFIC, "", name, count=1) if re.match(_HONORIFIC, name) else name


def parse_affiliation(line: str) -> Affiliation | None:
    """Read an author bio line as an affiliation.

    Args:
        line: one line, such as "Jane Doe is a senior fellow at the Atlantic Council." or
            "The author is a professor at Y".

    Returns:
        The affiliation (statement as written, organisation, person, linking phrase), or None
        when the line does not link a person to an organisation.
    """
    text = _clean(line)
    match = _AFFILIATION.match(text) if text else None
    if match is None:
        return None
    relation = " ".join(match.group("relation").split())
    person = _person(match.group("person"))
    org = _cut_org(match.group("org"))
    if not org or person == _NOT_A_PERSON or _PLACE_RELATION.search(relation):
        return None
    return Affiliation(statement=text or "", organisation=org, person=person, relation=relation)


_NOT_A_PERSON = ""
_ANONYMOUS = frozenset(("the author", "the writer", "the columnist"))


def _person(raw: str) -> str | None:
    """The name that ends the subject: "NRO contributor Victor Davis Hanson" -> "Victor Davis
    Hanson"; None for "The author"; ``_NOT_A_PERSON`` when the subject names no person."""
    if raw.lower() in _ANONYMOUS:
        return None
    words = raw.split()
    for start in range(len(words) - 1):
        candidate = _strip_honorific(" ".join(words[start:]))
        if _valid_name(candidate):
            return candidate
    return _NOT_A_PERSON


def _cut_org(rest: str) -> str | None:
    """Cut the organisation name off the rest of the clause; drop a lowercase leading "the"."""
    end = _ORG_END.search(rest)
    org = rest[: end.start()] if end else rest
    org = org.removeprefix("the ").strip(" \"“”'")
    return org if org[:1].isupper() or org[:1].isdigit() else None


def is_bio_line(line: str) -> bool:
    """Return True when ``line`` is an author bio ("X writes for Y", "X is a journalist ...").

    Args:
        line: one line of text.

    Returns:
        Whether the line introduces a named person (or "The author") by affiliation or by
        profession.
    """
    text = _clean(line)
    if text is None:
        return False
    if parse_affiliation(text) is not None:
        return True
    match = _ROLE_BIO.match(text)
    return match is not None and _person(match.group("person")) != _NOT_A_PERSON


def parse_date(line: str) -> str | None:
    """Return the first calendar date in a date line or byline, as ISO ``YYYY-MM-DD``.

    Args:
        line: one line such as "November 18, 2019 11:03 PM", "18 November 2019",
            "2019-11-18", "Published: Nov. 18, 2019" or "11/20/2019". A numeric date with day
            and month both 12 or less ("03/04/2019") is ambiguous and is not read.

    Returns:
        The ISO date, or None when the line holds no valid date.
    """
    text = line[:MAX_LINE]
    found: list[tuple[int, str]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            iso = _iso(match.groupdict())
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def _iso(groups: dict[str, str | None]) -> str | None:
    year = int(groups["year"] or 0)
    if groups.get("month"):
        month, day = _MONTHS[(groups["month"] or "")[:3].lower()], int(groups["day"] or 0)
    elif groups.get("num"):
        month, day = int(groups["num"] or 0), int(groups["day"] or 0)
    else:
        first, second = int(groups["first"] or 0), int(groups["second"] or 0)
        if first <= 12 and second <= 12 and first != second:
            return None  # 03/04/2019: March 4 or 3 April
        month, day = (first, second) if first <= 12 else (second, first)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
