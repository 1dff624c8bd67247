"""Names that are not names: titles, portfolios, codes, credits, run-together link text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from presslens.stages.actors import actors_from_doc
from presslens.stages.actors.names import credit_lines, is_code, run_together

Analyse = Callable[[str], Doc]


def _names(doc: Doc) -> dict[str, str]:
    """Every name mention's text -> the type of its actor."""
    return {m.text: a.type for a in actors_from_doc(doc) for m in a.mentions}


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # a title with no name is no actor; it is the person's role
        (
            "In the morning, lawmakers grilled Lt Col Alexander Vindman, a Ukraine specialist.",
            ["Lt Col"],
            {"Alexander Vindman": "person"},
        ),
        # a modal verb opening a question is no first name
        (
            "Will Warren continue to face the heat, or will the ascendant Buttigieg take hits?",
            ["Will Warren"],
            {"Warren": "person"},
        ),
        # portfolios inside titles
        (
            "He met Energy Secretary Rick Perry and Secretary of State Mike Pompeo on Monday.",
            ["Energy", "State"],
            {"Rick Perry": "person", "Mike Pompeo": "person"},
        ),
        # one member of a group is not the group
        ("Two hostages, an American and an Australian, were released.", ["American"], {}),
        # the people a story credits
        (
            "Asian shares fell on Tuesday.\nReporting by Rodrigo Campos; Editing by Dan Grebler",
            ["Rodrigo Campos", "Dan Grebler"],
            {},
        ),
        # market indexes and codes; an exchange keeps its name without its code
        (
            "The Hang Seng Index (HSI) fell 1%, while Sterling GBP= was last at 1.29 and the "
            "London Metal Exchange CMAL3 lost 0.06%.",
            ["Hang Seng Index", "HSI", "Sterling GBP=", "Sterling"],
            {"London Metal Exchange": "organisation"},
        ),
        # a case number
        (
            "The suit, with Number FHC/ABJ/03/095/2018, was filed by Mahmud Abubakar Magaji.",
            ["Number FHC/ABJ/03/095/2018", "Number"],
            {"Mahmud Abubakar Magaji": "person"},
        ),
        # a place the text names elsewhere, before a person's name
        (
            "Ukraine wants aid. Another diplomat, former special envoy to Ukraine Kurt Volker, "
            "shifted his account.",
            ["Ukraine Kurt Volker"],
            {"Kurt Volker": "person", "Ukraine": "place"},
        ),
        # a verb form alone is no name; a brand the tagger calls an adjective still is
        (
            "Televised debates are new. In a Tumblr post she described the deal.",
            ["Televised"],
            {"Tumblr": "organisation"},
        ),
        # a lowercase word no name has inside ends an organisation's name
        (
            "She may perform at the American Music Awards after Swift scolded her label. "
            "Taylor Swift said so. Beijing said the Chinese Communist party would decide.",
            ["American Music Awards after Swift"],
            {
                "American Music Awards": "organisation",
                "Taylor Swift": "person",
                "Chinese Communist party": "organisation",
            },
        ),
        # a plural ends a group's name, not a person's
        (
            "Virginia Democrats won a majority for the first time.",
            [],
            {"Virginia Democrats": "group"},
        ),
        # link text run together where a page lost its spaces
        (
            "A man threatened Rep. Ilhan OmarIlhan OmarHillicon Valley: a bill.",
            ["Ilhan OmarIlhan"],
            {},
        ),
        # a heading's gerund before a name the article gives
        (
            "4. Questioning Vindman's judgment\n\nCounsel Steve Castor asked about Alexander "
            "Vindman's judgment.",
            ["Questioning Vindman"],
            {"Alexander Vindman": "person"},
        ),
    ],
)
def test_names_that_are_not_names(
    analyse: Analyse, text: str, absent: list[str], present: dict[str, str]
) -> None:
    names = _names(analyse(text))
    for surface in absent:
        assert surface not in names, names
    for surface, kind in present.items():
        assert names.get(surface) == kind, names


@pytest.mark.parametrize(
    ("token", "code"),
    [("GBP=", True), ("CMCU3", True), ("ABJ/03/095/2018", True), ("G20", False), ("3M", False)],
)
def test_is_code(token: str, code: bool) -> None:
    assert is_code(token) is code


@pytest.mark.parametrize(
    ("word", "joined"),
    [("OmarIlhan", True), ("CortezSanders", True), ("McConnell", False), ("MacArthur", False)],
)
def test_run_together(word: str, joined: bool) -> None:
    assert run_together(word) is joined


def test_credit_lines() -> None:
    text = (
        "Body text.\nAssociated Press writers Alan Fram and Zeke Miller contributed to this "
        "report.\nFollow The Times Opinion section on Facebook and Twitter."
    )
    spans = credit_lines(text)
    assert [(text[a:b].split()[0], footer) for a, b, footer in spans] == [
        ("Associated", False),
        ("Follow", True),
    ]
