"""Scorers for presslens' evaluation scripts, each the field's official metric for its data set.

- ``extraction``: the article-extraction benchmark's shingle F1 (body extraction).
- ``polnear`` + ``attribution``: PolNeAR loader and attribution (quotation) scoring.
- ``ptc`` + ``propaganda``: PTC loader and SemEval-2020 Task 11 SI / TC / full-task scoring.
- ``clusters``: B-cubed cluster precision / recall (actors merged across articles).
- ``checkworthiness``: CheckThat! 2024 Task 1 loader and F1 of the positive class.

The loaders read data sets from a path given at run time; nothing here ships any data.
"""

from presslens.scoring.attribution import (
    AttributionScore,
    Counts,
    LevelScore,
    PredictedQuote,
    score_attributions,
)
from presslens.scoring.checkworthiness import (
    BinaryScore,
    CheckworthySentence,
    load_checkworthy,
    score_binary,
)
from presslens.scoring.clusters import ClusterScore, bcubed
from presslens.scoring.extraction import ExtractionScore, score_extraction, shingle_counts
from presslens.scoring.polnear import GoldAttribution, PolnearDocument, load_polnear
from presslens.scoring.propaganda import (
    ClassificationScore,
    SpanScore,
    TechniqueScore,
    merge_spans,
    score_full,
    score_si,
    score_tc,
)
from presslens.scoring.ptc import TECHNIQUES, LabelledSpan, PtcArticle, dev_alignment, load_ptc

__all__ = [
    "TECHNIQUES",
    "AttributionScore",
    "BinaryScore",
    "CheckworthySentence",
    "ClassificationScore",
    "ClusterScore",
    "Counts",
    "ExtractionScore",
    "GoldAttribution",
    "LabelledSpan",
    "LevelScore",
    "PolnearDocument",
    "PredictedQuote",
    "PtcArticle",
    "SpanScore",
    "TechniqueScore",
    "bcubed",
    "dev_alignment",
    "load_checkworthy",
    "load_polnear",
    "load_ptc",
    "merge_spans",
    "score_attributions",
    "score_binary",
    "score_extraction",
    "score_full",
    "score_si",
    "score_tc",
    "shingle_counts",
]
