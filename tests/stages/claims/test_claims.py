"""The claims stage: shipped model, component, claimants, records, pipeline."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from spacy.language import Language

from presslens import Pipeline, PipelineConfig
from presslens.records import Article, Metadata, Quote, Source, Span
from presslens.stages.claims import (
    SPANS_KEY,
    ClaimModel,
    ClaimScorer,
    claim_scores,
    load_model,
    model_dir,
    passes_gate,
)
from presslens.stages.claims.claimant import claimant_of
from presslens.stages.nlp import load_nlp

# Invented text in the register of a news report; no corpus text.
NEWS = (
    "The city council met on Tuesday to discuss the budget.\n\n"
    "Unemployment in the region fell from 9.1 percent in 2019 to 4.2 percent last year, "
    "according to the state labour office.\n\n"
    'Mayor Ana Ruiz told reporters: "We have cut the waiting time for housing permits from '
    'eleven months to three, and we hired 240 new teachers."\n\n'
    "Critics were not convinced. What happens next is anyone's guess.\n\n"
    "The programme cost $48 million in its first year, twice the amount the council approved."
)
TECHNICAL = (
    "To install the tool, open a terminal and create a virtual environment. "
    "Then run the installer and choose a folder for the output files. "
    "Press the green button to start, and the red one to stop. "
    "Each settings file is a plain text file with one option per line. "
    "Comments start with a hash sign and are ignored. "
    "Restart the program after you change an option."
)


@pytest.fixture(scope="module")
def claims_pipeline() -> Pipeline:
    return Pipeline(PipelineConfig(analyses=("actors", "quotes", "claims"), clean_text=False))


@pytest.fixture(scope="module")
def news(claims_pipeline: Pipeline) -> Article:
    return claims_pipeline.analyze_text(NEWS, clean=False)


def test_every_file_ships_in_the_package_and_is_small() -> None:
    names = {p.name for p in model_dir().iterdir()}
    assert {"encoder.onnx", "tokenizer.json", "claims.npz", "meta.json"} <= names
    for path in model_dir().iterdir():
        assert path.stat().st_size <= 25 * 1024 * 1024, path.name


def test_the_model_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the claims model tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model = ClaimModel.from_dir(model_dir())
    assert model.meta["training_data"]["licence"] == "research use"
    assert 0.0 < model.default_threshold < 1.0
    assert model.probabilities(["Taxes rose by 5 percent in 2023."]).shape == (1,)


def test_offsets_round_trip(news: Article) -> None:
    assert "claims" in news.analyses
    assert news.claims, "the invented report has numeric claims"
    for claim in news.claims:
        assert news.text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0
        speaker = claim.claimant.speaker
        if speaker is not None:
            assert news.text[speaker.start : speaker.end] == speaker.text


def test_numeric_claims_outrank_rhetoric(news: Article) -> None:
    texts = [c.text for c in news.claims]
    assert any("percent" in t for t in texts)
    assert not any(t.startswith("What happens next") for t in texts)


def test_a_claim_inside_a_quotation_is_the_speakers(claims_pipeline: Pipeline) -> None:
    article = claims_pipeline.analyze_text(NEWS, clean=False)
    low = Pipeline(
        PipelineConfig(
            analyses=("actors", "quotes", "claims"), clean_text=False, claim_threshold=0.01
        )
    ).analyze_text(NEWS, clean=False)
    quoted = [c for c in low.claims if "housing permits" in c.text]
    assert quoted, [c.text for c in low.claims]
    claimant = quoted[0].claimant
    assert claimant.kind == "quoted"
    assert claimant.name is not None and "Ruiz" in claimant.name
    assert claimant.actor is not None
    assert any(a.id == claimant.actor for a in article.actors)


def test_claims_outside_quotations_are_the_authors() -> None:
    text = "Taxes rose by 5 percent in 2023."
    article = Article(
        text=text,
        metadata=Metadata(author="Jo Bloggs"),
        source=Source("text", "0" * 64, len(text)),
    )
    who = claimant_of(0, len(text), article)
    assert (who.kind, who.name, who.speaker, who.actor) == ("author", "Jo Bloggs", None, None)


@pytest.mark.parametrize(
    ("quoted_chars", "speaker_here", "kind"),
    [(30, False, "quoted"), (18, True, "quoted"), (18, False, "author"), (10, True, "author")],
)
def test_a_sentence_is_quoted_when_enough_of_it_is(
    quoted_chars: int, speaker_here: bool, kind: str
) -> None:
    text = "Smith said taxes rose by 5 percent in 2023 and 2024 alike."
    content = Span(11, 11 + quoted_chars, text[11 : 11 + quoted_chars])
    speaker = Span(0, 5, "Smith") if speaker_here else None
    quote = Quote("indirect", (content,), speaker=speaker)
    article = Article(
        text=text, metadata=Metadata(), source=Source("text", "0" * 64, len(text)), quotes=(quote,)
    )
    assert claimant_of(0, len(text), article).kind == kind


def test_a_technical_paragraph_yields_few_claims(claims_pipeline: Pipeline) -> None:
    article = claims_pipeline.analyze_text(TECHNICAL, clean=False)
    assert len(article.sentences) >= 5
    assert len(article.claims) <= 1, [c.text for c in article.claims]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp(PipelineConfig().model)


def test_every_sentence_gets_a_score(nlp: Language) -> None:
    scorer = ClaimScorer(nlp)
    doc = scorer(nlp(NEWS))
    scores = claim_scores(doc)
    assert len(scores) == len(doc.spans[SPANS_KEY]) >= 5
    assert all(0.0 <= s.score <= 1.0 for s in scores)
    assert all(s.claim == (s.score >= scorer.threshold) for s in scores)
    assert all(not doc.text[s.start : s.end][:1].isspace() for s in scores)


def test_scores_survive_doc_serialisation(nlp: Language) -> None:
    doc = ClaimScorer(nlp)(nlp(NEWS))
    restored = type(doc)(nlp.vocab).from_bytes(doc.to_bytes())
    assert claim_scores(restored) == claim_scores(doc)


def test_settings_round_trip(nlp: Language, tmp_path: Path) -> None:
    scorer = ClaimScorer(nlp, threshold=0.7)
    other = ClaimScorer(nlp).from_bytes(scorer.to_bytes())
    assert other.threshold == 0.7
    scorer.to_disk(tmp_path / "claims")
    assert ClaimScorer(nlp).from_disk(tmp_path / "claims").threshold == 0.7


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.2])
def test_a_threshold_outside_the_open_interval_is_refused(nlp: Language, threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        ClaimScorer(nlp, threshold=threshold)


def test_a_doc_the_stage_has_not_seen_has_no_scores(nlp: Language) -> None:
    assert claim_scores(nlp("No scores here.")) == ()


def test_an_empty_doc_scores_nothing(nlp: Language) -> None:
    assert claim_scores(ClaimScorer(nlp)(nlp(""))) == ()


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("Unemployment fell to 4 percent in the second half of last year.", True),
        ("Who will pay for the new sea walls in the end?", False),
        ("Photo: Reuters", False),
        ("Ten facts about the budget of the city council", False),
        ("It rose.", False),
    ],
)
def test_the_gate(nlp: Language, text: str, passes: bool) -> None:
    doc = nlp(text)
    assert passes_gate(doc, [(0, len(doc))]).tolist() == [passes]


def test_a_gated_sentence_scores_zero_without_the_encoder(nlp: Language) -> None:
    doc = nlp("Photo: Reuters")
    assert load_model().score(doc, [(0, len(doc))]).tolist() == [0.0]


def test_the_stage_is_on_by_default() -> None:
    assert "claims" in PipelineConfig().analyses
