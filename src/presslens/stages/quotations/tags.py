"""Speech tags: the short clause that attributes a quotation right next to it.

News attaches most direct quotations with a tag beside the marks: ``“…,” Warren said``,
``“…?” said Rep. Jane Doe``, ``Kall said: “…”``, ``Said Ellis: “…”``, and in collections of
readers' comments a dash line, ``“…” ― Sonya Herridge``. A tag belongs to the quotation it
touches, whatever the parse made of the sentence (a quote of several sentences often leaves the
tag's verb without any complement), and a quotation with a tag of its own starts a new
attribution instead of continuing the previous one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from presslens.quotemarks import QuoteRun, is_title
from presslens.stages.quotations.cues import PHRASAL_TAG_VERBS, REPORTING_VERBS, TAG_VERBS

__all__ = ["Tag", "find_tags"]

CharSpan = tuple[int, int]

# How many tokens a tag may take between the quote mark and its verb ("…,” said Rep. Elijah
# Cummings of Maryland" needs one; "…,” the South Carolina senator said" five).
_TAG_WINDOW = 9
_OPENERS = frozenset(".!?\"“”'‘’`")
_STOPS = frozenset({".", "!", "?", ";", "“", "”", '"', "''", "``", "‘", "’"})
# "” ― Sonya Herridge": a dash, then a name running to the end of the line.
_DASH_NAME = re.compile(
    r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*"
    r"((?:[A-Z][\w'’.-]*)(?:[ \t\u00a0]+(?:[A-Z][\w'’.-]*|[a-z]{1,3})){0,5})"
    r"[ \t\u00a0]*[.,]?[ \t\u00a0]*(?=\n|$)"
)


@dataclass(frozen=True, slots=True)
class Tag:
    """The tag of one quotation.

    Attributes:
        cue: character span of the tag's verb (or dash).
        verb: index of the verb token; None for a dash line.
        name: token span of the speaker when the tag names it outside the parse (a name after
            a dash, "Said Ellis:"); None when the verb's subject is the speaker.
        after: whether the tag follows the quotation (it precedes it otherwise).
    """

    cue: CharSpan
    verb: int | None
    name: tuple[int, int] | None
    after: bool


def _is_tag_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass"):
        return False
    lemma = token.lemma_.lower()
    if lemma in REPORTING_VERBS or lemma in TAG_VERBS:
        return True
    return any(
        child.dep_ in ("prt", "advmod") and (lemma, child.lower_) in PHRASAL_TAG_VERBS
        for child in token.children
    )


def _has_complement_after(text: str, verb: Token, limit: int) -> bool:
    """Whether the verb governs content of its own past ``limit``: "She said the answer …".

    A complement that opens with a quote mark or after a sentence end is another quotation
    ("“A,” he said, “B.”"), not content of the verb's own.
    """
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i > limit:
            words = [t for t in child.subtree if not t.is_punct and not t.is_space]
            start = words[0].idx if words else child.idx
            between = text[verb.idx + len(verb) : start]
            if not any(ch in _OPENERS for ch in between):
                return True
    return False


def _within(token: Token, verb: Token) -> bool:
    """Whether ``token`` hangs on ``verb`` (the tag clause), not on the quotation."""
    for _ in range(12):
        if token.i == verb.i:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


_NAME_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "NUM", "PUNCT", "PART", "SPACE"})


def _namelike(token: Token) -> bool:
    """Whether a token can be part of a speaker's name or title, however the parse attached it
    ("Tulsa police Chief Chuck Jordan said" with "Tulsa" read as a verb)."""
    return token.pos_ in _NAME_POS or token.text[:1].isupper()


def _after(doc: Doc, text: str, run: QuoteRun, starts: list[int]) -> Tag | None:
    """ "“…,” Warren said", "“…?” said X", "“…” ― Name": a tag right after the marks."""
    first = bisect_left(starts, run.end)
    if first >= len(doc):
        return None
    end = run.end
    inner = text[run.spans[-1][0] : end].rstrip("\"”’'` \u00a0")
    dash = _DASH_NAME.match(text, end)
    if dash is not None:
        start = bisect_left(starts, dash.start(2))
        stop = bisect_left(starts, dash.end(2))
        if (
            start < stop
            and doc[start].ent_type_ in ("PERSON", "")
            and any(doc[i].pos_ == "PROPN" for i in range(start, stop))
        ):
            return Tag(dash.span(1), None, (start, stop), True)
    if inner.endswith("."):
        return None  # "… the end.” He said …": a new sentence, not a tag
    words = 0
    for i in range(first, min(len(doc), first + _TAG_WINDOW + 3)):
        token = doc[i]
        if "\n" in token.text or token.text in _STOPS:
            return None
        if token.is_punct or token.is_space:
            continue
        if _is_tag_verb(token):
            if _has_complement_after(text, token, i):
                return None
            if all(_within(doc[j], token) or _namelike(doc[j]) for j in range(first, i)):
                return Tag((token.idx, token.idx + len(token)), i, None, True)
            return None
        words += 1
        if words > _TAG_WINDOW:
            return None
    return None


def _inverted(doc: Doc, verb: int, end: int) -> bool:
    """Whether ``doc[verb]`` opens its sentence and a name follows it up to ``end``."""
    before = doc[verb - 1].text if verb > 0 else "\n"
    return (
        (before in (".", "!", "?") or "\n" in before)
        and verb + 1 < end
        and all(
            doc[j].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PUNCT") for j in range(verb + 1, end)
        )
        and any(doc[j].pos_ == "PROPN" for j in range(verb + 1, end))
    )


def _before(doc: Doc, text: str, run: QuoteRun, starts: list[int]) -> Tag | None:
    """ "X said: “…”", "Said Ellis, “…”": a verb ending the clause right before the marks."""
    lead = text[: run.start].rstrip()
    if not lead or lead[-1] not in ",:":
        return None
    punct = bisect_left(starts, len(lead) - 1)
    if punct >= len(doc) or doc[punct].idx != len(lead) - 1:
        return None
    for i in range(punct - 1, max(-1, punct - _TAG_WINDOW - 1), -1):
        token = doc[i]
        if "\n" in token.text or token.text in _STOPS:
            return None
        if _is_tag_verb(token):
            if any(c.dep_ in ("ccomp", "xcomp") and c.i < punct for c in token.children):
                return None  # "said that the deal, …": the comma is inside reported speech
            cue = (token.idx, token.idx + len(token))
            if all(_within(doc[j], token) for j in range(i + 1, punct)):
                return Tag(cue, i, None, False)
            if _inverted(doc, i, punct):
                # "Said Ellis: “…”": the parse reads the verb as part of the name.
                return Tag(cue, i, (i + 1, punct), False)
            return None
    return None


def find_tags(doc: Doc, text: str, runs: list[QuoteRun]) -> dict[int, Tag]:
    """The speech tag of each quotation that has one, keyed by the quotation's start.

    A tag after the quotation wins over one before it (``He added, “A,” Jones said`` is rare,
    and the closer tag is the one the writer meant).
    """
    starts = [t.idx for t in doc]
    tags: dict[int, Tag] = {}
    for run in runs:
        if is_title(text, run):
            continue
        found = _after(doc, text, run, starts) or _before(doc, text, run, starts)
        if found is not None:
            tags[run.start] = found
    return tags
