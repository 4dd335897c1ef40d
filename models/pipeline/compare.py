"""Same encoder, different datasets: how much does fine-tuning move each layer's representations?

    .venv/bin/python -m models.pipeline.compare            # writes models/comparison.json

Compares the stage-1 encoder (masked LM, `models/.work/mlm/final`) with the three classifiers fine-tuned from it
(`models/.work/classify-{ag_news,mr,trec}/final`) by linear CKA (Kornblith, Norouzi, Lee & Hinton 2019,
"Similarity of Neural Network Representations Revisited", ICML) at every layer, 0 = embedding output.

Sample (fixed, documented in the output): `--per-dataset` texts (default 200) from each of the three test splits
(AG News test.csv, the MR seeded 10 % test split, TREC_10), drawn with numpy RandomState(seed=0) and sorted;
tokenised with the article's tokenizer, truncated to max_length 64, [CLS]/[SEP] added, no padding (one text at a
time, so padding never enters). One vector per text and layer: the mean over all of its tokens ([CLS] and [SEP]
included); the [CLS] vector is reported too (`cls`). CKA is computed over the pooled 600 texts (`pooled`) and over
each dataset's 200 texts (`by_subset`), with a bootstrap 95 % interval (texts resampled with replacement).

Also per model: how much its attention moved, per layer and head (total-variation distance between the pretrained
and the fine-tuned attention rows, averaged over query tokens and texts).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from . import data
from .paths import MODELS, WORK, data_dir, tokenizer_dir

DATASETS = ["ag_news", "mr", "trec"]
MODEL_IDS = {"ag_news": "minilm-agnews", "mr": "minilm-mr", "trec": "minilm-trec"}
PRETRAINED_ID = "minilm-news-mlm"
NAMES = {"ag_news": "AG News", "mr": "MR", "trec": "TREC"}
TASKS = {"ag_news": "news topic (4 classes)", "mr": "movie-review sentence polarity (2 classes)",
         "trec": "question type (6 coarse classes)"}


# ------------------------------------------------------------------ CKA
def center_gram(k: np.ndarray) -> np.ndarray:
    """H K H with H = I - 11^T / n (double centring of a Gram matrix)."""
    k = np.asarray(k, dtype=np.float64)
    return k - k.mean(0, keepdims=True) - k.mean(1, keepdims=True) + k.mean()


def gram(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x @ x.T


def cka_from_grams(k: np.ndarray, l: np.ndarray) -> float:
    """Linear CKA from two (uncentred) linear Gram matrices: <HKH, HLH>_F / (||HKH||_F ||HLH||_F)."""
    kc, lc = center_gram(k), center_gram(l)
    nk, nl = float(np.linalg.norm(kc)), float(np.linalg.norm(lc))
    if degenerate(nk, k) or degenerate(nl, l):
        return float("nan")  # a representation that is the same for every example (e.g. [CLS] at layer 0)
    return float((kc * lc).sum()) / (nk * nl)


def degenerate(centred_norm: float, k: np.ndarray) -> bool:
    """True when the examples' representations are all the same up to rounding (CKA is undefined then)."""
    return centred_norm <= 1e-9 * max(float(np.abs(k).max()) * k.shape[0], 1e-300)


