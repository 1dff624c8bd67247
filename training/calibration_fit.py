"""Fit a calibration map (training only): isotonic regression of outcomes on raw scores.

Shared by ``training/quotes/calibrate.py`` and ``training/techniques/calibrate.py`` (they put
``training/`` on ``sys.path``); :class:`presslens.calibration.Calibration` applies the maps.
Needs scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.isotonic import IsotonicRegression

__all__ = ["fit_steps"]


def fit_steps(scores: Sequence[float], right: Sequence[bool]) -> dict[str, list[float]]:
    """Fit an isotonic map from raw scores to the share right, in the JSON form of a group.

    Needs scikit-learn (a training dependency; presslens applies the maps without it).
    """
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(list(scores), [float(r) for r in right])
    xs = [round(float(x), 4) for x in iso.X_thresholds_]
    ys = [round(float(y), 4) for y in iso.y_thresholds_]
    # The stored map is a step function (value from each threshold up to the next); keep one
    # step per distinct threshold.
    steps: dict[float, float] = {}
    for x, y in zip(xs, ys, strict=True):
        steps[x] = y
    return {"x": list(steps), "y": list(steps.values())}
