"""The analyses that run after spaCy, in order, and the spaCy components that perform them.

Each analysis is a spaCy component registered with ``@Language.factory`` in its own stage
package; importing the package registers the factory. Order matters: quotes point to actors,
so ``actors`` runs before ``quotes``.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from presslens.defaults import AnalysisName
from presslens.stages.nlp.load import load_model

__all__ = ["ANALYSES", "AnalysisName", "AnalysisSpec", "build_nlp"]


@dataclass(frozen=True, slots=True)
class AnalysisSpec:
    """An analysis: its name in the record, the factory that performs it, the module to import."""

    name: AnalysisName
    factory: str
    module: str


ANALYSES: tuple[AnalysisSpec, ...] = (
    AnalysisSpec("actors", "presslens_actors", "presslens.stages.actors.component"),
    AnalysisSpec("quotes", "presslens_quotes", "presslens.stages.quotations"),
    AnalysisSpec("techniques", "presslens_techniques", "presslens.stages.persuasion"),
    AnalysisSpec("claims", "presslens_claims", "presslens.stages.claims"),
)
_BY_NAME = {spec.name: spec for spec in ANALYSES}


def _freeze(
    configs: dict[str, dict[str, Any]],
) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in configs.items()))


@functools.lru_cache(maxsize=4)
def _build(
    model: str,
    analyses: tuple[AnalysisName, ...],
    frozen: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...],
) -> Language:
    configs = {name: dict(items) for name, items in frozen}
    nlp = load_model(model)
    wanted = set(analyses)
    for spec in ANALYSES:  # registry order, whatever order the caller listed them in
        if spec.name in wanted:
            importlib.import_module(spec.module)
            nlp.add_pipe(spec.factory, config=configs.get(spec.name, {}))
    return nlp


def build_nlp(
    model: str,
    analyses: tuple[AnalysisName, ...] = (),
    configs: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """Load ``model`` and add the components for ``analyses``; cached per arguments.

    Raises:
        ValueError: for an unknown analysis name.
        presslens.errors.ModelError: if the spaCy model is not installed.
    """
    unknown = [name for name in analyses if name not in _BY_NAME]
    if unknown:
        raise ValueError(f"unknown analyses {unknown}; choose from {sorted(_BY_NAME)}")
    return _build(model, tuple(analyses), _freeze(configs or {}))
