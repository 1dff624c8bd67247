"""Every hostile input is analysed (with a warning) or refused in one line; none stops a run."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _hostile import GOOD, HOSTILE, Hostile, one_line, write
from typer.testing import Result

import presslens
from presslens import Pipeline
from presslens.errors import AnalysisError, PresslensError
from presslens.store import Store

Cli = Callable[..., Result]


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_analyze_reads_or_refuses_in_one_line(hostile: Hostile, tmp_path: Path, cli: Cli) -> None:
    path = write(hostile, tmp_path)
    result = cli("analyze", str(path), "--analyses", "none")
    assert result.exit_code == hostile.exit_code, result.output
    one_line(result, hostile.message)
    if hostile.exit_code == 0:
        record = json.loads(result.stdout)
        assert "council met on Monday" in record["text"]
    else:
        assert result.stdout == ""


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_ingest_stores_the_good_and_records_the_bad(
    hostile: Hostile, tmp_path: Path, cli: Cli
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-good.txt").write_text(GOOD)
    bad = write(hostile, pages)
    (pages / "z-good.txt").write_text(GOOD.replace("Monday", "Tuesday"))
    db = tmp_path / "c.db"
    result = cli("ingest", str(pages), "--db", str(db))
    assert result.exit_code == (0 if hostile.stored else 3), result.output
    assert "Traceback" not in result.output
    with Store(db, readonly=True) as store:
        stored = store.sources()
        failures = dict(store.failures())
    assert {str(pages / "a-good.txt"), str(pages / "z-good.txt")} <= stored
    if hostile.stored:
        assert str(bad) in stored
    else:
        assert str(bad) not in stored
        assert "no article body" in failures[str(bad)]


def test_a_lone_surrogate_in_text_is_replaced(pipeline: Pipeline) -> None:
    article = pipeline.analyze_text("The minister said \ud800 the talks would resume on Monday.")
    assert "\ud800" not in article.text and "\ufffd" in article.text
    assert "1 lone surrogate code point was replaced with U+FFFD" in article.warnings
    article.to_json().encode("utf-8")  # serialises as valid UTF-8


def test_the_persian_zero_width_non_joiner_survives_both_routes(pipeline: Pipeline) -> None:
    word = "می\u200cخواهم"
    sentence = f"وزیر گفت که {word} مذاکرات را ادامه دهیم و این موضوع مهم است."
    text = (sentence + "\n\n") * 4
    assert word in pipeline.analyze_text(text).text
    html = "<html><body><article>" + f"<p>{sentence}</p>" * 4 + "</article></body></html>"
    assert word in pipeline.analyze_text(html).text
    assert word in pipeline.analyze_text(html.replace("\u200c", "&zwnj;")).text


@pytest.fixture
def crash_on_marker(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the analysis of any body containing CRASH-ME fail, as a bug in presslens would."""
    real = Pipeline._records

    def records(self: Pipeline, items: list[presslens.pipeline.Prepared]) -> list[object]:
        if any("CRASH-ME" in item.text for item in items):
            raise RuntimeError("an unexpected failure deep in an analysis")
        return real(self, items)  # type: ignore[return-value]

    monkeypatch.setattr(Pipeline, "_records", records)
    yield


def test_one_crashing_input_does_not_stop_the_others(
    tmp_path: Path, cli: Cli, crash_on_marker: None
) -> None:
    good, good2 = tmp_path / "good.txt", tmp_path / "good2.txt"
    bad = tmp_path / "bad.txt"
    good.write_text(GOOD)
    good2.write_text(GOOD.replace("Monday", "Tuesday"))
    bad.write_text(GOOD + "\nCRASH-ME now, the council said on Monday evening.\n")
    result = cli("analyze", str(good), str(bad), str(good2), "--analyses", "none")
    assert result.exit_code == 3
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert ["Monday" in r["text"] and "Tuesday" not in r["text"] for r in records] == [True, False]
    assert f"presslens: error: {bad}: the analysis failed (RuntimeError" in result.stderr
    assert "2 analysed, 1 failed" in result.stderr
    assert "Traceback" not in result.output

    db = tmp_path / "c.db"
    ingested = cli("ingest", str(good), str(bad), str(good2), "--db", str(db))
    assert ingested.exit_code == 3
    with Store(db, readonly=True) as store:
        assert store.sources() == {str(good), str(good2)}
        assert "RuntimeError" in dict(store.failures())[str(bad)]


def test_pipe_reports_a_crash_as_an_analysis_error(
    pipeline: Pipeline, tmp_path: Path, crash_on_marker: None
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(GOOD + "\nCRASH-ME now, the council said on Monday evening.\n")
    errors: list[PresslensError] = []
    out = list(pipeline.pipe([bad], on_error=lambda _name, error: errors.append(error)))
    assert out == [] and isinstance(errors[0], AnalysisError)


@pytest.mark.parametrize(
    ("target", "message"),
    [("/nonexistent/dir/out.json", "does not exist"), ("{tmp}", "is a folder")],
)
def test_an_unwritable_output_is_refused_before_any_work(
    target: str, message: str, tmp_path: Path, cli: Cli
) -> None:
    page = tmp_path / "good.txt"
    page.write_text(GOOD)
    result = cli("analyze", str(page), "-o", target.format(tmp=tmp_path))
    assert result.exit_code == 3
    assert message in one_line(result, r"error: ")


def test_a_bad_option_is_one_line(tmp_path: Path, cli: Cli) -> None:
    result = cli("analyze", "x.txt", "--max-bytes", "0")
    assert result.exit_code == 2
    line = one_line(result, r"^presslens: error: Invalid value for '--max-bytes'")
    assert "Value error" not in line and "╭" not in result.stderr


def test_max_chars_cuts_with_a_warning_naming_the_option(tmp_path: Path, cli: Cli) -> None:
    page = tmp_path / "long.txt"
    page.write_text(GOOD * 20)
    result = cli("analyze", str(page), "--max-chars", "300", "--analyses", "none", "--no-clean")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["text"]) == 300
    assert "--max-chars" in one_line(result, r"warning: .*only the first 300")


@pytest.mark.slow
def test_a_long_article_is_analysed_whole_in_sections() -> None:
    """Past spaCy's one-million-character limit too (E088); time and memory at two million
    characters are measured by benchmarks/long_text.py."""
    pipeline = Pipeline(presslens.PipelineConfig(analyses=(), chunk_chars=20_000))
    text = ((GOOD + "\n") * (130_000 // len(GOOD) + 1))[:130_000]
    limit = pipeline.nlp.max_length
    pipeline.nlp.max_length = 100_000  # as if the body were over spaCy's limit
    try:
        article = pipeline.analyze_text(text, clean=False)
    finally:
        pipeline.nlp.max_length = limit
    assert len(article.text) == 130_000
    assert article.sentences[-1].end > 129_000
    assert any("7 sections" in w for w in article.warnings)
