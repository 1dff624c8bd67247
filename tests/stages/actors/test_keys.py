"""Corpus keys: which names stand alone across articles, and how user rules join them."""

from __future__ import annotations

import pytest

from presslens.records import Actor, ActorType, Span
from presslens.stages.actors.aliases import AliasFile, AliasRule
from presslens.stages.actors.keys import (
    AliasIndex,
    actor_key,
    family_variants,
    is_generic,
    lookup_keys,
    normalise_name,
    party_members,
)
from presslens.stages.actors.persons import person_parts, surname_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the National Council of Resistance of Iran", "national council of resistance of iran"),
        ("NCRI", "ncri"),
        ("U.S. House", "us house"),
        ("the U.S.", "us"),
        ("Iran's", "iran"),
        ("Iran’s", "iran"),
        ("Procter & Gamble", "procter and gamble"),
        ("  Théâtre  du   Soleil ", "théâtre du soleil"),
        ("People’s Liberation Army", "peoples liberation army"),
        ("—", ""),
    ],
)
def test_normalise_name(name: str, expected: str) -> None:
    assert normalise_name(name) == expected


@pytest.mark.parametrize(
    ("actor_type", "key"),
    [
        ("organisation", "org:ncri"),
        ("group", "org:ncri"),
        ("government_body", "org:ncri"),
        ("media_outlet", "org:ncri"),
        ("person", "person:ncri"),
        ("place", "place:ncri"),
    ],
)
def test_key_families(actor_type: str, key: str) -> None:
    assert actor_key(actor_type, "NCRI") == key


def _actor(name: str, actor_type: ActorType, *aliases: str) -> Actor:
    return Actor("a1", name, actor_type, (Span(0, len(name), name),), aliases)


def test_acronyms_and_full_names_make_keys() -> None:
    names = AliasIndex().names_of(
        _actor("National Council of Resistance of Iran", "organisation", "NCRI")
    )
    assert names.keys == ("org:national council of resistance of iran", "org:ncri")
    assert names.names == ("National Council of Resistance of Iran", "NCRI")
    assert not names.from_rule


def test_a_surname_alias_makes_no_corpus_key() -> None:
    names = AliasIndex().names_of(_actor("Mohammad Sadr", "person", "Sadr"))
    assert names.keys == ("person:mohammad sadr",)


def test_a_one_word_person_is_a_bare_name_without_key() -> None:
    names = AliasIndex().names_of(_actor("Sadr", "person"))
    assert (names.keys, names.bare) == ((), "sadr")


def test_a_one_word_organisation_is_a_bare_name_with_its_key() -> None:
    names = AliasIndex().names_of(_actor("Trump", "organisation"))
    assert (names.keys, names.bare) == (("org:trump",), "trump")
    acronyms = AliasIndex().names_of(_actor("PMOI", "organisation", "MEK"))
    assert (acronyms.keys, acronyms.bare) == (("org:pmoi", "org:mek"), None)


def test_a_user_rule_renames_and_adds_names() -> None:
    rules = AliasFile(
        aliases=(
            AliasRule(
                canonical="National Council of Resistance of Iran",
                aliases=("NCRI", "Iranian Resistance"),
            ),
        )
    )
    names = AliasIndex(rules).names_of(_actor("Iranian Resistance", "organisation"))
    assert names.name == "National Council of Resistance of Iran"
    assert names.from_rule
    assert set(names.keys) == {
        "org:national council of resistance of iran",
        "org:ncri",
        "org:iranian resistance",
    }


def test_a_typed_rule_leaves_other_families_alone() -> None:
    rules = AliasFile(aliases=(AliasRule(canonical="Georgia (country)", type="place"),))
    index = AliasIndex(rules)
    assert index.rule_for("place", ["Georgia (country)"]) is not None
    assert index.rule_for("person", ["Georgia (country)"]) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
        ("Patrick W. Carlineo Jr.", "Patrick Carlineo Jr."),
        ("Enrique Peña Nieto", "Enrique Pena Nieto"),
    ],
)
def test_person_keys_fold_spellings_and_middle_initials(first: str, second: str) -> None:
    assert actor_key("person", first) == actor_key("person", second)


def test_a_suffix_keeps_two_people_apart() -> None:
    assert actor_key("person", "Donald Trump Jr.") != actor_key("person", "Donald Trump")


@pytest.mark.parametrize(
    ("words", "parts"),
    [
        ("James P. Kennedy Jr.", ("james", "kennedy", "jr")),
        ("Ben Murray-Bruce", ("ben", "murray-bruce", "")),
        ("Kennedy", None),
    ],
)
def test_person_parts(words: str, parts: tuple[str, str, str] | None) -> None:
    assert person_parts(words.split()) == parts


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("senate", True),
        ("legislature", True),
        ("council", True),
        ("ministry", True),
        ("supreme court", True),
        ("interior ministry", True),
        ("us senate", False),
        ("nigerian senate", False),
        ("house intelligence committee", False),
        ("security council", False),
        ("white house", False),
    ],
)
def test_bare_institutional_nouns_are_generic(name: str, generic: bool) -> None:
    assert is_generic(name) is generic


def test_bare_institutional_nouns_make_no_key() -> None:
    assert AliasIndex().names_of(_actor("the Senate", "government_body")).keys == ()
    assert AliasIndex().names_of(_actor("US Senate", "government_body")).keys == ("org:us senate",)


def test_full_names_carry_their_surname() -> None:
    names = AliasIndex().names_of(_actor("Donald J. Trump", "person", "Trump"))
    assert (names.keys, names.surnames, names.bare) == (
        ("person:donald trump",),
        ("trump",),
        None,
    )


def test_a_hyphenated_surname_alone_is_a_bare_name() -> None:
    names = AliasIndex().names_of(_actor("Ocasio-Cortez", "person"))
    assert (names.keys, names.bare) == ((), "ocasio-cortez")


def test_the_same_name_in_other_families() -> None:
    assert family_variants("person:walter reed") == [
        "person:walter reed",
        "org:walter reed",
        "place:walter reed",
    ]
    assert family_variants("place:kyiv") == ["place:kyiv", "org:kyiv"]
    assert lookup_keys("Zelenskiy")[-1] == "bare:" + surname_key("Zelensky")


@pytest.mark.parametrize(
    ("name", "members"),
    [
        ("Democratic Party", "democrats"),
        ("the Conservative Party", "conservatives"),
        ("Labour Party", "labours"),
        ("Democratic Party of Japan", None),
        ("Party", None),
    ],
)
def test_party_members(name: str, members: str | None) -> None:
    assert party_members(name) == members


def test_a_party_and_its_members_share_a_key() -> None:
    party = AliasIndex().names_of(_actor("Democratic Party", "organisation"))
    members = AliasIndex().names_of(_actor("Democrats", "group"))
    assert set(members.keys) <= set(party.keys)
