"""Label repair: outlet cues, person cues, name heads and repeated mentions decide the type."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from presslens.stages.actors import actors_from_doc
from presslens.stages.actors.labels import head_word_type, looks_like_person_name

Analyse = Callable[[str], Doc]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("ministry of interior", "government_body"),
        ("belgian senate", "government_body"),
        ("tehran city council", "government_body"),
        ("nordic council", "organisation"),
        ("national council of resistance of iran", "organisation"),
        ("house foreign affairs committee", "government_body"),
        ("coalition for peace in yemen", "organisation"),
        ("baltic tribune", "media_outlet"),
        ("anadolu news agency", "media_outlet"),
        ("lebanese armed forces", "government_body"),
        ("maryam rajavi", None),
    ],
)
def test_head_word_type(words: str, expected: str | None) -> None:
    assert head_word_type(words.split())[0] == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [("Jane Roe", True), ("Pieter van Hal", True), ("Green Party", False), ("NATO", False)],
)
def test_looks_like_person_name(words: str, expected: bool) -> None:
    assert looks_like_person_name(words.split()) is expected


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # outlet cues: a noun after or before the name
        ("On April 2, Zamane newspaper wrote that prices rose.", "Zamane", "media_outlet"),
        ("According to the daily Nawa Sobh, the council met.", "Nawa Sobh", "media_outlet"),
        ("Officials told the Baltic Tribune that patrols grew.", "Baltic Tribune", "media_outlet"),
        # a role appositive makes a person whatever the model said
        (
            "Resolutions backed the plan of Maryam Tavana, the President-elect of the "
            "Council of Free Citizens, last year.",
            "Maryam Tavana",
            "person",
        ),
        # name heads
        ("The Belgian Senate adopted the text.", "Belgian Senate", "government_body"),
        ("The Majlis should review the budget.", "Majlis", "government_body"),
        # a plural name after "the" is a group, not a person
        ("Saudi Arabia and the Houthis should extend the truce.", "Houthis", "group"),
    ],
)
def test_repaired_types(analyse: Analyse, text: str, surface: str, expected: str) -> None:
    actors = actors_from_doc(analyse(text))
    types = {m.text: a.type for a in actors for m in a.mentions}
    assert types.get(surface) == expected, types


def test_nationality_adjectives_are_not_actors(analyse: Analyse) -> None:
    actors = actors_from_doc(analyse("Iranian officials met Kurds in Erbil."))
    names = {a.name for a in actors}
    assert "Iranian" not in names
    assert "Kurds" in names
