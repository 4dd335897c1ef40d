"""Gradient graph for attribution (Integrated Gradients, head ablation).

The BERT classifier forward is written as a pure function of tensors, differentiated with
torch.autograd.grad, traced to aten ops with make_fx (symbolic shapes) and exported to ONNX.
Weights can then be stored as int8 + DequantizeLinear (weight-only; compute stays fp32).

Inputs : input_ids, attention_mask, token_type_ids int64 [B,T]; alphas float32 [B];
         target int64 [B]; head_mask float32 [L,H].
Outputs: logits [B,C]; input_grads [B,T,D] = d logit[target] / d (alpha * word_embeddings);
         input_embeds [B,T,D] = word_embeddings(input_ids) (unscaled; baseline = 0).
"""
from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

GRAD_INPUTS = ["input_ids", "attention_mask", "token_type_ids", "alphas", "target", "head_mask"]
GRAD_OUTPUTS = ["logits", "input_grads", "input_embeds"]


def weights_from_model(model) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone().float() for k, v in model.state_dict().items()}


def make_forward(W: dict, cfg):
    L, H, D = cfg.num_hidden_layers, cfg.num_attention_heads, cfg.hidden_size
    hd = D // H
    eps = cfg.layer_norm_eps
    neg = torch.finfo(torch.float32).min

    def lin(x, name):
        return F.linear(x, W[name + ".weight"], W[name + ".bias"])

    def ln(x, name):
        return F.layer_norm(x, (D,), W[name + ".weight"], W[name + ".bias"], eps)

    def from_embeds(scaled, attention_mask, token_type_ids, head_mask):
        B, T = scaled.shape[0], scaled.shape[1]
        pos = torch.arange(T, device=scaled.device)
        x = scaled + F.embedding(pos, W["bert.embeddings.position_embeddings.weight"])[None] \
            + F.embedding(token_type_ids, W["bert.embeddings.token_type_embeddings.weight"])
        x = ln(x, "bert.embeddings.LayerNorm")
        ext = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * neg
        for l in range(L):
            p = f"bert.encoder.layer.{l}."

            def heads(t):
                return t.view(B, T, H, hd).transpose(1, 2)

            q = heads(lin(x, p + "attention.self.query"))
            k = heads(lin(x, p + "attention.self.key"))
            v = heads(lin(x, p + "attention.self.value"))
            s = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd) + ext
            a = torch.softmax(s, dim=-1) * head_mask[l][None, :, None, None]
            c = torch.matmul(a, v).transpose(1, 2).reshape(B, T, D)
            x = ln(lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = F.gelu(lin(x, p + "intermediate.dense"))
            x = ln(lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        pooled = torch.tanh(lin(x[:, 0], "bert.pooler.dense"))
        return lin(pooled, "classifier")

    def fn(input_ids, attention_mask, token_type_ids, alphas, target, head_mask):
        embeds = F.embedding(input_ids, W["bert.embeddings.word_embeddings.weight"])
        scaled = (alphas[:, None, None] * embeds).detach().requires_grad_(True)
        with torch.enable_grad():
            logits = from_embeds(scaled, attention_mask, token_type_ids, head_mask)
            sel = logits.gather(1, target[:, None]).sum()
            (g,) = torch.autograd.grad(sel, scaled)
        return logits.detach(), g, embeds

    return fn, from_embeds


def example_inputs(cfg, B=2, T=7):
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 20000 if cfg.vocab_size > 20000 else cfg.vocab_size, (B, T), generator=g)
    ids[:, 0], ids[:, -1] = 101, 102
    mask = torch.ones(B, T, dtype=torch.long)
    mask[-1, -2:] = 0
    return (ids, mask, torch.zeros(B, T, dtype=torch.long), torch.linspace(0.5, 1.0, B),
            torch.zeros(B, dtype=torch.long), torch.ones(cfg.num_hidden_layers, cfg.num_attention_heads))


def export_gradients(model, path: Path, opset: int = 17) -> dict:
    from torch.fx.experimental.proxy_tensor import make_fx

    cfg = model.config
    W = weights_from_model(model)
    fn, _ = make_forward(W, cfg)
    ex = example_inputs(cfg)
    gm = make_fx(fn, tracing_mode="symbolic", _allow_non_fake_inputs=True)(*ex)
    path.parent.mkdir(parents=True, exist_ok=True)
    dyn = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
           "token_type_ids": {0: "batch", 1: "sequence"}, "alphas": {0: "batch"}, "target": {0: "batch"},
           "logits": {0: "batch"}, "input_grads": {0: "batch", 1: "sequence"},
           "input_embeds": {0: "batch", 1: "sequence"}}
    exporter = "dynamo(make_fx graph)"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # the TorchScript tracer rejects make_fx graphs ("unsupported argument type"), so dynamo first
            B, T = torch.export.Dim("batch"), torch.export.Dim("sequence")
            ds = ({0: B, 1: T}, {0: B, 1: T}, {0: B, 1: T}, {0: B}, {0: B}, None)
            prog = torch.onnx.export(gm, ex, input_names=GRAD_INPUTS, output_names=GRAD_OUTPUTS,
                                     dynamic_shapes=ds, opset_version=max(opset, 18), dynamo=True, verbose=False)
            prog.save(str(path))
            opset = max(opset, 18)
        except Exception as e:  # pragma: no cover
            print("dynamo export of the gradient graph failed, trying torchscript:", repr(e)[:400])
            exporter = "torchscript(make_fx graph)"
            torch.onnx.export(gm, ex, str(path), input_names=GRAD_INPUTS, output_names=GRAD_OUTPUTS,
                              dynamic_axes=dyn, opset_version=opset, do_constant_folding=False, dynamo=False)
    return {"exporter": exporter, "opset": opset}


