"""Roles: the capacity the text gives a person — an appositive after the name ("X, a member of
the council,") or a title or role noun before it ("Senator X", "FATF president X") — and the
type each name mention gets from its roles and the other cues (``labels``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from presslens.stages.actors.labels import looks_like_person_name, repair_type
from presslens.vocabulary import PERSON_ROLE_NOUNS, PERSON_TITLES, ROLE_DETERMINERS

if TYPE_CHECKING:
    from presslens.stages.actors.table import MentionTable

__all__ = [
    "ROLE_STOP",
    "is_role_noun",
    "parsed_appositive",
    "role_after",
    "role_before",
    "type_mentions",
]

_MAX_ROLE_TOKENS = 16
_RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})
ROLE_STOP = frozenset({",", ";", ":", "(", ")", "[", "]", "“", "”", '"', "—", "–"})


def is_role_noun(doc: Doc, token: Token) -> bool:
    if token.lower_ in PERSON_ROLE_NOUNS:
        return True
    i = token.i  # "President-elect" is three tokens
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and f"{doc[i - 2].lower_}-{token.lower_}" in (PERSON_ROLE_NOUNS)
    )


def role_after(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """An appositive role after the name: ", a member of the Y," -> token span."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    first = end + 1
    if doc[first].lower_ not in ROLE_DETERMINERS and not is_role_noun(doc, doc[first]):
        return None
    stop = min(len(doc), first + _MAX_ROLE_TOKENS)
    k, found = first, False
    while k < stop and doc[k].text not in ROLE_STOP and not doc[k].is_sent_start:
        if doc[k].pos_ in ("VERB", "AUX") and doc[k].tag_ not in ("VBN", "VBG"):
            break
        if not found and k - first < 6 and is_role_noun(doc, doc[k]):
            found = True
        k += 1
    while k > first and (
        doc[k - 1].is_punct or doc[k - 1].is_space or doc[k - 1].lower_ in _RELATIVES
    ):
        k -= 1  # "a nurse who worships ...": the clause is not the role
    return (first, k) if found and k > first else None


def role_before(doc: Doc, start: int) -> tuple[int, int] | None:
    """A title or role noun right before the name ("Senator X", "FATF president X",
    "Its leader, X")."""
    k = start - 1
    comma = k >= 0 and doc[k].text == ","
    if comma:
        k -= 1
    if k < 0 or not (doc[k].lower_ in PERSON_TITLES or is_role_noun(doc, doc[k])):
        return None
    if doc[k].lower_ in ("the", "a"):
        return None
    lo = k
    # modifiers of the title: "Foreign Minister", "PAYN chairwoman", "Its leader", "The party's"
    while lo > 0 and k - lo < 4:
        prev = doc[lo - 1]
        if prev.is_sent_end or prev.text in ROLE_STOP or prev.pos_ in ("VERB", "AUX", "ADP"):
            break
        if prev.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PRON", "PART", "PUNCT") and not (
            prev.is_punct and prev.text != "-"
        ):
            lo -= 1
            continue
        break
    while lo < k and doc[lo].lower_ in ("the", "a", "an"):
        lo += 1
    if comma and not (lo == 0 or doc[lo].is_sent_start or doc[lo - 1].is_punct):
        return None  # "... said on Tuesday, X": not an appositive role
    return lo, k + 1


def type_mentions(table: MentionTable) -> None:
    """Give each name mention its repaired type and, for people, its roles."""
    doc = table.doc
    for m in table.mentions:
        roles: list[tuple[int, int]] = []
        after = role_after(doc, m.start, m.end)
        before = role_before(doc, m.start)
        roles = [r for r in (before, after) if r is not None]
        person_cue = bool(roles)
        # "Jane Roe of the Interior Ministry": a person-shaped name attached to a body
        if (
            not person_cue
            and m.end + 1 < len(doc)
            and doc[m.end].lower_ == "of"
            and doc[m.end + 1].lower_ == "the"
            and looks_like_person_name([t.text for t in doc[m.start : m.end]])
        ):
            person_cue = True
        m.type, m.weight = repair_type(doc, m.start, m.end, m.label, person_cue=person_cue)
        if m.type == "person":
            if after is None:
                found = parsed_appositive(doc, m.start, m.end)
                roles += [found] if found is not None else []
            m.roles = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in roles]


def parsed_appositive(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The appositive the parse hangs on a person's name ("Maria Lopez, the city treasurer,"),
    when it opens with a determiner and describes rather than renames ("(CRA)" renames)."""
    head = doc[start:end].root
    for child in head.rights:
        if child.dep_ != "appos" or child.i < end:
            continue
        lo, hi = child.left_edge.i, child.right_edge.i + 1
        if doc[lo].lower_ not in ROLE_DETERMINERS or child.pos_ != "NOUN":
            return None
        for token in child.subtree:  # the role is the noun phrase, not a clause on it
            if token.i > child.i and token.dep_ in ("relcl", "advcl", "ccomp"):
                hi = min(hi, token.left_edge.i)
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
            hi -= 1
        if hi - lo > _MAX_ROLE_TOKENS or any(doc[k].text in ROLE_STOP for k in range(lo, hi)):
            return None
        return lo, hi
    return None
