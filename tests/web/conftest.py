"""A store with the example articles and one hostile page, and the app over it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from presslens import Pipeline
from presslens.store import Store
from presslens.web import WebSettings, create_app

HOSTILE_HTML = """<html><head>
<title>Budget &lt;script&gt;window.__pwned=1&lt;/script&gt; talks</title>
<meta name="author" content="Eve &lt;img src=x onerror=window.__pwned=2&gt;"></head>
<body><article><h1>Budget &lt;script&gt;window.__pwned=1&lt;/script&gt; talks</h1>
<p>The finance minister said on Monday that "<script>window.__pwned=3</script> the budget
will pass <img src=x onerror="window.__pwned=4"> next week" after two months of talks between
the parties in the regional parliament of the northern province.</p>
<p>Opposition leader Maria Lopez told reporters that the plan was "javascript:alert(1) a
disaster for the poorest families" and that her party would vote against it.</p>
</article></body></html>"""


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, fixtures: Path, example_oped: Path,
              pipeline: Pipeline) -> str:  # fmt: skip
    db = tmp_path_factory.mktemp("web") / "corpus.db"
    hostile = tmp_path_factory.mktemp("pages") / "hostile.html"
    hostile.write_text(HOSTILE_HTML, encoding="utf-8")
    with Store(db) as store:
        for path in [example_oped, *sorted((fixtures / "corpus").glob("*.txt")), hostile]:
            store.add(pipeline.analyze(path), path.name)
    return str(db)


@pytest.fixture(scope="session")
def client(web_store: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(db=web_store))) as opened:
        yield opened


@pytest.fixture(scope="session")
def guarded(web_store: str) -> Iterator[TestClient]:
    """The same app with a token set, as `presslens serve --host 0.0.0.0 --token s3cret`."""
    with TestClient(create_app(WebSettings(db=web_store, token="s3cret"))) as opened:
        yield opened


@pytest.fixture(scope="session")
def server(web_store: str) -> Iterator[str]:
    """The app on a loopback port, served by uvicorn in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(WebSettings(db=web_store)), host="127.0.0.1", port=port,
                            log_level="warning")  # fmt: skip
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert instance.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
