"""The quotation stage as a spaCy component (factory ``presslens_quotes``).

>>> nlp.add_pipe("presslens_actors")                      # doctest: +SKIP
>>> nlp.add_pipe("presslens_quotes")                      # doctest: +SKIP
>>> doc = nlp('"We will win," she said.')                 # doctest: +SKIP
>>> quotes_from_doc(doc)[0].kind                          # doctest: +SKIP
'direct'

The component finds each speaker mention and asks the actors stage who it is, so it runs after
``presslens_actors``; added alone, it runs the actors stage's resolver itself (its actors are then
not in the record). It leaves a typed :class:`QuotesPayload` on ``doc._.presslens_quotes``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from presslens.payloads import register_extension, set_payload
from presslens.stages.actors import ACTORS_ATTR, ActorResolver, ActorsPayload, actors_payload
from presslens.stages.quotations.assemble import find_quotes
from presslens.stages.quotations.calibration import load_calibration
from presslens.stages.quotations.model import load_cue_model
from presslens.stages.quotations.payload import EXTENSION, QuoteData, QuotesPayload

__all__ = ["QuotationFinder", "make_quotation_finder"]


class QuotationFinder:
    """spaCy component that finds quotations, their cues, cue types, speakers and roles.

    Args:
        nlp: The pipeline (unused; spaCy passes it to every factory).
        name: The component's name in the pipeline.
        model_path: A cue model file to use instead of the one shipped with presslens.
        calibration_path: A calibration file to use instead of the shipped one.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "presslens_quotes",
        *,
        model_path: str = "",
        calibration_path: str = "",
    ) -> None:
        self.name = name
        self.model = load_cue_model(model_path or None)
        self.calibration = load_calibration(calibration_path or None)
        self._actors: ActorResolver | None = None
        register_extension(EXTENSION)

    def actors_of(self, doc: Doc) -> ActorsPayload:
        """The actors stage's payload on ``doc``; computed here when that stage did not run."""
        found = actors_payload(doc)
        if found is None:
            self._actors = self._actors or ActorResolver()
            found = actors_payload(self._actors(doc))
        return found or ActorsPayload()

    def __call__(self, doc: Doc) -> Doc:
        """Find the quotations in ``doc`` and store them on ``doc._.presslens_quotes``."""
        quotes = find_quotes(doc, self.model, self.actors_of(doc), self.calibration)
        self.set_annotations(doc, quotes)
        return doc

    def set_annotations(self, doc: Doc, quotes: list[QuoteData]) -> None:
        """Store ``quotes`` on the doc."""
        set_payload(doc, EXTENSION, QuotesPayload(tuple(quotes)))


@Language.factory(
    "presslens_quotes",
    assigns=[f"doc._.{EXTENSION}"],
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents", f"doc._.{ACTORS_ATTR}"],
    default_config={"model_path": "", "calibration_path": ""},
)
def make_quotation_finder(
    nlp: Language, name: str, model_path: str, calibration_path: str
) -> QuotationFinder:
    """Build the quotation stage (factory ``presslens_quotes``).

    Args:
        nlp: The pipeline.
        name: The component's name.
        model_path: A cue model file; empty for the model shipped with presslens.
        calibration_path: A calibration file; empty for the shipped one.
    """
    return QuotationFinder(nlp, name, model_path=model_path, calibration_path=calibration_path)
