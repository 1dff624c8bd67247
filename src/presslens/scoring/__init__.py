"""Scorers for presslens' evaluation scripts, each the field's official metric for its data set."""

from presslens.scoring.extraction import ExtractionScore, score_extraction, shingle_counts

__all__ = ["ExtractionScore", "score_extraction", "shingle_counts"]
