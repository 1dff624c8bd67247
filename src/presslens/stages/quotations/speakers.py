"""Speakers: which words of the text speak for a cue, and the capacity the text gives them.

A speaker is read off the parse of its cue: the subject (climbing from "went on to criticise" or
"laughed and said" to the verb that has one), the agent of a passive, or the object of
"according to". The mention is kept as written ("He", "the newspaper") with its role; who it
refers to is the actors stage's answer (``presslens.stages.actors.resolve_mention``), the one
resolver of presslens.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from presslens.stages.quotations.cues import PASSIVE_FRAMES, RAISING_VERBS, SPEAKER_DEPS
from presslens.vocabulary import DEFINITE_DETERMINERS, HONORIFICS, PERSON_TITLES

__all__ = ["Mention", "find_speaker", "mention_of"]

TokenSpan = tuple[int, int]

_PERSON = "PERSON"
QUOTE_TOKENS = frozenset({'"', "“", "”", "‘", "’", "«", "»", "''", "``"})
_NAME_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case"})
# Verbs whose subject, not their object, does what their infinitive says ("promised him to").
_SUBJECT_CONTROL = frozenset(
    {"promise", "vow", "pledge", "threaten", "offer", "agree", "use", "take", "spend"}
)
# Verbs whose subject speaks through their object: "issued a statement", "made a claim".
_ISSUING = frozenset(
    {
        "issue",
        "make",
        "release",
        "unveil",
        "deliver",
        "give",
        "send",
        "publish",
        "post",
        "file",
        "lodge",
        "voice",
        "express",
        "level",
        "raise",
        "put",
        "offer",
        "present",
        "run",
        "air",
        "write",
        "author",
        "co-author",
        "sign",
        "launch",
    }
)
_CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "ccomp", "pcomp", "prep", "acl", "acomp"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention: token spans of the mention as written and of the role, if any."""

    span: TokenSpan
    head: int
    role: TokenSpan | None = None


