"""End to end on a tiny random BertConfig (2 layers, 32 hidden) and a few dozen rows:
train a few steps, export, quantize; ONNX vs PyTorch parity, I/O names/shapes, gradients vs autograd."""
import json

import numpy as np
import pytest
import torch

from models.pipeline import gradgraph, modeling, onnx_export as ox
from models.pipeline.__main__ import main


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, data_dir):
    root = tmp_path_factory.mktemp("gd")
    main(["smoke", "--root", str(root), "--data-dir", str(data_dir)])
    return root / "models", root / "work"


def load_json(p):
    return json.loads(p.read_text())


def test_folders_and_manifest(tiny):
    out, _ = tiny
    man = load_json(out / "manifest.json")
    assert [m["id"] for m in man["models"]] == ["minilm-news-mlm", "minilm-agnews"]
    for m in man["models"]:
        d = out / m["id"]
        for f in ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "godeep.json",
                  "fixtures.json", "training_log.json", "eval.json", "resources.json", "onnx/model_quantized.onnx"):
            assert (d / f).exists(), f
        assert not (d / "onnx" / "model.onnx").exists()
        tc = load_json(d / "tokenizer_config.json")
        assert tc["tokenizer_class"] == "BertTokenizer" and tc["do_lower_case"] and tc["model_max_length"] == 512
    assert (out / "minilm-agnews" / "onnx" / "gradients.onnx").exists()
    assert (out / "minilm-agnews" / "test_predictions.json").exists()


@pytest.mark.parametrize("mid,task", [("minilm-news-mlm", "fill-mask"), ("minilm-agnews", "text-classification")])
def test_onnx_io_and_parity(tiny, tokenizer, mid, task):
    out, work = tiny
    d = out / mid
    cfg = load_json(d / "config.json")
    L, H, D = cfg["num_hidden_layers"], cfg["num_attention_heads"], cfg["hidden_size"]
    ins, outs = ox.io_signature(d / "onnx" / "model_quantized.onnx")
    assert [i["name"] for i in ins] == ["input_ids", "attention_mask", "token_type_ids"]
    assert all(i["dtype"] == "int64" for i in ins)
    assert [o["name"] for o in outs] == ["logits", "attentions", "hidden_states"]
    ckpt = work / ("mlm" if task == "fill-mask" else "classify-ag_news") / "final"
    model = (modeling.build_mlm(str(ckpt)) if task == "fill-mask"
             else modeling.build_classifier(str(ckpt), ["World", "Sports", "Business", "Sci/Tech"])).eval()
    enc = tokenizer(["Stocks rallied on Wall Street.", "The striker scored twice as United beat Chelsea again."],
                    return_tensors="np", padding=True)
    args = enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]
    B, T = enc["input_ids"].shape
    pt = ox.torch_run(model, *args)
    f32 = ox.ort_run(ox.ort_session(work / mid / "model.onnx"), *args)
    q8 = ox.ort_run(ox.ort_session(d / "onnx" / "model_quantized.onnx"), *args)
    C = cfg["vocab_size"] if task == "fill-mask" else 4
    assert q8["logits"].shape == ((B, T, C) if task == "fill-mask" else (B, C))
    assert q8["attentions"].shape == (L, B, H, T, T)
    assert q8["hidden_states"].shape == (L + 1, B, T, D)
    for k in pt:
        assert np.abs(pt[k] - f32[k]).max() < 1e-4, k
    np.testing.assert_allclose(q8["attentions"].sum(-1), 1.0, atol=1e-3)
    assert np.abs(q8["logits"] - f32["logits"]).max() < 0.5


def test_gradients_graph_vs_autograd(tiny):
    out, work = tiny
    model = modeling.build_classifier(str(work / "classify-ag_news" / "final"),
                                      ["World", "Sports", "Business", "Sci/Tech"]).eval()
    path = out / "minilm-agnews" / "onnx" / "gradients.onnx"
    ins, outs = ox.io_signature(path)
    assert [i["name"] for i in ins] == gradgraph.GRAD_INPUTS
    assert [o["name"] for o in outs] == gradgraph.GRAD_OUTPUTS
    chk = gradgraph.check_against_autograd(model, path)
    assert chk["vs_autograd_max_abs"]["input_grads"] < 1e-5
    assert chk["vs_autograd_max_abs"]["logits"] < 1e-5
    assert chk["finite_difference_max_rel_err"] < 1e-2
    # direct comparison with torch.autograd on the transformers model (alpha = 1, all heads on)
    ref = gradgraph.dequantized_model(model)
    cfg = model.config
    ids, mask, tt, _, _, hm = gradgraph.example_inputs(cfg, B=2, T=8)
    target = torch.tensor([1, 3])
    sess = ox.ort_session(path)
    logits, grads, embeds = sess.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy(),
                                            "token_type_ids": tt.numpy(), "alphas": np.ones(2, np.float32),
                                            "target": target.numpy(), "head_mask": hm.numpy()})
    emb = ref.bert.embeddings.word_embeddings(ids).detach().requires_grad_(True)
    lg = ref(inputs_embeds=emb, attention_mask=mask, token_type_ids=tt).logits
    g, = torch.autograd.grad(lg.gather(1, target[:, None]).sum(), emb)
    assert np.abs(lg.detach().numpy() - logits).max() < 1e-5
    assert np.abs(g.numpy() - grads).max() < 1e-5
    assert np.abs(emb.detach().numpy() - embeds).max() < 1e-6
    # head ablation changes the output; alpha = 0 gives the zero-baseline
    hm0 = hm.numpy().copy()
    hm0[:, :] = 0
    l0 = sess.run(["logits"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": tt.numpy(),
                               "alphas": np.ones(2, np.float32), "target": target.numpy(), "head_mask": hm0})[0]
    assert np.abs(l0 - logits).max() > 1e-6


def test_logs_and_eval_fields(tiny):
    out, _ = tiny
    d = out / "minilm-agnews"
    log = load_json(d / "training_log.json")["entries"]
    assert {"step", "epoch", "time", "train_loss", "grad_norm", "lr", "samples_per_s", "tokens_per_s", "peak_rss_mb",
            "cpu_percent", "wall_s"} <= set(log[0])
    assert any("val_accuracy" in e and "val_macro_f1" in e and "val_per_class_f1" in e for e in log)
    ev = load_json(d / "eval.json")
    for k in ("accuracy", "macro_f1", "micro_f1", "per_class", "confusion_matrix", "ece", "ece_temperature"):
        assert k in ev["fp32"] and k in ev["onnx_int8"], k
    assert "argmax_agreement" in ev["int8_vs_fp32"]
    bands = ev["onnx_int8"]["accuracy_by_length"]
    assert sum(b["count"] for b in bands) == ev["rows"] == 40
    preds = load_json(d / "test_predictions.json")
    assert len(preds["rows"]) == 40 and len(preds["rows"][0][2]) == 4
    mlm_log = load_json(out / "minilm-news-mlm" / "training_log.json")["entries"]
    assert {"train_loss", "grad_norm", "train_masked_acc", "tokens_per_s"} <= set(mlm_log[0])
    assert all(e["grad_norm"] > 0 for e in log + mlm_log)
    mlm_ev = load_json(out / "minilm-news-mlm" / "eval.json")
    assert {"top1", "top5", "protocol"} <= set(mlm_ev)
