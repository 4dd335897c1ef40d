"""Data loaders: row counts, class balance, text join, no test/train overlap, deterministic validation."""
from collections import Counter

from models.pipeline import data


def test_ag_news_counts_and_balance(data_dir):
    raw = data.REGISTRY["ag_news"].loader(data_dir)
    assert len(raw["test"]) == 7600
    assert len(raw["train"]) == 38869
    assert Counter(raw["test"].labels) == {0: 1900, 1: 1900, 2: 1900, 3: 1900}
    assert Counter(raw["train"].labels) == {0: 9676, 1: 9654, 2: 9751, 3: 9788}


def test_text_join_and_labels(data_dir):
    raw = data.REGISTRY["ag_news"].loader(data_dir)
    # first test row: "3","Fears for T N pension after talks","Unions representing workers at Turner   Newall say ..."
    assert raw["test"].labels[0] == 2
    assert raw["test"].texts[0].startswith("Fears for T N pension after talks Unions representing workers at Turner   Newall")
    # first train row keeps the literal backslash sequence
    assert raw["train"].texts[0] == ("Wall St. Bears Claw Back Into the Black (Reuters) Reuters - Short-sellers, "
                                     "Wall Street's dwindling\\band of ultra-cynics, are seeing green again.")
    assert data.REGISTRY["ag_news"].labels == ["World", "Sports", "Business", "Sci/Tech"]


def test_no_overlap_and_validation_split(data_dir):
    spec, s1 = data.load("ag_news", data_dir)
    _, s2 = data.load("ag_news", data_dir)
    assert s1["validation"].texts == s2["validation"].texts  # deterministic
    assert len(s1["train"]) + len(s1["validation"]) == 38869
    assert abs(len(s1["validation"]) - 0.05 * 38869) < 5
    c = Counter(s1["validation"].labels)
    assert max(c.values()) - min(c.values()) < 10  # stratified
    tr = set(s1["train"].texts)
    assert not tr & set(s1["validation"].texts)
    assert not tr & set(s1["test"].texts)
    assert not set(s1["validation"].texts) & set(s1["test"].texts)


def test_registry_other_datasets(data_dir):
    assert {"ag_news", "ag_news-hub", "mr", "trec"} <= set(data.REGISTRY)
    mr = data.REGISTRY["mr"].loader(data_dir)
    assert len(mr["train"]) + len(mr["test"]) == 10662
    trec = data.REGISTRY["trec"].loader(data_dir)
    assert len(trec["train"]) == 5452 and len(trec["test"]) == 500
    assert Counter(trec["test"].labels)[data.TREC_LABELS.index("DESC")] == 138
