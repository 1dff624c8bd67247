"""How much the claims stage's gate drops, and what it loses, on debates and on news pages.

    nice -n 10 python training/claims/gate_study.py DATA_DIR [--pages DIR] [--limit 40]

Prints, for the shipped gate (:func:`presslens.stages.claims.passes_gate`) and for each of its
rules alone: the share of sentences it keeps from the encoder and the share of check-worthy
(``Yes``) sentences among them, on the CheckThat! dev split, on the train sentences with ids
of 30,000 and above (later debates: a check on text the dev split does not resemble, since dev
is drawn from the same debates as train), and the share of sentences dropped on news pages
(``--pages``, e.g. the article-extraction benchmark's ``html/``; English pages only, as
presslens detects the language). dev-test is not read.
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Callable
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from presslens import Pipeline, PipelineConfig
from presslens.scoring.checkworthiness import load_checkworthy
from presslens.stages.claims import MIN_WORDS, passes_gate
from presslens.stages.claims.component import _sentence_bounds
from presslens.stages.ingest import raw_from_bytes

PREFIX = "CT24_checkworthy_english_"

Rule = Callable[[Span], bool]
RULES: dict[str, Rule] = {
    "question": lambda s: s.text.rstrip().endswith("?"),
    f"fewer than {MIN_WORDS} words": lambda s: sum(not t.is_punct for t in s) < MIN_WORDS,
    "no verb": lambda s: not any(t.pos_ in ("VERB", "AUX") for t in s),
    "the gate (any of them)": lambda s: not passes_gate(s.doc, [(s.start, s.end)])[0],
}


def _report(name: str, spans: list[Span], y: np.ndarray | None) -> None:
    print(f"{name} ({len(spans)} sentences):")  # noqa: T201
    for rule_name, rule in RULES.items():
        drop = np.array([rule(s) for s in spans])
        line = f"  {rule_name:24s} drops {drop.mean():6.1%}"
        if y is not None:
            line += f", {y[drop].sum() / y.sum():5.1%} of the Yes"
        print(line)  # noqa: T201


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--pages", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args(argv)
    pipeline = Pipeline(PipelineConfig(analyses=()))
    nlp = pipeline.nlp

    def whole(doc: Doc) -> Span:
        return doc[0 : len(doc)]

    dev = load_checkworthy(args.data_dir / f"{PREFIX}dev.tsv")
    _report(
        "dev",
        [whole(d) for d in nlp.pipe(s.text for s in dev)],
        np.array([s.label for s in dev]),
    )
    late = [s for s in load_checkworthy(args.data_dir / f"{PREFIX}train.tsv") if int(s.id) >= 30000]
    _report(
        "train, ids >= 30000",
        [whole(d) for d in nlp.pipe(s.text for s in late)],
        np.array([s.label for s in late]),
    )
    if args.pages is not None:
        files = sorted(p for p in args.pages.iterdir() if p.name.endswith((".html", ".html.gz")))
        spans: list[Span] = []
        used = 0
        for page in files:
            if used == args.limit:
                break
            data = page.read_bytes()
            data = gzip.decompress(data) if page.name.endswith(".gz") else data
            article = pipeline.analyze(raw_from_bytes(data, name=page.name, html_hint=True))
            if article.metadata.language != "en":
                continue
            used += 1
            doc = nlp(article.text)
            spans += [doc[s:e] for s, e in _sentence_bounds(doc)]
        _report(f"English news pages ({used} of {args.pages})", spans, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
