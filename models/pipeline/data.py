"""Dataset registry. Each dataset yields (texts, label_ids) per split; stages never hard-code a dataset.

Registered: ag_news (local CSVs), ag_news-hub (datasets.load_dataset("ag_news"), online only),
mr (Pang & Lee sentence polarity, local) and trec (Li & Roth coarse classes, local).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

VAL_FRACTION = 0.05
VAL_SEED = 42


@dataclass
class Split:
    texts: list[str]
    labels: list[int]

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, idx) -> "Split":
        return Split([self.texts[i] for i in idx], [self.labels[i] for i in idx])


@dataclass
class DatasetSpec:
    name: str
    labels: list[str]
    loader: Callable[[Path], dict[str, Split]]  # returns {"train": ..., "test": ...}
    description: str = ""
    source: str = ""
    extra: dict = field(default_factory=dict)


REGISTRY: dict[str, DatasetSpec] = {}


class DataError(ValueError):
    """A data file is missing or malformed; the message names the file and line."""


def register(spec: DatasetSpec) -> DatasetSpec:
    REGISTRY[spec.name] = spec
    return spec


# ---------------------------------------------------------------- AG News (local)
AG_LABELS = ["World", "Sports", "Business", "Sci/Tech"]


def read_ag_csv(path: Path) -> Split:
    """RFC 4180 CSV, no header, columns class,title,description; class 1..4 -> 0..3.

    Text = title + " " + description (the Hub's ag_news `text` field); no other cleaning,
    so backslash sequences and HTML-entity remnants stay as in the original.
    """
    if not path.exists():
        raise DataError(f"AG News file not found: {path} (set --data-dir or $GODEEP_DATA to the folder holding ag_news/)")
    texts, labels = [], []
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.reader(f), start=1):
            if len(row) != 3:
                raise DataError(f"{path}, line {line}: expected 3 columns (class, title, description), found {len(row)}")
            cls, title, desc = row
            if cls not in ("1", "2", "3", "4"):
                raise DataError(f"{path}, line {line}: class must be 1-4, found {cls[:20]!r}")
            texts.append(title + " " + desc)
            labels.append(int(cls) - 1)
    return Split(texts, labels)


def _load_ag_local(data: Path) -> dict[str, Split]:
    d = data / "ag_news"
    return {"train": read_ag_csv(d / "train_subset.csv"), "test": read_ag_csv(d / "test.csv")}


def _load_ag_hub(data: Path) -> dict[str, Split]:  # pragma: no cover - needs internet
    import datasets

    ds = datasets.load_dataset("ag_news")
    return {s: Split(list(ds[s]["text"]), [int(x) for x in ds[s]["label"]]) for s in ("train", "test")}


register(DatasetSpec("ag_news", AG_LABELS, _load_ag_local,
                     "AG News topic classification; local verified 38,869-row train subset + full 7,600-row test split",
                     "shared/data/ag_news (Zhang, Zhao & LeCun 2015)"))
register(DatasetSpec("ag_news-hub", AG_LABELS, _load_ag_hub,
                     "AG News from the Hugging Face Hub (full 120,000-row train split)", "datasets.load_dataset('ag_news')"))


# ---------------------------------------------------------------- MR (local)
def _read_latin1_lines(path: Path) -> list[str]:
    # split on \n only: 0x85 decodes to NEL, which str.splitlines() would treat as a break
    raw = path.read_bytes().decode("cp1252", errors="strict")
    return [ln.strip() for ln in raw.split("\n") if ln.strip()]


def _load_mr(data: Path) -> dict[str, Split]:
    d = data / "mr"
    pos = _read_latin1_lines(d / "rt-polarity.pos")
    neg = _read_latin1_lines(d / "rt-polarity.neg")
    full = Split(neg + pos, [0] * len(neg) + [1] * len(pos))
    # MR has no official test split: a fixed, stratified 10 % test split (seed 0)
    tr, te = stratified_split(full.labels, 0.10, seed=0)
    return {"train": full.subset(tr), "test": full.subset(te)}


register(DatasetSpec("mr", ["negative", "positive"], _load_mr,
                     "Movie-review sentence polarity v1.0; seeded 10 % stratified test split", "shared/data/mr (Pang & Lee 2005)"))


# ---------------------------------------------------------------- TREC (local)
TREC_LABELS = ["ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM"]


def _read_trec(path: Path) -> Split:
    texts, labels = [], []
    for ln in path.read_bytes().decode("latin-1").split("\n"):
        if not ln:
            continue
        lab, text = ln.split(" ", 1)
        texts.append(text)
        labels.append(TREC_LABELS.index(lab.split(":")[0]))
    return Split(texts, labels)


def _load_trec(data: Path) -> dict[str, Split]:
    d = data / "trec"
    return {"train": _read_trec(d / "train_5500.label"), "test": _read_trec(d / "TREC_10.label")}


register(DatasetSpec("trec", TREC_LABELS, _load_trec, "TREC question classification, 6 coarse classes",
                     "shared/data/trec (Li & Roth 2002)"))


# ---------------------------------------------------------------- splits
def stratified_split(labels, fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Deterministic stratified split -> (keep_idx, holdout_idx), both sorted."""
    rng = np.random.RandomState(seed)
    labels = np.asarray(labels)
    hold = []
    for c in np.unique(labels):
        idx = np.flatnonzero(labels == c)
        rng.shuffle(idx)
        hold.extend(idx[: int(round(len(idx) * fraction))].tolist())
    hold_set = set(hold)
    keep = [i for i in range(len(labels)) if i not in hold_set]
    return keep, sorted(hold)


def load(name: str, data: Path, val_fraction: float = VAL_FRACTION, val_seed: int = VAL_SEED):
    """-> (spec, {"train", "validation", "test"}). Validation is held out of train; test is never tuned on."""
    if name not in REGISTRY:
        raise KeyError(f"unknown dataset {name!r}; registered: {sorted(REGISTRY)}")
    spec = REGISTRY[name]
    splits = spec.loader(data)
    keep, hold = stratified_split(splits["train"].labels, val_fraction, val_seed)
    train = splits["train"]
    return spec, {"train": train.subset(keep), "validation": train.subset(hold), "test": splits["test"]}
