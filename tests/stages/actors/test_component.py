"""The component: factory, offsets round-trip, serialisation, aliases, affiliation, look-ups."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from presslens.records import Affiliation
from presslens.stages.actors import (
    ActorResolver,
    AliasFileError,
    actor_at,
    actor_for_span,
    actors_from_doc,
    affiliation_mentions,
    instruments_from_doc,
    load_alias_file,
)

Analyse = Callable[[str], Doc]

TEXT = (
    "The People's Alliance for Reform (PAR) staged a rally in Lagos. Its leader, Oyelaran "
    "Adebayo, said the Independent National Electoral Commission must publish results. "
    "Adebayo's allies cited UN Security Council Resolution 2231 and the JCPOA. "
    "The Free Lagos Movement joined the rally."
)


def test_offsets_round_trip(analyse: Analyse) -> None:
    doc = analyse(TEXT)
    actors, instruments = actors_from_doc(doc), instruments_from_doc(doc)
    assert actors and instruments
    for actor in actors:
        for span in (*actor.mentions, *actor.roles):
            assert doc.text[span.start : span.end] == span.text
    for instrument in instruments:
        assert doc.text[instrument.start : instrument.end] == instrument.text


def test_doc_bytes_round_trip(analyse: Analyse, bare_nlp: Language) -> None:
    doc = analyse(TEXT)
    restored = Doc(bare_nlp.vocab).from_bytes(doc.to_bytes())
    assert actors_from_doc(restored) == actors_from_doc(doc)
    assert instruments_from_doc(restored) == instruments_from_doc(doc)


def test_factory_and_multiprocess_pipe() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Green Party"}])  # type: ignore[attr-defined]
    nlp.add_pipe("presslens_actors")
    texts = ["The Green Party met. The Green Party left.", "Nothing here.", "H.R. 12 passed."]
    docs = list(nlp.pipe(texts, n_process=2))
    assert [len(actors_from_doc(d)) for d in docs] == [1, 0, 0]
    assert instruments_from_doc(docs[2])[0].name == "H.R. 12"


def test_affiliation_and_span_lookup(analyse: Analyse) -> None:
    doc = analyse(TEXT)
    actors = actors_from_doc(doc)
    affiliation = Affiliation(
        statement="Jane Roe writes for the People's Alliance for Reform (PAR)",
        organisation="People's Alliance for Reform (PAR)",
        person="Jane Roe",
        relation="writes for",
    )
    actor_id, mentions = affiliation_mentions(actors, affiliation)
    assert actor_id is not None
    assert {m.text for m in mentions} >= {"People's Alliance for Reform", "PAR"}
    start = TEXT.index("Adebayo's")
    assert actor_for_span(actors, start, start + 7) == actor_at(doc, start, start + 7)
    assert affiliation_mentions(actors, None) == (None, ())
    other = Affiliation("X writes for Y", "Atlantic Union of Farmers", "X", "writes for")
    assert affiliation_mentions(actors, other) == (None, ())


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_alias_file_merges(suffix: str, tmp_path: Path, bare_nlp: Language) -> None:
    path = tmp_path / f"aliases{suffix}"
    if suffix == ".json":
        rules = {
            "aliases": [
                {"canonical": "People's Alliance for Reform", "aliases": ["Free Lagos Movement"]}
            ]
        }
        path.write_text(json.dumps(rules), encoding="utf-8")
    else:
        path.write_text(
            '[[aliases]]\ncanonical = "People\'s Alliance for Reform"\n'
            'aliases = ["Free Lagos Movement"]\n',
            encoding="utf-8",
        )
    doc = ActorResolver(alias_file=path)(bare_nlp(TEXT))
    merged = [a for a in actors_from_doc(doc) if a.name == "People's Alliance for Reform"]
    assert len(merged) == 1
    assert "Free Lagos Movement" in [m.text for m in merged[0].mentions]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"aliases": [{"canonical": "X", "alias": ["Y"]}]}', "invalid alias file"),
        ("{not json", "not valid"),
        ('{"aliases": [{"canonical": ""}]}', "invalid alias file"),
    ],
)
def test_bad_alias_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "aliases.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AliasFileError, match=message):
        load_alias_file(path)


def test_missing_alias_file(tmp_path: Path) -> None:
    with pytest.raises(AliasFileError, match="cannot read"):
        ActorResolver(alias_file=tmp_path / "nope.json")
