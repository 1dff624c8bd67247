"""Shared CLI plumbing: one-line errors on stderr, exit codes."""

from __future__ import annotations

import logging
import os
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from presslens.config import PipelineConfig
from presslens.errors import InputError, PresslensError, StoreError

__all__ = [
    "DEFAULTS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_STORE",
    "EXIT_USAGE",
    "AliasesOption",
    "MaxBytesOption",
    "NProcessOption",
    "TimeoutOption",
    "fail",
    "friendly_errors",
    "interrupted",
    "progress_bar",
    "setup_logging",
    "stderr",
]

EXIT_USAGE = 2  # as click: bad options
EXIT_INPUT = 3  # the input cannot be analysed
EXIT_STORE = 4  # the corpus store cannot be opened or written
EXIT_INTERNAL = 70  # a bug in presslens (EX_SOFTWARE)

stderr = Console(stderr=True, highlight=False, soft_wrap=True)

DEFAULTS = PipelineConfig()
"""The library's defaults, which the commands' options show and use."""

# Options several commands share (defaults from ``DEFAULTS`` where they have one).
MaxBytesOption = Annotated[
    int, typer.Option(min=1, help="Refuse inputs larger than this many bytes.")
]
TimeoutOption = Annotated[float, typer.Option(min=0.1, help="Seconds to wait when fetching a URL.")]
NProcessOption = Annotated[int, typer.Option(min=1, help="spaCy worker processes.")]
AliasesOption = Annotated[
    Path | None,
    typer.Option(help="A JSON or TOML file of actor alias rules (see docs/actors.md)."),
]


def fail(message: str, code: int) -> NoReturn:
    """Print ``presslens: error: message`` on stderr and exit with ``code``."""
    stderr.print(f"presslens: error: {message}", markup=False)
    raise typer.Exit(code)


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn presslens' errors into one line on stderr; hide tracebacks unless PRESSLENS_DEBUG=1."""
    try:
        yield
    except InputError as exc:
        fail(str(exc), EXIT_INPUT)
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)
    except PresslensError as exc:
        fail(str(exc), EXIT_INTERNAL)
    except BrokenPipeError:
        # The reader went away (`presslens speakers | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        interrupted("presslens: interrupted")
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if os.environ.get("PRESSLENS_DEBUG"):
            raise
        fail(
            f"unexpected {exc.__class__.__name__}: {exc}. This is a bug in presslens; "
            "rerun with PRESSLENS_DEBUG=1 for the traceback and report it",
            EXIT_INTERNAL,
        )


def interrupted(message: str) -> NoReturn:
    """Report Ctrl-C and exit with status 130.

    After Ctrl-C with ``--n-process`` above 1, spaCy's workers have ended (see
    ``presslens.pipeline``) but a multiprocessing feeder thread may still be blocked writing to
    them, and Python would wait for it forever at exit. Everything presslens stores is committed
    article by article, so in that case the process ends at once, after flushing its output.
    """
    stderr.print(message, markup=False)
    if any(t.name == "QueueFeederThread" for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    raise typer.Exit(130)


def progress_bar(label: str) -> Progress:
    """A Rich progress bar on stderr ("label ━━━━ 12/40 0:01:10"), gone when done."""
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
    )


def setup_logging(verbose: bool) -> None:
    """Send library log records to stderr (warnings by default, everything with --verbose)."""
    # spaCy's W127 ("not all Language.pipe worker processes completed") only follows Ctrl-C
    # with --n-process > 1, where the workers end on purpose; presslens reports the interrupt.
    warnings.filterwarnings("ignore", message=r"\[W127\]")
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="presslens: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
