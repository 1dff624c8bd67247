"""Mention clustering: one actor per person, organisation or place, however the article names it.

Rules over the existing parse, cheapest first:

1. name mentions — the model's entities, trimmed ("the", "'s", a title) and repaired
   ("National Council of X" + "of Iran" joined), plus names found by outlet and title cues;
2. acronyms defined in brackets after a long form ("(NCRI)", "(PMOI/MEK)", the malformed
   "(NCR("), then every later use of the acronym;
3. equal names, surnames of full person names ("Sadr", "Mr. Sadr", "Sadr's"), short forms of
   organisation names ("the Courant"), acronyms that spell a name's initials;
4. roles: appositives ("X, a member of the Y,"), a title or role noun before the name;
5. back-references: definite descriptions whose noun the actor's role or name contains ("the
   council", "the newspaper"), a demonstrative with a person noun when one person is in view
   ("this expert"), and he/she as subject when one person is in view;
6. user alias rules (``aliases.py``) for merges text alone cannot justify.

Work is bounded: at most ``MAX_MENTIONS`` mentions per document, windows of a few sentences.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.tokens import Doc, Token

from presslens.records import ActorType
from presslens.stages.actors.aliases import AliasRule
from presslens.stages.actors.labels import (
    MODEL_LABEL_TYPES,
    W_MODEL,
    head_word_type,
    looks_like_person_name,
    outlet_cue,
    repair_type,
)
from presslens.stages.actors.names import credit_lines, is_title, refine_entity
from presslens.stages.actors.patterns import (
    ACRONYM_DEF,
    ACRONYM_STOPWORDS,
    DEMONSTRATIVES,
    DESCRIPTION_ORG_NOUNS,
    NAME_PARTICLES,
    OUTLET_CUE_AFTER,
    OUTLET_CUE_BEFORE,
    OUTLET_HEADS,
    PERSON_PRONOUNS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    ROLE_DETERMINERS,
)
from presslens.stages.actors.persons import first_name_key, person_parts, surname_key

__all__ = ["MAX_MENTIONS", "MentionKind", "acronym_fits", "name_key", "resolve_actors"]

MAX_MENTIONS = 4000
"""Mentions considered per document; the rest are ignored (bounded work on odd input)."""

MentionKind = Literal["name", "acronym", "surname", "alias", "description", "pronoun"]
NAME_KINDS = frozenset({"name", "acronym", "surname", "alias"})

_MAX_NAME_TOKENS = 12
_MAX_ROLE_TOKENS = 16
_DESCRIPTION_WINDOW = 6  # sentences a description or pronoun looks back
_PRONOUN_WINDOW = 2
_ROLE_STOP = frozenset({",", ";", ":", "(", ")", "[", "]", "“", "”", '"', "—", "–"})
_TRIM_FRONT = frozenset({"the", "The", "THE"})
_TRIM_BACK = frozenset({"'s", "’s", "'", "’"})
_QUOTES_RE = re.compile(r"[\"“”'‘’]")
_SPACE_RE = re.compile(r"\s+")
_APOSTROPHE_S_RE = re.compile(r"['’]s$")
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
# Prepositions that put a one-word name as a place ("in Jordan"), not as a person.
_LOCATIVES = frozenset({"in", "across", "into", "throughout", "within", "near", "inside"})
_COMPATIBLE: dict[ActorType, frozenset[ActorType]] = {
    "person": frozenset({"person"}),
    "place": frozenset({"place", "group"}),
    "group": frozenset({"group", "place", "organisation"}),
    "organisation": frozenset({"organisation", "government_body", "media_outlet", "group"}),
    "government_body": frozenset({"organisation", "government_body"}),
    "media_outlet": frozenset({"organisation", "media_outlet"}),
}


@dataclass(slots=True)
class _Mention:
    start: int  # token index
    end: int
    start_char: int
    end_char: int
    label: str  # the model's label, "" when presslens found the name
    kind: MentionKind
    type: ActorType = "organisation"
    weight: float = 0.0
    roles: list[tuple[int, int]] = field(default_factory=list)  # char offsets


class _UnionFind:
    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the earlier mention's root stays the root, so clusters keep a stable first
            self.parent[max(ra, rb)] = min(ra, rb)


def name_key(text: str) -> str:
    """Normalise a name for equality: casefold, no "the", no possessive, single spaces."""
    text = _QUOTES_RE.sub("", _APOSTROPHE_S_RE.sub("", text.strip())) if text else ""
    words = _SPACE_RE.sub(" ", text).strip().casefold().split(" ")
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w.strip(".,;:") for w in words).replace(".", "")


def _initial_parts(words: Sequence[str]) -> list[tuple[str, bool]]:
    """(initial, optional) for each word part; stopwords are optional, hyphens split words."""
    parts: list[tuple[str, bool]] = []
    for word in words:
        optional = word.lower() in ACRONYM_STOPWORDS
        for piece in re.split(r"[-‐]", word):
            piece = piece.strip("'’.")
            if piece:
                parts.append((piece[0].upper(), optional))
    return parts


def acronym_fits(acronym: str, words: Sequence[str], *, strict: bool = False) -> bool:
    """True if ``acronym`` spells the initials of ``words`` (a long form).

    Function words may be skipped or used; one trailing content word may be left out
    ("National Council of Resistance of Iran" fits "NCR"), unless ``strict``.

    Args:
        acronym: "NCRI", "PMOI", "U.N." (non-letters are ignored).
        words: the long form's words.
        strict: require every content word to give a letter.
    """
    letters = [c for c in acronym.upper() if c.isalpha()]
    parts = _initial_parts(words)
    if not 2 <= len(letters) <= 12 or not parts or len(parts) > 16:
        return False
    if letters[0] != parts[0][0]:
        return False

    # Small recursive search; the sizes above bound it.
    def fit(li: int, pi: int, skipped: int) -> bool:
        if li == len(letters):
            rest = [p for p in parts[pi:] if not p[1]]
            return not rest or (not strict and skipped == 0 and len(rest) == 1 and pi > 0)
        if pi == len(parts):
            return False
        initial, optional = parts[pi]
        if initial == letters[li] and fit(li + 1, pi + 1, skipped):
            return True
        return optional and fit(li, pi + 1, skipped)

    return fit(0, 0, 0)


# --- 1. name mentions -------------------------------------------------------------------


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].text in _TRIM_FRONT or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _TRIM_BACK or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _is_name_token(token: Token) -> bool:
    text = token.text
    return bool(text[:1].isupper() and any(c.isalpha() for c in text))


def _name_run(doc: Doc, i: int, step: int, limit: int = 5) -> tuple[int, int] | None:
    """Title-case tokens from ``i`` going ``step`` (+1/-1); particles allowed inside."""
    j, taken = i, 0
    while 0 <= j < len(doc) and taken < limit:
        token = doc[j]
        if not (_is_name_token(token) or (taken and token.lower_ in NAME_PARTICLES)):
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
    while lo < hi and (doc[lo].lower_ in NAME_PARTICLES or doc[lo].text in _TRIM_FRONT):
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
            words = [t.text for t in ent if t.text not in _TRIM_BACK]
            if words:
                people.update((" ".join(words), words[-1]))
    return frozenset(places), frozenset(people)


def _model_mentions(doc: Doc) -> list[tuple[int, int, str]]:
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
        start, end = _trim(doc, start, end)
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


def _acronym_long_forms(doc: Doc, text: str) -> list[tuple[int, int]]:
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
                _is_name_token(t) or t.lower_ in ACRONYM_STOPWORDS or t.text in ("-", "'s", "’s")
            ):
                break
            k -= 1
        for start in range(k + 1, end):
            if not _is_name_token(doc[start]) or doc[start].text in _TRIM_FRONT:
                continue
            words = [t.text for t in doc[start:end]]
            if any(a.isupper() and acronym_fits(a, words) for a in acronyms):
                out.append((start, end))
                break
    return out


def _cue_mentions(doc: Doc, covered: list[bool]) -> list[tuple[int, int, str]]:
    """Names the model missed next to an outlet noun or after a person title."""
    out: list[tuple[int, int, str]] = []
    for token in doc:
        low, i = token.lower_, token.i
        run = None
        if low in OUTLET_CUE_AFTER and i > 0:
            run = _name_run(doc, i - 1, -1)
        elif low in OUTLET_CUE_BEFORE and i + 1 < len(doc):
            run = _name_run(doc, i + 1, +1)
        elif token.text[:1].isupper() and low in PERSON_TITLES and i + 1 < len(doc):
            run = _name_run(doc, i + 1, +1, limit=4)
        elif low == "," and i > 0 and _role_after(doc, i, i) is not None:
            run = _name_run(doc, i - 1, -1, limit=4)  # "Mehmet Aydin, the mayor of ..."
            if run and not looks_like_person_name([t.text for t in doc[run[0] : run[1]]]):
                run = None
        elif low in OUTLET_HEADS and token.text[:1].isupper() and i > 0:
            run = _name_run(doc, i, -1)  # "The Haarlem Courant", "the Kabul Times"
            if run and run[1] - run[0] < 2:
                run = None
        elif i > 1 and (doc[i - 2].lower_, doc[i - 1].lower_, low) in _OUTLET_TRIGRAMS:
            run = _name_run(doc, i + 1, +1)  # "wrote in the Kayhan Evening"
        if run and not any(covered[run[0] : run[1]]):
            out.append((run[0], run[1], ""))
            for k in range(*run):
                covered[k] = True
    return out


# --- 4. roles ---------------------------------------------------------------------------


def _is_role_noun(doc: Doc, token: Token) -> bool:
    if token.lower_ in PERSON_ROLE_NOUNS:
        return True
    i = token.i  # "President-elect" is three tokens
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and f"{doc[i - 2].lower_}-{token.lower_}" in (PERSON_ROLE_NOUNS)
    )


def _role_after(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """An appositive role after the name: ", a member of the Y," -> token span."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    first = end + 1
    if doc[first].lower_ not in ROLE_DETERMINERS and not _is_role_noun(doc, doc[first]):
        return None
    stop = min(len(doc), first + _MAX_ROLE_TOKENS)
    k, found = first, False
    while k < stop and doc[k].text not in _ROLE_STOP and not doc[k].is_sent_start:
        if doc[k].pos_ in ("VERB", "AUX") and doc[k].tag_ not in ("VBN", "VBG"):
            break
        if not found and k - first < 6 and _is_role_noun(doc, doc[k]):
            found = True
        k += 1
    while k > first and (doc[k - 1].is_punct or doc[k - 1].is_space):
        k -= 1
    return (first, k) if found and k > first else None