def _closes_a_bracket(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[end - 1]`` closes a bracket opened inside ``[start, end)``: "(FEMA)"."""
    closing = doc[end - 1].text
    opening = {")": "(", "]": "["}.get(closing)
    if opening is None:
        return False
    inside = [doc[i].text for i in range(start, end - 1)]
    return inside.count(opening) > inside.count(closing)


def _trimmed(doc: Doc, start: int, end: int) -> TokenSpan | None:
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if _closes_a_bracket(doc, start, end):
            break
        end -= 1
    return (start, end) if start < end else None


# Titles a name may carry ("Senator", "Councillor"); forms of address stay in the name.
_TITLES_IN_NAMES = PERSON_TITLES - {h + "." for h in HONORIFICS} - set(HONORIFICS)


def _is_alias_appositive(child: Token) -> bool:
    """An appositive that renames rather than describes: "(CRA)", "(NCRI)", a lone acronym."""
    doc = child.doc
    lo, hi = child.left_edge.i, child.right_edge.i + 1
    bracketed = lo > 0 and doc[lo - 1].text in ("(", "[")
    return bracketed or (hi - lo == 1 and child.text.isupper() and len(child.text) > 1)


def role_of(appositive: Token) -> TokenSpan | None:
    """The role an appositive gives, as a noun phrase: cut before a clause of its own ("a nurse
    who worships at St. Mary's" -> "a nurse") and before quoted words."""
    doc = appositive.doc
    lo, hi = appositive.left_edge.i, appositive.right_edge.i + 1
    for token in appositive.subtree:
        if token.i > appositive.i and (
            token.dep_ in ("relcl", "advcl", "ccomp")
            or (token.dep_ == "acl" and token.tag_ not in ("VBN", "VBG"))
        ):
            hi = min(hi, token.left_edge.i)
    for k in range(lo, hi):
        if doc[k].text in QUOTE_TOKENS:
            hi = k
            break
    return _trimmed(doc, lo, hi)


def mention_of(head: Token) -> Mention:
    """The noun phrase headed by ``head`` without its appositive or clause, and its role.

    Args:
        head: The head token of the speaker's noun phrase.

    Returns:
        The mention as written ("Mohammad Sadr", "Ebtakar newspaper") and, when the text gives
        one, the role: an appositive ("a member of the ... Council") or the title words before
        a name ("Foreign Minister").
    """
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in _NAME_DEPS or child.pos_ == "PROPN":
            start = min(start, child.left_edge.i)
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            start = i + 1  # a mention never runs across a line break ("7 p.m. ⏎⏎ Donald Trump")
            break
    end = head.i + 1
    # Flat names the parser sometimes attaches to the right ("Ted Cruz Jr.").
    while end < len(doc) and doc[end].dep_ == "compound" and doc[end].head.i == head.i:
        end += 1
    role: TokenSpan | None = None
    for child in head.rights:
        if child.dep_ == "appos" and not _is_alias_appositive(child):
            role = role_of(child)
            break
    if role is None and head.ent_type_ == _PERSON:
        ent_start = head.i
        while ent_start > start and doc[ent_start - 1].ent_type_ == _PERSON:
            ent_start -= 1
        # The model sometimes takes a title into the name ("Councillor Ana Ruiz").
        while ent_start < head.i and doc[ent_start].lower_ in _TITLES_IN_NAMES:
            ent_start += 1
        title_start = start
        while title_start < ent_start and doc[title_start].lower_ in DEFINITE_DETERMINERS:
            title_start += 1
        title_end = ent_start
        while title_end > title_start and doc[title_end - 1].lower_.rstrip(".") in HONORIFICS:
            title_end -= 1
        if title_start < title_end and any(
            doc[i].pos_ in ("PROPN", "NOUN") for i in range(title_start, title_end)
        ):
            # "Senator John Brown": the title is the role, the name is the mention.
            role = (title_start, title_end)
            start = title_end
    span = _trimmed(doc, start, end) or (head.i, head.i + 1)
    return Mention(span, head.i, role)


_PLACES = frozenset({"GPE", "LOC"})
_DATELINE_DASHES = frozenset({"--", "—", "–", "-", "(", ":"})


def _is_dateline(token: Token) -> bool:
    """A place in capitals followed by a dash or bracket: "WASHINGTON --", "PARIS (AP) —"."""
    doc = token.doc
    return (
        token.ent_type_ in _PLACES
        and token.text.isupper()
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text in _DATELINE_DASHES
    )


def past_dateline(subject: Token) -> Token:
    """The subject, or the one a dateline hides: in "WASHINGTON -- President Obama ... said"
    the parse makes the place the subject and the person its appositive."""
    if not _is_dateline(subject):
        return subject
    for child in subject.rights:
        if child.dep_ in ("appos", "npadvmod", "dep") and child.pos_ in ("PROPN", "NOUN"):
            return child
    return subject


def find_speaker(doc: Doc, cue: int, variant: str) -> Token | None:
    """The head token of the speaker of the cue at ``cue``, or None when the text names none.

    Args:
        doc: The parsed document.
        cue: Index of the cue's head token.
        variant: How the content was read ("according", "acl", ...): it decides where the
            speaker sits.
    """
    token = doc[cue]
    if variant == "according":
        for child in token.subtree:
            if child.dep_ == "pobj":
                return child
        return None
    if token.pos_ == "NOUN":
        # "the newspaper's claim that ...", "a statement from X", "a Times report".
        for child in token.children:
            if child.dep_ == "poss":
                return child
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        for child in token.lefts:
            if child.dep_ == "compound" and child.pos_ == "PROPN":
                return child
        if token.dep_ == "dobj" and token.head.lemma_ in _ISSUING:
            # "X issued a statement calling ...", "X unveiled a proposal for ...": the one who
            # issues the statement speaks through it.
            return find_speaker(doc, token.head.i, "light")
        return None
    if token.lemma_ in RAISING_VERBS:
        return None
    if (
        token.tag_ == "VBN"
        and token.dep_ in ("advcl", "acl")
        and not any(c.dep_ in ("aux", "auxpass", "agent", "nsubj") for c in token.children)
    ):
        return None  # "Asked about the deal, Trump said ...": the one asked is no speaker
    verb = token
    for _ in range(6):
        agent = passive = None
        subjects = [c for c in verb.children if c.dep_ in SPEAKER_DEPS and c.dep_ != "nsubjpass"]
        if subjects:
            # "PARIS — The French government said": the dateline is no subject.
            named = [c for c in subjects if not _is_dateline(c)]
            return named[0] if named else past_dateline(subjects[0])
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                passive = child
            elif child.dep_ == "agent":
                agent = next((c for c in child.children if c.dep_ == "pobj"), None)
        # "criticised by X": the agent speaks. A passive subject speaks in a frame ("X was
        # quoted as saying") or when raised from the cue below ("X is expected to announce");
        # otherwise it is what the cue is about ("the plan was criticised").
        if agent is not None:
            return agent
        if passive is not None and (verb.i != token.i or verb.lemma_ in PASSIVE_FRAMES):
            # "It is said that ...": an expletive subject names nobody.
            return None if passive.lower_ == "it" else passive
        if passive is not None and verb.i == token.i:
            # "Davis, who was asked about the strategy": the passive subject is what the cue
            # is about or whom it addresses, and no agent is named.
            return None
        if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
            head = verb.head
            if head.dep_ == "dobj" and head.head.lemma_ in _ISSUING:
                # "X is running a TV spot attacking Y": X speaks through the spot.
                return find_speaker(doc, head.head.i, "light") or head
            # "a statement saying ...", "officials briefed on the matter said".
            return head
        if verb.head.i == verb.i:
            return None
        if verb.dep_ == "xcomp" and verb.head.lemma_ not in _SUBJECT_CONTROL:
            # "prompted NATO to order", "forced Stumpf to admit": the object does the cue.
            objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
            if objects:
                return objects[0]
        if verb.dep_ in _CLIMB_DEPS:
            verb = verb.head
        elif verb.pos_ in ("ADV", "ADJ") and verb.dep_ == "advmod":
            # "goes so far as to advocate": the clause hangs on an adverb of the real verb.
            verb = verb.head
        else:
            return None
        if verb.pos_ not in ("VERB", "AUX", "ADP", "ADV", "ADJ"):
            return None
    return None
