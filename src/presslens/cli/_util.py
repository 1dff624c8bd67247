"""Shared CLI plumbing: one-line errors on stderr, exit codes, logging, progress bars, options.

This module is imported to print ``--help``, so it imports nothing heavy: the library's
modules (spaCy, SQLAlchemy) are imported inside the commands that need them.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from presslens import defaults
from presslens.errors import InputError, OutputError, PresslensError, QueryError, StoreError

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_STORE",
    "EXIT_USAGE",
    "AliasesOption",
    "MaxBytesOption",
    "MaxCharsOption",
    "NProcessOption",
    "TimeoutOption",
    "check_writable",
    "fail",
    "friendly_errors",
    "interrupted",
    "process_setup",
    "progress_bar",
    "setup_logging",
    "stderr",
]

EXIT_USAGE = 2  # as click: bad options
EXIT_INPUT = 3  # an input could not be analysed, or an output file could not be written
EXIT_STORE = 4  # the corpus store cannot be opened or written
EXIT_INTERNAL = 70  # a bug in presslens (EX_SOFTWARE)

stderr = Console(stderr=True, highlight=False, soft_wrap=True)

# Options several commands share (defaults from ``presslens.defaults``).
MaxBytesOption = Annotated[
    int, typer.Option(min=1, help="Refuse inputs larger than this many bytes.")
]
MaxCharsOption = Annotated[
    int,
    typer.Option(
        min=1, help="Analyse at most this many characters of each body (longer ones are cut)."
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(min=0.1, help="Seconds a URL may take in all (connect, headers and body)."),
]
NProcessOption = Annotated[int, typer.Option(min=1, help="Worker processes.")]
AliasesOption = Annotated[
    Path | None,
    typer.Option(help="A JSON or TOML file of actor alias rules (see docs/actors.md)."),
]
AllCuesOption = Annotated[
    bool,
    typer.Option(
        "--all-cues",
        help="Count and list attributed beliefs, intentions and perceptions too, not only what "
        "people said or wrote.",
    ),
]
DEFAULT_MAX_BYTES = defaults.MAX_BYTES
DEFAULT_MAX_CHARS = defaults.MAX_CHARS
DEFAULT_TIMEOUT = defaults.FETCH_TIMEOUT


def fail(message: str, code: int) -> NoReturn:
    """Print ``presslens: error: message`` on stderr and exit with ``code``."""
    stderr.print(f"presslens: error: {message}", markup=False)
    raise typer.Exit(code)


def check_writable(path: Path | None) -> None:
    """Refuse, before any work is done, an output path that cannot be written.

    Raises:
        OutputError: the path is a folder, its folder does not exist, or it is not writable.
    """
    if path is None:
        return
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name for the output")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"{path}: not writable (check its permissions)")


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn presslens' errors into one line on stderr; hide tracebacks unless PRESSLENS_DEBUG=1."""
    try:
        yield
    except (InputError, OutputError) as exc:
        fail(str(exc), EXIT_INPUT)
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)
    except QueryError as exc:
        fail(str(exc), EXIT_USAGE)
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
    except OSError as exc:
        # The operating system refused something (a disk full, a file vanished): say what.
        if os.environ.get("PRESSLENS_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}", EXIT_INPUT)
    except Exception as exc:
        if os.environ.get("PRESSLENS_DEBUG"):
            raise
        fail(
            f"unexpected {exc.__class__.__name__}: {exc}. This is a bug in presslens; "
            "rerun with PRESSLENS_DEBUG=1 for the traceback and report it",
            EXIT_INTERNAL,
        )


def interrupted(message: str) -> NoReturn:
    """Report Ctrl-C (or SIGTERM) and exit with status 130.

    Everything presslens stores is committed article by article, so nothing is lost; worker
    processes were stopped by the pool on the way out.
    """
    stderr.print(message, markup=False)
    raise typer.Exit(130)


def _terminate_like_interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def process_setup() -> None:
    """What only the ``presslens`` process itself sets (not a test calling the app): SIGTERM
    stops a run like Ctrl-C, cleanly and with a line saying how to resume, and library
    warnings (meant for developers) stay off the user's screen unless PRESSLENS_DEBUG=1."""
    if not os.environ.get("PRESSLENS_DEBUG"):
        warnings.simplefilter("ignore")
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate_like_interrupt)


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


class _Prefixed(logging.Formatter):
    """``presslens: warning: message`` for presslens' own records; library records (shown only
    in debug mode) carry their logger's name."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and os.environ.get("PRESSLENS_DEBUG"):
            message += "\n" + self.formatException(record.exc_info)
        level = record.levelname.lower()
        if record.name == "presslens" or record.name.startswith("presslens."):
            return f"presslens: {level}: {message}"
        return f"presslens: {level}: [{record.name}] {message}"


def setup_logging(verbose: bool) -> None:
    """Show presslens' warnings on stderr (and progress with --verbose).

    The libraries underneath (trafilatura, htmldate, lxml, spaCy) log their own troubles, such
    as "discarding data: None"; presslens handles those cases and reports them in the record's
    warnings, so their lines are shown only with ``PRESSLENS_DEBUG=1``, with everything else.
    SIGTERM is handled like Ctrl-C: the run stops cleanly and says how to resume.
    """
    debug = bool(os.environ.get("PRESSLENS_DEBUG"))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Prefixed())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.CRITICAL + 1)
    ours = logging.getLogger("presslens")
    ours.setLevel(logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING)
    ours.handlers[:] = [] if debug else [handler]
    ours.propagate = debug