def linear_cka(x: np.ndarray, y: np.ndarray) -> float:
    """Linear CKA between representations x [n, d1] and y [n, d2] of the same n examples (Kornblith et al. 2019,
    eq. 5): ||Y_c^T X_c||_F^2 / (||X_c^T X_c||_F ||Y_c^T Y_c||_F), columns centred. 1 for identical
    representations; invariant to orthogonal transforms and isotropic scaling (not to arbitrary linear maps)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y need the same examples: {x.shape[0]} vs {y.shape[0]} rows")
    # scale of the raw features, to tell "all examples the same" (up to rounding) from a real, small spread
    sx, sy = float(np.abs(x).max()), float(np.abs(y).max())
    x = x - x.mean(0, keepdims=True)
    y = y - y.mean(0, keepdims=True)
    if float(np.abs(x).max()) <= 1e-9 * max(sx, 1e-300) or float(np.abs(y).max()) <= 1e-9 * max(sy, 1e-300):
        return float("nan")
    return float(np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y)))


def bootstrap_cka(k: np.ndarray, l: np.ndarray, reps: int = 200, seed: int = 0) -> tuple[float, float]:
    """95 % percentile interval of linear CKA with the examples resampled with replacement."""
    rng = np.random.RandomState(seed)
    n = k.shape[0]
    vals = []
    for _ in range(reps):
        i = rng.randint(0, n, n)
        vals.append(cka_from_grams(k[np.ix_(i, i)], l[np.ix_(i, i)]))
    vals = [v for v in vals if np.isfinite(v)]
    if not vals:
        return float("nan"), float("nan")
    lo, hi = np.percentile(vals, [2.5, 97.5])
    return float(lo), float(hi)


# ------------------------------------------------------------------ sample and representations
def sample(dd: Path, per_dataset: int, seed: int) -> tuple[list[str], list[str], dict]:
    """-> (texts, dataset name per text, facts per dataset)."""
    texts, source, facts = [], [], {}
    for name in DATASETS:
        spec, splits = data.load(name, dd)
        test = splits["test"]
        idx = sorted(np.random.RandomState(seed).permutation(len(test))[:per_dataset].tolist())
        texts += [test.texts[i] for i in idx]
        source += [name] * len(idx)
        facts[name] = {"labels": spec.labels, "classes": len(spec.labels), "source": spec.source,
                       "description": spec.description,
                       "rows": {k: len(v) for k, v in splits.items()},
                       "sample_indices_in_test": idx}
    return texts, source, facts


def representations(path: str, tok, texts: list[str], max_length: int, want_attention: bool = True,
                    classifier: bool = False):
    """-> (mean [L+1, n, d], cls [L+1, n, d], attentions: list over texts of [L, H, T, T] or None, logits [n, C] or None).

    The pretrained encoder is loaded with AutoModel (BertModel); a fine-tuned one with
    AutoModelForSequenceClassification, whose `bert` is the same BertModel (same hidden states) plus its head."""
    import torch
    from transformers import AutoModel, AutoModelForSequenceClassification

    cls_ = AutoModelForSequenceClassification if classifier else AutoModel
    model = cls_.from_pretrained(path, output_hidden_states=True, output_attentions=want_attention,
                                 attn_implementation="eager")
    model.eval()
    means, clss, atts, logits = [], [], [], []
    with torch.no_grad():
        for t in texts:
            enc = tok(t, truncation=True, max_length=max_length, return_tensors="pt")
            out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"],
                        token_type_ids=torch.zeros_like(enc["input_ids"]))
            hs = torch.stack(out.hidden_states)[:, 0]  # [L+1, T, d]
            means.append(hs.mean(1).numpy())
            clss.append(hs[:, 0].numpy())
            if want_attention:
                atts.append(torch.stack(out.attentions)[:, 0].numpy())  # [L, H, T, T]
            if classifier:
                logits.append(out.logits[0].numpy())
    return np.stack(means, 1), np.stack(clss, 1), (atts if want_attention else None), (np.stack(logits) if classifier else None)


def predictions_by_subset(logits: np.ndarray, src: np.ndarray, labels: list[str], temperature: float = 1.0) -> dict:
    """Per sample subset: mean top probability (softmax(logits / T)) and the share of texts given each label."""
    z = logits / temperature
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    out = {}
    for d in DATASETS:
        i = np.flatnonzero(src == d)
        pred = p[i].argmax(1)
        out[d] = {"mean_top_probability": r4(p[i].max(1).mean()),
                  "share_top_above_90pct": r4((p[i].max(1) > 0.9).mean()),
                  "predicted_share": {labels[c]: r4((pred == c).mean()) for c in range(len(labels))}}
    return out


def attention_change(a_pre: list[np.ndarray], a_ft: list[np.ndarray]) -> np.ndarray:
    """[L, H]: total-variation distance 0.5 * sum_j |a_pre - a_ft| per query row, averaged over rows and texts."""
    tot = None
    for a, b in zip(a_pre, a_ft):
        tv = 0.5 * np.abs(a - b).sum(-1).mean(-1)  # [L, H]
        tot = tv if tot is None else tot + tv
    return tot / len(a_pre)


def r4(v):
    """Rounded to 4 decimals; None where undefined (NaN)."""
    v = float(v)
    return float(round(v, 4)) if np.isfinite(v) else None


def temperature_of(model_id: str, out_root: Path) -> float:
    p = out_root / model_id / "eval.json"
    return float(json.loads(p.read_text()).get("temperature", 1.0)) if p.exists() else 1.0


def read_eval(model_id: str, out_root: Path) -> dict | None:
    p = out_root / model_id / "eval.json"
    if not p.exists():
        return None
    ev = json.loads(p.read_text())
    res = {"file": f"models/{model_id}/eval.json", "test_rows": ev.get("rows")}
    for key, src in (("accuracy", "fp32"), ("int8_accuracy", "onnx_int8")):
        if src in ev:
            res[key] = ev[src]["accuracy"]
            res["macro_f1" if src == "fp32" else "int8_macro_f1"] = ev[src]["macro_f1"]
    return res


# ------------------------------------------------------------------ main
def run(a) -> dict:
    import torch

    from . import modeling

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    os.environ["HF_HUB_OFFLINE"] = "1"
    work, out_root = Path(a.work_root), Path(a.out_root)
    dd = data_dir(a.data_dir)
    tok = modeling.load_tokenizer(tokenizer_dir(dd))
    texts, source, facts = sample(dd, a.per_dataset, a.seed)
    src = np.array(source)
    t0 = time.time()
    paths = {"pretrained": work / "mlm" / "final", **{d: work / f"classify-{d}" / "final" for d in DATASETS}}
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        raise SystemExit(f"missing checkpoints: {missing}")
    reps = {}
    for key, p in paths.items():
        t = time.time()
        reps[key] = representations(str(p), tok, texts, a.max_length, classifier=key != "pretrained")
        print(f"[compare] {key}: {len(texts)} texts in {time.time() - t:.0f} s", flush=True)
    n_layers = reps["pretrained"][0].shape[0]
    grams = {k: {"mean": [gram(v[0][l]) for l in range(n_layers)], "cls": [gram(v[1][l]) for l in range(n_layers)]}
             for k, v in reps.items()}

    def cka_block(ka, kb):
        out = {"pooled": [], "ci95": [], "cls": [], "by_subset": {d: [] for d in DATASETS}}
        for l in range(n_layers):
            k, m = ka["mean"][l], kb["mean"][l]
            out["pooled"].append(r4(cka_from_grams(k, m)))
            lo, hi = bootstrap_cka(k, m, a.bootstrap, seed=l)
            out["ci95"].append([r4(lo), r4(hi)])
            out["cls"].append(r4(cka_from_grams(ka["cls"][l], kb["cls"][l])))
            for d in DATASETS:
                i = np.flatnonzero(src == d)
                out["by_subset"][d].append(r4(cka_from_grams(k[np.ix_(i, i)], m[np.ix_(i, i)])))
        return out

    models = []
    for d in DATASETS:
        c = cka_block(grams["pretrained"], grams[d])
        ch = attention_change(reps["pretrained"][2], reps[d][2])
        models.append({
            "id": MODEL_IDS[d], "dataset": d, "name": NAMES[d], "task": TASKS[d], "labels": facts[d]["labels"],
            "checkpoint": os.path.relpath(paths[d], out_root.parent),
            "cka_vs_pretrained": c,
            "attention_change": {"per_layer": [r4(v) for v in ch.mean(1)], "per_head": [[r4(v) for v in row] for row in ch],
                                 "most_changed": {"layer": int(np.unravel_index(ch.argmax(), ch.shape)[0]),
                                                  "head": int(np.unravel_index(ch.argmax(), ch.shape)[1]),
                                                  "value": r4(ch.max())}},
            "eval": read_eval(MODEL_IDS[d], out_root),
            "predictions_on_sample": predictions_by_subset(reps[d][3], src, facts[d]["labels"],
                                                           temperature_of(MODEL_IDS[d], out_root)),
        })
    pairs = []
    for i, x in enumerate(DATASETS):
        for y in DATASETS[i + 1:]:
            c = cka_block(grams[x], grams[y])
            pairs.append({"a": MODEL_IDS[x], "b": MODEL_IDS[y], "per_layer": c["pooled"], "last_layer": c["pooled"][-1],
                          "last_layer_ci95": c["ci95"][-1], "last_layer_cls": c["cls"][-1],
                          "last_layer_by_subset": {d: v[-1] for d, v in c["by_subset"].items()}})
    out = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": "python -m models.pipeline.compare" + (f" --per-dataset {a.per_dataset}" if a.per_dataset != 200 else ""),
        "method": {"name": "linear CKA", "reference": "Kornblith, Norouzi, Lee & Hinton, Similarity of Neural Network "
                                                      "Representations Revisited, ICML 2019 (arXiv:1905.00414)",
                   "formula": "||Yc^T Xc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F), columns centred",
                   "pooling": "mean over all tokens of a text ([CLS] and [SEP] included; one text at a time, no padding); "
                              "'cls' fields use the [CLS] vector (null at layer 0, where [CLS] is the same vector for "
                              "every text and CKA is undefined)",
                   "layers": f"0..{n_layers - 1}; 0 = embedding output, l = output of encoder layer l",
                   "bootstrap": f"{a.bootstrap} resamples of the texts with replacement, 95 % percentile interval",
                   "predictions_on_sample": "each classifier's softmax(logits / T) (T from its eval.json) on the "
                                            "sample, per source dataset: on the other two datasets it reads text it "
                                            "was never trained on",
                   "attention_change": "total-variation distance 0.5*sum_j|A_pre[i,j]-A_ft[i,j]| per query token i, "
                                       "averaged over tokens and texts; 0 = same attention, 1 = disjoint"},
        "sample": {"texts": len(texts), "per_dataset": a.per_dataset, "seed": a.seed, "max_length": a.max_length,
                   "from": {d: f"{a.per_dataset} rows of the {NAMES[d]} test split, numpy RandomState({a.seed}).permutation, sorted"
                            for d in DATASETS},
                   "mean_tokens": r4(np.mean([len(tok(t, truncation=True, max_length=a.max_length)["input_ids"]) for t in texts]))},
        "pretrained": {"id": PRETRAINED_ID, "checkpoint": os.path.relpath(paths["pretrained"], out_root.parent),
                       "what": "stage-1 encoder (masked LM on AG News texts), the common starting point of all three"},
        "num_layers": n_layers - 1,
        "models": models,
        "pairwise": pairs,
        "datasets": {d: {k: v for k, v in f.items() if k != "sample_indices_in_test"} for d, f in facts.items()},
        "sample_indices_in_test": {d: f["sample_indices_in_test"] for d, f in facts.items()},
        "seconds": round(time.time() - t0, 1),
    }
    path = out_root / "comparison.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"[compare] wrote {path} in {out['seconds']} s", flush=True)
    for m in models:
        print(f"  {m['name']:8s} CKA vs pretrained by layer: {m['cka_vs_pretrained']['pooled']}", flush=True)
    for p in pairs:
        print(f"  {p['a']} vs {p['b']} last layer: {p['last_layer']}", flush=True)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m models.pipeline.compare", description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--work-root", default=str(WORK))
    ap.add_argument("--out-root", default=str(MODELS))
    ap.add_argument("--per-dataset", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--bootstrap", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    run(ap.parse_args(argv))


if __name__ == "__main__":
    main()
