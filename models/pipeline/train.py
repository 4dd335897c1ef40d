"""Stage 1 (domain-adaptive masked LM) and stage 2 (sequence classification), plus `export`.

Both stages share: tokenisation without padding, length-grouped batches with dynamic padding,
AdamW with linear warmup/decay, a wall-clock budget that is turned into a number of steps after
measuring throughput, JSON training logs with resources, checkpoints in models/.work.
"""
from __future__ import annotations

import json
import math
import os
import resource
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from . import artifacts, data, metrics, modeling
from .paths import data_dir, tokenizer_dir

MLM_ID, CLS_ID = "minilm-news-mlm", "minilm-agnews"


# ------------------------------------------------------------------ batching
def encode(tok, texts, max_length):
    return tok(texts, truncation=True, max_length=max_length, add_special_tokens=True)["input_ids"]


def length_grouped_batches(lengths, batch_size, seed, mega=50):
    rng = np.random.RandomState(seed)
    idx = rng.permutation(len(lengths))
    batches = []
    for i in range(0, len(idx), batch_size * mega):
        chunk = sorted(idx[i:i + batch_size * mega], key=lambda j: lengths[j])
        batches += [chunk[k:k + batch_size] for k in range(0, len(chunk), batch_size)]
    order = rng.permutation(len(batches))
    return [batches[o] for o in order]


def pad(seqs, pad_id=0):
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), T), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    return ids, mask


def mask_tokens(ids, attn, tok, gen, prob=0.15):
    """Standard BERT masking: 15 % of non-special tokens; of those 80 % [MASK], 10 % random, 10 % kept."""
    labels = ids.clone()
    special = (ids == tok.cls_token_id) | (ids == tok.sep_token_id) | (attn == 0)
    p = torch.full(ids.shape, prob)
    p[special] = 0.0
    chosen = torch.bernoulli(p, generator=gen).bool()
    labels[~chosen] = -100
    ids = ids.clone()
    repl = torch.bernoulli(torch.full(ids.shape, 0.8), generator=gen).bool() & chosen
    ids[repl] = tok.mask_token_id
    rnd = torch.bernoulli(torch.full(ids.shape, 0.5), generator=gen).bool() & chosen & ~repl
    ids[rnd] = torch.randint(999, len(tok), ids.shape, generator=gen)[rnd]  # skip [unused]/special ids
    return ids, labels


