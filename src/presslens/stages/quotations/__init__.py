"""Stage 5: quotations with their cues, cue types, speakers and roles.

Add it after the actors stage, which says who each speaker is::

    nlp.add_pipe("presslens_actors")
    nlp.add_pipe("presslens_quotes")

and read :func:`quotes_from_doc` (records) or ``doc._.presslens_quotes`` (a typed
:class:`QuotesPayload`). The modules, one job each: ``quotemarks`` (quote marks, shared),
``tags`` (speech tags), ``rules`` (candidate readings of cues), ``model`` (the cue model),
``drafts`` (quote drafts per strategy), ``speakers`` (the speaker mention and role),
``cuetypes``, ``calibration``, ``assemble`` (drafts into quotations), ``payload`` (the record).
"""

from presslens.quotemarks import QuoteRun, find_quote_runs
from presslens.stages.quotations.assemble import find_quotes
from presslens.stages.quotations.calibration import Calibration, load_calibration
from presslens.stages.quotations.component import QuotationFinder, make_quotation_finder
from presslens.stages.quotations.cues import CUE_TYPES, SHOWN_CUE_TYPES
from presslens.stages.quotations.cuetypes import cue_type
from presslens.stages.quotations.model import CueModel, load_cue_model
from presslens.stages.quotations.payload import (
    EXTENSION,
    QuoteData,
    QuotesPayload,
    add_quotes,
    quotes_from_doc,
    quotes_payload,
)

__all__ = [
    "CUE_TYPES",
    "EXTENSION",
    "SHOWN_CUE_TYPES",
    "Calibration",
    "CueModel",
    "QuotationFinder",
    "QuoteData",
    "QuoteRun",
    "QuotesPayload",
    "add_quotes",
    "cue_type",
    "find_quote_runs",
    "find_quotes",
    "load_calibration",
    "load_cue_model",
    "make_quotation_finder",
    "quotes_from_doc",
    "quotes_payload",
]
