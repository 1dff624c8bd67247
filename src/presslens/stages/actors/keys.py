"""Actor keys: which names, across articles (or sections of a long body), are the same actor.

Inside one article the actors stage already merged "the National Council of Resistance of Iran
(NCRI)", "NCRI" and "the council". Across a corpus, the store merges actors whose *keys* meet
(and so does the pipeline across the sections of a very long body): a
key is a type family plus a normalised name, made for the actor's name and for each alias that
can stand on its own outside the article:

>>> actor_key("organisation", "the National Council of Resistance of Iran")
'org:national council of resistance of iran'
>>> actor_key("government_body", "U.S. House")
'org:us house'

A person's one-word alias ("Sadr") names them only inside the article that introduced the full
name, so it makes no corpus key; acronyms ("NCRI") and multi-word names do. User alias rules (the
same file the actors stage reads) add the merges the text alone cannot justify.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from presslens.records import Actor, ActorType
from presslens.stages.actors.aliases import AliasFile

__all__ = ["ActorNames", "AliasIndex", "actor_key", "family", "normalise_name"]

_FAMILIES: dict[str, str] = {
    "person": "person",
    "place": "place",
    "organisation": "org",
    "government_body": "org",
    "media_outlet": "org",
    "group": "org",
}

_POSSESSIVE = re.compile(r"['’]s?$")
_DOTTED = re.compile(r"(?<=\w)\.(?=\w|$)")
_NON_WORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^the\s+")
_MAX_NAME = 300


def family(actor_type: str) -> str:
    """The key family of an actor type: organisations, government bodies, outlets and groups
    share ``org`` (one article's "group" is another's "organisation")."""
    return _FAMILIES.get(actor_type, actor_type)


def normalise_name(name: str) -> str:
    """Case, accents' composed forms, a leading "the", possessives, dots and punctuation away.

    >>> normalise_name("the U.S. House's")
    'us house'
    """
    text = unicodedata.normalize("NFKC", name[:_MAX_NAME]).strip()
    text = _POSSESSIVE.sub("", text)
    text = _DOTTED.sub("", text).replace("&", " and ")
    text = _NON_WORD.sub(" ", text.casefold()).strip()
    return _LEADING_ARTICLE.sub("", text)


def actor_key(actor_type: str, name: str) -> str:
    """``family:normalised name``; empty names give ``""``."""
    norm = normalise_name(name)
    return f"{family(actor_type)}:{norm}" if norm else ""


def _stands_alone(actor_type: str, name: str) -> bool:
    """Whether a name identifies its actor outside the article it came from."""
    norm = normalise_name(name)
    if len(norm) < 2:
        return False
    if family(actor_type) != "person":
        return True
    return " " in norm  # "Mohammad Sadr" does; "Sadr" and "He" do not


@dataclass(frozen=True, slots=True)
class ActorNames:
    """What the store needs of one article actor: display name, type and its corpus keys."""

    name: str
    type: ActorType
    keys: tuple[str, ...]
    names: tuple[str, ...]  # the surface forms behind ``keys``, in the same order
    from_rule: bool = False  # ``name`` is a user alias rule's canonical name


class AliasIndex:
    """User alias rules, looked up by normalised name.

    Args:
        rules: the parsed alias file, or None for no rules.
    """

    def __init__(self, rules: AliasFile | None = None):
        self._by_name: dict[str, list[tuple[str, tuple[str, ...], ActorType | None]]] = {}
        for rule in rules.aliases if rules else ():
            names = (rule.canonical, *rule.aliases)
            for name in names:
                entry = (rule.canonical, names, rule.type)
                self._by_name.setdefault(normalise_name(name), []).append(entry)

    def rule_for(
        self, actor_type: ActorType, names: Iterable[str]
    ) -> tuple[str, tuple[str, ...]] | None:
        """The canonical name and all names of the first rule naming any of ``names``."""
        for name in names:
            for canonical, rule_names, rule_type in self._by_name.get(normalise_name(name), ()):
                if rule_type is None or family(rule_type) == family(actor_type):
                    return canonical, rule_names
        return None

    def names_of(self, actor: Actor) -> ActorNames:
        """The display name and corpus keys of an article's actor, rules applied."""
        written: Sequence[str] = (actor.name, *actor.aliases)
        display = actor.name
        rule = self.rule_for(actor.type, written)
        if rule is not None:
            display, rule_names = rule
            written = (display, *written, *rule_names)
        keys: dict[str, str] = {}
        for name in written:
            if _stands_alone(actor.type, name) or name == display:
                key = actor_key(actor.type, name)
                if key:
                    keys.setdefault(key, name)
        return ActorNames(display, actor.type, tuple(keys), tuple(keys.values()), rule is not None)
