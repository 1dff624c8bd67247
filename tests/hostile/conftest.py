"""The ``cli`` fixture: ``presslens`` run in-process, spaCy loaded once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import CliRunner, Result

from presslens.cli.app import app


@pytest.fixture(scope="session")
def cli() -> Callable[..., Result]:
    """Run ``presslens`` in-process (spaCy is loaded once for the session)."""
    runner = CliRunner()

    def run(*args: str, **kwargs: object) -> Result:
        return runner.invoke(app, list(args), **kwargs)  # type: ignore[arg-type]

    return run
