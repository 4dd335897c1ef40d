"""Classification metrics, calibration (ECE) and temperature scaling."""
from __future__ import annotations

import numpy as np
import torch


def softmax(logits, T=1.0):
    z = np.asarray(logits, np.float64) / T
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def ece(probs, y, bins=15):
    conf, pred = probs.max(1), probs.argmax(1)
    edges = np.linspace(0, 1, bins + 1)
    total, out = 0.0, []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            acc, c = float((pred[m] == y[m]).mean()), float(conf[m].mean())
            total += m.mean() * abs(acc - c)
            out.append({"lo": round(float(lo), 4), "hi": round(float(hi), 4), "count": int(m.sum()),
                        "accuracy": round(acc, 4), "confidence": round(c, 4)})
    return float(total), out


def fit_temperature(logits, y) -> float:
    lg = torch.tensor(np.asarray(logits), dtype=torch.float64)
    yt = torch.tensor(np.asarray(y))
    logT = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([logT], lr=0.1, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(lg / logT.exp(), yt)
        loss.backward()
        return loss

    opt.step(closure)
    return float(logT.detach().exp())


def classification(y, logits, labels, temperature: float | None = None) -> dict:
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    y = np.asarray(y)
    p = softmax(logits)
    pred = p.argmax(1)
    k = len(labels)
    prec, rec, f1, sup = precision_recall_fscore_support(y, pred, labels=list(range(k)), zero_division=0)
    nll = float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())
    e, rel = ece(p, y)
    out = {"accuracy": float((pred == y).mean()), "macro_f1": float(f1_score(y, pred, average="macro", labels=list(range(k)), zero_division=0)),
           "micro_f1": float(f1_score(y, pred, average="micro", labels=list(range(k)), zero_division=0)),
           "nll": nll, "ece": e, "ece_bins": 15, "reliability": rel,
           "per_class": {labels[i]: {"precision": float(prec[i]), "recall": float(rec[i]), "f1": float(f1[i]),
                                     "support": int(sup[i])} for i in range(k)},
           "confusion_matrix": confusion_matrix(y, pred, labels=list(range(k))).tolist(),
           "confusion_matrix_axes": "rows = true label, columns = predicted label"}
    if temperature is not None:
        pt = softmax(logits, temperature)
        et, relt = ece(pt, y)
        out.update({"temperature": temperature, "ece_temperature": et, "reliability_temperature": relt,
                    "nll_temperature": float(-np.log(np.clip(pt[np.arange(len(y)), y], 1e-12, None)).mean())})
    return out


def accuracy_by_length(y, logits, lengths, max_length: int, width: int = 8) -> list[dict]:
    """Accuracy per band of input length in word pieces ([CLS] and [SEP] included), `width` pieces a band; texts
    that reach max_length form a band of their own, since the model saw only their first max_length pieces."""
    y, pred, n = np.asarray(y), np.asarray(logits).argmax(1), np.asarray(lengths)
    out = []
    for lo in range(0, max_length, width):
        hi = min(lo + width, max_length)
        m = (n >= lo) & (n < hi)
        if m.any():
            out.append({"min_tokens": lo, "max_tokens": hi - 1, "count": int(m.sum()),
                        "accuracy": round(float((pred[m] == y[m]).mean()), 4)})
    m = n >= max_length
    if m.any():
        out.append({"min_tokens": max_length, "max_tokens": max_length, "count": int(m.sum()), "truncated": True,
                    "accuracy": round(float((pred[m] == y[m]).mean()), 4)})
    return out