# ------------------------------------------------------------------ resources
class Monitor:
    def __init__(self):
        self.t0 = time.time()
        self.c0 = self._cpu()
        self.last_t, self.last_c = self.t0, self.c0

    @staticmethod
    def _cpu():
        t = os.times()
        return t.user + t.system

    def snapshot(self):
        t, c = time.time(), self._cpu()
        cpu = 100.0 * (c - self.last_c) / max(t - self.last_t, 1e-9)
        self.last_t, self.last_c = t, c
        return {"wall_s": round(t - self.t0, 1), "cpu_percent": round(cpu, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}

    def total(self):
        t, c = time.time(), self._cpu()
        return {"wall_s": round(t - self.t0, 1), "cpu_s": round(c - self.c0, 1),
                "cpu_percent_avg": round(100 * (c - self.c0) / max(t - self.t0, 1e-9), 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "threads": torch.get_num_threads(), "cpu_count": os.cpu_count()}


def lr_lambda(warmup, total):
    def f(step):
        if step < warmup:
            return (step + 1) / max(warmup, 1)
        return max(0.0, (total - step) / max(total - warmup, 1))
    return f


class Budget:
    """Wall-clock budget -> number of steps, with a linear warmup/decay lr that adapts.

    After `calib` steps the step time is measured and the total is set to fit the budget; at each
    `check()` the total is shrunk again if the measured pace (other processes share the CPU)
    would overrun. The lr stays continuous: it decays linearly from its current value to 0 over
    the remaining steps.
    """

    def __init__(self, opt, max_steps, minutes, calib=20, warmup_frac=0.06):
        self.opt, self.max_steps, self.minutes, self.calib = opt, max_steps, minutes, calib
        self.total = max_steps
        self.warm = max(1, int(warmup_frac * max_steps))
        self.peaks = [g["lr"] for g in opt.param_groups]
        self.anchor = None  # (step, factor)
        self.t0 = self.t_first = None
        self.sec_per_step = None
        self.n = 0
        self.decided = False
        self.marks = []
        self.adjustments = []
        self._apply()

    def factor(self, step):
        if step < self.warm:
            return (step + 1) / self.warm
        if self.anchor:
            s0, f0 = self.anchor
            return max(0.0, f0 * (self.total - step) / max(self.total - s0, 1))
        return max(0.0, (self.total - step) / max(self.total - self.warm, 1))

    def _apply(self):
        f = self.factor(self.n)
        for g, p in zip(self.opt.param_groups, self.peaks):
            g["lr"] = p * f

    def step(self):
        self.n += 1
        if self.t_first is None:
            self.t_first = time.time()  # first step excluded (kernel warm-up)
        if self.minutes is not None and self.n >= self.calib and self.n % 5 == 0:
            self._refit()
        self._apply()
        return self.n >= self.total

    def _refit(self):
        now = time.time()
        el = now - self.t_first
        self.marks.append((self.n, now))
        self.marks = self.marks[-12:]  # pace over the last ~60 steps (the CPU is shared)
        (n0, t0) = self.marks[0] if len(self.marks) > 1 else (1, self.t_first)
        self.sec_per_step = (now - t0) / max(self.n - n0, 1)
        left = self.minutes * 60 - el
        fit = int(min(self.max_steps, self.n + max(left, 0) / self.sec_per_step))
        if not self.decided:
            self.decided = True
            new = max(self.calib + 1, fit)
        elif abs(fit - self.total) > max(3, 0.03 * self.total) and self.total - self.n > 5:
            new = max(self.n + 1, fit)
        else:
            return
        if new != self.total:
            if self.n >= self.warm:
                self.anchor = (self.n, self.factor(self.n))
            else:
                self.warm = max(1, min(self.warm, int(0.06 * new)))
            self.adjustments.append({"step": self.n, "total": new, "sec_per_step": round(self.sec_per_step, 3)})
            print(f"[budget] step {self.n}: {self.sec_per_step:.2f} s/step -> total {new} steps", flush=True)
            self.total = new


def make_optimizer(params_groups, lr, wd=0.01):
    return torch.optim.AdamW(params_groups, lr=lr, weight_decay=wd, betas=(0.9, 0.999), eps=1e-8)


def decay_groups(named, lr, head_prefixes=(), head_lr=None, wd=0.01):
    groups = {}
    for n, p in named:
        if not p.requires_grad:
            continue
        nd = p.ndim < 2 or "LayerNorm" in n or n.endswith(".bias")
        head = any(n.startswith(h) for h in head_prefixes)
        key = (nd, head)
        groups.setdefault(key, []).append(p)
    return [{"params": ps, "weight_decay": 0.0 if nd else wd, "lr": (head_lr or lr) if head else lr}
            for (nd, head), ps in groups.items()]


# ------------------------------------------------------------------ shared setup
def setup(a):
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    dd = data_dir(a.data_dir)
    tok = modeling.load_tokenizer(tokenizer_dir(dd))
    return dd, tok


def limit(split, n, seed=0):
    if not n or n >= len(split):
        return split
    idx = sorted(np.random.RandomState(seed).permutation(len(split))[:n].tolist())
    return split.subset(idx)


# ------------------------------------------------------------------ stage 1: MLM
def apply_gradients(model, opt, loss, max_grad_norm: float = 1.0) -> float:
    """One optimizer step, the same for both stages: backward, clip the gradient norm, step, clear.
    Returns the total gradient norm before clipping (for the training log)."""
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
    opt.step()
    opt.zero_grad(set_to_none=True)
    return float(norm)


class Progress:
    """What the training log reports every few steps: the mean loss and pre-clipping gradient norm over the steps
    since the last line, tokens and samples per second over the same stretch; totals for resources.json."""

    def __init__(self, steps_per_epoch: int):
        self.steps_per_epoch = steps_per_epoch
        self.tokens = self.samples = 0
        self._restart()

    def _restart(self):
        self.t, self.tok, self.samp, self.loss, self.norm, self.n = time.time(), 0, 0, 0.0, 0.0, 0

    def add(self, attn, loss: float, grad_norm: float):
        n_tok, n_samp = int(attn.sum()), attn.shape[0]
        self.tokens += n_tok
        self.samples += n_samp
        self.tok, self.samp, self.n = self.tok + n_tok, self.samp + n_samp, self.n + 1
        self.loss += loss
        self.norm += grad_norm

    def exclude(self, seconds: float):
        """Leaves time spent elsewhere (a validation pass) out of the next line's rates."""
        self.t += seconds

    def entry(self, step: int, lr: float, mon: "Monitor") -> dict:
        dt = max(time.time() - self.t, 1e-9)
        e = {"step": step, "epoch": round(step / self.steps_per_epoch, 4), "time": artifacts.now(),
             "train_loss": round(self.loss / max(self.n, 1), 4), "grad_norm": round(self.norm / max(self.n, 1), 4),
             "lr": lr, "samples_per_s": round(self.samp / dt, 2), "tokens_per_s": round(self.tok / dt, 1),
             **mon.snapshot()}
        self._restart()
        return e


def mlm_eval(model, tok, texts, max_length=64, n_texts=2000, seed=1234, batch=64):
    """Masked-token accuracy: 15 % of the word pieces of each text (at least one; never [CLS]/[SEP])
    replaced by [MASK] (no 80/10/10 at evaluation), fixed seed; top-1/top-5 over all masked positions."""
    rng = np.random.RandomState(seed)
    idx = sorted(rng.permutation(len(texts))[:n_texts].tolist())
    seqs = encode(tok, [texts[i] for i in idx], max_length)
    inputs, labels = [], []
    for s in seqs:
        n_wp = len(s) - 2
        k = max(1, int(round(0.15 * n_wp)))
        pos = 1 + rng.choice(n_wp, size=k, replace=False)
        x, y = list(s), [-100] * len(s)
        for p in pos:
            y[p] = x[p]
            x[p] = tok.mask_token_id
        inputs.append(x)
        labels.append(y)
    model.eval()
    c1 = c5 = n = 0
    nll = 0.0
    with torch.no_grad():
        order = np.argsort([len(s) for s in inputs])
        for i in range(0, len(order), batch):
            b = order[i:i + batch]
            ids, attn = pad([inputs[j] for j in b])
            lab, _ = pad([labels[j] for j in b], pad_id=-100)
            logits = model(input_ids=ids, attention_mask=attn).logits
            m = lab != -100
            lg, y = logits[m], lab[m]
            top5 = lg.topk(5, -1).indices
            c1 += int((top5[:, 0] == y).sum())
            c5 += int((top5 == y[:, None]).any(-1).sum())
            nll += float(F.cross_entropy(lg, y, reduction="sum"))
            n += int(m.sum())
    return {"top1": c1 / n, "top5": c5 / n, "masked_tokens": n, "texts": len(idx),
            "pseudo_perplexity": math.exp(nll / n),
            "protocol": {"split": "test", "n_texts": len(idx), "text_sample_seed": seed, "mask_seed": seed,
                         "mask_fraction": 0.15, "min_masks_per_text": 1, "replacement": "100% [MASK] (no 80/10/10)",
                         "max_length": max_length, "excluded": "[CLS], [SEP]"}}


def run_mlm(a):
    torch.set_num_threads(a.threads)
    dd, tok = setup(a)
    out_root, work_root = Path(a.out_root), Path(a.work_root)
    work = work_root / "mlm"
    work.mkdir(parents=True, exist_ok=True)
    spec, splits = data.load(a.dataset, dd)
    train = limit(splits["train"], a.limit_train)
    if a.tiny:
        src, prov = None, {"name": "tiny random BertConfig", "source": "random init (test)"}
        model = modeling.build_mlm(None, modeling.tiny_config())
    else:
        src, prov = modeling.resolve_base(a.base)
        model = modeling.build_mlm(src)
    seqs = encode(tok, train.texts, a.max_length)
    lengths = [len(s) for s in seqs]
    steps_per_epoch = math.ceil(len(seqs) / a.batch_size)
    groups = decay_groups(model.named_parameters(), a.lr, head_prefixes=("cls.predictions.transform",
                                                                          "cls.predictions.bias"), head_lr=a.head_lr)
    opt = make_optimizer(groups, a.lr)
    budget = Budget(opt, a.max_steps or steps_per_epoch * a.epochs, a.minutes)
    gen = torch.Generator().manual_seed(a.seed)
    mon = Monitor()
    prog = Progress(steps_per_epoch)
    log, step, epoch = [], 0, 0
    model.train()
    done = False
    print(f"[mlm] {len(seqs)} texts, batch {a.batch_size}, up to {budget.total} steps", flush=True)
    while not done:
        for b in length_grouped_batches(lengths, a.batch_size, a.seed + epoch):
            ids, attn = pad([seqs[i] for i in b])
            x, y = mask_tokens(ids, attn, tok, gen, prob=a.mask_prob)
            # decoder only at the masked positions (the 30,522-way head is ~half the FLOPs otherwise)
            hid = model.bert(input_ids=x, attention_mask=attn).last_hidden_state
            m = y != -100
            logits = model.cls(hid[m])
            loss = F.cross_entropy(logits, y[m])
            lr = opt.param_groups[0]["lr"]
            prog.add(attn, float(loss.detach()), apply_gradients(model, opt, loss))
            step += 1
            last = budget.step()
            if step % a.log_every == 0 or last:
                entry = prog.entry(step, lr, mon)
                # masked-token accuracy of this step's batch (80/10/10 inputs), a noisy but live signal
                entry["train_masked_acc"] = round(float((logits.argmax(-1) == y[m]).float().mean()), 4)
                log.append(entry)
                print(json.dumps(entry), flush=True)
            if last:
                done = True
                break
        epoch += 1
    train_res = mon.total()
    final = work / "final"
    model.save_pretrained(final)
    print("[mlm] evaluating", flush=True)
    ev_mon = Monitor()
    test_texts = splits["test"].texts
    ev = mlm_eval(model, tok, test_texts, a.max_length, a.eval_texts)
    ev["eval_resources"] = ev_mon.total()
    ev["aims"] = {"top1": 0.45, "top5": 0.65, "met": ev["top1"] >= 0.45 and ev["top5"] >= 0.65}
    print(json.dumps({k: ev[k] for k in ("top1", "top5", "masked_tokens")}), flush=True)
    resources = {"stage": "mlm", "train": train_res, "steps": step, "tokens": prog.tokens, "samples": prog.samples,
                 "tokens_per_s": round(prog.tokens / train_res["wall_s"], 1),
                 "samples_per_s": round(prog.samples / train_res["wall_s"], 2),
                 "sec_per_step_measured": budget.sec_per_step, "budget_adjustments": budget.adjustments, "batch_size": a.batch_size,
                 "max_length": a.max_length, "torch": torch.__version__}
    recipe = {"objective": f"masked LM, {a.mask_prob:.0%} of word pieces, 80/10/10", "decoder": "tied to input embeddings",
              "optimizer": "AdamW", "lr": a.lr, "head_lr": a.head_lr, "weight_decay": 0.01, "warmup_frac": 0.06,
              "schedule": "linear", "batch_size": a.batch_size, "steps": step, "epochs": round(step / steps_per_epoch, 3),
              "max_length": a.max_length, "dynamic_padding": True, "length_grouped": True, "seed": a.seed,
              "train_texts": len(seqs), "budget_minutes": a.minutes}
    (work / "eval.json").write_text(json.dumps(ev, indent=1))
    export_mlm(model, tok, dd, spec, prov, a, ev, log, resources, recipe, out_root, work_root)
    print("[mlm] done", flush=True)


def export_mlm(model, tok, dd, spec, prov, a, ev, log, resources, recipe, out_root, work_root):
    from .__main__ import MANIFEST

    metrics_ = {"mlm_top1": ev["top1"], "mlm_top5": ev["top5"], "masked_tokens": ev["masked_tokens"],
                "pseudo_perplexity": ev["pseudo_perplexity"]}
    artifacts.export_folder(model, tok, MLM_ID, "fill-mask", tok_dir=tokenizer_dir(dd),
                            base_info={**prov, "note": "encoder weights from the base; MLM head (transform + bias) "
                                                      "freshly initialised, decoder tied to word embeddings"},
                            dataset={"name": spec.name, "split_used": "train (minus validation)", "recipe": recipe},
                            labels=None, temperature=1.0, max_length=a.max_length, metrics=metrics_,
                            extra_json={"training_log.json": {"stage": "mlm", "entries": log},
                                        "resources.json": resources, "eval.json": ev},
                            parity_texts=splits_texts(dd, spec)[:16], out_root=out_root, work_root=work_root)
    artifacts.write_manifest([MANIFEST[MLM_ID]], out_root)


def splits_texts(dd, spec):
    return data.load(spec.name, dd)[1]["validation"].texts


# ------------------------------------------------------------------ stage 2: classification
def predict_logits(model, seqs, batch=64):
    model.eval()
    order = np.argsort([len(s) for s in seqs])
    out = np.zeros((len(seqs), model.config.num_labels), np.float32)
    with torch.no_grad():
        for i in range(0, len(order), batch):
            b = order[i:i + batch]
            ids, attn = pad([seqs[j] for j in b])
            out[b] = model(input_ids=ids, attention_mask=attn, token_type_ids=torch.zeros_like(ids)).logits.numpy()
    return out


def ort_logits(path, seqs, batch=64):
    from . import onnx_export as ox

    sess = ox.ort_session(path)
    order = np.argsort([len(s) for s in seqs])
    out = None
    for i in range(0, len(order), batch):
        b = order[i:i + batch]
        ids, attn = pad([seqs[j] for j in b])
        lg = ox.ort_run(sess, ids.numpy(), attn.numpy(), np.zeros_like(ids.numpy()))["logits"]
        if out is None:
            out = np.zeros((len(seqs), lg.shape[1]), np.float32)
        out[b] = lg
    return out


def run_classify(a):
    torch.set_num_threads(a.threads)
    dd, tok = setup(a)
    out_root, work_root = Path(a.out_root), Path(a.work_root)
    work = work_root / f"classify-{a.dataset}"
    work.mkdir(parents=True, exist_ok=True)
    spec, splits = data.load(a.dataset, dd)
    train = limit(splits["train"], a.limit_train)
    val = limit(splits["validation"], a.limit_val)
    test = limit(splits["test"], a.limit_test)
    init = a.init or str(work_root / "mlm" / "final")
    if a.tiny and not Path(init).exists():
        prov = {"name": "tiny random BertConfig", "source": "random init (test)"}
        model = modeling.build_classifier(None, spec.labels, modeling.tiny_config())
    else:
        if not Path(init).exists():
            print(f"[classify] stage-1 checkpoint {init} missing; starting from --base {a.base}", flush=True)
            init, prov = modeling.resolve_base(a.base)
        else:
            _, prov = modeling.resolve_base(a.base) if not a.tiny else (None, {"name": "tiny"})
            prov = {**prov, "stage1_checkpoint": os.path.relpath(init, out_root.parent) if not a.tiny else init}
        model = modeling.build_classifier(init, spec.labels)
    torch.manual_seed(a.seed)
    seqs = encode(tok, train.texts, a.max_length)
    vseqs = encode(tok, val.texts, a.max_length)
    tseqs = encode(tok, test.texts, a.max_length)
    lengths = [len(s) for s in seqs]
    labels = torch.tensor(train.labels)
    # periodic validation on a fixed subset (full validation split at the end, for the temperature)
    pv_idx = sorted(np.random.RandomState(0).permutation(len(vseqs))[:a.periodic_val or len(vseqs)].tolist())
    steps_per_epoch = math.ceil(len(seqs) / a.batch_size)
    opt = make_optimizer(decay_groups(model.named_parameters(), a.lr), a.lr)
    budget = Budget(opt, a.max_steps or steps_per_epoch * a.epochs, a.minutes)
    mon = Monitor()
    prog = Progress(steps_per_epoch)
    log, step, epoch = [], 0, 0
    eval_time = 0.0
    done = False
    model.train()
    print(f"[classify] {len(seqs)} train / {len(vseqs)} val / {len(tseqs)} test, up to {budget.total} steps", flush=True)
    while not done:
        for b in length_grouped_batches(lengths, a.batch_size, a.seed + epoch):
            ids, attn = pad([seqs[i] for i in b])
            out = model(input_ids=ids, attention_mask=attn, token_type_ids=torch.zeros_like(ids), labels=labels[b])
            lr = opt.param_groups[0]["lr"]
            prog.add(attn, float(out.loss.detach()), apply_gradients(model, opt, out.loss))
            step += 1
            last = budget.step()
            if step % a.log_every == 0 or last:
                entry = prog.entry(step, lr, mon)
                if step % a.eval_every == 0 or last:
                    te = time.time()
                    vl = predict_logits(model, [vseqs[i] for i in pv_idx])
                    m = metrics.classification(np.array(val.labels)[pv_idx], vl, spec.labels)
                    entry.update({"val_rows": len(pv_idx), "val_loss": round(m["nll"], 4), "val_accuracy": round(m["accuracy"], 4),
                                  "val_macro_f1": round(m["macro_f1"], 4),
                                  "val_per_class_f1": {k: round(v["f1"], 4) for k, v in m["per_class"].items()}})
                    eval_time += time.time() - te
                    prog.exclude(time.time() - te)
                    model.train()
                    torch.save({"step": step, "model": model.state_dict()}, work / "checkpoint.pt")
                log.append(entry)
                print(json.dumps(entry), flush=True)
            if last:
                done = True
                break
        epoch += 1
    train_res = mon.total()
    model.save_pretrained(work / "final")
    # ---- temperature on validation, test evaluation
    print("[classify] evaluating", flush=True)
    ev_mon = Monitor()
    vl = predict_logits(model, vseqs)
    T = metrics.fit_temperature(vl, np.array(val.labels))
    y = np.array(test.labels)
    ev = {"dataset": spec.name, "split": "test", "rows": len(y), "labels": spec.labels,
          "validation_fp32": metrics.classification(np.array(val.labels), vl, spec.labels, temperature=T),
          "temperature": T, "temperature_fit": "minimise NLL on the validation split (LBFGS on log T)",
          "aims": {"accuracy": 0.94}}
    # PyTorch on a test sample (parity reference); the full-test fp32 numbers come from the fp32 ONNX
    # graph (max |diff| to PyTorch recorded in int8_vs_fp32.fp32_onnx_vs_pytorch_logits_max_abs)
    np.save(work / "test_logits_pytorch_first256.npy", predict_logits(model, tseqs[:256]))
    ev_res = ev_mon.total()
    resources = {"stage": "classify", "train": train_res, "steps": step, "tokens": prog.tokens, "samples": prog.samples,
                 "train_wall_excluding_eval_s": round(train_res["wall_s"] - eval_time, 1),
                 "tokens_per_s": round(prog.tokens / max(train_res["wall_s"] - eval_time, 1e-9), 1),
                 "samples_per_s": round(prog.samples / max(train_res["wall_s"] - eval_time, 1e-9), 2),
                 "sec_per_step_measured": budget.sec_per_step, "budget_adjustments": budget.adjustments, "eval_pytorch": ev_res,
                 "batch_size": a.batch_size, "max_length": a.max_length, "torch": torch.__version__}
    recipe = {"optimizer": "AdamW", "lr": a.lr, "weight_decay": 0.01, "warmup_frac": 0.06, "schedule": "linear",
              "batch_size": a.batch_size, "steps": step, "epochs": round(step / steps_per_epoch, 3),
              "max_length": a.max_length, "seed": a.seed, "train_rows": len(seqs), "validation_rows": len(vseqs),
              "validation": f"stratified {data.VAL_FRACTION:.0%} of train, seed {data.VAL_SEED}",
              "budget_minutes": a.minutes, "init": prov}
    state = {"ev": ev, "log": log, "resources": resources, "recipe": recipe, "prov": prov,
             "test_labels": y.tolist(), "max_length": a.max_length}
    (work / "state.json").write_text(json.dumps(state))
    export_classifier(model, tok, dd, spec, a, state, tseqs, out_root, work_root, work)
    print("[classify] done", flush=True)


def export_classifier(model, tok, dd, spec, a, state, tseqs, out_root, work_root, work):
    from . import onnx_export as ox
    from .__main__ import MANIFEST

    model_id = CLS_ID if spec.name.startswith("ag_news") else f"minilm-{spec.name}"
    ev, y, T = state["ev"], np.array(state["test_labels"]), state["ev"]["temperature"]
    # export first (int8 model needed for the agreement numbers and the predictions)
    fp32 = work_root / model_id / "model.onnx"
    common = dict(tok_dir=tokenizer_dir(dd), base_info=state["prov"],
                  dataset={"name": spec.name, "source": spec.source, "description": spec.description,
                           "recipe": state["recipe"]},
                  labels=spec.labels, temperature=T, max_length=state["max_length"],
                  parity_texts=splits_texts(dd, spec)[:64], out_root=out_root, work_root=work_root,
                  # attribution by gradients is shown for the AG News classifier only; the others use occlusion
                  gradients=spec.name.startswith("ag_news"))
    rep = artifacts.export_folder(model, tok, model_id, "text-classification", metrics={}, **common)
    q8 = out_root / model_id / "onnx" / "model_quantized.onnx"
    t0 = time.time()
    # batch of one, as in the browser: dynamic activation quantization takes one scale per tensor,
    # so int8 results depend on what else (and how much padding) is in the batch
    ql = ort_logits(q8, tseqs, batch=1)
    t_q8 = time.time() - t0
    fl = ort_logits(fp32, tseqs)
    tl = np.load(work / "test_logits_pytorch_first256.npy")
    ev["fp32"] = metrics.classification(y, fl, spec.labels, temperature=T)
    ev["fp32"]["source"] = "fp32 ONNX (= PyTorch fp32 up to the recorded max abs diff)"
    ev["onnx_int8"] = metrics.classification(y, ql, spec.labels, temperature=T)
    lengths = [len(s) for s in tseqs]
    for key, lg in (("fp32", fl), ("onnx_int8", ql)):
        ev[key]["accuracy_by_length"] = metrics.accuracy_by_length(y, lg, lengths, state["max_length"])
    ev["int8_vs_fp32"] = {"argmax_agreement": float((ql.argmax(1) == fl.argmax(1)).mean()),
                          "logits_max_abs_diff": float(np.abs(ql - fl).max()),
                          "logits_mean_abs_diff": float(np.abs(ql - fl).mean()),
                          "fp32_onnx_vs_pytorch_logits_max_abs": float(np.abs(fl[:len(tl)] - tl).max()),
                          "fp32_onnx_vs_pytorch_rows": int(len(tl)),
                          "int8_test_seconds": round(t_q8, 1)}
    ev["parity_sample"] = rep.get("parity")
    ev["gradients_check"] = rep.get("gradients_check")
    p = torch.softmax(torch.tensor(ql), -1).numpy()
    preds = {"labels": spec.labels, "model": "onnx/model_quantized.onnx", "temperature_applied": False,
             "note": "rows in test.csv order: [true_index, predicted_index, softmax(int8 logits) rounded to 4 decimals]; "
                     "each text run alone (batch of one, no padding), truncated to max_length",
             "max_length": state["max_length"],
             "rows": [[int(t), int(pr), [round(float(v), 4) for v in pp]] for t, pr, pp in zip(y, ql.argmax(1), p)]}
    pt = ev["fp32"]
    summary = {"accuracy": pt["accuracy"], "macro_f1": pt["macro_f1"], "micro_f1": pt["micro_f1"],
               "ece_before": pt["ece"], "ece_after_temperature": pt["ece_temperature"], "temperature": T,
               "int8_accuracy": ev["onnx_int8"]["accuracy"], "int8_macro_f1": ev["onnx_int8"]["macro_f1"],
               "int8_vs_fp32_agreement": ev["int8_vs_fp32"]["argmax_agreement"], "test_rows": int(len(y))}
    extra = {"training_log.json": {"stage": "classify", "entries": state["log"]},
             "resources.json": state["resources"], "eval.json": ev, "test_predictions.json": preds}
    for name, obj in extra.items():
        artifacts.write_json(out_root / model_id / name, obj,
                             indent=None if name in ("test_predictions.json", "training_log.json") else 1)
    g = json.loads((out_root / model_id / "godeep.json").read_text())
    artifacts.write_godeep(model, out_root / model_id, model_id, "text-classification", state["prov"],
                           g["dataset"], spec.labels, T, state["max_length"], summary, rep)
    entry = dict(MANIFEST[CLS_ID]) if model_id == CLS_ID else {
        "id": model_id, "task": "text-classification", "title": f"MiniLM-L6 {spec.name} classifier",
        "description": spec.description}
    artifacts.write_manifest([entry], out_root)
    print(json.dumps(summary), flush=True)


def run_export(a):
    """Re-export a stage from its saved checkpoint and state (no training)."""
    torch.set_num_threads(a.threads)
    dd, tok = setup(a)
    out_root, work_root = Path(a.out_root), Path(a.work_root)
    if a.stage == "classify":
        spec, splits = data.load(a.dataset, dd)
        work = work_root / f"classify-{a.dataset}"
        state = json.loads((work / "state.json").read_text())
        model = modeling.build_classifier(str(work / "final"), spec.labels)
        test = limit(splits["test"], a.limit_test)
        export_classifier(model, tok, dd, spec, a, state, encode(tok, test.texts, state["max_length"]),
                          out_root, work_root, work)
    else:
        from transformers import BertForMaskedLM

        spec, _ = data.load(a.dataset, dd)
        model = modeling.build_mlm(str(work_root / "mlm" / "final"))
        mo = out_root / MLM_ID
        ev = json.loads((mo / "eval.json").read_text())
        log = json.loads((mo / "training_log.json").read_text())["entries"]
        res = json.loads((mo / "resources.json").read_text())
        g = json.loads((mo / "godeep.json").read_text())
        a.max_length = g["max_length"]
        export_mlm(model, tok, dd, spec, g["base_model"], a, ev, log, res, g["dataset"].get("recipe", {}),
                   out_root, work_root)


def add_commands(sub, common):
    p = sub.add_parser("mlm", help="stage 1: domain-adaptive masked LM")
    common(p)
    p.add_argument("--dataset", default="ag_news")
    p.add_argument("--max-length", type=int, default=64)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--head-lr", type=float, default=5e-4, help="lr of the freshly initialised MLM transform/bias")
    p.add_argument("--mask-prob", type=float, default=0.15,
                   help="share of word pieces masked in training (evaluation always masks 15 %%)")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--max-steps", type=int, default=0)
    p.add_argument("--minutes", type=float, default=20.0, help="training wall-clock budget (None: no budget)")
    p.add_argument("--log-every", type=int, default=25)
    p.add_argument("--eval-texts", type=int, default=2000)
    p.add_argument("--limit-train", type=int, default=0)
    p.add_argument("--tiny", action="store_true", help="tiny random BertConfig (tests)")
    p.set_defaults(func=run_mlm)

    p = sub.add_parser("classify", help="stage 2: fine-tune the stage-1 encoder for classification")
    common(p)
    p.add_argument("--dataset", default="ag_news", choices=sorted(data.REGISTRY))
    p.add_argument("--init", default=None, help="encoder checkpoint (default models/.work/mlm/final)")
    p.add_argument("--max-length", type=int, default=96)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--max-steps", type=int, default=0)
    p.add_argument("--minutes", type=float, default=30.0)
    p.add_argument("--log-every", type=int, default=25)
    p.add_argument("--eval-every", type=int, default=100)
    p.add_argument("--periodic-val", type=int, default=600, help="validation rows for the periodic evaluation")
    p.add_argument("--limit-train", type=int, default=0)
    p.add_argument("--limit-val", type=int, default=0)
    p.add_argument("--limit-test", type=int, default=0)
    p.add_argument("--tiny", action="store_true")
    p.set_defaults(func=run_classify)

    p = sub.add_parser("export", help="re-export a trained stage from models/.work")
    common(p)
    p.add_argument("stage", choices=["mlm", "classify"])
    p.add_argument("--dataset", default="ag_news")
    p.add_argument("--limit-test", type=int, default=0)
    p.set_defaults(func=run_export)
