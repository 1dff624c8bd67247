"""The persuasion-techniques stage: taxonomy, shipped model, component, records."""

from __future__ import annotations

import socket

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from presslens.config import PipelineConfig
from presslens.scoring.ptc import TECHNIQUES as PTC_LABELS
from presslens.stages.nlp import load_nlp
from presslens.stages.persuasion import (
    LABELS,
    SPANS_KEY,
    TECHNIQUES,
    TechniqueModel,
    TechniqueTagger,
    describe,
    load_model,
    load_span_model,
    shown_techniques,
    techniques_from_doc,
)
from presslens.stages.persuasion.features import _mix, _small, doc_context, span_features
from presslens.stages.persuasion.model import (
    CALIBRATION_GROUP,
    SpanPrediction,
    _merge_runs,
    model_dir,
)

# Invented sentences in the register of an op-ed; no corpus text.
OPED = (
    "The council's reckless, shameful scheme will devastate every family in this city.\n"
    "These so-called experts are nothing but corrupt bureaucrats with a hidden agenda.\n"
    "Can we really trust a single word the mayor says after last year's disaster?\n"
    "Either we stop this madness now or we hand our children's future to chaos.\n"
    "Every true patriot knows that our nation deserves better than this betrayal."
)
TECHNICAL = (
    "To install the library, create a virtual environment and run the installer. "
    "The configuration file lists the input folder, the batch size and the output format. "
    "Each record has an identifier, a timestamp and a list of measurements in millimetres."
)


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp(PipelineConfig().model)


@pytest.fixture(scope="session")
def tagger(nlp: Language) -> TechniqueTagger:
    return TechniqueTagger(nlp)


@pytest.fixture(scope="session")
def oped_doc(nlp: Language, tagger: TechniqueTagger) -> Doc:
    return tagger(nlp(OPED))


@pytest.mark.parametrize("label", LABELS)
def test_every_label_has_a_definition(label: str) -> None:
    info = describe(label)
    assert info.label == label and info.name and info.example
    assert len(info.definition.split()) >= 20


def test_labels_are_the_semeval_inventory() -> None:
    assert set(LABELS) == set(PTC_LABELS) == set(TECHNIQUES)
    assert len(LABELS) == 14


def test_unknown_label_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="Loaded_Language"):
        describe("Propaganda")


def test_model_loads_from_the_package_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    model = TechniqueModel.from_dir(model_dir())
    assert model.labels == LABELS
    assert "presslens" in str(model_dir()) and (model_dir() / "techniques.npz").is_file()


def test_shipped_model_is_small() -> None:
    # Every tracked file stays under 5 MiB.
    for path in model_dir().iterdir():
        assert path.stat().st_size < 5 * 1024 * 1024, path.name


def test_oped_has_techniques_with_valid_labels(oped_doc: Doc) -> None:
    found = techniques_from_doc(oped_doc)
    assert found
    assert {t.technique for t in found} <= set(LABELS)
    assert all(0.0 <= t.confidence <= 1.0 for t in found)


def test_offsets_round_trip(oped_doc: Doc) -> None:
    for t in techniques_from_doc(oped_doc):
        assert OPED[t.start : t.end] == t.text
        assert t.text == t.text.strip()


def test_doc_bytes_round_trip_keeps_spans_and_scores(nlp: Language, oped_doc: Doc) -> None:
    restored = Doc(nlp.vocab).from_bytes(oped_doc.to_bytes())
    assert techniques_from_doc(restored) == techniques_from_doc(oped_doc)


def test_technical_paragraph_yields_few_spans(nlp: Language, tagger: TechniqueTagger) -> None:
    assert len(techniques_from_doc(tagger(nlp(TECHNICAL)))) <= 1


@pytest.mark.parametrize(("low", "high"), [(0.15, 0.3), (0.3, 0.6)])
def test_higher_decoding_threshold_flags_fewer_words(
    nlp: Language, low: float, high: float
) -> None:
    # Counted in words, not spans: at a higher threshold one run can split in two, and the
    # span over a sentence's runs comes on top.
    doc = nlp(OPED)

    def flagged(threshold: float) -> set[int]:
        spans = load_model().predict(doc, threshold)
        return {i for p in spans for i in range(p.start, p.end)}

    assert flagged(high) <= flagged(low)


