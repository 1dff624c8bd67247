"""The whole pipeline, one article at a time and as a stream, on fixtures written for presslens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import presslens
import presslens.stages.persuasion
from presslens import Article, Pipeline, PipelineConfig
from presslens.errors import EmptyInputError, InputError, SourceNotFoundError
from presslens.stages.persuasion import shown_techniques


def _assert_offsets(article: Article) -> None:
    for ent in article.entities:
        assert article.text[ent.start : ent.end] == ent.text
    for sent in article.sentences:
        chunk = article.text[sent.start : sent.end]
        assert chunk and chunk == chunk.strip()
    assert [s.start for s in article.sentences] == sorted(s.start for s in article.sentences)


@pytest.fixture(scope="module")
def oped(pipeline: Pipeline, example_oped: Path) -> Article:
    return pipeline.analyze(example_oped)


def test_example_metadata(oped: Article) -> None:
    assert oped.metadata.title == "Why Coastal Cities Cannot Wait For Washington"
    assert oped.metadata.genre == "opinion"
    assert oped.metadata.author == "Dana Whitfield"


def test_example_affiliation(oped: Article) -> None:
    assert oped.affiliation is not None
    assert "Coastal Cities Alliance" in oped.affiliation.organisation
    assert oped.affiliation.statement.startswith("Dana Whitfield writes for")


def test_example_body_bounds(oped: Article) -> None:
    assert oped.text.startswith("For two decades, the mayors")
    assert oped.text.endswith("which one Washington prefers.")
    for junk in (
        "Leave a Reply",
        "email address",
        "Required fields",
        "Dana Whitfield",
        "Save my name",
    ):
        assert junk not in oped.text


def test_example_offsets_round_trip(oped: Article) -> None:
    _assert_offsets(oped)
    assert {"PERSON", "ORG", "GPE"} <= {e.label for e in oped.entities}
    assert len(oped.sentences) > 10


def test_record_is_json(oped: Article) -> None:
    data = json.loads(oped.to_json())
    assert data["schema"] == "presslens.article/1"
    assert data["source"]["kind"] == "text"
    assert Article.from_dict(data) == oped


def test_html_route(pipeline: Pipeline, fixtures: Path) -> None:
    article = pipeline.analyze(fixtures / "html" / "opinion-page.html")
    assert article.metadata.genre == "opinion"
    assert article.metadata.genre_signal == "title tag 'Opinion'"
    assert article.metadata.date == "2024-05-14"
    assert article.source.kind == "html"
    _assert_offsets(article)


def test_news_html_route(pipeline: Pipeline, fixtures: Path) -> None:
    article = pipeline.analyze(fixtures / "html" / "news-page.html")
    assert article.metadata.genre == "news"
    assert article.metadata.outlet == "Riverside Daily"
    assert "Share this article" not in article.text
    _assert_offsets(article)


def test_url_route(pipeline: Pipeline, http_server: str) -> None:
    article = pipeline.analyze(f"{http_server}/html/opinion-page.html")
    assert article.source.kind == "url"
    assert article.metadata.author == "Priya Raman"


def test_verbatim_text_keeps_offsets_one_to_one(pipeline: Pipeline) -> None:
    text = "  Menu\nHome\n\nThe minister said on Monday that talks would resume.\n\nLeave a Reply\n"
    article = pipeline.analyze_text(text, clean=False)
    assert article.text == text
    _assert_offsets(article)


def test_max_chars_cuts_with_a_warning(pipeline: Pipeline) -> None:
    short = Pipeline(PipelineConfig(max_chars=40), nlp=pipeline.nlp)
    article = short.analyze_text("The council met on Monday. " * 10, clean=False)
    assert len(article.text) == 40
    assert any("only the first 40" in w for w in article.warnings)


def test_pipe_streams_in_order(pipeline: Pipeline, fixtures: Path, example_oped: Path) -> None:
    sources = [example_oped, fixtures / "html" / "news-page.html", example_oped]
    titles = [a.metadata.title for a in pipeline.pipe(sources, batch_size=2)]
    assert titles == [
        "Why Coastal Cities Cannot Wait For Washington",
        "City council approves flood levy",
        "Why Coastal Cities Cannot Wait For Washington",
    ]


def test_pipe_raises_or_skips_bad_inputs(
    pipeline: Pipeline, example_oped: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    sources = [example_oped, empty, tmp_path / "missing.txt", example_oped]
    with pytest.raises(EmptyInputError):
        list(pipeline.pipe(sources))
    assert len(list(pipeline.pipe(sources, on_error="skip"))) == 2


def test_pipe_as_tuples_carries_contexts_past_bad_inputs(
    pipeline: Pipeline, fixtures: Path, example_oped: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    pairs = [(example_oped, 1), (missing, 2), (fixtures / "html" / "news-page.html", 3)]
    failed: list[str] = []
    out = pipeline.pipe(pairs, as_tuples=True, on_error=lambda name, _: failed.append(name))
    assert [(ctx, a.metadata.title) for a, ctx in out] == [
        (1, "Why Coastal Cities Cannot Wait For Washington"),
        (3, "City council approves flood levy"),
    ]
    assert failed == [str(missing)]


@pytest.mark.slow
def test_pipe_with_two_processes(pipeline: Pipeline, example_oped: Path) -> None:
    articles = list(pipeline.pipe([example_oped] * 4, n_process=2, batch_size=1))
    assert len(articles) == 4
    assert articles[0] == articles[3]


def test_module_level_api(example_oped: Path) -> None:
    assert presslens.analyze(example_oped).metadata.genre == "opinion"
    assert [a.metadata.author for a in presslens.analyze_many([example_oped])] == ["Dana Whitfield"]


def test_errors_share_one_base() -> None:
    assert issubclass(SourceNotFoundError, InputError)
    assert issubclass(InputError, presslens.PresslensError)


def _actor(article: Article, name: str) -> presslens.Actor:
    return next(a for a in article.actors if a.name == name)


def test_example_actors_merge_acronyms_and_back_references(oped: Article) -> None:
    assert "actors" in oped.analyses
    fema = _actor(oped, "Federal Emergency Management Agency")
    assert "FEMA" in fema.aliases
    bennett = _actor(oped, "Laura Bennett")
    assert bennett.type == "person"
    assert [m.text for m in bennett.mentions] == ["Laura Bennett", "She"]
    assert bennett.roles[0].text.startswith("a deputy administrator")
    for actor in oped.actors:
        for span in (*actor.mentions, *actor.roles):
            assert oped.text[span.start : span.end] == span.text


def test_example_instruments(oped: Article) -> None:
    found = {(i.name, i.kind) for i in oped.instruments}
    assert {("H.R. 2307", "bill"), ("Paris Agreement", "agreement")} <= found
    for item in oped.instruments:
        assert oped.text[item.start : item.end] == item.text


def test_affiliation_joins_the_actor_it_names(oped: Article) -> None:
    assert oped.affiliation is not None
    alliance = _actor(oped, "Coastal Cities Alliance")
    assert oped.affiliation.actor == alliance.id
    assert {m.text for m in oped.affiliation.mentions} >= {"Coastal Cities Alliance", "CCA"}


def test_bare_record_when_no_analyses(pipeline: Pipeline, example_oped: Path) -> None:
    bare = Pipeline(PipelineConfig(analyses=()))
    article = bare.analyze(example_oped)
    assert article.analyses == ()
    assert article.actors == ()
    assert "presslens_actors" not in bare.nlp.pipe_names


def test_example_techniques_are_spans_of_the_body(oped: Article) -> None:
    assert "techniques" in oped.analyses
    for item in oped.techniques:
        assert oped.text[item.start : item.end] == item.text
        assert 0.0 < item.confidence <= 1.0
        assert item.technique in presslens.stages.persuasion.TECHNIQUES


def test_technique_threshold_is_what_readers_see(example_oped: Path) -> None:
    low = Pipeline(PipelineConfig(analyses=("techniques",), technique_threshold=0.1))
    high = Pipeline(PipelineConfig(analyses=("techniques",), technique_threshold=0.6))
    assert (low.technique_threshold, high.technique_threshold) == (0.1, 0.6)
    # The record keeps every span from the floor (never above the threshold) up; the threshold
    # decides what readers are shown.
    kept_low = low.analyze(example_oped).techniques
    kept_high = high.analyze(example_oped).techniques
    assert set(kept_high) <= set(kept_low)
    assert shown_techniques(kept_low, 0.6) == shown_techniques(kept_high, 0.6)


def _quote_with(article: Article, words: str) -> presslens.Quote:
    return next(q for q in article.quotes if any(words in span.text for span in q.content))


def test_example_quotes_resolve_speakers_to_actors(oped: Article) -> None:
    assert "quotes" in oped.analyses
    first = _quote_with(oped, "spending more on recovery")
    added = _quote_with(oped, "not sustainable")
    assert (first.kind, first.speaker.text if first.speaker else None) == (
        "direct",
        "Laura Bennett",
    )
    assert first.role is not None and first.role.text.startswith("a deputy administrator")
    assert added.speaker is not None and added.speaker.text == "She"
    assert added.speaker_resolved is not None and added.speaker_resolved.text == "Laura Bennett"
    assert added.actor == first.actor == _actor(oped, "Laura Bennett").id
    newspaper = _quote_with(oped, "reward the cities")
    assert newspaper.cue is not None and newspaper.cue.text == "wrote"
    assert newspaper.actor == _actor(oped, "Harbor Ledger").id


def test_example_quote_offsets_round_trip(oped: Article) -> None:
    for quote in oped.quotes:
        for span in (*quote.content, quote.cue, quote.speaker, quote.speaker_resolved, quote.role):
            if span is not None:
                assert oped.text[span.start : span.end] == span.text
        assert 0.0 <= quote.confidence <= 1.0
