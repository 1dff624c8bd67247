"""Train the persuasion-techniques model that ships in ``presslens.stages.persuasion/model/``.

    OMP_NUM_THREADS=1 python training/techniques/train.py DATA_DIR [--out DIR]

``DATA_DIR`` is a local copy of PTC (SemEval-2020 Task 11; research use), laid out as
:func:`presslens.scoring.ptc.load_ptc` expects. Only the train split is read. The script parses
the 371 train articles with the foundation spaCy pipeline (about 80 s on one core), builds the
features of :mod:`presslens.stages.persuasion.features`, fits four logistic regressions with
scikit-learn (about 3 minutes on one core, most of it the token tagger) and writes
``techniques.npz`` and ``meta.json``. Total: about 5 minutes on one core, under 2 GB of memory.
``training/techniques/calibrate.py --model linear`` then fits the confidence calibration and the
shown threshold and kept floor on out-of-fold train predictions (it refits these scorers on
folds of train with the functions below).

The hyper-parameters below (regularisation, decoding thresholds, the weight of the sentence
context) were chosen on the PTC dev split; the dev split is never used for fitting.
Needs scikit-learn (training only; presslens itself runs on NumPy).
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc

from presslens.config import PipelineConfig
from presslens.scoring.propaganda import merge_spans
from presslens.scoring.ptc import PtcArticle, load_ptc
from presslens.stages.nlp import load_nlp
from presslens.stages.persuasion.features import (
    FEATURE_VERSION,
    Features,
    doc_context,
    sentence_features,
    sentence_spans,
    span_features,
    token_features,
)
from presslens.stages.persuasion.model import LinearScorer, TechniqueModel, model_dir
from presslens.stages.persuasion.taxonomy import LABELS

log = logging.getLogger("train_techniques")

#: Techniques whose spans are usually clauses (median 13-19 words in PTC); a sentence mostly
#: covered by one of them is a positive example for the sentence classifier.
CLAUSE_LEVEL = frozenset(
    {
        "Appeal_to_Authority",
        "Appeal_to_fear-prejudice",
        "Bandwagon,Reductio_ad_hitlerum",
        "Black-and-White_Fallacy",
        "Causal_Oversimplification",
        "Doubt",
        "Exaggeration,Minimisation",
        "Flag-Waving",
        "Slogans",
        "Thought-terminating_Cliches",
        "Whataboutism,Straw_Men,Red_Herring",
    }
)

#: Chosen on PTC dev (see MODEL_CARD.md).
SETTINGS: dict[str, Any] = {
    "tagger": {"C": 0.1, "max_iter": 300, "min_count": 2, "dense_weight": 1.0, "prune": 0.01},
    "any_sent": {"C": 0.1, "max_iter": 1000, "min_count": 2, "dense_weight": 1.0, "prune": 0.01},
    "long_sent": {"C": 0.1, "max_iter": 1000, "min_count": 2, "dense_weight": 1.0, "prune": 0.01},
    "classifier": {"C": 0.3, "max_iter": 1000, "min_count": 2, "dense_weight": 0.3},
    "decoding": {
        "threshold": 0.25,
        "low_offset": 0.05,
        "sentence_offset": 0.05,
        "sentence_weight": 0.5,
        "max_gap": 2,
        "merge_runs": 2,
    },
}


def token_labels(doc: Doc, article: PtcArticle) -> npt.NDArray[np.int64]:
    """1 for tokens that overlap a (merged) technique span, whitespace excluded."""
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = starts + np.array([len(t) for t in doc], dtype=np.int64)
    y = np.zeros(len(doc), dtype=np.int64)
    for start, end in merge_spans((s.start, s.end) for s in article.spans):
        y[(starts < end) & (ends > start)] = 1
    y[np.array([t.is_space for t in doc], dtype=bool)] = 0
    return y


def sentence_labels(doc: Doc, article: PtcArticle) -> tuple[list[int], list[int]]:
    """Per sentence: holds any span; is at least half covered by clause-level spans."""
    ctx = doc_context(doc)
    any_y, long_y = [], []
    for bounds in sentence_spans(ctx):
        if bounds is None:
            any_y.append(0)
            long_y.append(0)
            continue
        s0 = doc[bounds[0]].idx
        e0 = doc[bounds[1] - 1].idx + len(doc[bounds[1] - 1])
        covered = np.zeros(e0 - s0, dtype=bool)
        hit = False
        for span in article.spans:
            lo, hi = max(span.start, s0), min(span.end, e0)
            if hi > lo:
                hit = True
                if span.technique in CLAUSE_LEVEL:
                    covered[lo - s0 : hi - s0] = True
        any_y.append(int(hit))
        long_y.append(int(covered.mean() >= 0.5))
    return any_y, long_y


def fit_scorer(
    features: Sequence[Features], y: npt.NDArray[np.int64], settings: dict[str, Any]
) -> LinearScorer:
    """Fit a logistic regression on feature rows and return it as a :class:`LinearScorer`."""
    keys = np.concatenate([f.keys for f in features])
    offsets = np.cumsum([0] + [f.n_rows for f in features])
    rows = np.concatenate([f.rows + o for f, o in zip(features, offsets[:-1], strict=True)])
    unique, counts = np.unique(keys, return_counts=True)
    columns = unique[counts >= settings["min_count"]]
    pos = np.minimum(np.searchsorted(columns, keys), len(columns) - 1)
    hit = columns[pos] == keys
    x_sparse = sp.csr_matrix(
        (np.ones(int(hit.sum()), dtype=np.float32), (rows[hit], pos[hit])),
        shape=(int(offsets[-1]), len(columns)),
    )
    dense = np.vstack([f.dense for f in features])
    mean = dense.mean(axis=0)
    # Dividing by a larger scale shrinks the dense block against the binary sparse features.
    scale = (dense.std(axis=0) + 1e-6) / settings["dense_weight"]
    x = sp.hstack([x_sparse, sp.csr_matrix((dense - mean) / scale)]).tocsr()
    started = time.perf_counter()
    clf = LogisticRegression(C=settings["C"], max_iter=settings["max_iter"])
    clf.fit(x, y)
    log.info("  fitted %s in %.0f s", x.shape, time.perf_counter() - started)
    coef = clf.coef_.astype(np.float32)
    n_sparse = len(columns)
    sparse = np.ascontiguousarray(coef[:, :n_sparse].T)
    # Keys whose weights are all near zero change no score that matters; dropping them keeps
    # the shipped file small.
    keep = np.abs(sparse).max(axis=1) >= settings.get("prune", 0.0)
    log.info("  kept %d of %d sparse weights", int(keep.sum()), n_sparse)
    return LinearScorer(
        keys=columns[keep].astype(np.uint64),
        sparse=np.ascontiguousarray(sparse[keep]),
        dense=np.ascontiguousarray(coef[:, n_sparse:].T),
        bias=clf.intercept_.astype(np.float32),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
    )


@dataclass(frozen=True, slots=True)
class ArticleExamples:
    """The training rows one article gives each scorer."""

    tokens: Features
    token_y: npt.NDArray[np.int64]
    sentences: Features
    any_y: list[int]
    long_y: list[int]
    spans: Features
    span_y: list[int]


def article_examples(article: PtcArticle, doc: Doc) -> ArticleExamples:
    """Features and labels of one parsed article, for all four scorers."""
    ctx = doc_context(doc)
    any_y, long_y = sentence_labels(doc, article)
    bounds, span_y = [], []
    for span in article.spans:
        char_span = doc.char_span(span.start, span.end, alignment_mode="expand")
        if char_span is None:
            continue
        bounds.append((char_span.start, char_span.end))
        span_y.append(LABELS.index(span.technique))
    return ArticleExamples(
        token_features(ctx),
        token_labels(doc, article),
        sentence_features(ctx),
        any_y,
        long_y,
        span_features(doc, ctx, bounds),
        span_y,
    )


def fit_scorers(examples: Sequence[ArticleExamples]) -> dict[str, LinearScorer]:
    """Fit the four scorers on the examples of some articles."""
    scorers: dict[str, LinearScorer] = {}
    log.info("token tagger (%d tokens)", sum(e.tokens.n_rows for e in examples))
    scorers["tagger"] = fit_scorer(
        [e.tokens for e in examples],
        np.concatenate([e.token_y for e in examples]),
        SETTINGS["tagger"],
    )
    sentences = [e.sentences for e in examples]
    log.info("sentence classifiers (%d sentences)", sum(f.n_rows for f in sentences))
    any_y = np.array([y for e in examples for y in e.any_y])
    long_y = np.array([y for e in examples for y in e.long_y])
    scorers["any_sent"] = fit_scorer(sentences, any_y, SETTINGS["any_sent"])
    scorers["long_sent"] = fit_scorer(sentences, long_y, SETTINGS["long_sent"])
    span_y = np.array([y for e in examples for y in e.span_y])
    log.info("technique classifier (%d spans)", len(span_y))
    scorers["classifier"] = fit_scorer([e.spans for e in examples], span_y, SETTINGS["classifier"])
    return scorers


def model_meta(model_name: str, seconds: float) -> dict[str, Any]:
    """The card of a freshly trained model (calibrate.py adds threshold, floor, calibration)."""
    return {
        "name": "presslens-techniques-linear",
        "version": "1.1.0",
        "feature_version": FEATURE_VERSION,
        "spacy_model": model_name,
        "labels": list(LABELS),
        "decoding": SETTINGS["decoding"],
        "training": {
            "data": "PTC v2 train split (SemEval-2020 Task 11), 371 articles; research use",
            "settings": {k: v for k, v in SETTINGS.items() if k != "decoding"},
            "seconds": round(seconds),
        },
    }


def parse(articles: Sequence[PtcArticle], model_name: str) -> list[Doc]:
    """Run the foundation spaCy pipeline over the articles."""
    started = time.perf_counter()
    nlp = load_nlp(model_name)
    docs = list(nlp.pipe((a.text for a in articles), batch_size=8))
    log.info("parsed %d articles in %.0f s", len(docs), time.perf_counter() - started)
    return docs


def train(data_dir: Path, out: Path, model_name: str) -> TechniqueModel:
    """Train the model on PTC train and write it to ``out``."""
    started = time.perf_counter()
    articles = load_ptc(data_dir, "train")
    docs = parse(articles, model_name)
    examples = [article_examples(a, d) for a, d in zip(articles, docs, strict=True)]
    model = TechniqueModel(
        fit_scorers(examples), model_meta(model_name, time.perf_counter() - started)
    )
    model.save(out)
    log.info("wrote %s in %.0f s", out, time.perf_counter() - started)
    return model


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="the PTC folder")
    parser.add_argument("--out", type=Path, default=model_dir(), help="where to write the model")
    parser.add_argument("--spacy-model", default=PipelineConfig().model)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train(args.data_dir, args.out, args.spacy_model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
