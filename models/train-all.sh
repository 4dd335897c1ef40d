#!/usr/bin/env bash
# The full recipe behind the committed models, in order (CPU, 2 cores: about an hour in all).
# Each stage checkpoints to models/.work/ and writes its folder under models/ (Hugging Face layout).
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
# --smoke: every stage on a tiny random model and a few dozen rows, in a temporary folder (minutes)
if [ "${1:-}" = "--smoke" ]; then exec $py -m models.pipeline smoke; fi
# Stage 1: domain-adaptive masked LM on the AG News train texts -> models/minilm-news-mlm/
$py -m models.pipeline mlm --minutes "${MLM_MINUTES:-18}"
# Stage 2: the AG News classifier, one epoch of the 38,869-row subset -> models/minilm-agnews/
$py -m models.pipeline classify --dataset ag_news --max-length 64 --epochs 1 --minutes 26
# Issue 9: the same stage-1 encoder on two other tasks -> models/minilm-mr/, models/minilm-trec/
$py -m models.pipeline classify --dataset mr --max-length 64 --epochs 3 --minutes 12
$py -m models.pipeline classify --dataset trec --max-length 64 --epochs 4 --minutes 8
# Per-layer CKA between the pretrained and the fine-tuned encoders -> models/comparison.json
$py -m models.pipeline.compare