def _role_before(doc: Doc, start: int) -> tuple[int, int] | None:
    """A title or role noun right before the name ("Senator X", "FATF president X",
    "Its leader, X")."""
    k = start - 1
    comma = k >= 0 and doc[k].text == ","
    if comma:
        k -= 1
    if k < 0 or not (doc[k].lower_ in PERSON_TITLES or _is_role_noun(doc, doc[k])):
        return None
    if doc[k].lower_ in ("the", "a"):
        return None
    lo = k
    # modifiers of the title: "Foreign Minister", "PAYN chairwoman", "Its leader", "The party's"
    while lo > 0 and k - lo < 4:
        prev = doc[lo - 1]
        if prev.is_sent_end or prev.text in _ROLE_STOP or prev.pos_ in ("VERB", "AUX", "ADP"):
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


# --- the resolver -----------------------------------------------------------------------


class _Resolver:
    def __init__(self, doc: Doc, alias_rules: Sequence[AliasRule]) -> None:
        self.doc = doc
        self.text = doc.text
        self.rules = alias_rules
        self.mentions: list[_Mention] = []
        self.uf = _UnionFind()
        self.acronyms: dict[str, int] = {}  # defined acronym -> mention index
        self.instruments: list[tuple[int, int]] = []
        has_sents = doc.has_annotation("SENT_START")
        self.sent_of: list[int] = []
        sent = 0
        for token in doc:
            if has_sents and token.is_sent_start and token.i > 0:
                sent += 1
            self.sent_of.append(sent)

    # -- building mentions
    def add(self, start: int, end: int, label: str, kind: MentionKind) -> int:
        span = self.doc[start:end]
        mention = _Mention(start, end, span.start_char, span.end_char, label, kind)
        self.mentions.append(mention)
        return self.uf.add()

    def add_chars(self, start_char: int, end_char: int, label: str, kind: MentionKind) -> int:
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        start, end = (span.start, span.end) if span is not None else (0, 0)
        mention = _Mention(start, end, start_char, end_char, label, kind)
        self.mentions.append(mention)
        return self.uf.add()

    def words(self, m: _Mention) -> list[str]:
        return self.text[m.start_char : m.end_char].split()

    def run(self) -> list[dict[str, Any]]:
        doc = self.doc
        covered = [False] * len(doc)
        found = _model_mentions(doc)
        not_named: set[str] = set()  # acronyms of what names no actor ("Hang Seng Index (HSI)")
        for start, end in _acronym_long_forms(doc, self.text):
            # the long form replaces the model's pieces of it ("X for Y" + "in Iran")
            found = [f for f in found if f[1] <= start or end <= f[0]]
            # a name that defines an acronym is no person's; it may be a market index
            refined = refine_entity(doc, start, end, "ORG", places=frozenset(), names=frozenset())
            if refined is not None:
                found.append(refined)
                continue
            match = ACRONYM_DEF.match(self.text, doc[end].idx)
            if match is not None:
                not_named.update(a.strip() for a in match.group("acr").split("/"))
        if not_named:
            found = [f for f in found if doc[f[0] : f[1]].text not in not_named]
        for start, end, _ in found:
            for k in range(start, end):
                covered[k] = True
        for start, end, label in _cue_mentions(doc, covered):
            refined = refine_entity(doc, start, end, label, places=frozenset(), names=frozenset())
            if refined is not None:
                found.append(refined)
        credits = credit_lines(self.text)
        if credits:
            found = [f for f in found if not self.credited(*f, credits)]
        found.sort()
        for start, end, label in found[:MAX_MENTIONS]:
            self.add(start, end, label, "name")
        self.type_mentions()
        self.define_acronyms()
        self.alias_mentions()
        self.merge_names()
        self.merge_surnames()
        clusters = self.clusters()
        types = {root: self.vote(ids) for root, ids in clusters.items()}
        self.back_references(types)
        clusters = self.clusters()
        types = {root: self.vote(ids) for root, ids in clusters.items()}
        return self.export(clusters, types)

    def credited(
        self, start: int, end: int, label: str, credits: list[tuple[int, int, bool]]
    ) -> bool:
        """The name sits in a credit line as one of the credited (or in a follow-us footer)."""
        a, b = self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1])
        for lo, hi, footer in credits:
            if lo <= a and b <= hi:
                words = [t.text for t in self.doc[start:end]]
                person = label == "PERSON" or (label == "" and looks_like_person_name(words))
                return footer or person
        return False

    def type_mentions(self) -> None:
        doc = self.doc
        for m in self.mentions:
            roles: list[tuple[int, int]] = []
            after = _role_after(doc, m.start, m.end)
            before = _role_before(doc, m.start)
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
                m.roles = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in roles]

    # -- 2. acronyms
    def define_acronyms(self) -> None:
        for index in range(len(self.mentions)):
            m = self.mentions[index]
            if m.kind != "name":
                continue
            match = ACRONYM_DEF.match(self.text, m.end_char)
            if match is None:
                continue
            words = self.words(m)
            group = match.group("acr")
            alternatives = [a.strip() for a in group.split("/")]
            if not any(a.isupper() and acronym_fits(a, words) for a in alternatives):
                continue
            pos = match.start("acr")
            for alt in alternatives:
                begin = self.text.find(alt, pos) if alt else -1
                if begin < 0:
                    continue
                pos = begin + len(alt)
                existing = self.mention_at(begin, pos)
                new = (
                    existing if existing is not None else self.add_chars(begin, pos, "", "acronym")
                )
                self.mentions[new].kind = "acronym"
                self.mentions[new].type = m.type
                self.uf.union(index, new)
                self.acronyms.setdefault(alt.replace(".", ""), index)
        # later uses of a defined acronym, tagged by the model or not
        if not self.acronyms:
            return
        taken = {(m.start_char, m.end_char) for m in self.mentions}
        for token in self.doc:
            target = self.acronyms.get(token.text.replace(".", ""))
            if target is None:
                continue
            span = (token.idx, token.idx + len(token))
            existing = self.mention_at(*span) if span in taken else None
            new = (
                existing if existing is not None else self.add(token.i, token.i + 1, "", "acronym")
            )
            self.mentions[new].kind = "acronym"
            self.uf.union(target, new)

    def mention_at(self, start_char: int, end_char: int) -> int | None:
        for i, m in enumerate(self.mentions):
            if m.start_char == start_char and m.end_char == end_char:
                return i
        return None

    # -- 6. user aliases (before equal-name merging, so alias mentions merge like names)
    def alias_mentions(self) -> None:
        if not self.rules:
            return
        taken = [(m.start_char, m.end_char) for m in self.mentions]
        for rule in self.rules:
            for surface in (rule.canonical, *rule.aliases):
                pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
                for match in pattern.finditer(self.text):
                    s, e = match.span()
                    if any(a < e and s < b for a, b in taken):
                        continue
                    idx = self.add_chars(s, e, "", "alias")
                    self.mentions[idx].type = rule.type or "organisation"
                    taken.append((s, e))

    # -- 3. equal names, short forms, acronyms that spell initials
    def merge_names(self) -> None:
        rule_keys: dict[str, int] = {}
        for r, rule in enumerate(self.rules):
            for surface in (rule.canonical, *rule.aliases):
                rule_keys[name_key(surface)] = r
        rule_first: dict[int, int] = {}
        by_key: dict[str, list[int]] = defaultdict(list)
        surnames = {parts[1] for _, parts in self.full_names()}
        for i, m in enumerate(self.mentions):
            if m.kind not in NAME_KINDS:
                continue
            words = self.words(m)
            if len(words) == 1 and m.type != "place" and surname_key(words[0]) in surnames:
                continue  # a bare surname: which person it is, merge_surnames says
            key = name_key(self.text[m.start_char : m.end_char])
            rule_index = rule_keys.get(key)
            if rule_index is not None:
                if rule_index in rule_first:
                    self.uf.union(rule_first[rule_index], i)
                else:
                    rule_first[rule_index] = i
            by_key[key].append(i)
        for ids in by_key.values():
            self.merge_equal(ids)
        long_names = [
            (i, self.words(m))
            for i, m in enumerate(self.mentions)
            if m.kind == "name" and len(self.words(m)) > 1
        ]
        for i, m in enumerate(self.mentions):
            if m.kind not in ("name", "alias"):
                continue
            words = self.words(m)
            text = " ".join(words)
            # an undefined acronym that spells a longer name's initials ("FATF")
            if text.isupper() and 2 <= len(text) <= 8 and len(words) == 1:
                for j, long_words in long_names:
                    if (
                        acronym_fits(text, long_words, strict=True)
                        and self.mentions[j].type != "person"
                    ):
                        self.uf.union(j, i)
                        m.kind = "acronym"
                        break
                continue
            # an organisation's short form: "the Courant" for "the Haarlem Courant"; a body's
            # in two words or more: "the Intelligence Committee" for "the House Intelligence
            # Committee" ("the House" alone may be another house than the "White House")
            if m.type in ("person", "place", "group") or len(words) > 3:
                continue
            low = [w.lower() for w in words]
            for j, long_words in long_names:
                other = self.mentions[j]
                if j == i or other.type not in ("organisation", "media_outlet", "government_body"):
                    continue
                if other.type == "government_body" and len(words) < 2:
                    continue
                n = len(long_words)
                if n <= len(words) or [w.lower() for w in long_words[n - len(words) :]] != low:
                    continue
                if long_words[n - len(words) - 1].lower() in ACRONYM_STOPWORDS:
                    continue  # "Iran" in "Council of Resistance of Iran" is not its short form
                self.uf.union(j, i)
                break

    def merge_equal(self, ids: list[int]) -> None:
        """Mentions written alike are one actor whatever the model called each ("Trump" as a
        person here, as an organisation there); only a place and a person stay apart
        ("Washington" the city and a Mr Washington), the other types joining the larger side."""
        people = [i for i in ids if self.mentions[i].type == "person"]
        places = [i for i in ids if self.mentions[i].type == "place"]
        groups = [ids]
        if people and places:
            others = [i for i in ids if self.mentions[i].type not in ("person", "place")]
            if len(people) > len(places):
                groups = [people + others, places]
            else:
                groups = [people, places + others]
        for group in groups:
            for i in group[1:]:
                self.uf.union(group[0], i)

    # -- 3. surnames and first names
    def full_names(self) -> list[tuple[int, tuple[str, str, str]]]:
        """The mentions that give a person's full name, with its parts."""
        people: list[tuple[int, tuple[str, str, str]]] = []
        for i, m in enumerate(self.mentions):
            words = self.words(m)
            if m.kind == "name" and m.type == "person" and len(words) >= 2:
                parts = person_parts(words)
                if parts is not None:
                    people.append((i, parts))
        return people

    def merge_surnames(self) -> None:
        people = self.full_names()
        if not people:
            return
        self.merge_full_forms(people)
        full: dict[str, list[int]] = defaultdict(list)  # surname -> full-name mentions
        for i, (_, surname, _) in people:
            full[surname].append(i)
        starts = {m.start_char for m in self.mentions}
        covered = [False] * len(self.doc)
        for m in self.mentions:
            for k in range(m.start, m.end):
                covered[k] = True
        for token in self.doc:  # surnames the model did not tag
            if (
                token.text[:1].isupper()
                and not covered[token.i]
                and token.idx not in starts
                and surname_key(token.text) in full
            ):
                idx = self.add(token.i, token.i + 1, "", "surname")
                self.mentions[idx].type = "person"
        placed = self.placed_clusters()
        unlinked: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(self.mentions):
            words = self.words(m)
            if len(words) != 1 or m.kind not in ("name", "surname"):
                continue
            surname = surname_key(words[0])
            candidates = full.get(surname)
            if not candidates or self.uf.find(i) in placed:
                continue
            before = [j for j in candidates if self.mentions[j].start_char < m.start_char]
            if before:
                ambiguous = len({self.uf.find(j) for j in before}) > 1
                target = before[-1]
            else:
                ambiguous = len({self.uf.find(j) for j in candidates}) > 1
                target = candidates[0]
            m.kind = "surname"
            m.type, m.weight = "person", max(m.weight, W_MODEL)
            if ambiguous:  # two people of this surname named so far: leave it unlinked
                unlinked[surname].append(i)
            else:
                self.uf.union(target, i)
        for ids in unlinked.values():  # the ambiguous "Biden"s: one actor, neither person
            for i in ids[1:]:
                self.uf.union(ids[0], i)
        self.merge_first_names(people, set(full))

    def merge_full_forms(self, people: list[tuple[int, tuple[str, str, str]]]) -> None:
        """Full names of one person: same surname and suffix, first names equal or one the
        short form of the other, middle initials aside ("Patrick W. Carlineo", "Pat Carlineo")."""
        for n, (i, (first, surname, suffix)) in enumerate(people):
            for j, (other_first, other_surname, other_suffix) in people[n + 1 :]:
                if (surname, suffix) != (other_surname, other_suffix):
                    continue
                short, long_ = sorted((first, other_first), key=len)
                if short == long_ or (len(short) >= 3 and long_.startswith(short)):
                    self.uf.union(i, j)

    def merge_first_names(
        self, people: list[tuple[int, tuple[str, str, str]]], surnames: set[str]
    ) -> None:
        """A first name alone ("Matt", "Joe and Hunter Biden") is the one person of the article
        with that first name, when no full name has it as its surname."""
        firsts: dict[str, set[int]] = defaultdict(set)
        for i, (first, _, _) in people:
            firsts[first].add(self.uf.find(i))
        clusters = self.clusters()
        for i, m in enumerate(self.mentions):
            words = self.words(m)
            if len(words) != 1 or m.kind != "name":
                continue
            if m.label != "PERSON" and m.type != "person":
                continue
            roots = firsts.get(first_name_key(words[0]))
            if not roots or len(roots) != 1 or surname_key(words[0]) in surnames:
                continue
            root = self.uf.find(i)
            if root in roots or any(len(self.words(self.mentions[j])) > 1 for j in clusters[root]):
                continue
            m.type, m.weight = "person", max(m.weight, W_MODEL)
            self.uf.union(next(iter(roots)), i)

    def placed_clusters(self) -> set[int]:
        """Roots of the clusters written as a place somewhere ("in Jordan"): their one-word
        names are not surnames of the article's people."""
        out: set[int] = set()
        for i, m in enumerate(self.mentions):
            if m.start > 0 and self.doc[m.start - 1].lower_ in _LOCATIVES:
                out.add(self.uf.find(i))
        return out

    # -- clusters and types
    def clusters(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.mentions)):
            out[self.uf.find(i)].append(i)
        return out

    def vote(self, ids: Iterable[int]) -> ActorType:
        scores: dict[ActorType, float] = defaultdict(float)
        for i in ids:
            m = self.mentions[i]
            if m.kind in ("description", "pronoun"):
                continue
            weight = m.weight if m.kind != "acronym" else min(m.weight, W_MODEL) / 2
            if m.kind == "surname":
                weight = max(weight, W_MODEL)
            scores[m.type] += weight
        if not scores:
            return "organisation"
        return max(scores.items(), key=lambda kv: kv[1])[0]

    # -- 5. back-references
    def back_references(self, types: dict[int, ActorType]) -> None:
        doc = self.doc
        order = sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].start)
        starts = [self.mentions[i].start for i in order]
        covered = [False] * len(doc)
        for m in self.mentions:
            for k in range(m.start, m.end):
                covered[k] = True
            for rs, re_ in m.roles:
                span = doc.char_span(rs, re_, alignment_mode="expand")
                if span is not None:
                    for k in range(span.start, span.end):
                        covered[k] = True
        added = 0
        for token in doc:
            if covered[token.i] or added >= MAX_MENTIONS:
                continue
            low = token.lower_
            if low in PERSON_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
                target = self.only_person_in_view(token.i, order, starts, types)
                if target is not None:
                    idx = self.add(token.i, token.i + 1, "", "pronoun")
                    self.uf.union(target, idx)
                    added += 1
            elif low in DEMONSTRATIVES:
                found = self.description(token, order, starts, types)
                if found is not None:
                    end, target = found
                    idx = self.add(token.i, end, "", "description")
                    self.uf.union(target, idx)
                    for k in range(token.i, end):
                        covered[k] = True
                    added += 1

    def in_view(
        self, i: int, window: int, order: list[int], starts: list[int]
    ) -> Iterable[_Mention | int]:
        """Mention indices before token ``i`` within ``window`` sentences, nearest first."""
        first_sent = self.sent_of[i] - window
        pos = bisect.bisect_left(starts, i)
        for p in range(pos - 1, -1, -1):
            m = self.mentions[order[p]]
            if m.end > i:
                continue
            if self.sent_of[m.start] < first_sent:
                break
            yield order[p]

    def only_person_in_view(
        self, i: int, order: list[int], starts: list[int], types: dict[int, ActorType]
    ) -> int | None:
        people = {
            self.uf.find(j)
            for j in self.in_view(i, _PRONOUN_WINDOW, order, starts)
            if isinstance(j, int) and types.get(self.uf.find(j)) == "person"
        }
        return people.pop() if len(people) == 1 else None

    def description(
        self, det: Token, order: list[int], starts: list[int], types: dict[int, ActorType]
    ) -> tuple[int, int] | None:
        """A description "this expert" / "the newspaper" and the actor it points back to."""
        doc = self.doc
        head = None
        for k in range(det.i + 1, min(len(doc), det.i + 5)):
            token = doc[k]
            if token.pos_ == "PROPN" or (token.is_punct and token.text != "-"):
                return None
            if token.pos_ == "NOUN" and token.dep_ not in ("compound", "amod"):
                head = token
                break
            if token.pos_ not in ("ADJ", "NOUN", "PUNCT", "ADV"):
                return None
        if head is None:
            return None
        if head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "of":
            return None  # "the head of X" states a role; it is not a back-reference
        noun = head.lower_
        person_noun = _is_role_noun(doc, head)
        if not person_noun and noun not in DESCRIPTION_ORG_NOUNS:
            return None
        demonstrative = det.lower_ in ("this", "that")
        people: set[int] = set()
        for j in self.in_view(det.i, _DESCRIPTION_WINDOW, order, starts):
            assert isinstance(j, int)
            m = self.mentions[j]
            root = self.uf.find(j)
            kind = types.get(root)
            if person_noun:
                if kind != "person":
                    continue
                people.add(root)
                if any(noun in self.text[a:b].lower().split() for a, b in self.roles_of(root)):
                    return head.i + 1, root
            elif kind not in ("person", "place") and m.kind in NAME_KINDS:
                words = [w.lower() for w in self.words(m)]
                if (
                    noun in words
                    or (
                        kind == "media_outlet"
                        and (noun in OUTLET_HEADS or noun in OUTLET_CUE_AFTER)
                    )
                    or (
                        kind == "organisation" and noun in ("group", "organisation", "organization")
                    )
                ):
                    return head.i + 1, root
        if person_noun and demonstrative and len(people) == 1:
            return head.i + 1, people.pop()
        return None

    def roles_of(self, root: int) -> list[tuple[int, int]]:
        return [r for i, m in enumerate(self.mentions) if self.uf.find(i) == root for r in m.roles]

    # -- output
    def export(
        self, clusters: dict[int, list[int]], types: dict[int, ActorType]
    ) -> list[dict[str, Any]]:
        rule_keys = {
            name_key(s): rule for rule in self.rules for s in (rule.canonical, *rule.aliases)
        }
        actors: list[tuple[int, dict[str, Any]]] = []
        for root, ids in clusters.items():
            ms = sorted((self.mentions[i] for i in ids), key=lambda m: (m.start_char, -m.end_char))
            spans: list[tuple[int, int, str]] = []
            for m in ms:
                if any(a <= m.start_char and m.end_char <= b for a, b, _ in spans):
                    continue  # inside a longer mention of the same actor
                spans.append((m.start_char, m.end_char, m.kind))
            names = [self.surface(m) for m in ms if m.kind in ("name", "alias")]
            names = names or [self.surface(m) for m in ms if m.kind in NAME_KINDS]
            if not names:
                continue
            counts = Counter(names)
            # The fullest form; among equally full ones the most used, then the first.
            name = max(names, key=lambda n: (len(n.split()), counts[n], -names.index(n)))
            actor_type = types[root]
            for m in ms:
                rule = rule_keys.get(name_key(self.surface(m))) if m.kind in NAME_KINDS else None
                if rule is not None:
                    name = rule.canonical
                    actor_type = rule.type or actor_type
                    break
            aliases: list[str] = []
            for m in ms:
                surface = self.surface(m)
                if m.kind in NAME_KINDS and surface != name and surface not in aliases:
                    aliases.append(surface)
            roles = sorted({r for m in ms for r in m.roles})
            actors.append(
                (
                    spans[0][0],
                    {
                        "name": name,
                        "type": actor_type,
                        "mentions": [[s, e] for s, e, _ in spans],
                        "kinds": [k for _, _, k in spans],
                        "aliases": aliases,
                        "roles": [[s, e] for s, e in roles],
                    },
                )
            )
        actors.sort(key=lambda pair: pair[0])
        return [{"id": f"a{n}", **data} for n, (_, data) in enumerate(actors, 1)]

    def surface(self, m: _Mention) -> str:
        return " ".join(self.text[m.start_char : m.end_char].split())


