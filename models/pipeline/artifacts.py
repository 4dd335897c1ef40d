"""Writes a model folder in the Hugging Face / transformers.js layout plus godeep.json."""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch

from . import gradgraph, onnx_export as ox
from .paths import MODELS, WORK

FIXTURE_SENTENCES = [
    "Stocks rallied on Wall Street after the Fed held rates.",
    "The striker scored twice as United beat Chelsea.",
    "The company reported a [MASK] in quarterly profits after strong sales.",
    "Café owners in Zürich cheer the new 5G network 🚀📱",
]

TOKENIZER_CONFIG = {
    "tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512,
    "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
    "mask_token": "[MASK]", "tokenize_chinese_chars": True, "strip_accents": None,
    "clean_up_tokenization_spaces": True,
}
SPECIAL_TOKENS = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                  "mask_token": "[MASK]"}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json(path: Path, obj, indent=1):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=indent, ensure_ascii=False)
        f.write("\n")


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def r5(a):
    return np.round(np.asarray(a, dtype=np.float64), 5).tolist()


def write_tokenizer(out: Path, tok_dir: Path):
    shutil.copyfile(tok_dir / "tokenizer.json", out / "tokenizer.json")
    write_json(out / "tokenizer_config.json", TOKENIZER_CONFIG)
    write_json(out / "special_tokens_map.json", SPECIAL_TOKENS)


def write_config(model, out: Path, task: str):
    cfg = model.config.to_dict()
    cfg["architectures"] = [type(model).__name__]
    cfg["transformers.js_config"] = {"dtype": "q8"}
    for k in ("_attn_implementation_autoset", "dtype", "torch_dtype", "_name_or_path"):
        cfg.pop(k, None)
    if task == "fill-mask":
        for k in ("id2label", "label2id"):
            cfg.pop(k, None)
    else:
        cfg["id2label"] = {str(k): v for k, v in model.config.id2label.items()}
        cfg["label2id"] = {k: int(v) for k, v in model.config.label2id.items()}
    cfg["tie_word_embeddings"] = bool(getattr(model.config, "tie_word_embeddings", True))
    write_json(out / "config.json", cfg, indent=2)


def fixtures(model, tokenizer, q8_path: Path, task: str) -> dict:
    sess = ox.ort_session(q8_path)
    L = model.config.num_hidden_layers
    items = []
    for text in FIXTURE_SENTENCES:
        enc = tokenizer(text, return_tensors="np")
        ids, mask, tt = enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]
        outs = {"pytorch_fp32": ox.torch_run(model, ids, mask, tt), "onnx_int8": ox.ort_run(sess, ids, mask, tt)}
        item = {"text": text, "input_ids": ids[0].tolist(), "tokens": tokenizer.convert_ids_to_tokens(ids[0].tolist())}
        for key, o in outs.items():
            rec = {"attentions_layer0": r5(o["attentions"][0, 0]), f"attentions_layer{L - 1}": r5(o["attentions"][L - 1, 0])}
            if task == "fill-mask":
                masks = [i for i, t in enumerate(ids[0]) if t == tokenizer.mask_token_id]
                rec["mask_top5"] = []
                for p in masks:
                    lg = o["logits"][0, p]
                    top = np.argsort(-lg)[:5]
                    rec["mask_top5"].append({"position": p, "ids": top.tolist(), "tokens": tokenizer.convert_ids_to_tokens(top.tolist()),
                                             "logits": r5(lg[top])})
            else:
                rec["logits"] = r5(o["logits"][0])
                rec["probs"] = r5(torch.softmax(torch.tensor(o["logits"][0]), -1).numpy())
            item[key] = rec
        items.append(item)
    return {"note": "batch of one, no padding; attentions are [num_heads, T, T] rounded to 1e-5",
            "last_layer_index": L - 1, "sentences": items}


