"""The ``presslens`` Typer application."""

from __future__ import annotations

from typing import Annotated

import typer

from presslens import __version__
from presslens.cli._util import setup_logging
from presslens.cli.analyze import analyze_cli
from presslens.cli.corpus import ingest_cli, speakers_cli, timeline_cli

__all__ = ["app", "main"]

app = typer.Typer(
    name="presslens",
    help="Who speaks, on whose behalf, and how a political article persuades.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"presslens {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    setup_logging(verbose)


app.command("analyze")(analyze_cli)
app.command("ingest")(ingest_cli)
app.command("speakers")(speakers_cli)
app.command("timeline")(timeline_cli)


def main() -> None:
    """Console-script entry point."""
    app()
