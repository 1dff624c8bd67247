"""benchmarks/techniques_ptc.py on the miniature PTC fixture: any split, labelled output."""

from __future__ import annotations

import csv
import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]
PTC = ROOT / "tests" / "fixtures" / "ptc"
# An invented op-ed line for a split of our own ("extra"), with one labelled span.
EXTRA = (
    "The council's reckless, shameful scheme will devastate every family in this city.\n"
    "These so-called experts are nothing but corrupt bureaucrats with a hidden agenda.\n"
)


def _with_extra_split(folder: Path) -> Path:
    data = Path(shutil.copytree(PTC, folder))
    (data / "extra-articles").mkdir()
    (data / "extra-articles" / "article3001.txt").write_text(EXTRA, encoding="utf-8")
    start = EXTRA.index("reckless")
    (data / "extra-task2-TC.labels").write_text(
        f"3001\tLoaded_Language\t{start}\t{start + len('reckless')}\n", encoding="utf-8"
    )
    return data


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "techniques_ptc", ROOT / "benchmarks" / "techniques_ptc.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize("split", ["train", "dev", "extra"])
def test_any_split_runs_and_every_line_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], split: str
) -> None:
    data = _with_extra_split(tmp_path / "ptc")
    out = tmp_path / "spans.tsv"
    args = [str(data), "--split", split, "--no-cost", "--sweep", "0.3", "--predictions", str(out)]
    args += ["--floor", "0.0"]
    assert _benchmark().main(args) == 0
    printed = capsys.readouterr().out
    for name in ("SI (shown)", "SI (kept)", "TC task", "full task (shown)", "reliability"):
        assert f"PTC {split} {name}" in printed
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert all(row["split"] == split and row["model"] == "linear" for row in rows)
    if split == "extra":
        assert rows, "the linear model finds no span in an op-ed full of loaded language"
        text = EXTRA
        assert all(text[int(r["start"]) : int(r["end"])].strip() for r in rows)


@pytest.mark.slow
def test_an_absent_split_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _benchmark().main([str(PTC), "--split", "test"])
    assert exit_info.value.code == 2
    assert "no split 'test'" in capsys.readouterr().err
