"""The quotation stage on PolNeAR: attribution scores and the pipeline's speed with the stage.

    python benchmarks/quotes_polnear.py ../shared/data/polnear --split dev
    python benchmarks/quotes_polnear.py ../shared/data/polnear --split dev --n-process 2

Each article is analysed verbatim (``clean_text=False``: offsets map 1:1 to the file) by the
presslens pipeline with ``presslens_quotes`` added, and scored with the corpus README's method
(``presslens.scoring.attribution``). The speaker scored is the mention as written, as PolNeAR
annotates it. Also printed:

* direct quotes, P/R at the main level: of the predictions whose content starts with a quote
  mark, the share the main matching pairs with a gold quote; of the gold quotes whose content
  starts with a quote mark, the share it pairs with a prediction;
* articles per second of ``Pipeline.pipe`` with and without the stage, on ``--n-process``
  processes over the same articles (best of ``--repeat`` runs each, in alternation, after a
  warm-up; the machine's other load moves both figures, the difference is the stage's cost).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import spacy

from presslens import Pipeline
from presslens.config import PipelineConfig
from presslens.scoring.attribution import (
    GoldLike,
    PredictedQuote,
    Span,
    character_set,
    score_attributions,
)
from presslens.scoring.polnear import PolnearDocument, load_polnear
from presslens.stages.extract import extract
from presslens.stages.ingest import RawInput, raw_from_bytes
from presslens.stages.nlp import load_nlp
from presslens.stages.quotations import quotes_from_doc

_QUOTE_MARKS = frozenset("\"“”„‟«»'‘’`")


def _starts_quoted(text: str, spans: Sequence[Span]) -> bool:
    if not spans:
        return False
    start, end = min(spans)
    return text[start:end].lstrip()[:1] in _QUOTE_MARKS


def _matched(
    text: str, gold: Sequence[GoldLike], predicted: Sequence[PredictedQuote]
) -> tuple[set[int], set[int]]:
    """Gold and predicted indices paired at the main level, matched as the scorer matches.

    The same greedy one-to-one matching by content Jaccard as ``score_document`` (highest
    first; ties: earlier gold, then earlier prediction), kept here so the direct-quote figures
    use the very pairs the main table counts.
    """
    gold_sets = [character_set(text, g.content) for g in gold]
    pred_sets = [character_set(text, p.content) for p in predicted]
    candidates = []
    for g, gs in enumerate(gold_sets):
        for p, ps in enumerate(pred_sets):
            shared = len(gs & ps)
            if gs and shared:
                candidates.append((Fraction(shared, len(gs | ps)), g, p))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for jaccard, g, p in candidates:
        if jaccard >= Fraction(1, 2) and g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
    return used_gold, used_pred


def _throughput(
    pipelines: Sequence[Pipeline], raws: list[RawInput], n_process: int, repeat: int
) -> list[float]:
    """Best articles/s of each pipeline, timed in alternation so load changes hit all alike."""
    for pipeline in pipelines:
        list(pipeline.pipe(raws[:4]))  # warm-up
    best = [float("inf")] * len(pipelines)
    for _ in range(repeat):
        for i, pipeline in enumerate(pipelines):
            started = time.perf_counter()
            sum(1 for _ in pipeline.pipe(raws, n_process=n_process, batch_size=16))
            best[i] = min(best[i], time.perf_counter() - started)
    return [len(raws) / seconds for seconds in best]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="PolNeAR folder holding the split folders")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model-path", default="", help="a cue model file to use instead")
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput runs")
    args = parser.parse_args(argv)

    documents: list[PolnearDocument] = load_polnear(args.data_dir, args.split)
    config = PipelineConfig(clean_text=False)
    nlp = spacy.load(config.model)  # our own copy: the cached pipeline stays untouched
    nlp.add_pipe("presslens_quotes", config={"model_path": args.model_path})
    pipeline = Pipeline(config, nlp=nlp)

    raws = [raw_from_bytes(d.text.encode("utf-8"), name=d.id, html_hint=False) for d in documents]
    for doc, raw in zip(documents, raws, strict=True):
        if extract(raw, clean_text=False).text != doc.text:
            raise SystemExit(f"{doc.id}: verbatim analysis changed the text; offsets would drift")

    triples = []
    for gold, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        predicted = [
            PredictedQuote(
                content=tuple((s.start, s.end) for s in quote.content),
                # The mention as written, with its role when given (the README's "Source").
                speaker=tuple((s.start, s.end) for s in (quote.speaker, quote.role) if s),
                cue=((quote.cue.start, quote.cue.end),) if quote.cue else (),
            )
            for quote in quotes_from_doc(doc)
        ]
        triples.append((gold.text, gold.attributions, predicted))
    score = score_attributions(triples)
    # Direct quotes: P over predictions whose content starts with a quote mark, R over such gold
    # quotes, both counted on the main table's own matching.
    pred_direct = pred_hit = gold_direct = gold_hit = 0
    for text, gold, predicted in triples:
        used_gold, used_pred = _matched(text, gold, predicted)
        for i, g in enumerate(gold):
            if character_set(text, g.content) and _starts_quoted(text, g.content):
                gold_direct += 1
                gold_hit += i in used_gold
        for i, p in enumerate(predicted):
            if _starts_quoted(text, p.content):
                pred_direct += 1
                pred_hit += i in used_pred
    direct_p = pred_hit / pred_direct if pred_direct else 1.0
    direct_r = gold_hit / gold_direct if gold_direct else 1.0
    words = sum(len(d.text.split()) for d in documents) / len(documents)

    print(f"PolNeAR {args.split}: {len(documents)} articles, {words:.0f} words on average\n")
    print(score.format_table())
    print(
        f"\ndirect quotes (content starting with a quote mark), overlap level: "
        f"P {100 * direct_p:.1f} ({pred_hit}/{pred_direct} predicted matched)  "
        f"R {100 * direct_r:.1f} ({gold_hit}/{gold_direct} gold matched)"
    )
    print(f"speaker accuracy on matched quotes: {100 * score.overlap.speaker_accuracy:.1f} %")
    if not args.no_speed:
        # CPU time, in this process: what the stage adds to spaCy, whatever else the machine runs.
        texts = [d.text for d in documents]
        bare_nlp = load_nlp(config.model)
        started = time.process_time()
        parsed = list(bare_nlp.pipe(texts))
        spacy_cpu = (time.process_time() - started) / len(texts)
        stage = nlp.get_pipe("presslens_quotes")
        started = time.process_time()
        for doc in parsed:
            stage(doc)
        stage_cpu = (time.process_time() - started) / len(texts)
        print(
            f"\nCPU time per article: spaCy {1000 * spacy_cpu:.0f} ms, presslens_quotes "
            f"{1000 * stage_cpu:.1f} ms ({100 * stage_cpu / spacy_cpu:.1f} % on top)"
        )
        bare_pipeline = Pipeline(config, nlp=load_nlp(config.model))  # the foundation: spaCy
        bare, ours = _throughput([bare_pipeline, pipeline], raws, args.n_process, args.repeat)
        print(
            f"throughput, Pipeline.pipe on {args.n_process} processes, {len(raws)} articles: "
            f"{ours:.1f} articles/s with presslens_quotes, {bare:.1f} without "
            f"({100 * (bare - ours) / bare:+.1f} % cost)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
