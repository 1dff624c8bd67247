"""Session-wide fixtures: the pipeline (loading spaCy once), fixture paths, a loopback server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from presslens import Pipeline

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def example_oped() -> Path:
    return EXAMPLES / "oped-coastal-cities.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the fixtures folder, plus a few routes that misbehave on purpose."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        if self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>" + b"x" * 50_000 + b"</body></html>")
            return
        if self.path == "/slow":
            threading.Event().wait(2.0)
        super().do_GET()


@pytest.fixture(scope="session")
def http_server() -> Iterator[str]:
    """A loopback HTTP server over tests/fixtures; yields its base URL."""
    handler = partial(_Handler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
