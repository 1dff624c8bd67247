"""Label repair: give a name mention an actor type from general cues, not from the bare model.

The small English model mislabels names in political writing (a person tagged ORG, a
newspaper tagged NORP). Each mention gets a type and a *weight* from the strongest cue found,
in this order:

1. an outlet noun next to the name ("X newspaper wrote", "the daily X") — weight 4;
2. a person cue: a title before the name or a role appositive after it — weight 3;
3. the word that heads the name ("... Ministry", "... Party", "... Times") — weight 2;
4. a weak outlet cue ("told X", "X reported") for names with no head word — weight 1.5;
5. the model's own label — weight 1.

The actor's type is then the weighted vote of its mentions (see ``resolve``), so repeated
mentions agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from presslens.records import ActorType
from presslens.stages.actors.patterns import (
    COUNCIL_GOV_MODIFIERS,
    GOV_HEADS,
    GOV_PHRASES,
    ORG_HEADS,
    OUTLET_CUE_AFTER,
    OUTLET_CUE_BEFORE,
    OUTLET_HEADS,
    OUTLET_PHRASES,
    OUTLET_VERBS_AFTER,
    OUTLET_VERBS_BEFORE,
)
from presslens.vocabulary import NAME_PARTICLES, lexicon

__all__ = [
    "MODEL_LABEL_TYPES",
    "head_word_type",
    "looks_like_person_name",
    "outlet_cue",
    "repair_type",
]

MODEL_LABEL_TYPES: dict[str, ActorType] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
"""The bare model's label -> actor type (also the baseline of ``benchmarks/entities_eval.py``)."""

_PREPOSITIONS = lexicon("of for in on to against")
# Org heads that a weak outlet cue may override: news agencies and networks use them too.
_SOFT_ORG_HEADS = lexicon("agency network service corporation company")

W_OUTLET, W_PERSON, W_HEAD, W_WEAK_OUTLET, W_MODEL = 4.0, 3.0, 2.0, 1.5, 1.0


def _head_index(words: Sequence[str]) -> int:
    """Index of the name's head: the last word before the first preposition ("Council of ...")."""
    for i, word in enumerate(words):
        if i > 0 and word in _PREPOSITIONS:
            return i - 1
    return len(words) - 1


def head_word_type(words: Sequence[str]) -> tuple[ActorType | None, str | None]:
    """Type a name by the keyword that heads it.

    Args:
        words: the name's words, lowercased, without a leading "the".

    Returns:
        ``(type, keyword)``, or ``(None, None)`` when no keyword heads or ends the name.
    """
    if not words:
        return None, None
    joined = " ".join(words)
    if any(phrase in joined for phrase in OUTLET_PHRASES):
        return "media_outlet", "agency"
    if any(phrase in joined for phrase in GOV_PHRASES):
        return "government_body", "government"
    head = _head_index(words)
    # The head first, then the other words right to left ("Defenders of Human Rights Center").
    order = [head, *(i for i in range(len(words) - 1, -1, -1) if i != head)]
    for i in order:
        word = words[i]
        if word == "council":
            gov = any(w in COUNCIL_GOV_MODIFIERS for w in words[:i])
            return ("government_body" if gov else "organisation"), word
        if word == "house" and i == 0 and len(words) > 1 and words[1] not in _PREPOSITIONS:
            continue  # "House Foreign Affairs Committee": the committee heads it
        if word in GOV_HEADS:
            return "government_body", word
        if word in OUTLET_HEADS:
            return "media_outlet", word
        if word in ORG_HEADS:
            if word == "committee" and any(w in GOV_HEADS for w in words):
                return "government_body", word
            return "organisation", word
    return None, None


def looks_like_person_name(words: Sequence[str]) -> bool:
    """True for 2–4 title-case words with no organisation keyword ("Jane van Roe").

    Args:
        words: the name's words as written.
    """
    if not 2 <= len(words) <= 4:
        return False
    if head_word_type([w.lower() for w in words])[0] is not None:
        return False
    for word in words:
        if word.lower() in NAME_PARTICLES:
            continue
        core = word.replace("-", "").replace("'", "").replace("’", "")
        if not (core.isalpha() and word[0].isupper() and not word.isupper()):
            return False
    return words[0].lower() not in NAME_PARTICLES


