"""Coreference: what a pronoun, a relative pronoun or a description refers back to.

The one resolver of presslens. The actors stage uses it to add back-references to its clusters;
the quotation stage asks it, through :func:`resolve_mention`, who a speaker mention is. Both go
through :func:`antecedent`, so a pronoun gets the same actor whichever stage asks.

Rules, nearest first:

* "he"/"she" go to the nearest earlier person of matching gender — gender from a form of address
  or gendered title ("Mr.", "Congresswoman"), the first name (``vocabulary.first_name_gender``)
  and the pronouns already linked to that person — and never across a mismatch; within the
  nearest sentence that has candidates, a subject wins over other mentions;
* "they" never goes to one person: to an organisation, government body, outlet or group in
  reach, else unresolved (the quotation stage then looks for a plural noun phrase);
* "it" goes to an organisation, government body or outlet in reach, only when asked about a
  speaker;
* a definite description ("the minister", "the veteran researcher", "this expert") goes to an
  earlier person whose role names its noun, else to the one person in view; an organisation noun
  ("the newspaper", "the embassy") to an actor whose name holds it — never to a place;
* a mention inside quotation marks is not an antecedent for one outside them.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from presslens.quotemarks import find_quote_runs
from presslens.records import ActorType
from presslens.stages.actors.patterns import OUTLET_CUE_AFTER, OUTLET_HEADS
from presslens.stages.actors.payload import (
    NAME_KINDS,
    ActorData,
    ActorsPayload,
    CharSpan,
    MentionKind,
)
from presslens.stages.actors.roles import is_role_noun
from presslens.stages.actors.table import MAX_MENTIONS, MentionTable
from presslens.vocabulary import (
    AUTHOR_PRONOUNS,
    DEFINITE_DETERMINERS,
    DEMONSTRATIVES,
    GENDERED_TITLES,
    MEDIA_NOUNS,
    ORG_NOUNS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    Gender,
    first_name_gender,
)

__all__ = [
    "Referent",
    "Referents",
    "Resolution",
    "actor_gender",
    "antecedent",
    "description_head",
    "link_back_references",
    "resolve_mention",
    "sentence_index",
]

PRONOUN_WINDOW = 3  # sentences a pronoun looks back
DESCRIPTION_WINDOW = 6  # sentences a description looks back
_DEFINITE_PERSON_WINDOW = 2  # "the researcher" with no role match: one person this close
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_ORG_TYPES: frozenset[ActorType] = frozenset({"organisation", "government_body", "media_outlet"})
_THEY_TYPES: frozenset[ActorType] = _ORG_TYPES | {"group"}
_LINKED_PRONOUNS = frozenset({"he", "she", "they"})  # linked in the clusters, as subjects


@dataclass(frozen=True, slots=True)
class Referent:
    """A mention an anaphor may point back to: where it is and which actor it belongs to."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    key: int  # the actor (cluster root, or index in the payload)
    named: bool  # a name, not itself a back-reference
    subject: bool  # the mention heads a subject


@dataclass(slots=True)
class Referents:
    """The mentions of a document seen as antecedents, with what each actor is.

    Built by the actors stage from its clusters, and from the payload when a later stage asks.
    """

    doc: Doc
    items: list[Referent]
    types: dict[int, ActorType]
    genders: dict[int, Gender | None]
    roles: dict[int, list[CharSpan]]
    words: dict[int, list[set[str]]]  # lowercased words of each name mention, per actor
    quoted: list[CharSpan] = field(default_factory=list)
    sent_of: list[int] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items.sort(key=lambda r: (r.start, r.end))
        self._starts = [r.start for r in self.items]
        if not self.sent_of:
            self.sent_of = sentence_index(self.doc)

    def add(self, referent: Referent) -> None:
        """Add a mention (a back-reference just linked), keeping the order."""
        i = bisect.bisect_left(self._starts, referent.start)
        self.items.insert(i, referent)
        self._starts.insert(i, referent.start)

    def before(self, token: int, window: int) -> list[Referent]:
        """Mentions ending before ``token`` within ``window`` sentences, nearest first; not
        inside quotation marks unless the token is too."""
        first_sent = self.sent_of[token] - window
        inside = _inside(self.quoted, self.doc[token].idx)
        out: list[Referent] = []
        for p in range(bisect.bisect_left(self._starts, token) - 1, -1, -1):
            r = self.items[p]
            if r.end > token:
                continue
            if self.sent_of[r.start] < first_sent:
                break
            if not inside and _inside(self.quoted, r.start_char):
                continue
            out.append(r)
        return out

    @classmethod
    def from_payload(
        cls, doc: Doc, payload: ActorsPayload, quoted: Sequence[CharSpan] = ()
    ) -> Referents:
        """The referents of the actors the actors stage stored on ``doc``."""
        items: list[Referent] = []
        types: dict[int, ActorType] = {}
        genders: dict[int, Gender | None] = {}
        roles: dict[int, list[CharSpan]] = {}
        words: dict[int, list[set[str]]] = {}
        text = doc.text
        for key, actor in enumerate(payload.actors):
            types[key] = actor.type
            genders[key] = actor.gender
            roles[key] = list(actor.roles)
            words[key] = [{w.lower() for w in text[s:e].split()} for s, e in actor.named_mentions()]
            for (s, e), kind in zip(actor.mentions, actor.kinds, strict=True):
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                subject = span.root.dep_ in _SUBJECT_DEPS
                items.append(Referent(span.start, span.end, s, e, key, kind in NAME_KINDS, subject))
        return cls(doc, items, types, genders, roles, words, sorted(quoted))


def sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token."""
    has_sents = doc.has_annotation("SENT_START")
    out: list[int] = []
    sent = 0
    for token in doc:
        if has_sents and token.is_sent_start and token.i > 0:
            sent += 1
        out.append(sent)
    return out


def _inside(spans: Sequence[CharSpan], position: int) -> bool:
    i = bisect.bisect_right(spans, (position, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def actor_gender(
    doc: Doc, names: Sequence[tuple[int, int]], roles: Sequence[CharSpan]
) -> Gender | None:
    """The gender the text gives a person: a form of address or gendered title before a name
    mention ("Mr. Brandt", "Congresswoman Roe") or in a role, else the first name of the
    fullest name. ``names`` are token spans of the name mentions."""
    votes: Counter[Gender] = Counter()
    text = doc.text
    for start, _ in names:
        if start > 0:
            title = GENDERED_TITLES.get(doc[start - 1].lower_.rstrip("."))
            if title is not None:
                votes[title] += 1
    for s, e in roles:
        for word in text[s:e].lower().split():
            title = GENDERED_TITLES.get(word.strip(".,"))
            if title is not None:
                votes[title] += 1
    if votes:
        (top, n), *rest = votes.most_common()
        return top if not rest or rest[0][1] < n else None
    fullest = max(names, key=lambda n: n[1] - n[0], default=None)
    if fullest is not None and fullest[1] - fullest[0] >= 2:
        return first_name_gender(doc[fullest[0]].text)
    return None


def _pick(candidates: list[Referent], sent_of: list[int]) -> Referent | None:
    """In the nearest sentence with a candidate, its subject, else its nearest mention."""
    if not candidates:
        return None
    nearest = sent_of[candidates[0].start]
    same = [r for r in candidates if sent_of[r.start] == nearest]
    return next((r for r in same if r.subject), same[0])


def _pronoun(token: Token, refs: Referents, *, speaker: bool) -> int | None:
    agreement = PRONOUNS.get(token.lower_)
    if agreement is None or (agreement.gender == "n" and not speaker):
        return None
    candidates: list[Referent] = []
    for r in refs.before(token.i, PRONOUN_WINDOW):
        kind = refs.types.get(r.key)
        if agreement.number == "pl":
            if (
                kind in _THEY_TYPES
                and r.named
                and refs.sent_of[token.i] - refs.sent_of[r.start] <= 1
            ):
                candidates.append(r)
        elif agreement.gender == "n":
            if kind in _ORG_TYPES and refs.sent_of[token.i] - refs.sent_of[r.start] <= 1:
                candidates.append(r)
        elif kind == "person":
            gender = refs.genders.get(r.key)
            if gender is None or gender == agreement.gender:
                candidates.append(r)
    found = _pick(candidates, refs.sent_of)
    if found is not None and agreement.number == "pl" and _plural_phrase_between(token, found):
        return None  # "global powers ... they": the nearer plural phrase is no actor
    return found.key if found is not None else None


def _plural_phrase_between(pronoun: Token, referent: Referent) -> bool:
    """Whether a plural noun phrase other than the referent stands between the two, in the
    pronoun's sentence or the one before, outside the referent's span."""
    doc = pronoun.doc
    start = pronoun.sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    start = max(start, referent.end)
    if start >= pronoun.i:
        return False
    for chunk in doc[start : pronoun.i].noun_chunks:
        root = chunk.root
        if root.tag_ in ("NNS", "NNPS") and root.lower_ not in PRONOUNS:
            return True
    return False


def description_head(det: Token) -> Token | None:
    """The head noun of a description opened by ``det`` ("the veteran researcher"), or None."""
    doc = det.doc
    for k in range(det.i + 1, min(len(doc), det.i + 5)):
        token = doc[k]
        if token.pos_ == "PROPN" or (token.is_punct and token.text != "-"):
            return None
        if token.pos_ == "NOUN" and token.dep_ not in ("compound", "amod"):
            if k + 1 < len(doc) and doc[k + 1].lower_ == "of":
                return None  # "the head of X" states a role; it is not a back-reference
            return token
        if token.pos_ not in ("ADJ", "NOUN", "PUNCT", "ADV"):
            return None
    return None


def _description(det: Token, head: Token, refs: Referents) -> int | None:
    doc = det.doc
    noun = head.lower_
    if head.tag_ in ("NNS", "NNPS"):
        return None  # "the economists": speakers in their own right, not one to refer back to
    text = doc.text
    # A noun the text gave someone as a role ("Maria Lopez, the city treasurer,") is a person
    # noun whether or not the lexicon lists it.
    person_noun = is_role_noun(doc, head) or any(
        noun in text[a:b].lower().split()
        for key, spans in refs.roles.items()
        if refs.types.get(key) == "person"
        for a, b in spans
        if b <= det.idx
    )
    if not person_noun and noun not in ORG_NOUNS and noun not in MEDIA_NOUNS:
        return None
    people: list[int] = []
    for r in refs.before(det.i, DESCRIPTION_WINDOW):
        kind = refs.types.get(r.key)
        if person_noun:
            if kind != "person":
                continue
            if r.key not in people:
                people.append(r.key)
            if any(noun in text[a:b].lower().split() for a, b in refs.roles.get(r.key, ())):
                return r.key
        elif kind not in ("person", "place") and r.named:
            words = {w.lower() for w in text[r.start_char : r.end_char].split()}
            if (
                noun in words
                or (kind == "media_outlet" and (noun in OUTLET_HEADS or noun in OUTLET_CUE_AFTER))
                or (kind == "media_outlet" and noun in MEDIA_NOUNS)
                or (kind == "organisation" and noun in ("group", "organisation", "organization"))
            ):
                return r.key
    if not person_noun:
        return None
    if det.lower_ in DEMONSTRATIVES:
        return people[0] if people else None  # "this expert": the person just written about
    if head.dep_ not in _SUBJECT_DEPS:
        return None  # "thanked the king": a description that does not speak names someone new
    near = {
        r.key
        for r in refs.before(det.i, _DEFINITE_PERSON_WINDOW)
        if refs.types.get(r.key) == "person"
    }
    return near.pop() if len(near) == 1 else None


def antecedent(token: Token, refs: Referents, *, speaker: bool = False) -> int | None:
    """The actor (key in ``refs``) a pronoun, relative pronoun or description opened at
    ``token`` refers back to, or None.

    Args:
        token: a pronoun ("she", "they", "who") or the determiner of a description ("the",
            "this").
        refs: the document's referents.
        speaker: the mention speaks (a cue's subject): "it" may then stand for an organisation.
    """
    low = token.lower_
    if low in AUTHOR_PRONOUNS:
        return None
    if low in PRONOUNS:
        return _pronoun(token, refs, speaker=speaker)
    if low in RELATIVE_PRONOUNS and token.dep_ in _SUBJECT_DEPS:
        clause = token.head
        noun = clause.head if clause.dep_ in ("relcl", "acl") else None
        if noun is None or noun.i == clause.i:
            return None
        return _at(refs, noun.i)
    if low in DEFINITE_DETERMINERS:
        head = description_head(token)
        return _description(token, head, refs) if head is not None else None
    return None


def _at(refs: Referents, i: int) -> int | None:
    for r in refs.items:
        if r.start <= i < r.end:
            return r.key
        if r.start > i:
            break
    return None


@dataclass(frozen=True, slots=True)
class Resolution:
    """Who a mention is: the actor (None when none) and the name it is written with."""

    actor: ActorData | None
    name: CharSpan | None


def _representative(actor: ActorData, before: int) -> CharSpan | None:
    """The mention that best names ``actor`` for a reader at ``before``: its fullest name,
    the nearest one before; else the fullest name anywhere."""
    named = list(actor.named_mentions())
    if not named:
        return None
    fullest = max(e - s for s, e in named)
    full = [(s, e) for s, e in named if e - s == fullest]
    earlier = [m for m in full if m[1] <= before]
    return earlier[-1] if earlier else full[0]


def resolve_mention(
    doc: Doc,
    payload: ActorsPayload,
    head: Token,
    span: CharSpan,
    *,
    refs: Referents | None = None,
    speaker: bool = True,
) -> Resolution:
    """Who the mention ``span`` headed by ``head`` is, as the actors stage sees it.

    A mention the actors stage already clustered is its actor; a pronoun, relative pronoun or
    description it did not link is resolved now by :func:`antecedent`; a first- or
    second-person pronoun is no one.

    Args:
        doc: the document, with the actors stage's payload.
        payload: the actors stage's payload.
        head: the mention's head token.
        span: the mention's character span.
        refs: referents built once per document (:meth:`Referents.from_payload`).
        speaker: the mention is a speaker ("it said" may stand for an organisation).

    Returns:
        The actor and the name mention that names it; ``Resolution(None, None)`` when unknown.
    """
    if head.lower_ in AUTHOR_PRONOUNS:
        return Resolution(None, None)
    actor = payload.actor_at(head.idx, head.idx + len(head))
    if actor is None and head.lower_ not in PRONOUNS and head.lower_ not in RELATIVE_PRONOUNS:
        actor = payload.actor_at(*span)
    if actor is None:
        refs = refs if refs is not None else Referents.from_payload(doc, payload)
        opener = head if head.lower_ in PRONOUNS or head.lower_ in RELATIVE_PRONOUNS else None
        if opener is None:
            first = doc.char_span(*span, alignment_mode="expand")
            if first is not None and len(first) and first[0].lower_ in DEFINITE_DETERMINERS:
                opener = first[0]
        key = antecedent(opener, refs, speaker=speaker) if opener is not None else None
        actor = payload.actors[key] if key is not None else None
    if actor is None:
        return Resolution(None, None)
    return Resolution(actor, _representative(actor, span[0]))


def link_back_references(
    table: MentionTable, types: dict[int, ActorType]
) -> dict[int, Gender | None]:
    """Add the article's subject pronouns ("he", "she", "they") and definite descriptions to
    the clusters they refer back to; return each cluster's gender.

    Args:
        table: the document's mentions, clustered by name.
        types: each cluster's voted type.

    Returns:
        Cluster root -> "m", "f" or None, pronouns already linked counting as evidence.
    """
    doc = table.doc
    clusters = table.clusters()
    genders: dict[int, Gender | None] = {}
    roles: dict[int, list[CharSpan]] = {}
    words: dict[int, list[set[str]]] = {}
    items: list[Referent] = []
    covered = [False] * len(doc)
    for root, ids in clusters.items():
        named = [table.mentions[i] for i in ids if table.mentions[i].kind in NAME_KINDS]
        roles[root] = [r for i in ids for r in table.mentions[i].roles]
        words[root] = [{w.lower() for w in table.words(m)} for m in named]
        if types.get(root) == "person":
            genders[root] = actor_gender(doc, [(m.start, m.end) for m in named], roles[root])
        for i in ids:
            m = table.mentions[i]
            if m.end <= m.start:
                continue
            subject = doc[m.start : m.end].root.dep_ in _SUBJECT_DEPS
            items.append(
                Referent(
                    m.start, m.end, m.start_char, m.end_char, root, m.kind in NAME_KINDS, subject
                )
            )
            for k in range(m.start, m.end):
                covered[k] = True
            for rs, re_ in m.roles:
                span = doc.char_span(rs, re_, alignment_mode="expand")
                if span is not None:
                    for k in range(span.start, span.end):
                        covered[k] = True
    quoted = [span for run in find_quote_runs(table.text) for span in run.spans]
    refs = Referents(doc, items, dict(types), genders, roles, words, quoted, table.sent_of)
    added = 0
    for token in doc:
        if covered[token.i] or added >= MAX_MENTIONS:
            continue
        low = token.lower_
        if low in _LINKED_PRONOUNS and token.dep_ in _SUBJECT_DEPS:
            if _inside(refs.quoted, token.idx):
                continue  # a pronoun in a quotation speaks of the quotation's world
            key = _pronoun(token, refs, speaker=False)
            if key is None:
                continue
            end = token.i + 1
            kind: MentionKind = "pronoun"
            agreement = PRONOUNS[low]
            if agreement.gender in ("m", "f") and refs.genders.get(key) is None:
                refs.genders[key] = agreement.gender  # "he" said: later "she" is someone else
        elif low in DEFINITE_DETERMINERS:
            head = description_head(token)
            key = _description(token, head, refs) if head is not None else None
            if key is None or head is None:
                continue
            end, kind = head.i + 1, "description"
        else:
            continue
        idx = table.add(token.i, end, "", kind)
        table.uf.union(key, idx)
        m = table.mentions[idx]
        refs.add(
            Referent(
                token.i, end, m.start_char, m.end_char, key, False, token.dep_ in _SUBJECT_DEPS
            )
        )
        for k in range(token.i, end):
            covered[k] = True
        added += 1
    return {table.uf.find(root): g for root, g in refs.genders.items()}
