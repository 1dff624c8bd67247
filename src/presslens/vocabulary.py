"""The vocabulary every stage shares — data only, written once.

Pronouns with their gender and number, determiners and demonstratives, titles and forms of
address, name particles and suffixes, the nouns that describe people, organisations and outlets,
the actor types and the persuasion-technique labels. Stage-specific lexicons (the heads of
parliaments' names, reporting verbs) stay in their stage; anything two stages read lives here.

>>> PRONOUNS["she"]
Agreement(gender='f', number='sg')
>>> first_name_gender("Maria"), first_name_gender("Jordan")
('f', None)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Literal, get_args

from presslens.records import ActorType

__all__ = [
    "ACTOR_TYPES",
    "AUTHOR_PRONOUNS",
    "DEFINITE_DETERMINERS",
    "DEMONSTRATIVES",
    "GENDERED_TITLES",
    "HONORIFICS",
    "MEDIA_NOUNS",
    "NAME_PARTICLES",
    "ORG_NOUNS",
    "PERSON_ROLE_NOUNS",
    "PERSON_TITLES",
    "PRONOUNS",
    "RELATIVE_PRONOUNS",
    "ROLE_DETERMINERS",
    "SURNAME_SUFFIXES",
    "TECHNIQUE_LABELS",
    "Agreement",
    "Gender",
    "Number",
    "first_name_gender",
    "lexicon",
]


def lexicon(text: str) -> frozenset[str]:
    """A lexicon written as a whitespace-separated string."""
    return frozenset(text.split())


# --- actor types and technique labels -----------------------------------------------------

ACTOR_TYPES: tuple[ActorType, ...] = get_args(ActorType)
"""person, organisation, government_body, media_outlet, place, group — in that order."""

TECHNIQUE_LABELS: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
"""The 14 persuasion techniques of SemEval-2020 Task 11, spelt as in the PTC label files."""

# --- pronouns -----------------------------------------------------------------------------

Gender = Literal["m", "f", "n"]
"""m and f for people ("he", "she"); n for things and organisations ("it")."""
Number = Literal["sg", "pl"]


@dataclass(frozen=True, slots=True)
class Agreement:
    """What a pronoun agrees with: gender (None when it says none: "they") and number."""

    gender: Gender | None
    number: Number


_M, _F, _N = Agreement("m", "sg"), Agreement("f", "sg"), Agreement("n", "sg")
_PL = Agreement(None, "pl")
PRONOUNS: dict[str, Agreement] = {
    **dict.fromkeys(("he", "him", "his", "himself"), _M),
    **dict.fromkeys(("she", "her", "hers", "herself"), _F),
    **dict.fromkeys(("it", "its", "itself"), _N),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), _PL),
}
"""Third-person pronouns and what they agree with."""

AUTHOR_PRONOUNS = lexicon("i we me us you my our mine ours your yours myself ourselves")
"""First and second person outside a quotation: the writer's (or reader's) voice, which no
one else in the text stands for."""

RELATIVE_PRONOUNS = lexicon("who which that whom")
"""Relative pronouns: they stand for the noun their clause hangs on."""

# --- determiners --------------------------------------------------------------------------

DEMONSTRATIVES = lexicon("this that these those")
"""Demonstratives: "this expert" points back to someone in view."""
DEFINITE_DETERMINERS = DEMONSTRATIVES | {"the"}
"""Determiners of a definite description ("the minister", "this expert")."""
ROLE_DETERMINERS = lexicon("a an the its his her their our one another")
"""Determiners that open an appositive role ("a member of", "the head of", "its leader")."""

# --- titles and names ---------------------------------------------------------------------

HONORIFICS: dict[str, Gender | None] = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "mme": "f",
    "dame": "f",
    "lady": "f",
    "mx": None,
    "dr": None,
}
"""Forms of address (without their dot), with the gender they give: part of a name as written
("Mr. Grant"), never a role."""

# Words that stand before a person's name as a title ("Senator Jane Roe", "Dr. Lee").
PERSON_TITLES = lexicon(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady
    president vice-president president-elect premier chancellor senator sen. sen representative
    rep. rep congressman congresswoman governor gov. mayor minister ambassador envoy
    general gen. colonel col. admiral commander captain capt. major lieutenant lt. sergeant sgt.
    brigadier marshal judge justice prosecutor attorney sheikh shaikh ayatollah hojatoleslam
    imam mullah cleric rabbi cardinal pope bishop archbishop reverend rev. father king queen
    prince princess emir crown secretary speaker chairman chairwoman chairperson chair
    spokesman spokeswoman spokesperson director deputy leader co-leader founder co-founder
    mp mep lawmaker legislator delegate candidate activist analyst columnist correspondent
    editor chief head dissident councillor councilor councilman councilwoman alderman
    alderwoman commissioner superintendent sheriff constable inspector chancellor-elect
    lt col cmdr cmdr. adm adm. maj maj. cpl cpl. pvt pvt.
    """
)
"""Titles before a person's name, forms of address included."""

