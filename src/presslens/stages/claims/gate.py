"""The gate: which sentences the encoder needs to see at all.

Three rules over what spaCy already computed, each cheap and free of vocabulary, so they hold
on text unlike the training debates:

* a question is not a claim ("Who pays for the sea walls?");
* a fragment of fewer than :data:`MIN_WORDS` words is not one ("Photo: Reuters", "Read more");
* a sentence without a verb (no ``VERB`` or ``AUX`` token) is not one either: in extracted
  pages these are headlines, captions, datelines and list items.

On the CheckThat! dev split the gate drops 5 % of sentences and 0.4 % of the check-worthy ones;
on news pages it drops about a third of the sentences, which is most of the stage's saving
(figures and how they were measured: the model card).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

__all__ = ["MIN_WORDS", "passes_gate"]

#: Sentences with fewer words than this (punctuation not counted) skip the encoder.
MIN_WORDS = 5

_VERBS = frozenset({"VERB", "AUX"})


def passes_gate(doc: Doc, bounds: Sequence[tuple[int, int]]) -> npt.NDArray[np.bool_]:
    """For each token span ``doc[start:end]``: True when the encoder should score it."""
    out = np.zeros(len(bounds), dtype=bool)
    for i, (start, end) in enumerate(bounds):
        words = 0
        verb = False
        last = ""
        for token in doc[start:end]:
            if token.is_space:
                continue
            last = token.text
            if not token.is_punct:
                words += 1
            verb = verb or token.pos_ in _VERBS
        out[i] = verb and words >= MIN_WORDS and not last.endswith("?")
    return out