def resolve_actors(
    doc: Doc,
    alias_rules: Sequence[AliasRule] = (),
    *,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[dict[str, Any]]:
    """Cluster the document's mentions into actors, as plain (msgpack-ready) data.

    Args:
        doc: a parsed document (the tagger, parser and NER of an English pipeline).
        alias_rules: user rules that merge names the text cannot link.
        exclude: character spans (instrument names) inside which only government bodies count
            as actor mentions ("Paris" in "the Paris Agreement" is not an actor).

    Returns:
        One dict per actor, in order of first mention: ``id`` ("a1", ...), ``name``, ``type``,
        ``mentions`` (``[[start, end], ...]`` character offsets), ``kinds`` (one per mention:
        name, acronym, surname, alias, description, pronoun), ``aliases`` and ``roles``.
    """
    resolver = _Resolver(doc, alias_rules)
    actors = resolver.run()
    if not exclude:
        return actors
    kept: list[dict[str, Any]] = []
    for actor in actors:
        if actor["type"] != "government_body":
            pairs = [
                (span, kind)
                for span, kind in zip(actor["mentions"], actor["kinds"], strict=True)
                if not any(a <= span[0] and span[1] <= b for a, b in exclude)
            ]
            if not any(kind in NAME_KINDS for _, kind in pairs):
                continue
            actor["mentions"] = [span for span, _ in pairs]
            actor["kinds"] = [kind for _, kind in pairs]
        kept.append(actor)
    for n, actor in enumerate(kept, 1):
        actor["id"] = f"a{n}"
    return kept