_MALE_TITLES = lexicon(
    """
    congressman chairman spokesman councilman alderman king prince father emir businessman
    sheikh ayatollah imam mullah rabbi cardinal pope bishop archbishop
    """
)
_FEMALE_TITLES = lexicon(
    """
    congresswoman chairwoman spokeswoman councilwoman alderwoman queen princess businesswoman
    duchess
    """
)
GENDERED_TITLES: dict[str, Gender] = {
    **{h: g for h, g in HONORIFICS.items() if g is not None},
    **dict.fromkeys(_MALE_TITLES, "m"),
    **dict.fromkeys(_FEMALE_TITLES, "f"),
}
"""Titles and role nouns that say which pronoun their bearer takes."""

# Head nouns of an appositive that give a person's capacity ("X, a member of the council").
PERSON_ROLE_NOUNS = lexicon(
    """
    member president president-elect vice-president leader co-leader spokesperson spokesman
    spokeswoman chairman chairwoman chair chairperson head director founder co-founder secretary
    secretary-general minister adviser advisor aide analyst expert lawyer attorney columnist
    journalist editor correspondent reporter commander official deputy mayor governor senator
    representative ambassador envoy diplomat professor researcher scholar fellow activist
    candidate lawmaker legislator mp mep judge prosecutor cleric author writer economist officer
    general chief ceo executive coordinator organiser organizer campaigner negotiator delegate
    premier chancellor king queen prince dissident critic commentator strategist consultant
    speaker manager president-designate nominee governor-general secretary-designate
    """
)
"""Nouns that name a person's capacity; also the heads of descriptions ("the veteran
researcher", "this expert")."""

NAME_PARTICLES = lexicon("van von der den de da del di la le al el bin ibn ben bint du")
"""Lowercase particles that may sit inside a personal name ("Pieter van Hal", "Ali bin Said")."""

SURNAME_SUFFIXES = lexicon("jr jr. sr sr. ii iii iv")
"""Generational suffixes after a surname ("James P. Kennedy Jr.")."""

# --- descriptions of organisations and outlets --------------------------------------------

MEDIA_NOUNS = lexicon(
    """
    newspaper paper daily weekly magazine outlet agency network channel broadcaster site
    website tabloid journal publication station program programme editorial
    """
)
"""Head nouns of descriptions of media outlets ("the newspaper wrote")."""

ORG_NOUNS = lexicon(
    """
    group organisation organization movement party coalition alliance council committee union
    league network institute foundation association ministry parliament senate assembly court
    commission government administration front department agency campaign company firm office
    house regime board embassy consulate
    """
)
"""Head nouns of descriptions of organisations and government bodies ("the embassy said")."""


@functools.lru_cache(maxsize=1)
def _first_names() -> dict[str, Gender]:
    text = (
        resources.files("presslens").joinpath("data", "first_names.tsv").read_text(encoding="utf-8")
    )
    out: dict[str, Gender] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, gender = line.partition("\t")
            out[name] = "f" if gender == "f" else "m"
    return out


def first_name_gender(name: str) -> Gender | None:
    """The pronoun a first name usually takes in English ("m" or "f"), or None when the name is
    given to both (Jordan, Taylor) or unknown.

    The lexicon (``presslens/data/first_names.tsv``) is built from the US Social Security
    Administration's baby-name counts by ``training/names/build_first_names.py``.
    """
    return _first_names().get(name.casefold().strip(".’'"))
