"""Calibrate a techniques model's span confidences and choose its shown threshold and kept floor.

    nice -n 19 python training/techniques/calibrate.py DATA_DIR --model linear [--folds 3]
    nice -n 19 python training/techniques/calibrate.py DATA_DIR --model accurate \\
        [--model-dir WORK/accurate-L6]

Only PTC train is read; dev is never used here (the benchmark reports the reliability table and
ECE on dev).

* ``linear``: the shipped model was fitted on all of train, so its scores on train articles are
  optimistic. The train articles are cut into ``--folds`` folds (fixed by a seeded shuffle); the
  four scorers are refitted on the other folds with ``train.py``'s settings and the held-out fold
  is decoded as the shipped model decodes an unseen article.
* ``accurate``: ``finetune.py`` held out a tenth of train (fixed by article id) from fitting; its
  spans on those articles are used, decoded at the piece threshold (``--piece-thresholds``) with
  the best SI F1 on them.

A span is right when at least half of its characters lie inside gold spans
(:data:`presslens.scoring.propaganda.RIGHT_SHARE`). One isotonic map from the raw span score to
the share right becomes ``calibration.json`` (:class:`presslens.calibration.Calibration`). On the
calibrated out-of-fold spans, the shown ``threshold`` is the lowest confidence from which the
official SI precision reaches ``--target-precision``, and the kept ``floor`` the cut, at or below
it, with the best SI F1 on the same spans; both go into ``meta.json`` with the out-of-fold figures.
Needs scikit-learn.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from presslens.calibration import Calibration
from presslens.config import PipelineConfig
from presslens.scoring.propaganda import RIGHT_SHARE, gold_share, score_si
from presslens.scoring.ptc import LabelledSpan, PtcArticle, load_ptc
from presslens.scoring.reliability import reliability
from presslens.stages.persuasion.model import CALIBRATION_GROUP, TechniqueModel, model_dir
from presslens.stages.persuasion.neural import AccurateTechniqueModel, accurate_dir

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import train as linear_training  # training/techniques/train.py: the same fitting
from calibration_fit import fit_steps  # training/calibration_fit.py, shared with quotes

log = logging.getLogger("calibrate_techniques")

#: (start, end, score) character spans per article id.
Found = dict[str, list[tuple[int, int, float]]]


def linear_out_of_fold(articles: list[PtcArticle], model_name: str, folds: int, seed: int) -> Found:
    """Raw span scores of every train article from a linear model fitted without its fold."""
    docs = linear_training.parse(articles, model_name)
    examples = [linear_training.article_examples(a, d) for a, d in zip(articles, docs, strict=True)]
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    found: Found = {}
    for fold in range(folds):
        held = set(order[fold::folds])
        started = time.perf_counter()
        scorers = linear_training.fit_scorers([examples[i] for i in order if i not in held])
        model = TechniqueModel(scorers, linear_training.model_meta(model_name, 0.0))
        for i in sorted(held):
            doc = docs[i]
            found[articles[i].id] = [
                (doc[p.start].idx, doc[p.end - 1].idx + len(doc[p.end - 1]), p.confidence)
                for p in model.predict(doc)
            ]
        log.info("fold %d of %d scored in %.0f s", fold + 1, folds, time.perf_counter() - started)
    return found


def accurate_held_out(
    articles: list[PtcArticle],
    model_path: Path,
    model_name: str,
    piece_thresholds: Sequence[float],
) -> tuple[Found, list[str]]:
    """Raw span scores of the articles ``finetune.py`` held out of fitting, decoded at the piece
    threshold (of ``piece_thresholds``) with the best SI F1 on them, which goes into the card."""
    meta = json.loads((model_path / "meta.json").read_text(encoding="utf-8"))
    held = set(meta["training"]["held_out"])
    chosen = [a for a in articles if a.id in held]
    docs = linear_training.parse(chosen, model_name)
    loaded = AccurateTechniqueModel.from_dir(model_path)
    raw = AccurateTechniqueModel(loaded.encoder, loaded.heads, Calibration(), loaded.meta)
    gold = {a.id: list(a.spans) for a in chosen}
    best: tuple[float, float, Found] = (-1.0, 0.0, {})
    for piece_threshold in piece_thresholds:
        raw.piece_threshold = piece_threshold
        found: Found = {}
        for article, doc in zip(chosen, docs, strict=True):
            found[article.id] = [
                (doc[p.start].idx, doc[p.end - 1].idx + len(doc[p.end - 1]), p.confidence)
                for p in raw.predict(doc)
            ]
        p, r, f1, n = si_at(gold, found, 0.0)
        log.info("piece threshold %.2f: SI P %.4f R %.4f F1 %.4f (%d spans)",
                 piece_threshold, p, r, f1, n)  # fmt: skip
        if f1 > best[0]:
            best = (f1, piece_threshold, found)
    meta_file = model_path / "meta.json"
    meta["decoding"]["piece_threshold"] = best[1]
    meta["decoding"]["piece_threshold_chosen_on"] = "the held-out train articles (best SI F1)"
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return best[2], sorted(held)


def si_at(
    gold: Mapping[str, Sequence[LabelledSpan]], found: Found, cut: float
) -> tuple[float, float, float, int]:
    """Official SI precision, recall, F1 and span count of the spans scoring ``cut`` or more."""
    kept = {
        aid: [LabelledSpan(s, e, "?") for s, e, c in spans if c >= cut]
        for aid, spans in found.items()
    }
    si = score_si({aid: gold[aid] for aid in found}, kept)
    return si.precision, si.recall, si.f1, sum(len(k) for k in kept.values())


def choose_cuts(
    gold: Mapping[str, Sequence[LabelledSpan]], calibrated: Found, target: float
) -> dict[str, Any]:
    """The shown threshold (precision >= target) and the kept floor (best F1 at or below it)."""
    grid = [round(float(t), 2) for t in np.arange(0.01, 0.96, 0.01)]
    figures = {t: si_at(gold, calibrated, t) for t in grid}
    reaching = [t for t in grid if figures[t][0] >= target and figures[t][3] > 0]
    threshold = min(reaching) if reaching else max(grid)
    floor = max((t for t in grid if t <= threshold), key=lambda t: (figures[t][2], -t))
    # Without any cut reaching the target, the highest is kept and the card says so.
    out: dict[str, Any] = {"threshold": threshold, "floor": floor, "target_reached": bool(reaching)}
    for name, cut in (("at_threshold", threshold), ("at_floor", floor)):
        p, r, f1, n = figures[cut]
        out[name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "spans": n,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="the PTC folder")
    parser.add_argument("--model", choices=["linear", "accurate"], required=True)
    parser.add_argument("--model-dir", type=Path, default=None, help="default: the shipped one")
    parser.add_argument("--folds", type=int, default=3, help="linear: cross-fitting folds")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--target-precision", type=float, default=0.5)
    parser.add_argument(
        "--piece-thresholds",
        default="0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.5",
        help="accurate: the inside-probabilities a word piece may need (best SI F1 is kept)",
    )
    parser.add_argument("--spacy-model", default=PipelineConfig().model)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (a trial)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    articles = load_ptc(args.data_dir, "train")
    if args.limit:
        articles = articles[: args.limit]
    gold = {a.id: list(a.spans) for a in articles}
    if args.model == "linear":
        path = args.model_dir or model_dir()
        found = linear_out_of_fold(articles, args.spacy_model, args.folds, args.seed)
        scored_on = (
            f"out-of-fold: {args.folds} folds of PTC train (seed {args.seed}), scorers refitted "
            "on the other folds with train.py's settings"
        )
    else:
        path = args.model_dir or accurate_dir()
        grid = [float(t) for t in args.piece_thresholds.split(",")]
        found, held = accurate_held_out(articles, path, args.spacy_model, grid)
        scored_on = f"the {len(held)} PTC train articles finetune.py held out of fitting"

    scores, right = [], []
    for aid, spans in found.items():
        for start, end, score in spans:
            scores.append(score)
            right.append(gold_share(LabelledSpan(start, end, "?"), gold[aid]) >= RIGHT_SHARE)
    data: dict[str, Any] = {"groups": {CALIBRATION_GROUP: fit_steps(scores, right)}}
    calibration = Calibration.from_json(data)
    calibrated: Found = {
        aid: [(s, e, calibration(CALIBRATION_GROUP, c)) for s, e, c in spans]
        for aid, spans in found.items()
    }
    before = reliability([min(1.0, max(0.0, c)) for c in scores], right)
    after = reliability([c for spans in calibrated.values() for _, _, c in spans], right)
    cuts = choose_cuts(gold, calibrated, args.target_precision)
    summary = {
        "fitted_on": scored_on,
        "right_means": f">= {RIGHT_SHARE:.0%} of the span's characters inside gold spans",
        "articles": len(found),
        "spans": len(scores),
        "right": int(sum(right)),
        "ece_raw": round(before.ece, 4),
        "ece_calibrated_in_sample": round(after.ece, 4),
        "target_precision": args.target_precision,
        **cuts,
    }
    data["meta"] = summary
    (path / "calibration.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    meta_file = path / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["threshold"] = cuts["threshold"]
    meta["floor"] = cuts["floor"]
    meta["calibration"] = summary
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info("raw scores:\n%s", before.format_table(noun="spans"))
    log.info("calibrated (in sample):\n%s", after.format_table(noun="spans"))
    log.info("cuts: %s", json.dumps(cuts))
    log.info("wrote %s and %s", path / "calibration.json", meta_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
