"""Actor keys: which names, across articles (or sections of a long body), are the same actor.

Inside one article the actors stage already merged "the National Council of Resistance of Iran
(NCRI)", "NCRI" and "the council". Across a corpus, the store merges actors whose *keys* meet
(and so does the pipeline across the sections of a very long body): a key is a type family plus
a normalised name, made for each name of the actor that can stand on its own outside the
article:

>>> actor_key("organisation", "the National Council of Resistance of Iran")
'org:national council of resistance of iran'
>>> actor_key("government_body", "U.S. House")
'org:us house'
>>> actor_key("person", "Volodymyr Zelenskiy") == actor_key("person", "Volodymyr Zelensky")
True

What stands alone:

* acronyms and multi-word names of organisations, bodies, outlets, groups and places, and
  one-word ones too ("Reuters", "Ukraine") — but not a bare institutional noun ("Senate", "the
  ministry", "Supreme Court", "Interior Ministry"), which names a different body in each
  article's country or state: such an actor stays its article's own;
* a party's name, also as its members' plural ("Democratic Party": "democrats");
* a person's full name ("Mohammad Sadr"). Its key leaves out middle initials ("Patrick W.
  Carlineo" = "Patrick Carlineo") and folds accents and transliterated Cyrillic endings
  ("Zelenskiy", "Zelenskyy" = "Zelensky").

A name written alone — a person or organisation its article names by one word only ("Sadr",
"Trump", "Reuters") — is a *bare name*: the store decides, from the whole corpus, which actor
it is (the one full name with that surname, the organisation or place of that name, or an actor
of its own; see :mod:`presslens.store.actors`). A person's bare name makes no key; an
organisation's keeps its key, where its mentions go unless most mentions of that word are a
person's. A place named by one word is keyed only. Families never keep two actors with the
same multi-word name apart: the store looks such a name up in every family, and the majority
of mentions gives the type. User alias rules (the same file the actors stage reads) add the
merges the text alone cannot justify.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from presslens.records import Actor, ActorType
from presslens.stages.actors.aliases import AliasFile
from presslens.stages.actors.patterns import GENERIC_BODY_HEADS, GENERIC_BODY_MODIFIERS
from presslens.stages.actors.persons import person_parts, surname_key

__all__ = [
    "BARE_PREFIX",
    "FAMILIES",
    "ActorNames",
    "AliasIndex",
    "actor_key",
    "family",
    "family_variants",
    "is_generic",
    "lookup_keys",
    "normalise_name",
    "party_members",
]

_FAMILIES: dict[str, str] = {
    "person": "person",
    "place": "place",
    "organisation": "org",
    "government_body": "org",
    "media_outlet": "org",
    "group": "org",
}
FAMILIES = ("person", "org", "place")
"""The key families, in the order look-ups try them."""
BARE_PREFIX = "bare:"
"""Key prefix of a name written alone (``bare:trump``), held by the actor it was decided to be."""

_POSSESSIVE = re.compile(r"['’]s?$")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
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
    >>> normalise_name("People’s Liberation Army")
    'peoples liberation army'
    """
    text = unicodedata.normalize("NFKC", name[:_MAX_NAME]).strip()
    text = _INNER_APOSTROPHE.sub("", _POSSESSIVE.sub("", text))
    text = _DOTTED.sub("", text).replace("&", " and ")
    text = _NON_WORD.sub(" ", text.casefold()).strip()
    return _LEADING_ARTICLE.sub("", text)


def _person_form(norm: str) -> str:
    """A normalised person name as keyed: middle initials out, accents and transliterated
    endings folded ("patrick w carlineo" -> "patrick carlineo")."""
    words = norm.split()
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(surname_key(w) for w in words)


def actor_key(actor_type: str, name: str) -> str:
    """``family:normalised name``; empty names give ``""``."""
    norm = normalise_name(name)
    if not norm:
        return ""
    fam = family(actor_type)
    return f"{fam}:{_person_form(norm) if fam == 'person' else norm}"


