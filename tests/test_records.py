import json

import pytest

from presslens.records import SCHEMA, Affiliation, Article, Entity, Metadata, Sentence, Source


def _article() -> Article:
    text = "Jane Doe said the plan works."
    return Article(
        text=text,
        metadata=Metadata(title="T", genre="news"),
        source=Source("text", "0" * 64, len(text)),
        affiliation=Affiliation("Jane Doe writes for X.", "X", "Jane Doe", "writes for"),
        sentences=(Sentence(0, len(text)),),
        entities=(Entity(0, 8, "Jane Doe", "PERSON"),),
        warnings=("w",),
    )


def test_schema_comes_first_and_round_trips() -> None:
    article = _article()
    data = json.loads(article.to_json())
    assert next(iter(data)) == "schema"
    assert data["schema"] == SCHEMA
    assert Article.from_dict(data) == article


def test_from_dict_refuses_other_schemas() -> None:
    with pytest.raises(ValueError, match=r"presslens\.article/1"):
        Article.from_dict({"schema": "something/else"})


def test_record_keys_are_stable() -> None:
    assert set(_article().to_dict()) == {
        "schema",
        "text",
        "metadata",
        "source",
        "affiliation",
        "sentences",
        "entities",
        "warnings",
    }
