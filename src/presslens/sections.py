"""Very long bodies in sections: each section analysed on its own, the records joined.

spaCy's models hold a whole document's activations at once (a 500,000-character body took
1.4 GB) and refuse bodies past ``nlp.max_length`` (spaCy's E088); some of presslens' own
analyses compare every quotation with every earlier speaker. A body longer than
``PipelineConfig.chunk_chars`` is therefore cut at paragraph breaks (else at a line break, a
sentence end, a space) into sections of at most that size, each section goes through the whole
pipeline, and the section records are joined: offsets shifted back into the body, actors that
share a corpus key (see :mod:`presslens.stages.actors.keys`) merged into one, and quotations
pointed at the merged actors. Memory is bounded by the section size and time is linear in the
body's length.

What is lost: coreference across a section boundary ("he" in the first paragraph of a section
that refers to a man named only in the section before is left unresolved).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from presslens.records import Actor, Article
from presslens.stages.actors.keys import AliasIndex, normalise_name

__all__ = ["join_sections", "split_sections"]

# Where to cut, best first: a paragraph break, a line break, a sentence end, any space.
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?][\"'”’)]*\s"),
    re.compile(r"\s"),
)
_T = TypeVar("_T")


def split_sections(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into ``(offset, section)`` pairs of at most ``size`` characters that join
    back into ``text``.

    Each cut goes after the last paragraph break in the section's second half, else the last
    line break, sentence end or space there, else at ``size`` exactly.
    """
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = size
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, size // 2)]
            if ends:
                cut = ends[-1]
                break
        yield start, window[:cut]
        start += cut
    if start < len(text):
        yield start, text[start:]


def _shifted(value: _T, offset: int, ids: dict[str, str]) -> _T:
    """A copy of a record part with every ``start``/``end`` moved by ``offset`` and every actor
    id renamed through ``ids``, all the way down (spans, quotes, techniques, ...)."""
    if isinstance(value, tuple):
        return type(value)(_shifted(item, offset, ids) for item in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for item in dataclasses.fields(value):
        current = getattr(value, item.name)
        if item.name in ("start", "end") and isinstance(current, int):
            changes[item.name] = current + offset
        elif item.name in ("actor", "id") and isinstance(current, str):
            changes[item.name] = ids.get(current, current)
        elif isinstance(current, tuple) or dataclasses.is_dataclass(current):
            changes[item.name] = _shifted(current, offset, ids)
    return dataclasses.replace(value, **changes)


def _surname(actor: Actor) -> str | None:
    """The last word of a person's only name when the section never gives a full name."""
    names = {normalise_name(n) for n in (actor.name, *actor.aliases)}
    if actor.type != "person" or any(" " in n for n in names) or len(names) != 1:
        return None
    return names.pop() or None


def _merge_actors(
    sections: Sequence[tuple[int, Article]],
) -> tuple[tuple[Actor, ...], list[dict[str, str]]]:
    """Merge the sections' actors by corpus key; a lone surname joins the one full name that
    ends with it. Mentions and roles are shifted into the body. Returns the actors (ids
    ``a1``, ``a2``, ... in order of first mention) and, per section, its ids mapped to those."""
    index = AliasIndex()
    groups: list[list[tuple[int, Actor]]] = []
    by_key: dict[str, int] = {}
    by_surname: dict[str, set[int]] = {}
    for number, (offset, section) in enumerate(sections):
        for actor in section.actors:
            keys = index.names_of(actor).keys
            group = next((by_key[k] for k in keys if k in by_key), None)
            surname = _surname(actor)
            if group is None and surname is not None and len(by_surname.get(surname, ())) == 1:
                group = next(iter(by_surname[surname]))
            if group is None:
                group = len(groups)
                groups.append([])
            groups[group].append((number, _shifted(actor, offset, {})))
            for key in keys:
                by_key.setdefault(key, group)
                if key.startswith("person:") and " " in key:
                    by_surname.setdefault(key.rsplit(" ", 1)[1], set()).add(group)
    merged = [_one_actor([actor for _, actor in members]) for members in groups]
    order = sorted(range(len(groups)), key=lambda g: merged[g].mentions[0].start)
    ids: list[dict[str, str]] = [{} for _ in sections]
    actors: list[Actor] = []
    for position, group in enumerate(order, start=1):
        new_id = f"a{position}"
        actors.append(dataclasses.replace(merged[group], id=new_id))
        for number, actor in groups[group]:
            ids[number][actor.id] = new_id
    return tuple(actors), ids


def _one_actor(actors: list[Actor]) -> Actor:
    """One actor from the same actor's records in several sections; the fullest name wins."""
    fullest = max(actors, key=lambda a: (len(a.name.split()), len(a.name)))
    names = dict.fromkeys(n for a in actors for n in (a.name, *a.aliases))
    names.pop(fullest.name, None)
    return Actor(
        id=fullest.id,
        name=fullest.name,
        type=fullest.type,
        mentions=tuple(m for a in actors for m in a.mentions),
        aliases=tuple(names),
        roles=tuple(r for a in actors for r in a.roles),
    )


# Record fields that are not lists of spans in the body.
_NOT_FINDINGS = frozenset({"actors", "analyses", "warnings"})


def join_sections(sections: Sequence[tuple[int, Article]], whole: Article) -> Article:
    """Join the records of a body's sections into ``whole``.

    Args:
        sections: ``(offset in the body, record of that section)``, in order.
        whole: the record of the whole body, with its text, metadata, source, affiliation,
            analyses and warnings; its lists of spans (sentences, entities, quotes, ...) and
            actors are filled in from the sections.
    """
    actors, ids = _merge_actors(sections)
    joined: dict[str, list[Any]] = {
        item.name: []
        for item in dataclasses.fields(Article)
        if item.name not in _NOT_FINDINGS and isinstance(getattr(whole, item.name), tuple)
    }
    for (offset, record), mapping in zip(sections, ids, strict=True):
        for name, parts in joined.items():
            parts.extend(_shifted(getattr(record, name), offset, mapping))
    changes: dict[str, Any] = {name: tuple(parts) for name, parts in joined.items()}
    return dataclasses.replace(whole, actors=actors, **changes)
