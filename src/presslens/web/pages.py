"""The pages: rendered on the server with Jinja2, readable with JavaScript off, at stable URLs.

``/`` the corpus at a glance · ``/articles/{id}`` an article with its evidence in place ·
``/speakers`` who is quoted · ``/actors/{id}`` one actor over time · ``/analyze`` a pasted text,
URL or uploaded page, analysed without storing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from presslens.records import SHOWN_CUE_TYPES, Article
from presslens.stages.persuasion.component import shown_techniques
from presslens.stages.persuasion.taxonomy import TECHNIQUES
from presslens.web.api import ActorId, ArticleId
from presslens.web.app import state, store_of
from presslens.web.charts import timeline_svg
from presslens.web.layers import LAYERS, marks_of, render_body
from presslens.web.security import token_matches

__all__ = ["error_page", "render", "router"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.autoescape = True  # every template, whatever its name: page content is hostile
templates.env.globals["layers"] = LAYERS


def _safe_url(url: str | None) -> str | None:
    """A link target only for http(s) URLs; ``javascript:`` and the like are shown as text."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


templates.env.filters["safe_url"] = _safe_url


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template, with what every page needs."""
    response: HTMLResponse = templates.TemplateResponse(
        request,
        name,
        {"token_needed": state(request).settings.token is not None, **context},
        status_code=status,
    )
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A plain page saying what went wrong (never a traceback)."""
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    held = state(request)
    if held.store is None:
        return render(request, "home.html", articles=[], total=0, outlets=[],
                     no_store=held.store_error)  # fmt: skip
    store = held.store
    recent = await anyio.to_thread.run_sync(lambda: store.recent(limit=20))
    total = await anyio.to_thread.run_sync(store.count)
    outlets = await anyio.to_thread.run_sync(store.outlets)
    return render(request, "home.html", articles=recent, total=total, outlets=outlets[:20],
                 no_store="")  # fmt: skip


def _article_context(
    article: Article,
    actor_links: dict[str, str],
    all_cues: bool = False,
    all_techniques: bool = False,
) -> dict[str, Any]:
    # What people said or wrote, unless asked for every attribution (beliefs, intentions, ...).
    hidden = 0
    if not all_cues:
        said = tuple(q for q in article.quotes if q.cue_type in SHOWN_CUE_TYPES)
        hidden = len(article.quotes) - len(said)
        article = replace(article, quotes=said)
    # Technique spans from the shown threshold up, unless asked for every span the record keeps.
    hidden_techniques = 0
    if not all_techniques:
        shown = shown_techniques(article.techniques)
        hidden_techniques = len(article.techniques) - len(shown)
        article = replace(article, techniques=shown)
    marks = marks_of(article, actor_links)
    present = {m.layer for m in marks}
    actors = {actor.id: actor for actor in article.actors}
    return {
        "article": article,
        "body": render_body(article, marks),
        "present": present,
        "actor_links": actor_links,
        "actors_by_id": actors,
        "techniques_info": TECHNIQUES,
        "claims": sorted(article.claims, key=lambda c: (-c.score, c.start)),
        "hidden_quotes": hidden,
        "hidden_techniques": hidden_techniques,
        "all_cues": all_cues,
        "all_techniques": all_techniques,
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(
    request: Request, article_id: ArticleId, all_cues: bool = False, all_techniques: bool = False
) -> HTMLResponse:
    store = store_of(request)
    found = await anyio.to_thread.run_sync(store.stored_article, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    links = {local: f"/actors/{corpus}" for local, corpus in found.actors.items()}
    context = _article_context(found.article, links, all_cues, all_techniques)
    return render(request, "article.html", article_id=found.id, source=found.source, **context)


@router.get("/speakers", response_class=HTMLResponse)
async def speakers_page(
    request: Request,
    outlet: Annotated[str | None, Query(max_length=512)] = None,
    since: date | None = None,
    until: date | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    all_cues: bool = False,
) -> HTMLResponse:
    store = store_of(request)
    chosen = outlet or None
    cue_types = None if all_cues else SHOWN_CUE_TYPES
    rows = await anyio.to_thread.run_sync(
        lambda: store.speakers(
            limit=limit, since=since, until=until, outlet=chosen, cue_types=cue_types
        )
    )
    outlets = await anyio.to_thread.run_sync(store.outlets)
    return render(request, "speakers.html", rows=rows, outlets=outlets, outlet=chosen,
                 since=since, until=until, all_cues=all_cues)  # fmt: skip


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
async def actor_page(
    request: Request,
    actor_id: ActorId,
    by: Literal["year", "month", "day"] = "month",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    all_cues: bool = False,
) -> HTMLResponse:
    store = store_of(request)
    summary = await anyio.to_thread.run_sync(store.actor, actor_id)
    if summary is None:
        raise HTTPException(404, f"no actor {actor_id} in the store")
    per_page = 50
    quotes = await anyio.to_thread.run_sync(
        lambda: store.quotes_of(
            actor_id,
            limit=per_page + 1,
            offset=(page - 1) * per_page,
            cue_types=None if all_cues else SHOWN_CUE_TYPES,
        )
    )
    timeline = await anyio.to_thread.run_sync(lambda: store.timeline(actor_id, by=by))
    return render(
        request, "actor.html", actor=summary, quotes=quotes[:per_page],
        more=len(quotes) > per_page, page=page, by=by, chart=timeline_svg(timeline),
        timeline=timeline, all_cues=all_cues,
    )  # fmt: skip


@router.get("/analyze", response_class=HTMLResponse)
async def analyze_form(request: Request) -> HTMLResponse:
    return render(request, "analyze.html", error=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_page(
    request: Request,
    text: Annotated[str, Form(max_length=10_000_000)] = "",
    url: Annotated[str, Form(max_length=2048)] = "",
    token: Annotated[str, Form(max_length=512)] = "",
    page: UploadFile | None = None,
    all_cues: Annotated[bool, Form()] = False,
    all_techniques: Annotated[bool, Form()] = False,
) -> Response:
    """Analyse a pasted text, a URL or an uploaded page and show it, without storing it."""
    from presslens.web.api import analyse

    held = state(request)
    if not token_matches(token or None, held.settings.token):
        return render(request, "analyze.html", status=401, error="This server needs its token.")
    upload = await page.read(held.settings.max_bytes + 1) if page is not None else b""
    if len(upload) > held.settings.max_bytes:
        return render(request, "analyze.html", status=413, error="The page is too large.")
    given = [bool(text.strip()), bool(url.strip()), bool(upload)]
    if sum(given) != 1:
        message = "Give one thing to analyse: a text, a URL or a page."
        return render(request, "analyze.html", status=422, error=message)
    name = (page.filename or "upload")[:200] if upload and page is not None else "<pasted>"
    article = await analyse(
        request, text or None, upload or None, url.strip() or None, html=None, name=name
    )
    context = _article_context(article, {}, all_cues, all_techniques)
    return render(request, "article.html", article_id=None, source=name, **context)
