"""The web application: a FastAPI app serving the REST API (``/api``) and the pages.

>>> from presslens.web import WebSettings, create_app             # doctest: +SKIP
>>> app = create_app(WebSettings(db="corpus.db"))                # doctest: +SKIP

The pipeline is loaded once, in the app's lifespan; analyses run in a worker thread, one at a
time, so the server keeps answering while spaCy works. The store is opened once; reads never
write (see :class:`presslens.store.Store`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from presslens import defaults
from presslens.errors import InputError, PresslensError, QueryError, StoreError
from presslens.web.security import BodyLimit, SecurityHeaders

if TYPE_CHECKING:
    from presslens.store import Store

__all__ = ["WebSettings", "create_app", "state", "store_of"]

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class WebSettings:
    """How the server runs.

    Attributes:
        db: the store (a path or URL; None: ``$PRESSLENS_DB``, else ``presslens.db``).
        token: the token that analysis and writes need; None allows them to anyone who can
            reach the server (only sensible on loopback; ``presslens serve`` enforces it).
        fetch_private: let the server fetch URLs on its own machine and private networks.
        max_bytes: the largest request body, upload or fetched page.
    """

    db: str | None = None
    token: str | None = None
    fetch_private: bool = False
    max_bytes: int = defaults.MAX_BYTES


class _State:
    """What the app holds for its lifetime: settings, the pipeline, the store."""

    def __init__(self, settings: WebSettings):
        from presslens.config import PipelineConfig
        from presslens.pipeline import Pipeline
        from presslens.store import Store

        self.settings = settings
        config = PipelineConfig(max_bytes=settings.max_bytes, fetch_private=settings.fetch_private)
        self.pipeline = Pipeline(config)
        self.limiter = anyio.CapacityLimiter(1)  # spaCy's pipeline is not shared across threads
        try:
            self.store: Store | None = Store(settings.db)
        except StoreError as exc:
            log.warning("no store: %s", exc)
            self.store = None
            self.store_error = str(exc)
        else:
            self.store_error = ""

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def state(request: Request) -> _State:
    """The app's state, for route handlers."""
    held: _State = request.app.state.presslens
    return held


def store_of(request: Request) -> Store:
    """The store, or a 503 saying why there is none."""
    held = state(request)
    if held.store is None:
        raise HTTPException(503, f"no store: {held.store_error}")
    return held.store


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the app: API routes, pages, static files, security middleware, JSON errors."""
    from presslens.web import corpus
    from presslens.web.api import router as api_router
    from presslens.web.pages import router as pages_router

    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        held = await anyio.to_thread.run_sync(_State, settings)
        app.state.presslens = held
        try:
            yield
        finally:
            held.close()

    app = FastAPI(
        title="presslens",
        summary="Who speaks, on whose behalf, and how a political article persuades.",
        version=_version(),
        lifespan=lifespan,
    )
    app.include_router(api_router)
    app.include_router(corpus.api)
    app.include_router(pages_router)
    app.include_router(corpus.pages)
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_bytes + 64 * 1024)  # form overhead
    _errors(app)
    return app


def _version() -> str:
    from presslens import __version__

    return __version__


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or "text/html" not in request.headers.get(
        "accept", ""
    )


def _errors(app: FastAPI) -> None:
    """Errors are JSON with a message (API) or a plain page (HTML), never a traceback."""
    from presslens.web.pages import error_page

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _wants_json(request):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)
        return error_page(request, exc.status_code, str(exc.detail))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        message = f"invalid request ({problems})"
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=422)
        return error_page(request, 422, message)

    async def presslens_error(request: Request, exc: Exception) -> Response:
        status = (
            422 if isinstance(exc, InputError)
            else 400 if isinstance(exc, QueryError)
            else 503 if isinstance(exc, StoreError)
            else 500
        )  # fmt: skip
        if _wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return error_page(request, status, str(exc))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        message = "internal error; the server log has the details"
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=500)
        return error_page(request, 500, message)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(PresslensError, presslens_error)
    app.add_exception_handler(Exception, unexpected)
