"""The README's Python example runs as pasted (from the repository root)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_python_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(import presslens.*?)```", readme, re.S)
    assert block, "the README lost its Python example"
    monkeypatch.chdir(ROOT)
    exec(compile(block.group(1), "README.md", "exec"), {})  # our own README, nothing untrusted
    out = capsys.readouterr().out
    assert "opinion title tag 'OpEd'" in out
    assert "The minister" in out