def parity(model, tokenizer, fp32_path: Path, q8_path: Path, texts: list[str], batch: int = 16) -> dict:
    """Max abs diffs fp32-ONNX vs PyTorch and int8 vs fp32 on real texts (padded batches)."""
    s32, s8 = ox.ort_session(fp32_path), ox.ort_session(q8_path)
    d32 = {k: 0.0 for k in ox.OUTPUTS}
    d8 = {k: 0.0 for k in ox.OUTPUTS}
    agree = n = 0
    for i in range(0, len(texts), batch):
        enc = tokenizer(texts[i:i + batch], return_tensors="np", padding=True, truncation=True, max_length=128)
        a = ox.torch_run(model, enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
        b = ox.ort_run(s32, enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
        c = ox.ort_run(s8, enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
        m = enc["attention_mask"].astype(bool)
        for k in ox.OUTPUTS:
            if k == "logits" and a[k].ndim == 3:
                sel = lambda x: x[m]
            elif k == "attentions":
                sel = lambda x: x.transpose(0, 1, 3, 2, 4)[:, m]  # [L, n_query_tok, H, T]
            elif k == "hidden_states":
                sel = lambda x: x[:, m]
            else:
                sel = lambda x: x
            d32[k] = max(d32[k], float(np.abs(sel(a[k]) - sel(b[k])).max()))
            d8[k] = max(d8[k], float(np.abs(sel(b[k]) - sel(c[k])).max()))
        if a["logits"].ndim == 2:
            agree += int((b["logits"].argmax(-1) == c["logits"].argmax(-1)).sum())
            n += len(b["logits"])
        else:
            agree += int((b["logits"].argmax(-1)[m] == c["logits"].argmax(-1)[m]).sum())
            n += int(m.sum())
    return {"texts": len(texts), "fp32_onnx_vs_pytorch_max_abs": d32, "int8_vs_fp32_max_abs": d8,
            "int8_vs_fp32_argmax_agreement": agree / max(n, 1),
            "agreement_unit": "texts" if len(texts) and n == len(texts) else "non-pad tokens"}


def export_folder(model, tokenizer, model_id: str, task: str, *, tok_dir: Path, base_info: dict, dataset: dict,
                  labels: list[str] | None, temperature: float, max_length: int, metrics: dict | None,
                  extra_json: dict | None = None, parity_texts: list[str] | None = None,
                  out_root: Path = MODELS, work_root: Path = WORK, gradients: bool = False) -> dict:
    """Export ONNX (fp32 kept in work_root, int8 in the folder), gradients graph, fixtures, godeep.json."""
    model = model.eval().float()
    out = out_root / model_id
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    work = work_root / model_id
    work.mkdir(parents=True, exist_ok=True)
    write_tokenizer(out, tok_dir)
    write_config(model, out, task)
    fp32 = work / "model.onnx"
    exp = ox.export_fp32(model, fp32)
    fix_heads_dim(fp32, model.config.num_attention_heads)
    q8 = out / "onnx" / "model_quantized.onnx"
    qinfo = ox.quantize_int8(fp32, q8)
    report = {"export": exp, "quantization": qinfo}
    if parity_texts:
        report["parity"] = parity(model, tokenizer, fp32, q8, parity_texts)
    if gradients:
        g32 = work / "gradients_fp32.onnx"
        report["gradients_export"] = gradgraph.export_gradients(model, g32)
        report["gradients_quantization"] = gradgraph.quantize_weights_int8(g32, out / "onnx" / "gradients.onnx")
        report["gradients_check"] = gradgraph.check_against_autograd(model, out / "onnx" / "gradients.onnx", tokenizer)
    write_json(out / "fixtures.json", fixtures(model, tokenizer, q8, task), indent=None)
    for name, obj in (extra_json or {}).items():
        write_json(out / name, obj, indent=None if name in ("test_predictions.json", "training_log.json") else 1)
    write_godeep(model, out, model_id, task, base_info, dataset, labels, temperature, max_length, metrics, report)
    return report


def fix_heads_dim(path: Path, heads: int):
    import onnx

    m = onnx.load(str(path))
    for o in m.graph.output:
        if o.name == "attentions":
            d = o.type.tensor_type.shape.dim[2]
            d.ClearField("dim_param")
            d.dim_value = heads
    onnx.save(m, str(path))


def write_godeep(model, out, model_id, task, base_info, dataset, labels, temperature, max_length, metrics, report):
    from .modeling import parameter_counts

    c = model.config
    files = []
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != "godeep.json":
            rel = p.relative_to(out).as_posix()
            entry = {"path": rel, "bytes": p.stat().st_size, "sha256": sha256(p)}
            if p.suffix == ".onnx":
                ins, outs = ox.io_signature(p)
                entry.update({"dtype": "int8" if "quantized" in p.name or p.name == "gradients.onnx" else "fp32",
                              "inputs": ins, "outputs": outs})
                if p.name == "gradients.onnx":
                    entry["dtype"] = "int8 weights (DequantizeLinear), fp32 compute"
            else:
                entry["dtype"] = "json" if p.suffix == ".json" else "text"
            files.append(entry)
    g = {
        "id": model_id, "task": task, "created": now(),
        "base_model": base_info, "dataset": dataset, "labels": labels, "temperature": temperature,
        "num_layers": c.num_hidden_layers, "num_heads": c.num_attention_heads, "hidden_size": c.hidden_size,
        "intermediate_size": c.intermediate_size, "vocab_size": c.vocab_size,
        "max_position_embeddings": c.max_position_embeddings, "parameters": parameter_counts(model),
        "max_length": max_length, "opset": report["export"]["opset"], "export": report, "files": files,
        "metrics": metrics or {},
    }
    write_json(out / "godeep.json", g)
    return g


def write_manifest(entries: list[dict], root: Path = MODELS):
    path = root / "manifest.json"
    cur = {"models": []}
    if path.exists():
        cur = json.loads(path.read_text())
    byid = {m["id"]: m for m in cur.get("models", [])}
    for e in entries:
        byid[e["id"]] = e
    order = ["minilm-news-mlm", "minilm-agnews"]
    models = sorted(byid.values(), key=lambda m: (order.index(m["id"]) if m["id"] in order else 99, m["id"]))
    write_json(path, {"models": models}, indent=2)
