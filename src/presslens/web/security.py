"""What the server does because article content and its visitors are untrusted.

- Every response carries a Content-Security-Policy that allows scripts, styles and images from
  the server itself only: no inline script, no inline style, nothing from a CDN. Article text
  is escaped when rendered (see :mod:`presslens.web.layers` and the templates' autoescape), so a
  page whose title or quote holds ``<script>`` or ``onerror=`` runs nothing; the CSP is the
  second wall.
- Request bodies are bounded (``Content-Length`` checked, and the stream counted).
- Analysis and writes need the operator's token when the server listens beyond loopback.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSP",
    "BodyLimit",
    "SecurityHeaders",
    "is_loopback",
    "token_matches",
]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders(BaseHTTPMiddleware):
    """Add the CSP and its companions to every response."""

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for key, value in _HEADERS.items():
            response.headers.setdefault(key, value)
        return response


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with a JSON 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"error": f"the request body is over the {self.limit:,}-byte limit"}, status_code=413
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def is_loopback(host: str) -> bool:
    """Whether ``host`` (what ``--host`` names) is this machine only."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_matches(given: str | None, expected: str | None) -> bool:
    """Whether a request's token is the operator's (constant time); no token set: always."""
    if expected is None:
        return True
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
