"""Entity typing in political news: the bare spaCy model against presslens' actor stage.

    python benchmarks/entities_eval.py [PASSAGES_FILE] [--errors]

PASSAGES_FILE defaults to benchmarks/data/entities_gold.jsonl.

The passages are short invented political-news texts (one JSON object a line: ``id``, ``text``,
``entities`` with ``start``, ``end``, ``label``), annotated by hand with six types: person,
organisation, government_body, media_outlet, place, group. Conventions of the gold:

* named mentions only (full names, surnames, acronyms, short names), not pronouns or
  descriptions; nationality adjectives ("Iranian officials") are not entities, nominal groups
  ("the Kurds") are;
* intergovernmental organisations (UN, EU, IAEA) are organisations; legislatures, ministries,
  courts, election commissions, armed forces and EU institutions are government bodies.

Both systems are scored on the same spans: a prediction counts when its span (a leading "the"
and a trailing "'s" ignored) and type equal a gold entity's. The bare model's labels are mapped
PERSON -> person, ORG -> organisation, GPE/LOC/FAC -> place, NORP -> group (it has no
government_body or media_outlet); presslens' are the types of the actors its name mentions
belong to (descriptions and pronouns left out).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import spacy

import presslens.stages.actors.component  # noqa: F401  (registers presslens_actors)
from presslens.config import PipelineConfig
from presslens.stages.actors import MODEL_LABEL_TYPES, actors_payload
from presslens.vocabulary import ACTOR_TYPES

DEFAULT = Path(__file__).resolve().parent / "data" / "entities_gold.jsonl"
TYPES = ACTOR_TYPES

Item = tuple[str, int, int, str]  # passage id, start, end, type


def _norm(text: str, start: int, end: int) -> tuple[int, int]:
    if text[start : start + 4].lower() == "the ":
        start += 4
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    return start, end


def _score(gold: set[Item], pred: set[Item]) -> dict[str, tuple[float, float, float, int]]:
    rows: dict[str, tuple[float, float, float, int]] = {}
    for kind in (*TYPES, "all"):
        g = {x for x in gold if kind in ("all", x[3])}
        p = {x for x in pred if kind in ("all", x[3])}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows[kind] = (prec, rec, f1, len(g))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("passages", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="list presslens' misses")
    args = parser.parse_args(argv)

    passages = [
        json.loads(line) for line in args.passages.read_text("utf-8").splitlines() if line.strip()
    ]
    nlp = spacy.load(PipelineConfig().model)  # a fresh copy: the stage is added to it
    bare_names = nlp.pipe_names
    nlp.add_pipe("presslens_actors")
    gold: set[Item] = set()
    bare: set[Item] = set()
    ours: set[Item] = set()
    started = time.perf_counter()
    for passage, doc in zip(passages, nlp.pipe(p["text"] for p in passages), strict=True):
        pid, text = passage["id"], passage["text"]
        for ent in passage["entities"]:
            gold.add((pid, *_norm(text, ent["start"], ent["end"]), ent["label"]))
        for ent in doc.ents:
            if ent.label_ in MODEL_LABEL_TYPES:
                bare.add(
                    (pid, *_norm(text, ent.start_char, ent.end_char), MODEL_LABEL_TYPES[ent.label_])
                )
        payload = actors_payload(doc)
        for data in payload.actors if payload is not None else ():
            for start, end in data.named_mentions():
                ours.add((pid, *_norm(text, start, end), data.type))
    elapsed = time.perf_counter() - started

    counts = Counter(x[3] for x in gold)
    print(
        f"{len(passages)} passages, {len(gold)} gold entities ({args.passages.name}); "
        f"bare pipeline: {', '.join(bare_names)}; {elapsed:.2f} s"
    )
    print()
    header = (
        f"{'type':<16} {'gold':>5} | {'bare P':>7} {'R':>6} {'F1':>6} | "
        f"{'presslens P':>11} {'R':>6} {'F1':>6}"
    )
    print(header)
    print("-" * len(header))
    bare_rows, our_rows = _score(gold, bare), _score(gold, ours)
    for kind in (*TYPES, "all"):
        bp, br, bf, n = bare_rows[kind]
        op, orr, of, _ = our_rows[kind]
        gold_n = counts[kind] if kind != "all" else n
        print(
            f"{kind:<16} {gold_n:>5} | {bp:7.3f} {br:6.3f} {bf:6.3f} | "
            f"{op:11.3f} {orr:6.3f} {of:6.3f}"
        )
    if args.errors:
        texts = {p["id"]: p["text"] for p in passages}
        print()
        for pid, s, e, kind in sorted(gold - ours):
            print(f"miss {pid} {texts[pid][s:e]!r} {kind}")
        for pid, s, e, kind in sorted(ours - gold):
            print(f"extra {pid} {texts[pid][s:e]!r} {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
