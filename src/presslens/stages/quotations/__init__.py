"""Stage: quotations with their cues, speakers, roles and coreference.

Add it to a spaCy pipeline that has a tagger, parser and NER::

    nlp.add_pipe("presslens_quotes")

and read ``doc._.presslens_quotes`` (plain data) or :func:`quotes_from_doc` (records).
"""

from presslens.stages.quotations.component import (
    EXTENSION,
    QuotationFinder,
    find_quotes,
    make_quotation_finder,
    quotes_from_doc,
)
from presslens.stages.quotations.marks import QuoteRun, find_quote_runs
from presslens.stages.quotations.model import CueModel, load_cue_model

__all__ = [
    "EXTENSION",
    "CueModel",
    "QuotationFinder",
    "QuoteRun",
    "find_quote_runs",
    "find_quotes",
    "load_cue_model",
    "make_quotation_finder",
    "quotes_from_doc",
]
