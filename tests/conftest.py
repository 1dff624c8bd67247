"""Session-wide fixtures: the pipeline (loading spaCy once), fixture paths, a loopback server."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from presslens import Pipeline

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def example_oped() -> Path:
    return EXAMPLES / "oped-coastal-cities.txt"


POSTGRES_ENV = "PRESSLENS_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_url() -> str:
    """The test PostgreSQL database, emptied (tables, search columns, alembic_version).

    CI starts a server, sets ``PRESSLENS_TEST_POSTGRES_URL`` and ``PRESSLENS_REQUIRE_POSTGRES=1``
    (``.ci/run``); with the latter a missing server fails the test instead of skipping it, so
    the PostgreSQL cases cannot silently stop running.
    """
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("PRESSLENS_REQUIRE_POSTGRES"):
            pytest.fail(f"PRESSLENS_REQUIRE_POSTGRES is set but {POSTGRES_ENV} is not")
        pytest.skip(f"set {POSTGRES_ENV} to run the store tests on PostgreSQL too")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


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
