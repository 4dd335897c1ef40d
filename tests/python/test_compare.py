"""Linear CKA (models/pipeline/compare.py) has the properties Kornblith et al. (2019) prove, on random data; and
models/comparison.json, where it exists, has the structure the web page reads."""
import json

import numpy as np
import pytest

from conftest import REPO
from models.pipeline.compare import bootstrap_cka, cka_from_grams, gram, linear_cka

COMPARISON = REPO / "models" / "comparison.json"


def rand(n=80, d=24, seed=0):
    return np.random.RandomState(seed).randn(n, d)


def orthogonal(d, seed=1):
    q, _ = np.linalg.qr(np.random.RandomState(seed).randn(d, d))
    return q


def test_identity_is_one():
    x = rand()
    assert linear_cka(x, x) == pytest.approx(1.0, abs=1e-12)


def test_invariant_to_orthogonal_transform_and_isotropic_scaling():
    x, y = rand(seed=0), rand(seed=2)
    base = linear_cka(x, y)
    q = orthogonal(x.shape[1])
    assert linear_cka(x @ q, y) == pytest.approx(base, abs=1e-10)
    assert linear_cka(x, 7.5 * y) == pytest.approx(base, abs=1e-10)
    assert linear_cka(0.01 * x @ q, 3.0 * y @ orthogonal(y.shape[1], 5)) == pytest.approx(base, abs=1e-10)
    # and to translation (columns are centred)
    assert linear_cka(x + 4.0, y - 2.0) == pytest.approx(base, abs=1e-10)
    assert linear_cka(x @ q, x) == pytest.approx(1.0, abs=1e-10)


def test_not_invariant_to_arbitrary_linear_maps():
    x = rand(n=200, d=10)
    a = np.diag([10.0] + [0.1] * 9)  # invertible, not orthogonal
    assert linear_cka(x @ a, x) < 0.99


def test_range_and_symmetry():
    for s in range(20):
        x, y = rand(n=50, d=8 + s, seed=s), rand(n=50, d=30, seed=100 + s)
        v = linear_cka(x, y)
        assert 0.0 <= v <= 1.0 + 1e-12
        assert linear_cka(y, x) == pytest.approx(v, abs=1e-12)
    # independent random features with n >> d: CKA near 0; shared signal: much higher
    x, y = rand(n=2000, d=4, seed=1), rand(n=2000, d=4, seed=2)
    assert linear_cka(x, y) < 0.02
    assert linear_cka(x, x + 0.5 * y) > 0.7


def test_constant_representation_is_undefined_not_plus_or_minus_one():
    x = np.tile(rand(n=1, d=16), (50, 1)) + 1e-12 * rand(n=50, d=16)  # the same vector for every example
    assert np.isnan(linear_cka(x, rand(n=50, d=16)))
    assert np.isnan(cka_from_grams(gram(x), gram(rand(n=50, d=16))))


def test_gram_form_equals_feature_form():
    x, y = rand(seed=3), rand(d=40, seed=4)
    assert cka_from_grams(gram(x), gram(y)) == pytest.approx(linear_cka(x, y), abs=1e-10)


def test_bootstrap_interval_brackets_the_estimate():
    x = rand(n=120, d=16, seed=6)
    y = x + 0.8 * rand(n=120, d=16, seed=7)
    k, l = gram(x), gram(y)
    lo, hi = bootstrap_cka(k, l, reps=50, seed=0)
    assert 0.0 <= lo <= hi <= 1.0
    assert lo - 0.05 <= cka_from_grams(k, l) <= hi + 0.05


def test_comparison_json_structure():
    if not COMPARISON.exists():
        pytest.skip("models/comparison.json not written yet (python -m models.pipeline.compare)")
    c = json.loads(COMPARISON.read_text())
    L = c["num_layers"]
    assert L == 6
    assert c["sample"]["texts"] == 3 * c["sample"]["per_dataset"]
    assert c["sample"]["max_length"] == 64 and c["sample"]["seed"] == 0
    assert c["pretrained"]["id"] == "minilm-news-mlm"
    ids = [m["id"] for m in c["models"]]
    assert ids == ["minilm-agnews", "minilm-mr", "minilm-trec"]
    labels = {"minilm-agnews": 4, "minilm-mr": 2, "minilm-trec": 6}
    for m in c["models"]:
        cka = m["cka_vs_pretrained"]
        assert len(cka["pooled"]) == L + 1 and len(cka["ci95"]) == L + 1 and len(cka["cls"]) == L + 1
        assert all(0.0 <= v <= 1.0 for v in cka["pooled"])
        assert all(v is None or 0.0 <= v <= 1.0 for v in cka["cls"])
        assert all(lo <= v + 1e-4 and v <= hi + 1e-4 for v, (lo, hi) in zip(cka["pooled"], cka["ci95"]))
        assert set(cka["by_subset"]) == {"ag_news", "mr", "trec"}
        assert len(m["labels"]) == labels[m["id"]]
        ch = m["attention_change"]
        assert len(ch["per_layer"]) == L and len(ch["per_head"]) == L and all(0 <= v <= 1 for v in ch["per_layer"])
        pred = m["predictions_on_sample"]
        assert set(pred) == {"ag_news", "mr", "trec"}
        for d, v in pred.items():
            assert 1.0 / len(m["labels"]) - 1e-4 <= v["mean_top_probability"] <= 1.0
            assert sum(v["predicted_share"].values()) == pytest.approx(1.0, abs=2e-3)
        if m["eval"] is not None:
            assert 0.0 < m["eval"]["accuracy"] <= 1.0
            ev = json.loads((REPO / m["eval"]["file"]).read_text())
            assert m["eval"]["accuracy"] == ev["fp32"]["accuracy"]
    pairs = {(p["a"], p["b"]) for p in c["pairwise"]}
    assert pairs == {("minilm-agnews", "minilm-mr"), ("minilm-agnews", "minilm-trec"), ("minilm-mr", "minilm-trec")}
    for p in c["pairwise"]:
        assert 0.0 <= p["last_layer"] <= 1.0 and p["last_layer"] == p["per_layer"][-1]
    for d, f in c["datasets"].items():
        assert f["classes"] == len(f["labels"]) and f["rows"]["test"] > 0