def lookup_keys(name: str) -> list[str]:
    """Every key a written name can be stored under: its form in each family, and for one
    word its bare-name key. For look-ups by name ("Trump", "NCRI", "Volodymyr Zelenskiy").

    >>> lookup_keys("Trump")
    ['person:trump', 'org:trump', 'place:trump', 'bare:trump']
    """
    norm = normalise_name(name)
    if not norm:
        return []
    keys = [f"person:{_person_form(norm)}", f"org:{norm}", f"place:{norm}"]
    if len(name.split()) == 1:
        keys.append(BARE_PREFIX + surname_key(name))
    return keys


def family_variants(key: str) -> list[str]:
    """The key and the same name in the other families, which the store takes for the same
    actor: a place standing for its government ("Beijing said"), an organisation the model
    took for a person ("Walter Reed"). One-word person keys do not exist (see module).

    >>> family_variants("org:walter reed")
    ['org:walter reed', 'place:walter reed', 'person:walter reed']
    """
    fam, _, norm = key.partition(":")
    if fam not in FAMILIES or not norm:
        return [key]
    variants = [f"org:{norm}", f"place:{norm}"]
    if " " in norm:
        variants.append(f"person:{_person_form(norm)}")
    return [key, *(v for v in variants if v != key)]


def party_members(name: str) -> str | None:
    """The members' plural a party's name implies, as normalised: "Democratic Party" ->
    "democrats", "Conservative Party" -> "conservatives" (a party and its members are one
    actor); None for other names."""
    words = normalise_name(name).split()
    if len(words) != 2 or words[1] != "party" or not words[0].isalpha():
        return None
    adjective = words[0]
    return (adjective[:-2] if adjective.endswith("atic") else adjective) + "s"


def is_generic(norm: str) -> bool:
    """A bare institutional noun, alone or with a generic modifier ("senate", "the ministry",
    "supreme court", "interior ministry"): a different body in each country or state."""
    words = norm.split()
    return (
        bool(words)
        and words[-1] in GENERIC_BODY_HEADS
        and all(w in GENERIC_BODY_MODIFIERS or w in GENERIC_BODY_HEADS for w in words[:-1])
    )


def _stands_alone(actor_type: str, name: str) -> bool:
    """Whether a name identifies its actor outside the article it came from."""
    norm = normalise_name(name)
    if len(norm) < 2:
        return False
    if family(actor_type) != "person":
        return not is_generic(norm)
    return len(name.split()) > 1  # "Mohammad Sadr" does; "Sadr", "Ocasio-Cortez", "He" do not


@dataclass(frozen=True, slots=True)
class ActorNames:
    """What the store needs of one article actor: display name, type and its corpus keys.

    Attributes:
        name: the display name.
        type: the article's type for it.
        keys: its corpus keys, one per stand-alone name (may be empty).
        names: the surface forms behind ``keys``, in the same order.
        surnames: for each key of a person's full name, its surname as compared ("trump");
            None for other keys.
        bare: for an actor named by one word only (a bare name), that word as compared
            ("trump"); else None. A person's bare name has no key.
        from_rule: ``name`` is a user alias rule's canonical name.
    """

    name: str
    type: ActorType
    keys: tuple[str, ...]
    names: tuple[str, ...]
    surnames: tuple[str | None, ...] = ()
    bare: str | None = None
    from_rule: bool = False


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
        keys: dict[str, tuple[str, str | None]] = {}
        person = family(actor.type) == "person"
        for name in written:
            if _stands_alone(actor.type, name) or (rule is not None and name == display):
                key = actor_key(actor.type, name)
                if key and key not in keys:
                    parts = person_parts(name.split()) if person else None
                    keys[key] = (name, parts[1] if parts else None)
                members = None if person else party_members(name)
                if members is not None:
                    keys.setdefault(f"org:{members}", (name, None))
        bare = None
        one_word = len(display.split()) == 1 and len(normalise_name(display)) > 1
        if rule is None and one_word:
            if person and not keys:
                bare = surname_key(display)
            elif family(actor.type) == "org" and {normalise_name(n) for n, _ in keys.values()} == {
                normalise_name(display)
            }:
                # One name, one word: "Trump" typed an organisation, a mislabel the majority of
                # the word's mentions can outvote. Not a place: a person and a place often
                # share a one-word name ("Jordan", "Washington").
                bare = surname_key(display)
        return ActorNames(
            display,
            actor.type,
            tuple(keys),
            tuple(name for name, _ in keys.values()),
            tuple(s for _, s in keys.values()),
            bare,
            rule is not None,
        )
