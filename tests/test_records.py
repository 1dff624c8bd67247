import json

import pytest

from presslens.records import (
    SCHEMA,
    Actor,
    Affiliation,
    Article,
    Claim,
    Claimant,
    Entity,
    Instrument,
    Metadata,
    Quote,
    Sentence,
    Source,
    Span,
    Technique,
)

TEXT = "Jane Doe said the plan works. The Treaty of Rome (TOR) is old."


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), part)


def _article() -> Article:
    jane = _span("Jane Doe")
    return Article(
        text=TEXT,
        metadata=Metadata(title="T", genre="news"),
        source=Source("text", "0" * 64, len(TEXT)),
        affiliation=Affiliation(
            "Jane Doe writes for X.", "X", "Jane Doe", "writes for", "a1", (jane,)
        ),
        sentences=(Sentence(0, 29),),
        entities=(Entity(0, 8, "Jane Doe", "PERSON"),),
        actors=(Actor("a1", "Jane Doe", "person", (jane,), ("Doe",), ()),),
        instruments=(Instrument(34, 48, "Treaty of Rome", "treaty", "Treaty of Rome"),),
        quotes=(
            Quote(
                "indirect", (_span("the plan works"),), _span("said"), jane, jane, None, "a1", 0.9
            ),
        ),
        techniques=(Technique(0, 8, "Jane Doe", "Name_Calling,Labeling", 0.5),),
        claims=(
            Claim(
                0,
                29,
                "Jane Doe said the plan works.",
                0.7,
                Claimant("quoted", "Jane Doe", jane, "a1"),
            ),
            Claim(30, 62, "The Treaty of Rome (TOR) is old.", 0.6, Claimant("author", None)),
        ),
        analyses=("actors", "quotes", "techniques", "claims"),
        warnings=("w",),
    )


def test_schema_comes_first_and_round_trips() -> None:
    article = _article()
    data = json.loads(article.to_json())
    assert next(iter(data)) == "schema"
    assert data["schema"] == SCHEMA
    assert Article.from_dict(data) == article


def test_to_dict_is_plain_json_data() -> None:
    data = _article().to_dict()
    assert data == json.loads(json.dumps(data))
    assert isinstance(data["quotes"][0]["content"], list)


def test_from_dict_refuses_other_schemas() -> None:
    with pytest.raises(ValueError, match=r"presslens\.article/1"):
        Article.from_dict({"schema": "something/else"})


def test_record_keys_are_stable() -> None:
    assert list(_article().to_dict()) == [
        "schema", "text", "metadata", "source", "affiliation", "sentences", "entities",
        "actors", "instruments", "quotes", "techniques", "claims", "analyses", "warnings",
    ]  # fmt: skip


def test_spans_in_the_fixture_are_honest() -> None:
    article = _article()
    quote = article.quotes[0]
    speakers = [c.claimant.speaker for c in article.claims if c.claimant.speaker]
    claim_spans = [*article.claims, *speakers]
    spans = (*quote.content, quote.cue, quote.speaker, *article.actors[0].mentions, *claim_spans)
    for span in spans:
        assert span is not None
        assert article.text[span.start : span.end] == span.text
