"""Which capitalised spans name an actor.

The model tags capitalised runs that name no actor: titles ("Lt Col"), portfolios inside titles
("Energy Secretary Rick Perry"), a modal verb that opens a question ("Will Warren continue ..."),
market indexes and instrument codes ("Hang Seng Index", "Sterling GBP="), one member of a group
("an American"), the people a story credits ("Reporting by ..."), words run together when a page's
links lose their spaces ("Ilhan OmarIlhan"). Each rule here keys on the *form* of the text, never
on a particular name, and cuts a span to the name inside it or drops it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from presslens.stages.actors.labels import head_word_type, looks_like_person_name
from presslens.stages.actors.patterns import (
    ACRONYM_STOPWORDS,
    CREDIT_LINE,
    FOLLOW_LINE,
    GOV_HEADS,
    MARKET_HEADS,
    ORG_HEADS,
    OUTLET_HEADS,
    PORTFOLIO_TITLES,
)
from presslens.vocabulary import NAME_PARTICLES, PERSON_ROLE_NOUNS, PERSON_TITLES

__all__ = [
    "credit_lines",
    "is_code",
    "is_title",
    "is_title_word",
    "refine_entity",
    "run_together",
]

_TITLES = frozenset(w.rstrip(".") for w in PERSON_TITLES)
_TITLE_WORDS = _TITLES | frozenset(w.rstrip(".") for w in PERSON_ROLE_NOUNS)
_RUN_TOGETHER = re.compile(r"[a-z]{3}[A-Z]")
_POSSESSIVES = frozenset({"'s", "’s"})
# Lowercase words names have inside: function words, particles, and head nouns some outlets
# write in lowercase ("the Communist party", "the Democratic Progressive party").
_INNER_WORDS = ACRONYM_STOPWORDS | NAME_PARTICLES | GOV_HEADS | ORG_HEADS | OUTLET_HEADS
# Verb forms and adverbs; not adjectives: the small model tags some brand names as adjectives
# ("a Tumblr post").
_NON_PROPER_TAGS = frozenset({"VBN", "VBG", "VBD", "RB"})


def is_title(word: str) -> bool:
    """A title before a name, with or without its dot ("Lt", "Col.", "Senator")."""
    return word.casefold().rstrip(".") in _TITLES


def is_title_word(word: str) -> bool:
    """A title or a role noun, with or without its dot ("Lt", "Director", "spokesman")."""
    return word.casefold().rstrip(".") in _TITLE_WORDS


def is_code(text: str) -> bool:
    """A reference or market code, not a word of a name: "GBP=", "CMCU3", "FHC/ABJ/03/095/2018".

    Short letter-digit names ("G20", "3M") are not codes.
    """
    has_digit = any(c.isdigit() for c in text)
    if "=" in text:
        return True
    if "/" in text and has_digit:
        return True
    return len(text) >= 5 and has_digit and any(c.isupper() for c in text)


def run_together(text: str) -> bool:
    """Two words run together where a page lost a space ("OmarIlhan", "CortezSanders"); name
    prefixes ("McConnell", "MacArthur", "DeSantis") are shorter than three lowercase letters."""
    return bool(_RUN_TOGETHER.search(text))


def credit_lines(text: str) -> list[tuple[int, int, bool]]:
    """Character spans of the lines that credit a story's reporters and editors ("Reporting by
    ...", "... contributed to this report."), with False, and of the outlet's follow-us footer,
    with True: no name in the latter is an actor of the story, no person in the former is."""
    spans: list[tuple[int, int, bool]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if len(line) <= 400:
            if FOLLOW_LINE.search(line):
                spans.append((start, end, True))
            elif CREDIT_LINE.search(line):
                spans.append((start, end, False))
        start = end + 1
    return spans


def _known_name(doc: Doc, start: int, end: int, names: frozenset[str]) -> bool:
    words = [t.text for t in doc[start:end] if t.text not in _POSSESSIVES]
    return bool(words) and " ".join(words) in names


def refine_entity(
    doc: Doc, start: int, end: int, label: str, *, places: frozenset[str], names: frozenset[str]
) -> tuple[int, int, str] | None:
    """The actor name inside a model entity (trimmed tokens ``[start, end)``), or None.

    Args:
        doc: the parsed document.
        start: first token of the trimmed entity.
        end: one past its last token.
        label: the model's label.
        places: texts of one-token place entities in the document ("Ukraine").
        names: texts of the document's person entities and of their last words.

    Returns:
        ``(start, end, label)``, possibly cut or relabelled, or None when the span names no actor.
    """
    tokens = doc[start:end]
    texts = [t.text for t in tokens]
    if any(run_together(t) for t in texts) and label in ("PERSON", ""):
        return None  # "Ilhan OmarIlhan": link text run together, not a name
    if all(is_title_word(t) or t in (".", "-") for t in texts):
        return None  # "Lt Col", "Director": a title without its name
    # a modal verb opening a question ("Will Warren continue ...?"), or a heading's gerund
    # before a name given elsewhere ("Questioning Vindman's judgment")
    gerund = (
        label == "PERSON"
        and tokens[0].is_sent_start
        and tokens[0].lower_.endswith("ing")
        and len(tokens[0]) >= 6
        and _known_name(doc, start + 1, end, names)
    )
    if end - start > 1 and (tokens[0].tag_ == "MD" or gerund):
        start += 1
    # a role's place before a person's name: "special envoy to Ukraine Kurt Volker"
    if (
        end - start >= 3
        and label in ("ORG", "PERSON", "")
        and doc[start].text in places
        and looks_like_person_name([t.text for t in doc[start + 1 : end]])
    ):
        start, label = start + 1, "PERSON"
    # a plural noun ends it: "Virginia Democrats" names a group, not a person
    if label == "PERSON" and doc[end - 1].tag_ == "NNPS":
        label = "NORP"
    if label == "NORP" and end - start == 1 and not doc[start].lower_.endswith("s"):
        return None  # one member ("an American", "a Democrat"), not the group
    if end - start == 1 and label != "NORP" and _not_a_proper_noun(doc[start]):
        return None  # "Televised debates"
    if label != "PERSON":  # (a person's span is cut to its last capitalised run already)
        end = _cut_at_lowercase(doc, start, end)
        if end == start:
            return None
    if label in ("ORG", "", "GPE"):
        cut = _cut_codes(doc, start, end)
        if cut is None:
            return None
        start, end = cut
    if label in ("ORG", "") and _portfolio(doc, start, end):
        return None
    if doc[end - 1].lower_ in MARKET_HEADS and label != "PERSON":
        return None  # a market index
    return (start, end, label) if start < end else None


def _not_a_proper_noun(token: Token) -> bool:
    """The tagger reads the one word as a verb form or an adverb ("Televised debates"). (A
    common-noun tag is no evidence: the small model tags names at a sentence start as nouns.)"""
    return token.tag_ in _NON_PROPER_TAGS


def _cut_at_lowercase(doc: Doc, start: int, end: int) -> int:
    """Where a name ends before a lowercase word no name has inside it: "American Music Awards
    after Swift" -> "American Music Awards" ("Bank of America", "Ludwig van Beethoven" whole)."""
    for k in range(start + 1, end):
        word = doc[k].text
        if word.isalpha() and word.islower() and word not in _INNER_WORDS:
            return k
    return end