def quantize_weights_int8(src: Path, dst: Path, min_elems: int = 4096) -> dict:
    """Weight-only int8: every float initializer with >= min_elems elements becomes an int8
    initializer + per-tensor scale + DequantizeLinear (symmetric, zero point 0). Compute stays fp32."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(str(src))
    g = m.graph
    new_inits, nodes, n_q = [], [], 0
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if arr.dtype == np.float32 and arr.size >= min_elems:
            scale = float(np.abs(arr).max()) / 127.0 or 1.0
            q = np.clip(np.round(arr / scale), -127, 127).astype(np.int8)
            qn, sn, zn = init.name + "_q8", init.name + "_scale", init.name + "_zp"
            new_inits += [numpy_helper.from_array(q, qn), numpy_helper.from_array(np.array(scale, np.float32), sn),
                          numpy_helper.from_array(np.array(0, np.int8), zn)]
            nodes.append(helper.make_node("DequantizeLinear", [qn, sn, zn], [init.name], name=init.name + "_dq"))
            n_q += 1
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    old = list(g.node)
    del g.node[:]
    g.node.extend(nodes + old)
    onnx.checker.check_model(m)
    onnx.save(m, str(dst))
    return {"weights": "int8 weight-only (DequantizeLinear, per-tensor symmetric)", "compute": "fp32",
            "quantized_initializers": n_q}


def dequantized_model(model):
    """Copy of `model` whose large weights went through the same int8 round trip (for exact tests)."""
    import copy

    m2 = copy.deepcopy(model)
    with torch.no_grad():
        for _, p in m2.state_dict().items():
            if p.dtype == torch.float32 and p.numel() >= 4096:
                scale = p.abs().max() / 127.0
                if scale > 0:
                    p.copy_(torch.clamp(torch.round(p / scale), -127, 127) * scale)
    return m2


def torch_reference(model, ids, mask, tt, alphas, target, head_mask):
    """Plain autograd on the pure forward (for verification)."""
    fn, _ = make_forward(weights_from_model(model), model.config)
    return [t.detach().numpy() for t in fn(torch.as_tensor(ids), torch.as_tensor(mask), torch.as_tensor(tt),
                                             torch.as_tensor(alphas), torch.as_tensor(target), torch.as_tensor(head_mask))]


def check_against_autograd(model, path: Path, tokenizer=None) -> dict:
    """Compare the exported graph with autograd on the same (int8-rounded if needed) weights, plus
    a finite-difference check of the directional derivative."""
    import onnx

    from . import onnx_export as ox

    m = onnx.load(str(path), load_external_data=False)
    quant = any(n.op_type == "DequantizeLinear" for n in m.graph.node)
    ref_model = dequantized_model(model) if quant else model
    cfg = model.config
    ex = list(example_inputs(cfg, B=3, T=10))
    ex[5] = ex[5].clone()
    ex[5][0, 0] = 0.0  # one head switched off
    ex[4] = torch.tensor([0, 1, cfg.num_labels - 1])
    sess = ox.ort_session(path)
    got = sess.run(None, dict(zip(GRAD_INPUTS, [e.numpy() for e in ex])))
    ref = torch_reference(ref_model, *ex)
    diffs = {n: float(np.abs(r - o).max()) for n, r, o in zip(GRAD_OUTPUTS, ref, got)}
    # finite difference along a random direction, float64 pure forward
    W = {k: v.double() for k, v in weights_from_model(ref_model).items()}
    _, fe = make_forward(W, cfg)
    emb = torch.as_tensor(got[2]).double() * ex[3].double()[:, None, None]
    d = torch.randn(emb.shape, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    eps = 1e-4
    with torch.no_grad():
        f = lambda e: fe(e, ex[1], ex[2], ex[5].double()).gather(1, ex[4][:, None])[:, 0]
        fd = (f(emb + eps * d) - f(emb - eps * d)) / (2 * eps)
    an = (torch.as_tensor(got[1]).double() * d).sum((1, 2))
    rel = float(((fd - an).abs() / (fd.abs() + 1e-6)).max())
    return {"vs_autograd_max_abs": diffs, "finite_difference_max_rel_err": rel, "weights_int8_rounded_reference": quant}
