"""The accurate techniques model (fine-tuned encoder): units, decoding, loading, offsets, choice."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from presslens import Pipeline
from presslens.cli.app import app
from presslens.config import PipelineConfig
from presslens.stages.nlp import load_nlp
from presslens.stages.persuasion import (
    LABELS,
    AccurateTechniqueModel,
    TechniqueTagger,
    load_accurate_model,
    techniques_from_doc,
)
from presslens.stages.persuasion.neural import (
    BEGIN,
    INSIDE,
    OUTSIDE,
    Unit,
    accurate_dir,
    decode_pieces,
    span_extras,
    units_of,
)

PTC = Path(__file__).parents[2] / "fixtures" / "ptc"
# Invented sentences in the register of an op-ed; no corpus text.
OPED = (
    "The council's reckless, shameful scheme will devastate every family in this city.\n"
    "These so-called experts are nothing but corrupt bureaucrats with a hidden agenda.\n"
    "Either we stop this madness now or we hand our children's future to chaos."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp(PipelineConfig().model)


@pytest.mark.parametrize(
    ("text", "sentences", "units"),
    [
        ("One. Two.", [(0, 4), (5, 9)], [(0, 4), (5, 9)]),
        ("Line one\nline two", [(0, 17)], [(0, 8), (9, 17)]),
        ("  padded  \n\n", [(0, 12)], [(2, 8)]),
        ("\n\n", [(0, 2)], []),
    ],
)
def test_units_are_sentences_cut_at_line_breaks(
    text: str, sentences: list[tuple[int, int]], units: list[tuple[int, int]]
) -> None:
    found = units_of(text, sentences)
    assert [(u.start, u.end) for u in found] == units
    assert all(text[u.start : u.end] == text[u.start : u.end].strip() for u in found)


def _probs(*rows: int) -> np.ndarray:
    out = np.full((len(rows), 3), 0.05, dtype=np.float32)
    for i, label in enumerate(rows):
        out[i, label] = 0.9
    return out


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        # [CLS] so called experts [SEP]: one span over three words.
        ((OUTSIDE, BEGIN, INSIDE, INSIDE, OUTSIDE), [(1, 4)]),
        # A begin inside a run starts a second span.
        ((OUTSIDE, BEGIN, INSIDE, BEGIN, OUTSIDE), [(1, 3), (3, 4)]),
        ((OUTSIDE, OUTSIDE, OUTSIDE, OUTSIDE, OUTSIDE), []),
        # Special tokens never join a span, whatever the head says.
        ((INSIDE, OUTSIDE, OUTSIDE, OUTSIDE, INSIDE), []),
    ],
)
def test_decoding_pieces(labels: tuple[int, ...], spans: list[tuple[int, int]]) -> None:
    text = "so called experts"
    offsets = np.array([[0, 0], [0, 2], [3, 9], [10, 17], [0, 0]], dtype=np.int64)
    found = decode_pieces(_probs(*labels), offsets, text, 0.5)
    assert [(a, b) for a, b, _ in found] == spans
    assert all(0.0 <= score <= 1.0 for _, _, score in found)


def test_a_span_never_cuts_a_word() -> None:
    # "bureaucrats" as "bureau" + "##crats": the head flags only the second piece.
    text = "corrupt bureaucrats"
    offsets = np.array([[0, 0], [0, 7], [8, 14], [14, 19], [0, 0]], dtype=np.int64)
    found = decode_pieces(_probs(OUTSIDE, OUTSIDE, OUTSIDE, INSIDE, OUTSIDE), offsets, text, 0.5)
    assert [(a, b) for a, b, _ in found] == [(2, 4)]


def test_span_extras_see_repetition_and_quotes() -> None:
    text = 'Build the wall. They chanted "build the wall" again.'
    start = text.index("build")
    first = span_extras(text, 0, 14, Unit(0, 15))
    second = span_extras(text, start, start + 14, Unit(16, len(text)))
    assert first[0] == second[0] == pytest.approx(np.log1p(2))
    assert (first[1], second[1]) == (0.0, 1.0)  # only the second has an earlier copy
    assert (second[2], second[3]) == (1.0, 1.0)  # quotation marks around it


def test_model_loads_from_the_package_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    model = AccurateTechniqueModel.from_dir(accurate_dir())
    assert model.labels == LABELS
    assert "presslens" in str(accurate_dir())
    assert 0.0 <= model.floor <= model.threshold < 1.0


def test_shipped_files_are_small_and_pickle_free() -> None:
    names = {p.name for p in accurate_dir().iterdir()}
    assert {"encoder.onnx", "tokenizer.json", "heads.npz", "meta.json", "calibration.json"} <= names
    for path in accurate_dir().iterdir():
        assert path.stat().st_size <= 25 * 1024 * 1024, path.name
    with np.load(accurate_dir() / "heads.npz", allow_pickle=False) as heads:
        assert all(heads[k].dtype == np.float32 for k in heads.files)


@pytest.mark.slow
def test_offsets_round_trip_on_an_oped(nlp: Language) -> None:
    tagger = TechniqueTagger(nlp, model="accurate", floor=0.0, threshold=0.5)
    found = techniques_from_doc(tagger(nlp(OPED)))
    assert found, "the accurate model finds nothing in an op-ed full of loaded language"
    for t in found:
        assert OPED[t.start : t.end] == t.text
        assert t.technique in LABELS and 0.0 <= t.confidence <= 1.0


@pytest.mark.slow
def test_offsets_round_trip_on_a_ptc_article_with_a_bom(nlp: Language) -> None:
    text = (PTC / "train-articles" / "article1001.txt").read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    model = load_accurate_model()
    doc = nlp(text)
    for p in model.predict(doc):
        span = doc[p.start : p.end]
        assert text[span.start_char : span.end_char] == span.text
    probs = model.classify_chars(doc, [(1, 10), (20, 40)])
    assert probs.shape == (2, len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_config_selects_the_model() -> None:
    assert PipelineConfig(techniques_model="accurate").component_configs() == {
        "techniques": {"model": "accurate"}
    }
    assert PipelineConfig().component_configs() == {}


@pytest.mark.slow
def test_pipeline_runs_the_accurate_model() -> None:
    pipeline = Pipeline(PipelineConfig(analyses=("techniques",), techniques_model="accurate"))
    tagger = pipeline.nlp.get_pipe("presslens_techniques")
    assert isinstance(tagger.model, AccurateTechniqueModel)  # type: ignore[attr-defined]
    assert pipeline.technique_threshold == load_accurate_model().threshold
    article = pipeline.analyze_text(OPED, clean=False)
    assert all(OPED[t.start : t.end] == t.text for t in article.techniques)


@pytest.mark.slow
def test_cli_option_selects_the_accurate_model(tmp_path: Path) -> None:
    source = tmp_path / "oped.txt"
    source.write_text(OPED, encoding="utf-8")
    args = ["analyze", str(source), "--no-clean", "--analyses", "techniques"]
    result = CliRunner().invoke(app, [*args, "--techniques-model", "accurate"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert all(OPED[t["start"] : t["end"]] == t["text"] for t in record["techniques"])


def test_cli_refuses_an_unknown_model(tmp_path: Path) -> None:
    source = tmp_path / "oped.txt"
    source.write_text(OPED, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(source), "--techniques-model", "huge"])
    assert result.exit_code == 2
    assert "unknown techniques model 'huge'" in result.output
