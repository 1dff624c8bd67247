"""Fetch a URL within a deadline and a size cap, turning every failure into one clear FetchError.

A socket timeout bounds each read, not the fetch: a server that sends one byte every few seconds
would keep ``urlopen`` busy forever. Here the timeout is a deadline for the whole fetch
(connecting, redirects, headers and body): a watchdog timer shuts the connection's socket when
it passes, which wakes any blocked read at once. (Resolving the host name is the one step it
cannot cut short: that call does not take a socket.)
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPResponse
from typing import Any

from presslens.errors import FetchError, InputTooLargeError

__all__ = ["Fetched", "PrivateAddressError", "fetch_url"]

_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: the final URL after redirects, its bytes and Content-Type."""

    url: str
    data: bytes
    content_type: str | None


class _Deadline:
    """Shuts every socket it watches when ``seconds`` have passed."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._ends = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(0.001, self._ends - time.monotonic())

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class PrivateAddressError(OSError):
    """A fetch reached an address on this machine or a private network, and that is refused."""


def _public(sock: socket.socket) -> socket.socket:
    """The socket if its peer is a public address; else it is closed and refused. Checked on the
    connected socket itself, so a DNS answer that changes between look-ups cannot slip past."""
    address = ipaddress.ip_address(sock.getpeername()[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if not address.is_global:
        sock.close()
        raise PrivateAddressError(f"{address} is a private or local address")
    return sock


def _connection(
    base: type[http.client.HTTPConnection], deadline: _Deadline, public_only: bool
) -> Callable[..., Any]:
    """A connection factory whose sockets the deadline watches and whose timeouts shrink."""

    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        kwargs["timeout"] = deadline.remaining()
        connection = base(host, **kwargs)
        create = connection._create_connection  # type: ignore[attr-defined]

        def create_watched(*args: Any, **inner: Any) -> socket.socket:
            sock = create(*args, **inner)
            return deadline.watch(_public(sock) if public_only else sock)

        connection._create_connection = create_watched  # type: ignore[attr-defined]
        return connection

    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline, public_only: bool):
        super().__init__()
        self._factory = _connection(http.client.HTTPConnection, deadline, public_only)

    def http_open(self, req: urllib.request.Request) -> HTTPResponse:
        return self.do_open(self._factory, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline, public_only: bool):
        super().__init__()
        self._factory = _connection(http.client.HTTPSConnection, deadline, public_only)

    def https_open(self, req: urllib.request.Request) -> HTTPResponse:
        return self.do_open(self._factory, req, context=self._context)  # type: ignore[attr-defined]


def fetch_url(
    url: str, *, timeout: float, max_bytes: int, user_agent: str, public_only: bool = False
) -> Fetched:
    """GET ``url`` and return its body, reading at most ``max_bytes``, within ``timeout``
    seconds in all.

    Args:
        public_only: refuse to connect to loopback, private, link-local and other non-global
            addresses, redirects included (a server that fetches URLs for others must not be a
            way into its own network).

    Raises:
        FetchError: unreachable host, HTTP error status, the deadline passed, or a non-HTTP(S)
            scheme.
        InputTooLargeError: the body is larger than ``max_bytes``.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("only http:// and https:// URLs can be fetched", source=url)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    too_slow = f"no complete answer within {timeout:g} s (raise --timeout?)"
    with _Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(
            _HTTPHandler(deadline, public_only), _HTTPSHandler(deadline, public_only)
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise InputTooLargeError(_too_large(max_bytes), source=url)
                data = _read_capped(response, max_bytes, url)
                if deadline.expired:
                    raise FetchError(too_slow, source=url)
                return Fetched(response.geturl(), data, response.headers.get("Content-Type"))
        except urllib.error.HTTPError as exc:
            exc.close()  # the error carries the open response; leaving it leaks the socket
            raise FetchError(
                f"the server answered HTTP {exc.code} {exc.reason}", source=url
            ) from None
        except urllib.error.URLError as exc:
            if deadline.expired:
                raise FetchError(too_slow, source=url) from None
            if isinstance(exc.reason, PrivateAddressError):
                raise FetchError(
                    f"refused: {exc.reason} (this server fetches public addresses only)",
                    source=url,
                ) from None
            reason = exc.reason if isinstance(exc.reason, str) else str(exc.reason) or "no answer"
            raise FetchError(f"could not reach the server ({reason})", source=url) from None
        except TimeoutError:
            raise FetchError(too_slow, source=url) from None
        except (OSError, http.client.HTTPException) as exc:
            if deadline.expired:
                raise FetchError(too_slow, source=url) from None
            raise FetchError(f"the connection failed ({exc})", source=url) from None


def _read_capped(response: HTTPResponse, max_bytes: int, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise InputTooLargeError(_too_large(max_bytes), source=url)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int) -> str:
    return f"the page is larger than the {max_bytes:,}-byte cap (raise --max-bytes to allow it)"
