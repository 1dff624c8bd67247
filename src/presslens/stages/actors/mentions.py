"""Finding name mentions: the model's entities, trimmed and repaired, and the names it missed.

The model's PERSON, ORG, GPE, LOC, NORP (and, with a head word or outlet cue, PRODUCT, EVENT,
WORK_OF_ART, FAC) entities, trimmed ("the", "'s", a title) and repaired ("National Council of X" +
"of Iran" joined); long forms found back from a bracketed acronym; names the model missed next to
an outlet noun, a person title or an appositive role.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from presslens.stages.actors.acronyms import acronym_fits
from presslens.stages.actors.labels import (
    MODEL_LABEL_TYPES,
    head_word_type,
    looks_like_person_name,
    outlet_cue,
)
from presslens.stages.actors.names import is_title, refine_entity
from presslens.stages.actors.patterns import (
    ACRONYM_DEF,
    ACRONYM_STOPWORDS,
    OUTLET_CUE_AFTER,
    OUTLET_CUE_BEFORE,
    OUTLET_HEADS,
)
from presslens.stages.actors.roles import role_after
from presslens.vocabulary import NAME_PARTICLES, PERSON_TITLES

__all__ = [
    "TRIM_BACK",
    "TRIM_FRONT",
    "acronym_long_forms",
    "cue_mentions",
    "is_name_token",
    "model_mentions",
    "name_run",
    "trim_name",
]

_MAX_NAME_TOKENS = 12
TRIM_FRONT = frozenset({"the", "The", "THE"})
TRIM_BACK = frozenset({"'s", "’s", "'", "’"})
_OUTLET_TRIGRAMS = frozenset(
    {
        ("wrote", "in", "the"),
        ("writes", "in", "the"),
        ("columnist", "for", "the"),
        ("told", "the", "daily"),
    }
)
_OTHER_LABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "FAC"})
_HYPHENS = frozenset({"-", "‐"})


def trim_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].text in TRIM_FRONT or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in TRIM_BACK or doc[end - 1].is_punct):
        end -= 1
    return start, end


def is_name_token(token: Token) -> bool:
    text = token.text
    return bool(text[:1].isupper() and any(c.isalpha() for c in text))


def name_run(doc: Doc, i: int, step: int, limit: int = 5) -> tuple[int, int] | None:
    """Title-case tokens from ``i`` going ``step`` (+1/-1); particles allowed inside."""
    j, taken = i, 0
    while 0 <= j < len(doc) and taken < limit:
        token = doc[j]
        if not (is_name_token(token) or (taken and token.lower_ in NAME_PARTICLES)):
            break
        if token.is_sent_start and token.is_stop:
            break
        j += step
        taken += 1
    if not taken:
        return None
    lo, hi = (i, j) if step > 0 else (j + 1, i + 1)
    while hi > lo and doc[hi - 1].lower_ in NAME_PARTICLES:
        hi -= 1
    while lo < hi and (doc[lo].lower_ in NAME_PARTICLES or doc[lo].text in TRIM_FRONT):
        lo += 1
    return (lo, hi) if lo < hi else None


def _person_name_start(doc: Doc, start: int, end: int) -> int:
    """Where the name in a PERSON span starts: after the last lowercase word that is not a
    particle ("American Music Awards after Swift" -> "Swift"; "Ludwig van Beethoven" whole)."""
    k = end - 1
    while k > start:
        before = doc[k - 1]
        if before.text in _HYPHENS and k - 2 >= start and doc[k - 2].text[:1].isupper():
            k -= 1  # a double-barrelled name: "Ben Murray-Bruce", "Ocasio-Cortez"
            continue
        if before.lower_ not in NAME_PARTICLES and not before.text[:1].isupper():
            break
        k -= 1
    return k


def _name_context(doc: Doc) -> tuple[frozenset[str], frozenset[str]]:
    """Texts of the one-token place entities, and of the person entities and their last words:
    what ``names.refine_entity`` checks a span's parts against."""
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC") and len(e) == 1}
    people: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            words = [t.text for t in ent if t.text not in TRIM_BACK]
            if words:
                people.update((" ".join(words), words[-1]))
    return frozenset(places), frozenset(people)


