"""The CLI in-process: output formats, stdin, and one clear line for every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli.app import app

runner = CliRunner()


def test_json_on_stdout(example_oped: Path) -> None:
    result = runner.invoke(app, ["analyze", str(example_oped)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["metadata"]["genre"] == "opinion"
    assert record["affiliation"]["organisation"]


def test_text_summary(example_oped: Path) -> None:
    result = runner.invoke(app, ["analyze", str(example_oped), "--format", "text"])
    assert result.exit_code == 0, result.output
    for expected in (
        "Why Coastal Cities Cannot Wait For Washington",
        "Dana Whitfield",
        "Entities",
        "opinion",
    ):
        assert expected in result.stdout


def test_text_lists_beliefs_only_with_all_cues(example_oped: Path) -> None:
    wide = {"COLUMNS": "200"}
    said = runner.invoke(app, ["analyze", str(example_oped), "-f", "text"], env=wide)
    every = runner.invoke(app, ["analyze", str(example_oped), "-f", "text", "--all-cues"], env=wide)
    assert said.exit_code == every.exit_code == 0, said.output

    def quotations(out: str) -> str:
        return out[out.index("Quotations") : out.index("Persuasion techniques")]

    # "the most cautious economists accept that waiting is ...": a belief, not speech
    assert "most cautious economists" in quotations(every.stdout)
    assert "most cautious economists" not in quotations(said.stdout)
    assert "beliefs, intentions or perceptions not shown (--all-cues lists them)" in said.stdout
    assert "Laura Bennett" in said.stdout  # what people said is listed either way


def test_stdin_and_output_file(example_oped: Path, tmp_path: Path) -> None:
    out = tmp_path / "record.json"
    result = runner.invoke(app, ["analyze", "-", "-o", str(out)], input=example_oped.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["source"]["kind"] == "text"


def test_url(http_server: str) -> None:
    result = runner.invoke(app, ["analyze", f"{http_server}/html/news-page.html"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"]["kind"] == "url"


def _bad_inputs(tmp_path: Path, server: str) -> dict[str, tuple[list[str], bytes | None, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (tmp_path / "big.txt").write_text("word " * 1000)
    (tmp_path / "bad.txt").write_bytes(bytes(range(128, 256)) * 4)
    return {
        "missing": (["analyze", str(tmp_path / "nope.txt")], None, "does not exist"),
        "empty": (["analyze", str(tmp_path / "empty.txt")], None, "empty"),
        "empty stdin": (["analyze", "-"], b"", "empty"),
        "binary": (["analyze", str(tmp_path / "doc.pdf")], None, "PDF"),
        "too large": (["analyze", str(tmp_path / "big.txt"), "--max-bytes", "100"], None, "cap"),
        "undecodable or odd": (["analyze", str(tmp_path / "bad.txt")], None, ""),
        "404": (["analyze", f"{server}/nope"], None, "HTTP 404"),
        "unreachable": (
            ["analyze", "http://127.0.0.1:9/x", "--timeout", "2"],
            None,
            "could not reach",
        ),
    }


@pytest.mark.parametrize(
    "case",
    ["missing", "empty", "empty stdin", "binary", "too large", "404", "unreachable"],
)
def test_bad_input_is_one_line_not_a_traceback(case: str, tmp_path: Path, http_server: str) -> None:
    args, stdin, message = _bad_inputs(tmp_path, http_server)[case]
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("presslens: error: ")
    assert message in lines[0]
    assert result.stdout == ""


def test_undecodable_bytes_do_not_crash(tmp_path: Path, http_server: str) -> None:
    args, _, _ = _bad_inputs(tmp_path, http_server)["undecodable or odd"]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 3)
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error(example_oped: Path) -> None:
    result = runner.invoke(app, ["analyze", str(example_oped), "--format", "xml"])
    assert result.exit_code == 2


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("presslens ")


def test_several_inputs_give_json_lines_and_skip_bad_ones(
    example_oped: Path, fixtures: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    html = fixtures / "html" / "news-page.html"
    result = runner.invoke(app, ["analyze", str(example_oped), str(missing), str(html)])
    assert result.exit_code == 3
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["kind"] for r in records] == ["text", "html"]
    assert "missing.txt: does not exist" in result.stderr
    assert "2 analysed, 1 failed" in result.stderr
    assert "Traceback" not in result.output


def test_warnings_go_to_stderr(tmp_path: Path) -> None:
    page = tmp_path / "leer.txt"
    page.write_text(
        "Die Straße nach München ist seit Montag gesperrt, sagte der Bürgermeister der Stadt."
    )
    result = runner.invoke(app, ["analyze", str(page)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["metadata"]["language"] == "de"
    assert "presslens: warning:" in result.stderr
    assert "English" in result.stderr


def test_text_summary_does_not_interpret_markup_from_the_article(tmp_path: Path) -> None:
    page = tmp_path / "markup.txt"
    page.write_text(
        "[bold red]Officials[/bold red] agree on a budget – OpEd\n\n"
        "The council said on Monday that the [link=http://x]budget[/link] would pass next week "
        "after two months of talks between the parties in the regional parliament."
    )
    result = runner.invoke(app, ["analyze", str(page), "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "[bold red]Officials[/bold red]" in result.stdout


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(example_oped: Path) -> None:
    """`presslens analyze many.txt | head -1`: no traceback, no 'bug in presslens' line."""
    command = [sys.executable, "-c", "from presslens.cli.app import main; main()", "analyze"]
    process = subprocess.Popen(
        [*command, *[str(example_oped)] * 30],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["metadata"]["genre"] == "opinion"
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 0, errors
    assert "bug in presslens" not in errors
    assert "Traceback" not in errors


def test_text_summary_fits_an_80_column_terminal(example_oped: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(example_oped), "--format", "text"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    # Quotations and techniques are blocks: whole names, quotes not one word per line.
    assert " 3. She → Laura Bennett" in result.stdout
    assert "Spea…" not in result.stdout
    assert any("We are spending more on recovery every year" in line for line in lines)


def test_technique_names_read_the_same_in_text_and_json(example_oped: Path) -> None:
    record = json.loads(runner.invoke(app, ["analyze", str(example_oped)]).stdout)
    every = ["analyze", str(example_oped), "-f", "text", "--technique-threshold", "0.01"]
    text = runner.invoke(app, every, env={"COLUMNS": "80"})
    names = {t["name"] for t in record["techniques"]}
    assert names and all(name in text.stdout for name in names)


def test_text_shows_techniques_from_the_threshold_and_says_how_many_are_left_out(
    example_oped: Path,
) -> None:
    record = json.loads(runner.invoke(app, ["analyze", str(example_oped)]).stdout)
    confidences = sorted(t["confidence"] for t in record["techniques"])
    assert confidences, "the example op-ed has no technique spans in its record"
    cut = confidences[-1]  # only the most confident span(s) reach it
    args = ["analyze", str(example_oped), "-f", "text", "--technique-threshold", f"{cut:.4f}"]
    text = " ".join(runner.invoke(app, args, env={"COLUMNS": "200"}).stdout.split())
    hidden = sum(c < cut for c in confidences)
    if hidden:
        assert f"{hidden} less certain technique span" in text
        assert "the JSON record has" in text


def test_help_does_not_import_spacy() -> None:
    code = "import sys; from presslens.cli.app import app; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
