"""Clustering names: equal names, surnames and first names of full names, short forms of
organisations, acronyms that spell initials, and the user's alias rules.

>>> name_key("the U.S.'s")
'us'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from presslens.stages.actors.acronyms import acronym_fits
from presslens.stages.actors.aliases import AliasRule
from presslens.stages.actors.labels import W_MODEL
from presslens.stages.actors.patterns import ACRONYM_STOPWORDS
from presslens.stages.actors.payload import NAME_KINDS
from presslens.stages.actors.persons import first_name_key, person_parts, surname_key
from presslens.stages.actors.table import MentionTable

__all__ = ["alias_mentions", "merge_names", "merge_surnames", "name_key"]

_QUOTES_RE = re.compile(r"[\"“”'‘’]")
_SPACE_RE = re.compile(r"\s+")
_APOSTROPHE_S_RE = re.compile(r"['’]s$")
# Prepositions that put a one-word name as a place ("in Jordan"), not as a person.
_LOCATIVES = frozenset({"in", "across", "into", "throughout", "within", "near", "inside"})


def name_key(text: str) -> str:
    """Normalise a name for equality: casefold, no "the", no possessive, single spaces."""
    text = _QUOTES_RE.sub("", _APOSTROPHE_S_RE.sub("", text.strip())) if text else ""
    words = _SPACE_RE.sub(" ", text).strip().casefold().split(" ")
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w.strip(".,;:") for w in words).replace(".", "")


def alias_mentions(table: MentionTable, rules: Sequence[AliasRule]) -> None:
    """Mentions of the user's alias rules the model did not find (before equal names merge,
    so alias mentions merge like names)."""
    if not rules:
        return
    taken = [(m.start_char, m.end_char) for m in table.mentions]
    for rule in rules:
        for surface in (rule.canonical, *rule.aliases):
            pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
            for match in pattern.finditer(table.text):
                s, e = match.span()
                if any(a < e and s < b for a, b in taken):
                    continue
                idx = table.add_chars(s, e, "", "alias")
                table.mentions[idx].type = rule.type or "organisation"
                taken.append((s, e))


def merge_names(table: MentionTable, rules: Sequence[AliasRule]) -> None:
    """Equal names, alias rules, undefined acronyms that spell a name's initials, and an
    organisation's short forms ("the Courant")."""
    rule_keys: dict[str, int] = {}
    for r, rule in enumerate(rules):
        for surface in (rule.canonical, *rule.aliases):
            rule_keys[name_key(surface)] = r
    rule_first: dict[int, int] = {}
    by_key: dict[str, list[int]] = defaultdict(list)
    surnames = {parts[1] for _, parts in full_names(table)}
    for i, m in enumerate(table.mentions):
        if m.kind not in NAME_KINDS:
            continue
        words = table.words(m)
        if len(words) == 1 and m.type != "place" and surname_key(words[0]) in surnames:
            continue  # a bare surname: which person it is, merge_surnames says
        key = name_key(table.text[m.start_char : m.end_char])
        rule_index = rule_keys.get(key)
        if rule_index is not None:
            if rule_index in rule_first:
                table.uf.union(rule_first[rule_index], i)
            else:
                rule_first[rule_index] = i
        by_key[key].append(i)
    for ids in by_key.values():
        merge_equal(table, ids)
    long_names = [
        (i, table.words(m))
        for i, m in enumerate(table.mentions)
        if m.kind == "name" and len(table.words(m)) > 1
    ]
    for i, m in enumerate(table.mentions):
        if m.kind not in ("name", "alias"):
            continue
        words = table.words(m)
        text = " ".join(words)
        # an undefined acronym that spells a longer name's initials ("FATF")
        if text.isupper() and 2 <= len(text) <= 8 and len(words) == 1:
            for j, long_words in long_names:
                if (
                    acronym_fits(text, long_words, strict=True)
                    and table.mentions[j].type != "person"
                ):
                    table.uf.union(j, i)
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
            other = table.mentions[j]
            if j == i or other.type not in ("organisation", "media_outlet", "government_body"):
                continue
            if other.type == "government_body" and len(words) < 2:
                continue
            n = len(long_words)
            if n <= len(words) or [w.lower() for w in long_words[n - len(words) :]] != low:
                continue
            if long_words[n - len(words) - 1].lower() in ACRONYM_STOPWORDS:
                continue  # "Iran" in "Council of Resistance of Iran" is not its short form
            table.uf.union(j, i)
            break


def merge_equal(table: MentionTable, ids: list[int]) -> None:
    """Mentions written alike are one actor whatever the model called each ("Trump" as a
    person here, as an organisation there); only a place and a person stay apart
    ("Washington" the city and a Mr Washington), the other types joining the larger side."""
    people = [i for i in ids if table.mentions[i].type == "person"]
    places = [i for i in ids if table.mentions[i].type == "place"]
    groups = [ids]
    if people and places:
        others = [i for i in ids if table.mentions[i].type not in ("person", "place")]
        if len(people) > len(places):
            groups = [people + others, places]
        else:
            groups = [people, places + others]
    for group in groups:
        for i in group[1:]:
            table.uf.union(group[0], i)


