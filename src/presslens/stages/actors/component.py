"""The ``presslens_actors`` spaCy component: actors and instruments within one article."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from presslens.payloads import set_payload
from presslens.stages.actors.aliases import AliasRule, load_alias_file
from presslens.stages.actors.bridge import ACTORS_ATTR, add_actors, register_extensions
from presslens.stages.actors.instruments import find_instruments
from presslens.stages.actors.payload import ActorData, ActorsPayload, InstrumentData
from presslens.stages.actors.resolve import resolve_actors

__all__ = ["ActorResolver", "add_actors", "make_actor_resolver"]  # add_actors: the exporter


class ActorResolver:
    """Merge the article's mentions into actors and find the instruments it invokes.

    Rules over the existing parse (tokens, dependencies, entities); no model of its own. The
    results are one typed :class:`ActorsPayload` on ``doc._.presslens_actors``; the quotation
    stage asks it who a speaker is (``coref.resolve_mention``), and ``Doc.to_bytes()`` keeps it.

    Args:
        nlp: the pipeline (unused; spaCy's factory protocol passes it).
        name: the component's name in the pipeline.
        alias_file: a JSON or TOML alias file (``aliases.py``), or None.

    Raises:
        AliasFileError: if ``alias_file`` cannot be read or is invalid.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "presslens_actors",
        *,
        alias_file: str | Path | None = None,
    ) -> None:
        self.name = name
        self.alias_file = str(alias_file) if alias_file is not None else None
        self.rules: tuple[AliasRule, ...] = (
            load_alias_file(alias_file).aliases if alias_file is not None else ()
        )
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` and return it."""
        instruments = find_instruments(doc)
        exclude = [(i.start, i.end) for i in instruments]
        actors = resolve_actors(doc, self.rules, exclude=exclude)
        self.set_annotations(doc, actors, instruments)
        return doc

    def set_annotations(
        self,
        doc: Doc,
        actors: list[ActorData],
        instruments: list[InstrumentData],
    ) -> None:
        """Store the actors and instruments on ``doc._.presslens_actors``."""
        set_payload(doc, ACTORS_ATTR, ActorsPayload(tuple(actors), tuple(instruments)))


@Language.factory(
    "presslens_actors",
    assigns=[f"doc._.{ACTORS_ATTR}"],
    requires=["doc.ents", "token.dep", "token.pos"],
    default_config={"alias_file": None},
)
def make_actor_resolver(nlp: Language, name: str, alias_file: str | None) -> ActorResolver:
    """Build the ``presslens_actors`` component (``nlp.add_pipe("presslens_actors")``).

    Args:
        nlp: the pipeline.
        name: the component's name.
        alias_file: path of a JSON or TOML alias file, or None.
    """
    return ActorResolver(nlp, name, alias_file=alias_file)