def test_the_record_keeps_spans_from_the_floor_and_readers_see_the_threshold(
    nlp: Language,
) -> None:
    doc = nlp(OPED)
    everything = TechniqueTagger(nlp, threshold=0.5, floor=0.0)
    found = techniques_from_doc(everything(doc))
    assert all(t.confidence >= 0.0 for t in found)
    shown = shown_techniques(found, 0.5)
    assert shown == tuple(t for t in found if t.confidence >= 0.5)
    high_floor = techniques_from_doc(TechniqueTagger(nlp, threshold=0.5, floor=0.3)(doc))
    assert set(high_floor) <= set(found)
    assert all(t.confidence >= 0.3 for t in high_floor)


def test_a_floor_above_the_threshold_is_refused(nlp: Language) -> None:
    with pytest.raises(ValueError, match="floor must be between 0 and the threshold"):
        TechniqueTagger(nlp, threshold=0.3, floor=0.4)


def test_an_unknown_model_is_refused(nlp: Language) -> None:
    with pytest.raises(ValueError, match="unknown techniques model 'huge'"):
        TechniqueTagger(nlp, model="huge")


@pytest.mark.parametrize("name", ["linear", "accurate"])
def test_shipped_calibration_is_monotone_and_in_unit_range(name: str) -> None:
    model = load_span_model(name)
    calibration = model.calibration  # type: ignore[attr-defined]
    assert CALIBRATION_GROUP in calibration.groups, "the shipped model must be calibrated"
    raw = np.linspace(0.0, 1.0, 201)
    mapped = np.array([calibration(CALIBRATION_GROUP, float(x)) for x in raw])
    assert ((mapped >= 0.0) & (mapped <= 1.0)).all()
    assert (np.diff(mapped) >= 0).all()
    assert 0.0 <= model.floor <= model.threshold < 1.0


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.2, 1.5])
def test_bad_threshold_is_refused(nlp: Language, threshold: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        TechniqueTagger(nlp, threshold=threshold)


def test_factory_on_a_blank_pipeline() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("presslens_techniques", config={"threshold": 0.3})
    doc = blank(OPED)
    assert SPANS_KEY in doc.spans
    assert blank.get_pipe("presslens_techniques").threshold == 0.3  # type: ignore[attr-defined]
    for t in techniques_from_doc(doc):
        assert OPED[t.start : t.end] == t.text


@pytest.mark.parametrize("text", ["", "   ", "Hello."])
def test_tiny_inputs(nlp: Language, tagger: TechniqueTagger, text: str) -> None:
    doc = tagger(nlp(text))
    for t in techniques_from_doc(doc):
        assert text[t.start : t.end] == t.text


def test_unprocessed_doc_has_no_techniques(nlp: Language) -> None:
    assert techniques_from_doc(nlp.make_doc("Plain words.")) == ()


def test_model_is_cached() -> None:
    assert load_model() is load_model()


def test_a_span_is_reported_once_per_technique() -> None:
    nlp = spacy.blank("en")
    tagger = nlp.add_pipe("presslens_techniques")
    doc = nlp("It is evident that the plan failed.")
    same = SpanPrediction(0, 3, "Doubt", 0.2)
    tagger.set_annotations(doc, [same, SpanPrediction(0, 3, "Doubt", 0.4)])
    found = techniques_from_doc(doc)
    assert [(t.text, t.technique, t.confidence) for t in found] == [("It is evident", "Doubt", 0.4)]


def test_runs_of_one_sentence_get_a_span_over_them(nlp: Language) -> None:
    doc = nlp("Their reckless and shameful plan failed. It rained.")
    ctx = doc_context(doc)
    runs = [(1, 2, 0.4), (3, 4, 0.3), (8, 9, 0.5)]
    assert sorted(_merge_runs(runs, ctx, 2)) == [(1, 2, 0.4), (1, 4, 0.4), (3, 4, 0.3), (8, 9, 0.5)]
    assert sorted(_merge_runs(runs, ctx, 3)) == runs


def test_a_repeated_span_has_other_features_than_its_first_copy(nlp: Language) -> None:
    doc = nlp("Build the wall. They said it again: build the wall.")
    ctx = doc_context(doc)
    features = span_features(doc, ctx, [(0, 3), (9, 12)])
    first, second = (set(features.keys[features.rows == row].tolist()) for row in (0, 1))
    # Both copies occur twice in the article; only the second has a copy before it.
    assert int(_mix(125, _small([0 * 8 + 2]))[0]) in first
    assert int(_mix(125, _small([1 * 8 + 2]))[0]) in second
