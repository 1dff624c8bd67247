"""Very long bodies in sections: offsets of the whole body, actors merged across sections."""

from __future__ import annotations

import pytest

from presslens import Pipeline, PipelineConfig
from presslens.sections import split_sections

_PARAGRAPHS = [
    'Maria Lopez, the senator for the northern district, said the levy was "a tax on the '
    'coast". She added that the council had ignored the flood maps.',
    "The council voted on Monday to delay the levy by a year, according to the minutes.",
    'Lopez told reporters that the delay was "not a victory". The Harbor Ledger reported '
    "that the mayor would not comment.",
]


def _body(chars: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 2 for p in parts) < chars:
        parts.append(_PARAGRAPHS[len(parts) % len(_PARAGRAPHS)])
    return "\n\n".join(parts)


@pytest.mark.parametrize("size", [1_000, 5_000])
def test_sections_join_back_into_the_text(size: int) -> None:
    body = _body(23_456)
    text = body + " tail without a break " * 100
    sections = list(split_sections(text, size))
    assert "".join(section for _, section in sections) == text
    assert all(len(section) <= size for _, section in sections)
    assert all(text[offset : offset + len(s)] == s for offset, s in sections)
    in_body = [s for offset, s in sections if offset + len(s) < len(body)]
    assert in_body and all(s.endswith("\n\n") for s in in_body)  # cut at paragraph breaks


def test_a_long_body_is_analysed_in_sections_with_offsets_of_the_whole() -> None:
    pipeline = Pipeline(PipelineConfig(chunk_chars=2_000))
    text = _body(9_000)
    article = pipeline.analyze_text(text, clean=False)
    assert article.text == text
    assert any("sections" in w for w in article.warnings)
    for span in (*article.entities, *article.techniques, *article.instruments):
        assert text[span.start : span.end] == span.text
    for quote in article.quotes:
        for part in (*quote.content, quote.cue, quote.speaker, quote.speaker_resolved):
            if part is not None:
                assert text[part.start : part.end] == part.text
    lopez = [a for a in article.actors if a.name == "Maria Lopez"]
    assert len(lopez) == 1  # one actor, not one per section
    assert len(lopez[0].mentions) > 4
    assert all(text[m.start : m.end] == m.text for m in lopez[0].mentions)
    ids = {a.id for a in article.actors}
    assert len(ids) == len(article.actors)
    assert all(q.actor in ids for q in article.quotes if q.actor)
    assert sorted(s.start for s in article.sentences) == [s.start for s in article.sentences]


def test_sections_and_one_pass_agree_on_a_short_body(pipeline: Pipeline) -> None:
    text = _body(1_500)
    whole = pipeline.analyze_text(text, clean=False)
    cut = Pipeline(PipelineConfig(chunk_chars=1_000)).analyze_text(text, clean=False)
    assert [s.text for s in cut.entities] == [s.text for s in whole.entities]
