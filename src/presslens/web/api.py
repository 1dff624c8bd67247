"""The REST API under ``/api``: typed (OpenAPI at ``/docs``), paginated, JSON errors.

Reads need nothing; analysis and writes need the operator's token (``Authorization: Bearer
TOKEN``) when the server has one.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import anyio
from fastapi import (
    APIRouter,
    Depends,
    File,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    UploadFile,
)
from pydantic import BaseModel, ConfigDict, Field, model_validator

from presslens.records import SHOWN_CUE_TYPES, ActorType, Article
from presslens.web.app import state, store_of
from presslens.web.security import token_matches

__all__ = ["AnalyzeRequest", "analyse", "require_token", "router"]

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=500, description="How many items.")]
ArticleId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The article's id in the store.")]
ActorId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The actor's id in the store.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
ActorTypeName = ActorType


def require_token(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """Refuse a write or an analysis without the operator's token (when one is set)."""
    given = authorization.removeprefix("Bearer ").strip() if authorization else None
    if not token_matches(given, state(request).settings.token):
        raise HTTPException(401, "this server needs its token: Authorization: Bearer TOKEN")


class AnalyzeRequest(BaseModel):
    """An article to analyse: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain text (copied from a page is fine).")
    html: str | None = Field(None, description="An HTML page.")
    url: str | None = Field(None, description="A public http(s) URL to fetch.", max_length=2048)
    store: bool = Field(False, description="Also keep the article in the store.")
    source: str | None = Field(
        None, max_length=2048, description="The name to store it under (default: URL or hash)."
    )

    @model_validator(mode="after")
    def _one_input(self) -> AnalyzeRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


class Analysed(BaseModel):
    """An analysed article: its record, and its id when it was stored."""

    id: int | None = None
    record: dict[str, Any]


async def analyse(
    request: Request,
    raw_text: str | None,
    raw_bytes: bytes | None,
    url: str | None,
    *,
    html: bool | None,
    name: str,
) -> Article:
    """Run the pipeline in a worker thread (one analysis at a time)."""
    from presslens.stages.ingest import raw_from_bytes

    held = state(request)
    pipeline = held.pipeline

    def work() -> Article:
        if url is not None:
            return pipeline.analyze(url)
        data = raw_bytes if raw_bytes is not None else (raw_text or "").encode("utf-8", "replace")
        raw = raw_from_bytes(data, name=name, html_hint=html, max_bytes=pipeline.config.max_bytes)
        return pipeline.analyze(raw)

    return await anyio.to_thread.run_sync(work, limiter=held.limiter)


async def _keep(request: Request, article: Article, source: str) -> int:
    store = store_of(request)
    return await anyio.to_thread.run_sync(store.add, article, source)


@router.post("/analyze", response_model=Analysed, dependencies=[Depends(require_token)])
async def analyze_endpoint(request: Request, body: AnalyzeRequest) -> Analysed:
    """Analyse posted text, HTML or a URL; optionally store it."""
    html = True if body.html else None  # plain text is sniffed: a pasted page may be HTML
    article = await analyse(
        request, body.text or body.html, None, body.url, html=html, name=body.source or "<posted>"
    )
    stored = None
    if body.store:
        source = body.source or body.url or f"posted:{article.source.sha256}"
        stored = await _keep(request, article, source)
    return Analysed(id=stored, record=article.to_dict())


@router.post("/analyze/upload", response_model=Analysed, dependencies=[Depends(require_token)])
async def analyze_upload(
    request: Request,
    file: Annotated[UploadFile, File(description="An HTML page or a text file.")],
    store: Annotated[bool, Query(description="Also keep the article in the store.")] = False,
) -> Analysed:
    """Analyse an uploaded page or text file (size-limited)."""
    limit = state(request).settings.max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"the upload is over the {limit:,}-byte limit")
    name = (file.filename or "upload")[:200]
    article = await analyse(request, None, data, None, html=None, name=name)
    stored = await _keep(request, article, f"upload:{article.source.sha256}") if store else None
    return Analysed(id=stored, record=article.to_dict())


class StoredRecord(BaseModel):
    """A stored article: id, the source it was ingested from, and its record."""

    id: int
    source: str
    record: dict[str, Any]
    actors: dict[str, int] = Field(description="Each record actor id's corpus actor id.")


@router.get("/articles/{article_id}", response_model=StoredRecord)
async def article_endpoint(request: Request, article_id: ArticleId) -> StoredRecord:
    """One stored article's record."""
    store = store_of(request)
    found = await anyio.to_thread.run_sync(store.stored_article, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    return StoredRecord(
        id=found.id, source=found.source, record=found.article.to_dict(), actors=found.actors
    )


class Speaker(BaseModel):
    """A quoted actor over the corpus (or the filtered part of it)."""

    actor_id: int
    name: str
    type: str
    quotes: int
    articles: int
    first: str | None
    last: str | None
    names: list[str]
    roles: list[str]


@router.get("/speakers", response_model=list[Speaker])
async def speakers_endpoint(
    request: Request,
    limit: Limit = 20,
    since: date | None = None,
    until: date | None = None,
    outlet: Annotated[str | None, Query(max_length=512)] = None,
    type: ActorTypeName | None = None,
    all_cues: bool = False,
) -> list[Speaker]:
    """The most quoted actors, under all of their names, by what they said or wrote
    (``all_cues``: attributed beliefs, intentions and perceptions count too)."""
    store = store_of(request)
    rows = await anyio.to_thread.run_sync(
        lambda: store.speakers(
            limit=limit,
            since=since,
            until=until,
            outlet=outlet,
            actor_type=type,
            cue_types=None if all_cues else SHOWN_CUE_TYPES,
        )
    )
    return [Speaker.model_validate(r, from_attributes=True) for r in rows]


class ActorOut(BaseModel):
    """One corpus actor."""

    id: int
    name: str
    type: str
    names: list[str]
    roles: list[str]
    quotes: int
    articles: int


@router.get("/actors", response_model=list[ActorOut])
async def find_actors_endpoint(
    request: Request, name: Annotated[str, Query(min_length=1, max_length=300)]
) -> list[ActorOut]:
    """The actors any of whose names is ``name`` ("NCRI" finds the Council)."""
    store = store_of(request)
    found = await anyio.to_thread.run_sync(store.find_actors, name)
    out = []
    for actor_id, _, _ in found:
        summary = await anyio.to_thread.run_sync(store.actor, actor_id)
        if summary is not None:
            out.append(_actor_out(summary))
    return out


def _actor_out(summary: Any) -> ActorOut:
    return ActorOut(
        id=summary.id,
        name=summary.name,
        type=summary.type,
        names=list(summary.names),
        roles=list(summary.roles),
        quotes=summary.quotes,
        articles=summary.articles,
    )


@router.get("/actors/{actor_id}", response_model=ActorOut)
async def actor_endpoint(request: Request, actor_id: ActorId) -> ActorOut:
    """One actor: names, roles, counts."""
    store = store_of(request)
    summary = await anyio.to_thread.run_sync(store.actor, actor_id)
    if summary is None:
        raise HTTPException(404, f"no actor {actor_id} in the store")
    return _actor_out(summary)


class ActorQuoteOut(BaseModel):
    """A quotation of an actor, with its article."""

    content: str
    kind: str
    role: str | None
    cue: str | None
    article_id: int
    title: str | None
    date: str | None
    outlet: str | None


@router.get("/actors/{actor_id}/quotes", response_model=list[ActorQuoteOut])
async def actor_quotes_endpoint(
    request: Request,
    actor_id: ActorId,
    limit: Limit = 50,
    offset: Offset = 0,
    all_cues: bool = False,
) -> list[ActorQuoteOut]:
    """An actor's quotations across the corpus, newest first: what it said or wrote
    (``all_cues``: its attributed beliefs, intentions and perceptions too)."""
    store = store_of(request)
    rows = await anyio.to_thread.run_sync(
        lambda: store.quotes_of(
            actor_id,
            limit=limit,
            offset=offset,
            cue_types=None if all_cues else SHOWN_CUE_TYPES,
        )
    )
    return [ActorQuoteOut.model_validate(r, from_attributes=True) for r in rows]


class Period(BaseModel):
    """One period of an actor's timeline."""

    period: str | None
    quotes: int
    mentions: int
    articles: int


@router.get("/actors/{actor_id}/timeline", response_model=list[Period])
async def timeline_endpoint(
    request: Request, actor_id: ActorId, by: Literal["year", "month", "day"] = "month"
) -> list[Period]:
    """How often an actor is quoted and mentioned per period, under all of its names."""
    store = store_of(request)
    if await anyio.to_thread.run_sync(store.actor, actor_id) is None:
        raise HTTPException(404, f"no actor {actor_id} in the store")
    rows = await anyio.to_thread.run_sync(lambda: store.timeline(actor_id, by=by))
    return [Period(period=r.period, quotes=r.quotes, mentions=r.mentions, articles=r.articles)
            for r in rows]  # fmt: skip
