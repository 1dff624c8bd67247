"""The analyses that run after spaCy, in order: the component that performs each, what it
requires and assigns, and the function that puts its results into the article record.

Each analysis is a spaCy component registered with ``@Language.factory`` in its own stage
package; importing the package registers the factory. Order matters: the quotation stage asks
the actors stage who each speaker is, so ``quotes`` requires ``actors`` (asking for quotes adds
the actors stage), and a claim inside a quotation is its speaker's, so ``claims`` is exported
after both. ``export.doc_to_article`` loops over this table; nothing else lists the analyses.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from spacy.language import Language
from spacy.tokens import Doc

from presslens.defaults import AnalysisName
from presslens.stages.nlp.load import load_model

if TYPE_CHECKING:
    from presslens.records import Article

__all__ = ["ANALYSES", "AnalysisName", "AnalysisSpec", "analysis_of_factory", "build_nlp"]

Exporter = Callable[[Doc, "Article"], "Article"]
"""Puts an analysis's results from a processed ``Doc`` into the article record."""


@dataclass(frozen=True, slots=True)
class AnalysisSpec:
    """An analysis and its contract.

    Attributes:
        name: its name in the record's ``analyses``.
        factory: the spaCy factory that performs it.
        module: the stage package to import (it registers the factory).
        assigns: where the component leaves its results on the ``Doc``.
        requires: the analyses that must run before it (added when it is asked for).
        exporter: the stage function, ``name`` in ``module``, that puts the results into the
            record; stage packages are imported only when their analysis ran.
    """

    name: AnalysisName
    factory: str
    module: str
    assigns: str
    requires: tuple[AnalysisName, ...] = ()
    exporter: str = ""

    def export(self, doc: Doc, article: Article) -> Article:
        """Put this analysis's results from ``doc`` into ``article``."""
        function = cast(Exporter, getattr(importlib.import_module(self.module), self.exporter))
        return function(doc, article)


ANALYSES: tuple[AnalysisSpec, ...] = (
    AnalysisSpec(
        "actors",
        "presslens_actors",
        "presslens.stages.actors.component",
        assigns="doc._.presslens_actors",
        exporter="add_actors",
    ),
    AnalysisSpec(
        "quotes",
        "presslens_quotes",
        "presslens.stages.quotations",
        assigns="doc._.presslens_quotes",
        requires=("actors",),
        exporter="add_quotes",
    ),
    AnalysisSpec(
        "techniques",
        "presslens_techniques",
        "presslens.stages.persuasion",
        assigns="doc.spans[presslens_techniques]",
        exporter="add_techniques",
    ),
    AnalysisSpec(
        "claims",
        "presslens_claims",
        "presslens.stages.claims",
        assigns="doc.spans[presslens_claims]",
        exporter="add_claims",
    ),
)
_BY_NAME = {spec.name: spec for spec in ANALYSES}
_BY_FACTORY = {spec.factory: spec for spec in ANALYSES}


def analysis_of_factory(factory: str) -> AnalysisSpec | None:
    """The analysis a spaCy component (by factory or default pipe name) performs, or None."""
    return _BY_FACTORY.get(factory)


def _with_requirements(analyses: tuple[AnalysisName, ...]) -> set[AnalysisName]:
    wanted: set[AnalysisName] = set()
    pending = list(analyses)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(_BY_NAME[name].requires)
    return wanted


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
    wanted = _with_requirements(analyses)
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
    """Load ``model`` and add the components for ``analyses`` and those they require, in the
    registry's order; cached per arguments.

    Raises:
        ValueError: for an unknown analysis name.
        presslens.errors.ModelError: if the spaCy model is not installed.
    """
    unknown = [name for name in analyses if name not in _BY_NAME]
    if unknown:
        raise ValueError(f"unknown analyses {unknown}; choose from {sorted(_BY_NAME)}")
    return _build(model, tuple(analyses), _freeze(configs or {}))