def model_mentions(doc: Doc) -> list[tuple[int, int, str]]:
    """The model's entities as (start, end, label), trimmed, titles cut, X + "of <place>" joined."""
    ents = [e for e in doc.ents if e.label_ in MODEL_LABEL_TYPES or e.label_ in _OTHER_LABELS]
    places, people = _name_context(doc)
    by_start = {e.start: e for e in ents}
    consumed: set[int] = set()
    out: list[tuple[int, int, str]] = []
    for ent in ents:
        if ent.start in consumed:
            continue
        start, end, label = ent.start, ent.end, ent.label_
        for k in range(start, end):  # "Coalition (CCR)" in one entity: the bracket ends it
            if doc[k].text in ("(", "["):
                end = k
                break
        if label == "NORP" and end - start == 1 and doc[start].dep_ in ("amod", "compound"):
            continue  # "Iranian officials": an adjective, not a group named as an actor
        if label == "NORP" and doc[start].tag_ == "JJ":
            continue
        nxt = by_start.get(end + 1)
        if (
            label == "ORG"
            and nxt is not None
            and end < len(doc)
            and doc[end].lower_ == "of"
            and nxt.label_ in ("GPE", "LOC")
        ):
            end = nxt.end
            consumed.add(nxt.start)
        if label in _OTHER_LABELS:
            # "Bundestag" as PRODUCT, "the Kayhan Evening" as EVENT: kept only when a head
            # word or an outlet cue says what they are; the type comes from labels.py.
            words = [t.lower_ for t in ent if t.lower_ != "the"]
            if head_word_type(words)[0] is None and not outlet_cue(doc, ent.start, ent.end):
                continue
            label = ""
        start, end = trim_name(doc, start, end)
        while end - start > 1 and is_title(doc[start].text) and label != "ORG":
            start += 1
        if label == "PERSON":
            start = _person_name_start(doc, start, end)
        if start >= end:
            continue
        refined = refine_entity(doc, start, end, label, places=places, names=people)
        if refined is None:
            continue
        start, end, label = refined
        if start < end and any(t.text[:1].isupper() for t in doc[start:end]):
            out.append((start, end, label))
    return out


def acronym_long_forms(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Long forms the model missed or cut, found back from a bracketed acronym.

    "The Financial Action Task Force (FATF)", "Coalition for Peace in Yemen (CPY)": the longest
    run of capitalised words (function words allowed inside) before the bracket whose initials
    the acronym spells.
    """
    out: list[tuple[int, int]] = []
    for token in doc:
        if token.text not in ("(", "[") or token.i == 0:
            continue
        match = ACRONYM_DEF.match(text, token.idx)
        if match is None:
            continue
        acronyms = [a.strip() for a in match.group("acr").split("/")]
        end = token.i
        k = end - 1
        while k >= 0 and end - k <= _MAX_NAME_TOKENS:
            t = doc[k]
            if not (
                is_name_token(t) or t.lower_ in ACRONYM_STOPWORDS or t.text in ("-", "'s", "’s")
            ):
                break
            k -= 1
        for start in range(k + 1, end):
            if not is_name_token(doc[start]) or doc[start].text in TRIM_FRONT:
                continue
            words = [t.text for t in doc[start:end]]
            if any(a.isupper() and acronym_fits(a, words) for a in acronyms):
                out.append((start, end))
                break
    return out


def cue_mentions(doc: Doc, covered: list[bool]) -> list[tuple[int, int, str]]:
    """Names the model missed next to an outlet noun or after a person title."""
    out: list[tuple[int, int, str]] = []
    for token in doc:
        low, i = token.lower_, token.i
        run = None
        if low in OUTLET_CUE_AFTER and i > 0:
            run = name_run(doc, i - 1, -1)
        elif low in OUTLET_CUE_BEFORE and i + 1 < len(doc):
            run = name_run(doc, i + 1, +1)
        elif token.text[:1].isupper() and low in PERSON_TITLES and i + 1 < len(doc):
            run = name_run(doc, i + 1, +1, limit=4)
        elif low == "," and i > 0 and role_after(doc, i, i) is not None:
            run = name_run(doc, i - 1, -1, limit=4)  # "Mehmet Aydin, the mayor of ..."
            if run and not looks_like_person_name([t.text for t in doc[run[0] : run[1]]]):
                run = None
        elif low in OUTLET_HEADS and token.text[:1].isupper() and i > 0:
            run = name_run(doc, i, -1)  # "The Haarlem Courant", "the Kabul Times"
            if run and run[1] - run[0] < 2:
                run = None
        elif i > 1 and (doc[i - 2].lower_, doc[i - 1].lower_, low) in _OUTLET_TRIGRAMS:
            run = name_run(doc, i + 1, +1)  # "wrote in the Kayhan Evening"
        if run and not any(covered[run[0] : run[1]]):
            out.append((run[0], run[1], ""))
            for k in range(*run):
                covered[k] = True
    return out
