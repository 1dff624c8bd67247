"""Corpus keys: which names stand alone across articles, and how user rules join them."""

from __future__ import annotations

import pytest

from presslens.records import Actor, ActorType, Span
from presslens.stages.actors.aliases import AliasFile, AliasRule
from presslens.stages.actors.keys import AliasIndex, actor_key, normalise_name


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


def test_a_one_word_person_keeps_its_own_key() -> None:
    assert AliasIndex().names_of(_actor("Sadr", "person")).keys == ("person:sadr",)


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
