"""The ``presslens`` Typer application.

Commands import the library (spaCy, SQLAlchemy) only when they run, so ``presslens --help``
answers at once. Usage errors are one line, like every other error presslens prints.
"""

from __future__ import annotations

import re
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from presslens import __version__
from presslens.cli._util import EXIT_USAGE, process_setup, setup_logging, stderr
from presslens.cli.analyze import analyze_cli
from presslens.cli.corpus import ingest_cli, speakers_cli, timeline_cli
from presslens.cli.db import db_app
from presslens.cli.export import export_cli
from presslens.cli.search import quotes_cli, search_cli
from presslens.cli.serve import serve_cli

__all__ = ["app", "main"]

_PYDANTIC_PREFIX = re.compile(r"\b(?:Value|Assertion) error, ")
# Typer carries its own copy of click; its exception classes are reached through a public one.
_UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)
_ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def _message(exc: Exception) -> str:
    format_message = getattr(exc, "format_message", None)
    return str(format_message() if callable(format_message) else exc)


class _OneLineErrors(TyperGroup):
    """Print a usage error as ``presslens: error: ...`` on one line, not a box."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _ClickException as exc:
            if not standalone_mode:
                raise
            if type(exc).__name__ == "NoArgsIsHelpError":  # plain `presslens`: the help
                typer.echo(_message(exc))
                sys.exit(EXIT_USAGE)
            ctx = getattr(exc, "ctx", None)
            command = ctx.command_path if isinstance(exc, _UsageError) and ctx else ""
            message = _PYDANTIC_PREFIX.sub("", _message(exc)).replace("\n", " ")
            hint = f" (see '{command} --help')" if command else ""
            stderr.print(f"presslens: error: {message}{hint}", markup=False)
            sys.exit(EXIT_USAGE)
        except typer.Abort:  # pragma: no cover - only when a prompt is aborted
            if not standalone_mode:
                raise
            stderr.print("presslens: aborted", markup=False)
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result


app = typer.Typer(
    name="presslens",
    cls=_OneLineErrors,
    help="Who speaks, on whose behalf, and how a political article persuades.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: Typer's Rich help formatter costs 0.3 s of imports on every
    # `--help`, twice the rest of the start-up.
    rich_markup_mode=None,
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
app.command("serve")(serve_cli)
app.command("search")(search_cli)
app.command("quotes")(quotes_cli)
app.command("export")(export_cli)
app.add_typer(db_app, name="db")


def main() -> None:
    """Console-script entry point."""
    process_setup()
    app()
