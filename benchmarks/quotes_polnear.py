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
* recall by the type of the gold cue (``cue_type`` on the annotated cue: speech, writing,
  belief, ...), the speech-cue subset among them;
* the reliability table of the quotes' confidence against their being matched at the main level,
  and its expected calibration error (ECE, 10 equal-width bins);
* articles per second of ``Pipeline.pipe`` with and without the stage, on ``--n-process``
  processes over the same articles (best of ``--repeat`` runs each, in alternation, after a
  warm-up; the machine's other load moves both figures, the difference is the stage's cost).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import spacy

from presslens import Pipeline
from presslens.config import PipelineConfig
from presslens.scoring.attribution import (
    PredictedQuote,
    Span,
    character_set,
    overlap_pairs,
    score_attributions,
)
from presslens.scoring.polnear import PolnearDocument, load_polnear
from presslens.scoring.reliability import reliability
from presslens.stages.extract import extract
from presslens.stages.ingest import RawInput, raw_from_bytes
from presslens.stages.nlp import load_nlp
from presslens.stages.quotations import cue_type, quotes_from_doc

_QUOTE_MARKS = frozenset("\"“”„‟«»'‘’`")


def _starts_quoted(text: str, spans: Sequence[Span]) -> bool:
    if not spans:
        return False
    start, end = min(spans)
    return text[start:end].lstrip()[:1] in _QUOTE_MARKS


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
    gold_types: list[list[str]] = []  # per document, the cue type of each gold attribution
    confidences: list[list[float]] = []
    for gold, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        quotes = quotes_from_doc(doc)
        predicted = [
            PredictedQuote(
                content=tuple((s.start, s.end) for s in quote.content),
                # The mention as written, with its role when given (the README's "Source").
                speaker=tuple((s.start, s.end) for s in (quote.speaker, quote.role) if s),
                cue=((quote.cue.start, quote.cue.end),) if quote.cue else (),
            )
            for quote in quotes
        ]
        triples.append((gold.text, gold.attributions, predicted))
        confidences.append([quote.confidence for quote in quotes])
        gold_types.append(
            [
                cue_type(
                    doc,
                    (min(a.cue)[0], max(a.cue)[1]) if a.cue else None,
                    direct=_starts_quoted(gold.text, a.content),
                )
                for a in gold.attributions
            ]
        )
    score = score_attributions(triples)
    # Direct quotes: P over predictions whose content starts with a quote mark, R over such gold
    # quotes; recall by the gold cue's type; calibration: all on the main table's own matching.
    pred_direct = pred_hit = gold_direct = gold_hit = 0
    by_type: dict[str, list[int]] = {}
    scored_conf: list[float] = []
    right: list[bool] = []
    for (text, gold, predicted), types, conf in zip(triples, gold_types, confidences, strict=True):
        pairs = overlap_pairs(text, gold, predicted)
        used_gold = {g for g, _ in pairs}
        used_pred = {p for _, p in pairs}
        for i, g in enumerate(gold):
            if not character_set(text, g.content):
                continue
            counts = by_type.setdefault(types[i], [0, 0])
            counts[0] += 1
            counts[1] += i in used_gold
            if _starts_quoted(text, g.content):
                gold_direct += 1
                gold_hit += i in used_gold
        for i, p in enumerate(predicted):
            scored_conf.append(conf[i])
            right.append(i in used_pred)
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
    print("\nrecall by the gold cue's type (lexicon on the gold cue), overlap level:")
    for kind in ("speech", "writing", "belief", "intention", "perception", "other"):
        total, hit = by_type.get(kind, [0, 0])
        if total:
            print(f"  {kind:<11} R {100 * hit / total:5.1f}  ({hit}/{total} gold matched)")
    total_sp, hit_sp = by_type.get("speech", [0, 0])
    print(
        f"speech-cue subset recall: {100 * hit_sp / max(total_sp, 1):.1f} % ({hit_sp}/{total_sp})"
    )
    table = reliability(scored_conf, right)
    print("\nquote confidence against matching a gold quote (overlap level):")
    print(table.format_table())
    if not args.no_speed:
        # CPU time, in this process: what the stage adds to spaCy, whatever else the machine runs.
        texts = [d.text for d in documents]
        bare_nlp = load_nlp(config.model)
        started = time.process_time()
        parsed = list(bare_nlp.pipe(texts))
        spacy_cpu = (time.process_time() - started) / len(texts)
        stage = nlp.get_pipe("presslens_quotes")
        stage(bare_nlp(texts[0]))  # warm-up: the models load on first use, not per article
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
