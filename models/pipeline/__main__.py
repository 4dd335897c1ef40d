"""CLI: python -m models.pipeline {quick-export,mlm,classify,export,smoke} [options]"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import torch

from . import artifacts, data, modeling
from .paths import MODELS, WORK, data_dir, tokenizer_dir

MLM_ID, CLS_ID = "minilm-news-mlm", "minilm-agnews"
MANIFEST = {
    MLM_ID: {"id": MLM_ID, "task": "fill-mask", "title": "MiniLM-L6 (news-adapted masked LM)",
             "description": "all-MiniLM-L6-v2 encoder (6 layers, 384 hidden, 12 heads) with a tied masked-LM head, "
                            "domain-adapted by masked-LM training on AG News texts. int8 ONNX."},
    CLS_ID: {"id": CLS_ID, "task": "text-classification", "title": "MiniLM-L6 AG News topic classifier",
             "description": "The news-adapted MiniLM-L6 encoder fine-tuned on AG News (World, Sports, Business, "
                            "Sci/Tech). int8 ONNX plus a gradient graph for attributions."},
}


def common(p):
    p.add_argument("--base", default=modeling.DEFAULT_BASE, help="pip-packaged base, local folder or Hub id")
    p.add_argument("--data-dir", default=None, help="default: $GODEEP_DATA or <repo>/../shared/data")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out-root", default=str(MODELS))
    p.add_argument("--work-root", default=str(WORK))
    p.add_argument("--seed", type=int, default=42)


def quick_export(a):
    torch.manual_seed(a.seed)
    dd = data_dir(a.data_dir)
    tok = modeling.load_tokenizer(tokenizer_dir(dd))
    src, prov = modeling.resolve_base(a.base)
    spec, splits = data.load("ag_news", dd)
    texts = splits["validation"].texts[:64]
    out_root, work_root = Path(a.out_root), Path(a.work_root)
    mlm = modeling.build_mlm(src)
    note = "pretrained encoder, freshly initialised MLM head (quick export, not trained)"
    artifacts.export_folder(mlm, tok, MLM_ID, "fill-mask", tok_dir=tokenizer_dir(dd), base_info={**prov, "note": note},
                            dataset={"name": "ag_news", "stage": "none (quick export)"}, labels=None, temperature=1.0,
                            max_length=64, metrics={"status": "untrained quick export"}, parity_texts=texts[:16],
                            out_root=out_root, work_root=work_root)
    cls = modeling.build_classifier(src, spec.labels)
    artifacts.export_folder(cls, tok, CLS_ID, "text-classification", tok_dir=tokenizer_dir(dd),
                            base_info={**prov, "note": "pretrained encoder, untrained 4-class head (quick export)"},
                            dataset={"name": "ag_news", "stage": "none (quick export)"}, labels=spec.labels,
                            temperature=1.0, max_length=128, metrics={"status": "untrained quick export"},
                            parity_texts=texts, out_root=out_root, work_root=work_root, gradients=True)
    artifacts.write_manifest([MANIFEST[MLM_ID], MANIFEST[CLS_ID]], out_root)
    (work_root / "QUICK_EXPORT_DONE").parent.mkdir(parents=True, exist_ok=True)
    (work_root / "QUICK_EXPORT_DONE").write_text(artifacts.now() + "\n")
    print("quick export done")


def smoke(a):
    """Every stage end to end (MLM, classification, ONNX export, int8, gradient graph, evaluation) on a tiny
    random BertConfig and a few dozen rows, into a temporary folder: minutes, and committed artifacts untouched."""
    root = Path(a.root) if a.root else Path(tempfile.mkdtemp(prefix="godeep-smoke-"))
    common = ["--out-root", str(root / "models"), "--work-root", str(root / "work"), "--threads", str(a.threads),
              "--tiny"]
    if a.data_dir:
        common += ["--data-dir", a.data_dir]
    main(["mlm", *common, "--limit-train", "64", "--max-steps", "3", "--minutes", "1", "--eval-texts", "16",
          "--log-every", "1"])
    main(["classify", *common, "--limit-train", "64", "--limit-val", "32", "--limit-test", "40", "--max-steps", "4",
          "--minutes", "1", "--log-every", "2", "--eval-every", "2"])
    print(f"smoke run done: {root}")
    return root


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m models.pipeline")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("quick-export", help="export the pretrained (untrained) encoder for the web engine")
    common(p)
    p = sub.add_parser("smoke", help="every stage on a tiny model and a few dozen rows, in a temporary folder")
    p.add_argument("--root", default=None, help="folder for the run (default: a new temporary folder)")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--threads", type=int, default=2)
    from . import train  # noqa: E402  (stage definitions)
    train.add_commands(sub, common)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    from .data import DataError

    try:
        if a.cmd == "quick-export":
            quick_export(a)
        elif a.cmd == "smoke":
            smoke(a)
        else:
            a.func(a)
    except DataError as e:  # a bad data file: say which and where, without a traceback
        raise SystemExit(f"python -m models.pipeline {a.cmd}: {e}") from None


if __name__ == "__main__":
    main()
