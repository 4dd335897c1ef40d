"""Reference tokenizations from the Python `tokenizers` library, for the browser engine's parity test:
every 25th AG News test row (304 texts) plus hand-picked hard cases (accents, emoji, CJK, right-to-left,
combining marks, a 20,000-character text), truncated at 512 like the engine.

    python -m models.pipeline.tokenization_fixture     # -> models/datasets/tokenization-fixture.json
"""
from __future__ import annotations

import csv
import json

from tokenizers import Tokenizer

from .paths import MODELS, data_dir, tokenizer_dir

HARD_CASES = [
    "Café owners in Zürich protest naïve rules — 5 % VAT “hike”",
    "Stocks 📈 rally as Apple 🍎 beats estimates!!",
    "日本の株価が上昇 Tokyo stocks rise",
    "مرحبا بالعالم and שלום עולם in one headline",
    "Cafe\u0301 crème with combining accents",
    "Tabs\tand\nnewlines\u0007and control characters",
    "<b>HTML</b> &amp; <script>alert(1)</script> in a headline",
    "The company reported a [MASK] in quarterly profits.",
    "word " * 4000,
]
MAX_LENGTH = 512


def write(out_dir=MODELS / "datasets"):
    tok = Tokenizer.from_file(str(tokenizer_dir(data_dir()) / "tokenizer.json"))
    tok.enable_truncation(MAX_LENGTH)
    with open(data_dir() / "ag_news" / "test.csv", newline="", encoding="utf-8") as f:
        rows = [title + " " + description for _, title, description in csv.reader(f)]
    texts = rows[::25] + HARD_CASES
    doc = {"tokenizer": "bert-base-uncased tokenizer.json via the Python tokenizers library",
           "max_length": MAX_LENGTH, "texts": [{"text": t, "input_ids": tok.encode(t).ids} for t in texts]}
    out = out_dir / "tokenization-fixture.json"
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return out, len(texts)


if __name__ == "__main__":
    path, n = write()
    print(f"wrote {path} ({n} texts, {path.stat().st_size:,} bytes)")
