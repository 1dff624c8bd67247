"""Fetch a URL with a timeout and a size cap, turning every failure into one clear FetchError."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPResponse

from presslens.errors import FetchError, InputTooLargeError

__all__ = ["Fetched", "fetch_url"]

_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: the final URL after redirects, its bytes and Content-Type."""

    url: str
    data: bytes
    content_type: str | None


def fetch_url(url: str, *, timeout: float, max_bytes: int, user_agent: str) -> Fetched:
    """GET ``url`` and return its body, reading at most ``max_bytes``.

    Raises:
        FetchError: unreachable host, HTTP error status, timeout, or a non-HTTP(S) scheme.
        InputTooLargeError: the body is larger than ``max_bytes``.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("only http:// and https:// URLs can be fetched", source=url)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputTooLargeError(_too_large(max_bytes), source=url)
            data = _read_capped(response, max_bytes, url)
            return Fetched(response.geturl(), data, response.headers.get("Content-Type"))
    except urllib.error.HTTPError as exc:
        exc.close()  # the error carries the open response; leaving it leaks the socket
        raise FetchError(f"the server answered HTTP {exc.code} {exc.reason}", source=url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason if isinstance(exc.reason, str) else str(exc.reason) or "no answer"
        raise FetchError(f"could not reach the server ({reason})", source=url) from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s (raise --timeout?)", source=url) from None
    except OSError as exc:
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
