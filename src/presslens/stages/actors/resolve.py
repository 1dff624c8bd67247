"""Mention clustering: one actor per person, organisation or place, however the article names it.

Rules over the existing parse, cheapest first, each step in its own module:

1. name mentions (``mentions``) — the model's entities, trimmed and repaired, plus names found
   by outlet and title cues;
2. roles and types (``roles``, ``labels``) — appositives, titles, head words, outlet cues;
3. acronyms (``acronyms``) defined in brackets after a long form, then every later use;
4. clustering (``clusters``) — equal names, surnames and first names of full names, short forms
   of organisations, acronyms that spell initials, user alias rules;
5. coreference (``coref``) — pronouns by gender and number, definite descriptions and
   demonstratives, linked back to the actor they mean.

Work is bounded: at most ``MAX_MENTIONS`` mentions per document, windows of a few sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from presslens.records import ActorType
from presslens.stages.actors.acronyms import acronym_fits, define_acronyms
from presslens.stages.actors.aliases import AliasRule
from presslens.stages.actors.clusters import alias_mentions, merge_names, merge_surnames, name_key
from presslens.stages.actors.coref import link_back_references
from presslens.stages.actors.labels import looks_like_person_name
from presslens.stages.actors.mentions import acronym_long_forms, cue_mentions, model_mentions
from presslens.stages.actors.names import credit_lines, refine_entity
from presslens.stages.actors.patterns import ACRONYM_DEF
from presslens.stages.actors.payload import NAME_KINDS, ActorData, MentionKind
from presslens.stages.actors.roles import type_mentions
from presslens.stages.actors.table import MAX_MENTIONS, MentionTable
from presslens.vocabulary import Gender

__all__ = ["MAX_MENTIONS", "acronym_fits", "name_key", "resolve_actors"]


def _credited(
    doc: Doc, start: int, end: int, label: str, credits: list[tuple[int, int, bool]]
) -> bool:
    """The name sits in a credit line as one of the credited (or in a follow-us footer)."""
    a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    for lo, hi, footer in credits:
        if lo <= a and b <= hi:
            words = [t.text for t in doc[start:end]]
            person = label == "PERSON" or (label == "" and looks_like_person_name(words))
            return footer or person
    return False


def _find_names(table: MentionTable) -> None:
    """Step 1: the name mentions, in text order."""
    doc, text = table.doc, table.text
    covered = [False] * len(doc)
    found = model_mentions(doc)
    not_named: set[str] = set()  # acronyms of what names no actor ("Hang Seng Index (HSI)")
    for start, end in acronym_long_forms(doc, text):
        # the long form replaces the model's pieces of it ("X for Y" + "in Iran")
        found = [f for f in found if f[1] <= start or end <= f[0]]
        # a name that defines an acronym is no person's; it may be a market index
        refined = refine_entity(doc, start, end, "ORG", places=frozenset(), names=frozenset())
        if refined is not None:
            found.append(refined)
            continue
        match = ACRONYM_DEF.match(text, doc[end].idx)
        if match is not None:
            not_named.update(a.strip() for a in match.group("acr").split("/"))
    if not_named:
        found = [f for f in found if doc[f[0] : f[1]].text not in not_named]
    for start, end, _ in found:
        for k in range(start, end):
            covered[k] = True
    for start, end, label in cue_mentions(doc, covered):
        refined = refine_entity(doc, start, end, label, places=frozenset(), names=frozenset())
        if refined is not None:
            found.append(refined)
    credits = credit_lines(text)
    if credits:
        found = [f for f in found if not _credited(doc, *f, credits)]
    found.sort()
    for start, end, label in found[:MAX_MENTIONS]:
        table.add(start, end, label, "name")


def _export(
    table: MentionTable,
    rules: Sequence[AliasRule],
    types: dict[int, ActorType],
    genders: dict[int, Gender | None],
) -> list[ActorData]:
    """One actor per cluster that has a name, in order of first mention."""
    rule_keys = {name_key(s): rule for rule in rules for s in (rule.canonical, *rule.aliases)}
    actors: list[ActorData] = []
    for root, ids in table.clusters().items():
        ms = sorted((table.mentions[i] for i in ids), key=lambda m: (m.start_char, -m.end_char))
        spans: list[tuple[int, int, MentionKind]] = []
        for m in ms:
            if any(a <= m.start_char and m.end_char <= b for a, b, _ in spans):
                continue  # inside a longer mention of the same actor
            spans.append((m.start_char, m.end_char, m.kind))
        names = [table.surface(m) for m in ms if m.kind in ("name", "alias")]
        names = names or [table.surface(m) for m in ms if m.kind in NAME_KINDS]
        if not names:
            continue
        counts = Counter(names)
        # The fullest form; among equally full ones the most used, then the first.
        name = max(names, key=lambda n: (len(n.split()), counts[n], -names.index(n)))
        actor_type = types[root]
        for m in ms:
            rule = rule_keys.get(name_key(table.surface(m))) if m.kind in NAME_KINDS else None
            if rule is not None:
                name = rule.canonical
                actor_type = rule.type or actor_type
                break
        aliases: list[str] = []
        for m in ms:
            surface = table.surface(m)
            if m.kind in NAME_KINDS and surface != name and surface not in aliases:
                aliases.append(surface)
        actors.append(
            ActorData(
                id="",
                name=name,
                type=actor_type,
                mentions=tuple((s, e) for s, e, _ in spans),
                kinds=tuple(k for _, _, k in spans),
                aliases=tuple(aliases),
                roles=tuple(sorted({r for m in ms for r in m.roles})),
                gender=genders.get(root) if actor_type == "person" else None,
            )
        )
    actors.sort(key=lambda a: a.mentions[0][0])
    return actors


def _without(actors: list[ActorData], exclude: Sequence[tuple[int, int]]) -> list[ActorData]:
    """Mentions inside an instrument's name dropped, and actors left with no name dropped."""
    kept: list[ActorData] = []
    for actor in actors:
        if actor.type != "government_body":
            pairs = [
                (span, kind)
                for span, kind in zip(actor.mentions, actor.kinds, strict=True)
                if not any(a <= span[0] and span[1] <= b for a, b in exclude)
            ]
            if not any(kind in NAME_KINDS for _, kind in pairs):
                continue
            actor = ActorData(
                actor.id,
                actor.name,
                actor.type,
                tuple(span for span, _ in pairs),
                tuple(kind for _, kind in pairs),
                actor.aliases,
                actor.roles,
                actor.gender,
            )
        kept.append(actor)
    return kept


def resolve_actors(
    doc: Doc,
    alias_rules: Sequence[AliasRule] = (),
    *,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[ActorData]:
    """Cluster the document's mentions into actors.

    Args:
        doc: a parsed document (the tagger, parser and NER of an English pipeline).
        alias_rules: user rules that merge names the text cannot link.
        exclude: character spans (instrument names) inside which only government bodies count
            as actor mentions ("Paris" in "the Paris Agreement" is not an actor).

    Returns:
        The actors in order of first mention, with ids "a1", "a2", ...
    """
    table = MentionTable(doc)
    _find_names(table)
    type_mentions(table)
    define_acronyms(table)
    alias_mentions(table, alias_rules)
    merge_names(table, alias_rules)
    merge_surnames(table)
    genders = link_back_references(table, table.types())
    actors = _export(table, alias_rules, table.types(), genders)
    if exclude:
        actors = _without(actors, exclude)
    return [
        ActorData(f"a{n}", a.name, a.type, a.mentions, a.kinds, a.aliases, a.roles, a.gender)
        for n, a in enumerate(actors, 1)
    ]