def full_names(table: MentionTable) -> list[tuple[int, tuple[str, str, str]]]:
    """The mentions that give a person's full name, with its parts."""
    people: list[tuple[int, tuple[str, str, str]]] = []
    for i, m in enumerate(table.mentions):
        words = table.words(m)
        if m.kind == "name" and m.type == "person" and len(words) >= 2:
            parts = person_parts(words)
            if parts is not None:
                people.append((i, parts))
    return people


def merge_surnames(table: MentionTable) -> None:
    """A bare surname joins the one full name of the article that ends with it (left apart
    when two people bear it), then first names alone join the one person who has them."""
    people = full_names(table)
    if not people:
        return
    merge_full_forms(table, people)
    full: dict[str, list[int]] = defaultdict(list)  # surname -> full-name mentions
    for i, (_, surname, _) in people:
        full[surname].append(i)
    starts = {m.start_char for m in table.mentions}
    covered = [False] * len(table.doc)
    for m in table.mentions:
        for k in range(m.start, m.end):
            covered[k] = True
    for token in table.doc:  # surnames the model did not tag
        if (
            token.text[:1].isupper()
            and not covered[token.i]
            and token.idx not in starts
            and surname_key(token.text) in full
        ):
            idx = table.add(token.i, token.i + 1, "", "surname")
            table.mentions[idx].type = "person"
    placed = placed_clusters(table)
    unlinked: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(table.mentions):
        words = table.words(m)
        if len(words) != 1 or m.kind not in ("name", "surname"):
            continue
        surname = surname_key(words[0])
        candidates = full.get(surname)
        if not candidates or table.uf.find(i) in placed:
            continue
        before = [j for j in candidates if table.mentions[j].start_char < m.start_char]
        if before:
            ambiguous = len({table.uf.find(j) for j in before}) > 1
            target = before[-1]
        else:
            ambiguous = len({table.uf.find(j) for j in candidates}) > 1
            target = candidates[0]
        m.kind = "surname"
        m.type, m.weight = "person", max(m.weight, W_MODEL)
        if ambiguous:  # two people of this surname named so far: leave it unlinked
            unlinked[surname].append(i)
        else:
            table.uf.union(target, i)
    for ids in unlinked.values():  # the ambiguous "Biden"s: one actor, neither person
        for i in ids[1:]:
            table.uf.union(ids[0], i)
    merge_first_names(table, people, set(full))


def merge_full_forms(table: MentionTable, people: list[tuple[int, tuple[str, str, str]]]) -> None:
    """Full names of one person: same surname and suffix, first names equal or one the
    short form of the other, middle initials aside ("Patrick W. Carlineo", "Pat Carlineo")."""
    for n, (i, (first, surname, suffix)) in enumerate(people):
        for j, (other_first, other_surname, other_suffix) in people[n + 1 :]:
            if (surname, suffix) != (other_surname, other_suffix):
                continue
            short, long_ = sorted((first, other_first), key=len)
            if short == long_ or (len(short) >= 3 and long_.startswith(short)):
                table.uf.union(i, j)


def merge_first_names(
    table: MentionTable, people: list[tuple[int, tuple[str, str, str]]], surnames: set[str]
) -> None:
    """A first name alone ("Matt", "Joe and Hunter Biden") is the one person of the article
    with that first name, when no full name has it as its surname."""
    firsts: dict[str, set[int]] = defaultdict(set)
    for i, (first, _, _) in people:
        firsts[first].add(table.uf.find(i))
    clusters = table.clusters()
    for i, m in enumerate(table.mentions):
        words = table.words(m)
        if len(words) != 1 or m.kind != "name":
            continue
        if m.label != "PERSON" and m.type != "person":
            continue
        roots = firsts.get(first_name_key(words[0]))
        if not roots or len(roots) != 1 or surname_key(words[0]) in surnames:
            continue
        root = table.uf.find(i)
        if root in roots or any(len(table.words(table.mentions[j])) > 1 for j in clusters[root]):
            continue
        m.type, m.weight = "person", max(m.weight, W_MODEL)
        table.uf.union(next(iter(roots)), i)


def placed_clusters(table: MentionTable) -> set[int]:
    """Roots of the clusters written as a place somewhere ("in Jordan"): their one-word
    names are not surnames of the article's people."""
    out: set[int] = set()
    for i, m in enumerate(table.mentions):
        if m.start > 0 and table.doc[m.start - 1].lower_ in _LOCATIVES:
            out.add(table.uf.find(i))
    return out
