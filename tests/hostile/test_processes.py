"""Workers end with their parent; a slow server cannot hold a fetch past its deadline."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _hostile import GOOD

from presslens.errors import FetchError
from presslens.stages.ingest import fetch_url

_CLI = [sys.executable, "-c", "from presslens.cli.app import main; main()"]


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == parent and fields[0] != "Z":
                found.add(int(entry.name))
                frontier.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_with_their_parent(how: signal.Signals, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(60):
        (pages / f"{i:03}.txt").write_text(GOOD.replace("Monday", f"day {i}") * 3)
    command = [*_CLI, "ingest", str(pages), "--db", str(tmp_path / "c.db"), "--n-process", "2"]
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    workers: set[int] = set()
    deadline = time.monotonic() + 90
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        workers = _children(process.pid)
    assert len(workers) >= 2, "the workers never started"
    process.send_signal(how)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "a worker outlived its parent"
    if how == signal.SIGTERM:  # stopped like Ctrl-C: one line saying how to resume
        assert process.returncode == 130
        assert "Run the same command again to resume" in log.read_text()


@pytest.fixture
def drip_server() -> Iterator[str]:
    """A server that answers one byte every 0.2 s, forever (headers included)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip(connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(4096)
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b"x" * 500:
                    if stop.is_set():
                        return
                    connection.send(bytes([byte]))
                    time.sleep(0.2)
            except OSError:
                return

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=drip, args=(connection,), daemon=True).start()

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/story"
    finally:
        # Stop the accept loop before closing its socket: closing first races
        # with a pending accept() and raises EBADF in the server thread.
        stop.set()
        server.join(timeout=5)
        listener.close()


def test_the_timeout_is_a_deadline_for_the_whole_fetch(drip_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no complete answer within 1 s"):
        fetch_url(drip_server, timeout=1.0, max_bytes=10_000, user_agent="test")
    assert time.monotonic() - started < 3


def test_workers_ignore_ctrl_c_in_their_own_process_group() -> None:
    """The pool's workers ignore SIGINT (the parent stops them), checked in-process."""
    from presslens.workers import ordered_map

    def report(items: list[int]) -> list[int]:
        return [int(signal.getsignal(signal.SIGINT) == signal.SIG_IGN) for _ in items]

    assert list(ordered_map(report, [[1, 2]], n_process=1, on_death=lambda i, c: -1)) == [1, 1]
    assert os.getpid()  # the parent's handler is untouched
    assert signal.getsignal(signal.SIGINT) != signal.SIG_IGN
