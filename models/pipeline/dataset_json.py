"""Writes the AG News test split as JSON for the article's dataset browser and error analysis.

The article ships it so it runs with no Python and no network; rows keep test.csv's order, so row i here
is row i of every classifier's test_predictions.json.

    python -m models.pipeline.dataset_json            # -> models/datasets/ag_news-test.json
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .data import AG_LABELS
from .paths import MODELS, data_dir


def write_ag_news_test(data_dir: Path, out_dir: Path) -> Path:
    rows = []
    with open(data_dir / "ag_news" / "test.csv", newline="", encoding="utf-8") as f:
        for cls, title, description in csv.reader(f):
            rows.append([int(cls) - 1, title, description])
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "ag_news-test.json"
    doc = {
        "name": "ag_news",
        "split": "test",
        "source": "AG News test split (Zhang, Zhao & LeCun 2015), shared/data/ag_news/test.csv",
        "license": "Provided by the academic community for research purposes and non-commercial activity "
                   "(readme.txt of the original release); the Hugging Face dataset card lists the license as unknown.",
        "labels": AG_LABELS,
        "columns": ["label", "title", "description"],
        "rows": rows,
    }
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return out


if __name__ == "__main__":
    path = write_ag_news_test(data_dir(), MODELS / "datasets")
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