def _cut_codes(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Cut a market or reference code and what follows it ("London Metal Exchange CMAL3"); a
    single word before a code is a commodity or currency ("Copper CMCU3"), not an actor. A date
    after an inner possessive goes too ("Trump’s July 25" -> "Trump")."""
    for k in range(start, end):
        token = doc[k]
        if is_code(token.text):
            while k > start and not doc[k - 1].whitespace_:
                k -= 1  # the code's own first parts: "FHC" + "/" + "ABJ/03/095/2018"
            return (start, k) if k - start >= 2 else None
        if k > start and token.text in _POSSESSIVES and any(t.like_num for t in doc[k + 1 : end]):
            return start, k
    return start, end


def _portfolio(doc: Doc, start: int, end: int) -> bool:
    """The span is a portfolio inside a title: "Energy Secretary", "Secretary of State"."""
    text = doc[start:end].text
    if text.isupper():
        return False  # "NATO Secretary General Jens Stoltenberg": NATO is an actor
    if head_word_type([t.lower_ for t in doc[start:end]])[0] is not None:
        return False  # "Council of Europe Secretary General": an institution
    if end < len(doc) and doc[end].lower_ in PORTFOLIO_TITLES:
        return True
    if start < 2 or doc[start - 1].lower_ != "of":
        return False
    return doc[start - 2].lower_ in PORTFOLIO_TITLES
