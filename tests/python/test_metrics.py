"""Evaluation helpers on hand-made inputs whose answers can be worked out by hand."""
import numpy as np

from models.pipeline import metrics


def test_accuracy_by_length_bands_and_truncation():
    # lengths 3, 5 in band 0-7; 9 in band 8-15; 16 (= max_length) in the truncated band
    y = np.array([0, 1, 1, 0])
    logits = np.array([[2.0, 0.0], [0.0, 2.0], [2.0, 0.0], [2.0, 0.0]])  # third row wrong
    bands = metrics.accuracy_by_length(y, logits, [3, 5, 9, 16], max_length=16, width=8)
    assert bands == [
        {"min_tokens": 0, "max_tokens": 7, "count": 2, "accuracy": 1.0},
        {"min_tokens": 8, "max_tokens": 15, "count": 1, "accuracy": 0.0},
        {"min_tokens": 16, "max_tokens": 16, "count": 1, "truncated": True, "accuracy": 1.0},
    ]


def test_ece_is_zero_when_confidence_matches_accuracy():
    # two bins: confidence 1.0 and always right; confidence 0.5 (2 classes) and right half the time
    p = np.array([[1.0, 0.0], [1.0, 0.0], [0.5, 0.5], [0.5, 0.5]])
    y = np.array([0, 0, 0, 1])
    e, bins = metrics.ece(p, y)
    assert abs(e) < 1e-12 and [b["count"] for b in bins] == [2, 2]