def outlet_cue(doc: Doc, start: int, end: int) -> float:
    """Weight of the outlet evidence around tokens ``[start, end)``; 0 when there is none."""
    after = doc[end].lower_ if end < len(doc) else ""
    before = doc[start - 1].lower_ if start > 0 else ""
    if after in OUTLET_CUE_AFTER or before in OUTLET_CUE_BEFORE:
        return W_OUTLET
    if start > 1 and before == "the" and doc[start - 2].lower_ in OUTLET_CUE_BEFORE:
        return W_OUTLET
    if after in OUTLET_VERBS_AFTER and doc[end].pos_ == "VERB":
        return W_WEAK_OUTLET
    back = start - 1 if before != "the" else start - 2
    if back >= 0:
        word = doc[back].lower_
        if word in OUTLET_VERBS_BEFORE:
            return W_WEAK_OUTLET
        # "columnist for X", "speaking to X", "in an interview with X", "wrote in the X"
        if back > 0 and (doc[back - 1].lower_, word) in _OUTLET_BIGRAMS:
            return W_WEAK_OUTLET
    return 0.0


_OUTLET_BIGRAMS = frozenset(
    {
        ("columnist", "for"),
        ("correspondent", "for"),
        ("writing", "for"),
        ("speaking", "to"),
        ("interview", "with"),
        ("wrote", "in"),
        ("writes", "in"),
        ("quoted", "by"),
        ("told", "the"),
    }
)


def repair_type(
    doc: Doc, start: int, end: int, label: str, *, person_cue: bool
) -> tuple[ActorType, float]:
    """The repaired type of the name at tokens ``[start, end)`` and the weight of its evidence.

    Args:
        doc: the parsed document.
        start: first token of the name (no leading "the").
        end: one past its last token.
        label: the model's label for it ("" when presslens found the name itself).
        person_cue: a title before the name or a role appositive after it was found.

    Returns:
        ``(type, weight)``; see the module docstring for the weights.
    """
    tokens = doc[start:end]
    words = [t.lower_ for t in tokens]
    person_shaped = looks_like_person_name([t.text for t in tokens])
    # A person's name takes no article: "the Majlis", "the Houthis" are not people.
    after_the = start > 0 and doc[start - 1].lower_ == "the"
    outlet = outlet_cue(doc, start, end)
    if outlet >= W_OUTLET:
        return "media_outlet", outlet
    if person_cue and label not in ("GPE", "LOC", "NORP"):  # "fellow Republicans": a group
        return "person", W_PERSON
    head_type, keyword = head_word_type(words)
    if head_type is not None and (label != "PERSON" or after_the or not person_shaped):
        if outlet and head_type == "organisation" and keyword in _SOFT_ORG_HEADS:
            return "media_outlet", outlet
        return head_type, W_HEAD
    if (outlet and label in ("ORG", "NORP", "GPE", "")) or (
        outlet and label == "PERSON" and not person_shaped
    ):
        return "media_outlet", outlet
    if len(tokens) == 1 and label in ("PERSON", "ORG") and not tokens[0].is_upper:
        if after_the and (tokens[0].tag_ == "NNPS" or tokens[0].text.endswith(("is", "ds", "ns"))):
            return "group", W_WEAK_OUTLET  # "the Houthis", "the Kurds"
        if start > 0 and doc[start - 1].lower_ == "in" and not _possessive_after(doc, end):
            return "place", W_WEAK_OUTLET  # "schools in Herat"
    if label == "PERSON" and after_the:
        return "organisation", W_MODEL / 2
    model_type = MODEL_LABEL_TYPES.get(label)
    if model_type is None:
        if person_shaped:
            return "person", W_MODEL / 2
        return "organisation", W_MODEL / 2
    return model_type, W_MODEL


def _possessive_after(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].text in ("'s", "’s")
