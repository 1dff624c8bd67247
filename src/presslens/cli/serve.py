"""``presslens serve``: the web pages and the REST API, on uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from presslens.cli._util import (
    DEFAULT_MAX_BYTES,
    EXIT_USAGE,
    MaxBytesOption,
    fail,
    friendly_errors,
    stderr,
)
from presslens.cli.corpus import DbOption

__all__ = ["serve_cli"]

ENV_TOKEN = "PRESSLENS_TOKEN"


def serve_cli(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="The token analysis and writes need (default: $PRESSLENS_TOKEN). Required "
            "when --host is not loopback.",
            show_default=False,
        ),
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            help="Let the server fetch URLs on this machine and private networks (off: a "
            "server that fetches URLs for others must not reach its own network).",
        ),
    ] = False,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Serve the pages and the REST API (OpenAPI at /docs)."""
    with friendly_errors():
        from presslens.web.security import is_loopback

        secret = token or os.environ.get(ENV_TOKEN) or None
        if not is_loopback(host) and secret is None:
            fail(
                f"--host {host} is reachable from other machines: give --token (or set "
                f"{ENV_TOKEN}) so that only you can run analyses and writes",
                EXIT_USAGE,
            )
        import uvicorn

        from presslens.web import WebSettings, create_app

        settings = WebSettings(
            db=db, token=secret, fetch_private=allow_private_urls, max_bytes=max_bytes
        )
        app = create_app(settings)
        shown = f"[{host}]" if ":" in host else host
        stderr.print(f"presslens: serving on http://{shown}:{port}/ (Ctrl-C to stop)", markup=False)
        uvicorn.run(app, host=host, port=port, log_level="warning")
