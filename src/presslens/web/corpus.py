"""Corpus questions over HTTP: search with facets, quotations by speaker, streamed exports.

The same filters as the command line (``presslens search``, ``quotes``, ``export``), in the
API (``/api/search``, ``/api/quotes``, ``/api/export/{table}``) and on the search page
(``/search``), whose export links carry exactly the filter on screen.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from markupsafe import Markup, escape
from pydantic import BaseModel
from starlette.background import BackgroundTask

from presslens.records import SHOWN_CUE_TYPES
from presslens.store.queries import EXPORT_TABLES, MARK_END, MARK_START, Filters
from presslens.web.app import store_of

__all__ = ["api", "pages"]

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)

Genre = Literal["news", "opinion", "analysis", "other"]
Limit = Annotated[int, Query(ge=1, le=500, description="How many items.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=1000)]
Short = Annotated[str | None, Query(max_length=512)]


def corpus_filters(
    q: Text = None,
    outlet: Short = None,
    genre: Genre | None = None,
    since: date | None = None,
    until: date | None = None,
    speaker: Short = None,
    technique: Short = None,
) -> Filters:
    """The filters every corpus question takes (empty strings count as not given)."""
    return Filters(
        query=q or None,
        outlet=outlet or None,
        genre=genre,
        since=since,
        until=until,
        speaker=speaker or None,
        technique=technique or None,
    )


FiltersDep = Annotated[Filters, Depends(corpus_filters)]


def highlighted(snippet: str | None) -> Markup:
    """A search snippet as HTML: escaped, its hits in ``<mark>``."""
    if not snippet:
        return Markup("")
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _plain(snippet: str | None) -> str | None:
    return snippet.replace(MARK_START, "«").replace(MARK_END, "»") if snippet else snippet


class ArticleHitOut(BaseModel):
    """An article a search found, best first; hits in the snippet between « and »."""

    rank: int
    article_id: int
    score: float
    date: str | None
    outlet: str | None
    title: str | None
    source: str
    url: str | None
    genre: str
    snippet: str


class FacetsOut(BaseModel):
    """The matching articles counted by outlet, genre, technique and quoted speaker."""

    total: int
    outlets: list[tuple[str, int]]
    genres: list[tuple[str, int]]
    techniques: list[tuple[str, str, int]]
    speakers: list[tuple[int, str, int]]


class SearchOut(BaseModel):
    """A page of search results and the facets of the whole result."""

    items: list[ArticleHitOut]
    facets: FacetsOut


@api.get("/search", response_model=SearchOut)
async def search_api(
    request: Request, filters: FiltersDep, limit: Limit = 20, offset: Offset = 0
) -> SearchOut:
    """Articles matching the filters (full-text ``q`` ranked), with facet counts."""
    store = store_of(request)
    hits = await anyio.to_thread.run_sync(lambda: store.search(filters, limit=limit, offset=offset))
    counts = await anyio.to_thread.run_sync(store.facets, filters)
    items = [ArticleHitOut(**{**asdict(h), "snippet": _plain(h.snippet) or ""}) for h in hits]
    return SearchOut(items=items, facets=FacetsOut(**asdict(counts)))


class QuoteOut(BaseModel):
    """A quotation with its speaker (as written, resolved, the corpus actor) and article."""

    quote_id: int
    article_id: int
    date: str | None
    outlet: str | None
    title: str | None
    source: str
    speaker: str | None
    speaker_resolved: str | None
    actor: str | None
    actor_id: int | None
    role: str | None
    cue: str | None
    kind: str
    content: str
    confidence: float
    snippet: str | None = None


@api.get("/quotes", response_model=list[QuoteOut])
async def quotes_api(
    request: Request,
    filters: FiltersDep,
    about: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
    all_cues: bool = False,
) -> list[QuoteOut]:
    """Quotations (of ``speaker`` under any of its names; about ``about``, searched in the
    quoted words), newest first or best match first: what was said or written
    (``all_cues``: attributed beliefs, intentions and perceptions too)."""
    store = store_of(request)
    hits = await anyio.to_thread.run_sync(
        lambda: store.quotes(
            filters,
            about=about or None,
            limit=limit,
            offset=offset,
            cue_types=None if all_cues else SHOWN_CUE_TYPES,
        )
    )
    return [
        QuoteOut(
            **{k: v for k, v in asdict(h).items() if k in QuoteOut.model_fields and k != "snippet"},
            snippet=_plain(h.snippet),
        )
        for h in hits
    ]


ExportTable = Literal[
    "all", "articles", "actors", "actor_names", "actor_types", "mentions", "quotes",
    "quote_spans", "techniques", "entities", "instruments", "affiliations", "claims", "failures",
]  # fmt: skip
assert set(get_args(ExportTable)) == {"all", *EXPORT_TABLES}, "the API's tables are the store's"


@api.get("/export/{table}", response_class=FileResponse)
async def export_api(
    request: Request,
    table: ExportTable,
    filters: FiltersDep,
    format: Literal["csv", "parquet", "jsonl"] = "csv",
) -> FileResponse:
    """A table (or ``all`` of them, zipped) for the filtered articles, written to a temporary
    file batch by batch and streamed; no row caps."""
    store = store_of(request)
    folder = Path(tempfile.mkdtemp(prefix="presslens-export-"))
    try:
        if table == "all":
            await anyio.to_thread.run_sync(
                lambda: store.export("all", folder / "tables", format=format, filters=filters)
            )
            path = folder / f"presslens-{format}.zip"
            await anyio.to_thread.run_sync(_zip, folder / "tables", path)
            media, name = "application/zip", path.name
        else:
            path = folder / f"{table}.{format}"
            await anyio.to_thread.run_sync(
                lambda: store.export(table, path, format=format, filters=filters)
            )
            media = {"csv": "text/csv", "jsonl": "application/x-ndjson"}.get(
                format, "application/vnd.apache.parquet"
            )
            name = path.name
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    return FileResponse(path, media_type=media, filename=name, background=cleanup)


def _zip(folder: Path, out: Path) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(folder.iterdir()):
            archive.write(item, item.name)


@pages.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    filters: FiltersDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    from presslens.web.pages import render

    store = store_of(request)
    per_page = 20
    hits: list[Any] = []
    if filters.active:
        hits = await anyio.to_thread.run_sync(
            lambda: store.search(filters, limit=per_page + 1, offset=(page - 1) * per_page)
        )
    counts = await anyio.to_thread.run_sync(store.facets, filters)
    techniques = await anyio.to_thread.run_sync(store.technique_names)
    current = {k: v for k, v in _params(filters).items() if v}

    def with_(**change: object) -> str:
        merged = {**current, **{k: v for k, v in change.items()}}
        return "/search?" + urlencode({k: v for k, v in merged.items() if v})

    def export(table: str, fmt: str) -> str:
        return f"/api/export/{table}?" + urlencode({**current, "format": fmt})

    return render(
        request, "search.html", filters=filters, hits=hits[:per_page],
        more=len(hits) > per_page, page=page, facets=counts, techniques=techniques,
        params=current, with_=with_, export=export, highlighted=highlighted,
    )  # fmt: skip


def _params(filters: Filters) -> dict[str, str]:
    return {
        "q": filters.query or "",
        "outlet": filters.outlet or "",
        "genre": filters.genre or "",
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
        "speaker": filters.speaker or "",
        "technique": filters.technique or "",
    }
