"""Merge rules: acronyms, surnames and titles, possessives, roles, back-references."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from presslens.records import Actor
from presslens.stages.actors import actors_from_doc
from presslens.stages.actors.resolve import acronym_fits, name_key

Analyse = Callable[[str], Doc]


def _actor(doc: Doc, surface: str) -> Actor:
    """The actor one of whose mentions is ``surface``."""
    for actor in actors_from_doc(doc):
        if any(m.text == surface for m in actor.mentions):
            return actor
    raise AssertionError(f"no actor mentions {surface!r}: {actors_from_doc(doc)}")


@pytest.mark.parametrize(
    ("acronym", "words", "strict", "fits"),
    [
        ("NCRI", "National Council of Resistance of Iran", False, True),
        ("NCR", "National Council of Resistance of Iran", False, True),
        ("NCR", "National Council of Resistance of Iran", True, False),
        ("PAYN", "Pan-African Youth Network", True, True),
        ("FATF", "Financial Action Task Force", True, True),
        ("MEK", "People's Mojahedin Organization of Iran", False, False),
        ("XY", "National Council", False, False),
        ("N", "National", False, False),
    ],
)
def test_acronym_fits(acronym: str, words: str, strict: bool, fits: bool) -> None:
    assert acronym_fits(acronym, words.split(), strict=strict) is fits


@pytest.mark.parametrize(
    ("name", "key"),
    [("the Iranian Resistance", "iranian resistance"), ("Sadr's", "sadr"), ("U.N.", "un")],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("text", "first", "same"),
    [
        # acronym in brackets, then used alone
        (
            "The Coalition for Civic Renewal (CCR) met on Monday. Later the CCR issued a call.",
            "Coalition for Civic Renewal",
            ["CCR"],
        ),
        # two acronyms with a slash; one need not spell the name
        (
            "She writes about the People's Alliance for Reform (PAR/APR) in Lagos. "
            "APR leaders met on Friday.",
            "People's Alliance for Reform",
            ["PAR", "APR"],
        ),
        # a malformed bracket as copied from a web page
        (
            "Activists backed Jane Roe, the leader of the National Council of Reform (NCR(, "
            "and the NCR welcomed it.",
            "NCR",
            ["NCR"],
        ),
        # the model misses the long form: found back from the acronym
        (
            "The Financial Action Task Force (FATF) kept the country on its list. "
            "FATF inspectors will return.",
            "Financial Action Task Force",
            ["FATF"],
        ),
        # surname, title and possessive forms of one person
        (
            "Senator Margaret Olvera introduced the bill on Monday. Olvera's staff said "
            "Ms. Olvera would speak again.",
            "Margaret Olvera",
            ["Olvera"],
        ),
        # a demonstrative description and a pronoun pointing back to the only person in view
        (
            "Hamid Karimi, a member of the Guardian Assembly, spoke on Monday. He added that "
            "talks would go on. This international relations expert also urged restraint.",
            "Hamid Karimi",
            ["He", "This international relations expert"],
        ),
        # a definite description whose noun the actor's name-cue gives
        (
            "The Haarlem Courant reported that 89 members backed the motion. The newspaper "
            "said the vote was close.",
            "Haarlem Courant",
            ["The newspaper"],
        ),
    ],
)
def test_merges(analyse: Analyse, text: str, first: str, same: list[str]) -> None:
    doc = analyse(text)
    actor = _actor(doc, first)
    texts = [m.text for m in actor.mentions]
    for surface in same:
        assert surface in texts, texts


def test_possessive_and_title_forms_are_mentions(analyse: Analyse) -> None:
    doc = analyse("Senator Jane Olvera spoke. Olvera's staff said Ms. Olvera would return.")
    actor = _actor(doc, "Jane Olvera")
    assert [m.text for m in actor.mentions] == ["Jane Olvera", "Olvera", "Olvera"]
    assert [r.text for r in actor.roles] == ["Senator", "Ms."]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Leila Baraz, a spokesperson for the Coalition for Civic Renewal, said talks "
            "would resume.",
            "Leila Baraz",
            "a spokesperson for the Coalition for Civic Renewal",
        ),
        ("Senator Margaret Olvera introduced the bill.", "Margaret Olvera", "Senator"),
        ("Its leader, Oyelaran Adebayo, said the vote was fair.", "Oyelaran Adebayo", "Its leader"),
    ],
)
def test_roles(analyse: Analyse, text: str, name: str, role: str) -> None:
    actor = _actor(analyse(text), name)
    assert actor.type == "person"
    assert role in [r.text for r in actor.roles]


def test_different_people_stay_apart(analyse: Analyse) -> None:
    doc = analyse("Jane Roe met John Doe in Vienna. Roe said the talks went well.")
    roe, doe = _actor(doc, "Jane Roe"), _actor(doc, "John Doe")
    assert roe.id != doe.id
    assert "Roe" in [m.text for m in roe.mentions]


def test_a_place_in_a_long_name_is_not_its_short_form(analyse: Analyse) -> None:
    doc = analyse(
        "The National Council of Reform of Iran (NCRI) met. Iran rejected the NCRI's demands."
    )
    council = _actor(doc, "NCRI")
    assert all(m.text != "Iran" for m in council.mentions)


@pytest.mark.parametrize(
    "text",
    ["", " ", "((((", "(A/B/C/D/E/F/G", "The (", "He said. She said. This expert.", "Mr. " * 50],
)
def test_odd_text_does_not_raise(analyse: Analyse, text: str) -> None:
    actors_from_doc(analyse(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The singer skipped the American Music Awards after Swift said she was barred. "
            "Taylor Swift said so on Twitter.",
            "Taylor Swift",
        ),
        ("Crown Prince Mohammed bin Salman met the envoy on Monday.", "Mohammed bin Salman"),
    ],
)
def test_person_names_are_the_capitalised_run(analyse: Analyse, text: str, name: str) -> None:
    people = [a for a in actors_from_doc(analyse(text)) if a.type == "person"]
    surname = name.split()[-1]
    matching = [a for a in people if any(m.text.endswith(surname) for m in a.mentions)]
    assert [a.name for a in matching] == [name]
    assert all(" after " not in m.text for a in matching for m in a.mentions)


def test_a_role_at_a_paragraph_end_stops_before_the_break(analyse: Analyse) -> None:
    doc = analyse(
        "The plan was backed by Maria Lindqvist, the alliance's policy director.\n\nIt passed."
    )
    roles = [r.text for r in _actor(doc, "Maria Lindqvist").roles]
    assert roles == ["the alliance's policy director"]


def test_a_name_the_model_types_twice_is_one_actor(analyse: Analyse) -> None:
    doc = analyse(
        "President Trump tied himself to the outcome. Most voters said that Trump’s attempt "
        "to coerce Ukraine was wrong."
    )
    trumps = [a for a in actors_from_doc(doc) if a.name == "Trump"]
    assert [(a.type, len(a.mentions)) for a in trumps] == [("person", 2)]


def test_a_surname_is_ambiguous_once_two_people_bear_it(analyse: Analyse) -> None:
    doc = analyse(
        "Joe Biden spoke in Iowa. Biden said the race was close. His son Hunter Biden sat on "
        "a board. Biden declined to comment."
    )
    joe, hunter = _actor(doc, "Joe Biden"), _actor(doc, "Hunter Biden")
    assert [m.text for m in joe.mentions] == ["Joe Biden", "Biden"]
    assert [m.text for m in hunter.mentions] == ["Hunter Biden"]
    unlinked = [a for a in actors_from_doc(doc) if a.name == "Biden"]
    assert len(unlinked) == 1 and unlinked[0].id not in (joe.id, hunter.id)


@pytest.mark.parametrize(
    ("text", "first", "same"),
    [
        # middle initials and a short first name: one person
        (
            "Patrick W. Carlineo pleaded guilty on Monday. Pat Carlineo, 55, faces ten years. "
            "Carlineo said he was sorry.",
            "Patrick W. Carlineo",
            ["Pat Carlineo", "Carlineo"],
        ),
        # a transliteration's other spelling
        (
            "Ukraine's president, Volodymyr Zelenskiy, met envoys. Zelensky said talks were "
            "useful.",
            "Volodymyr Zelenskiy",
            ["Zelensky"],
        ),
        # a double-barrelled surname
        (
            "Senator Ben Murray-Bruce spoke on Monday. The police invited Murray-Bruce to appear.",
            "Ben Murray-Bruce",
            ["Murray-Bruce"],
        ),
        # a first name alone, when one person of the article has it
        (
            "Volker said he knew of no effort to investigate Joe and Hunter Biden. Joe Biden "
            "denied it.",
            "Joe Biden",
            ["Joe"],
        ),
    ],
)
def test_one_person_in_several_forms(
    analyse: Analyse, text: str, first: str, same: list[str]
) -> None:
    texts = [m.text for m in _actor(analyse(text), first).mentions]
    for surface in same:
        assert surface in texts, texts


def test_a_place_is_not_a_surname(analyse: Analyse) -> None:
    doc = analyse(
        "Michael Jordan visited Amman. Jordan said the trip was private. Officials in Jordan "
        "welcomed him, and Jordan later thanked the king."
    )
    jordan = _actor(doc, "Michael Jordan")
    places = [a for a in actors_from_doc(doc) if a.type == "place" and a.name == "Jordan"]
    assert len(places) == 1 and len(places[0].mentions) == 2
    assert len(jordan.mentions) == 2
