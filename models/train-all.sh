#!/usr/bin/env bash
# The full recipe behind the committed models, in order (CPU, 2 cores, quiet machine: about two hours in all).
# Each stage checkpoints to models/.work/ and writes its folder under models/ (Hugging Face layout).
#   bash models/train-all.sh            # everything
#   bash models/train-all.sh classify   # from stage 2 on (stage 1's checkpoint in models/.work/mlm/final)
#   bash models/train-all.sh --smoke    # every stage on a tiny random model and a few dozen rows, in a temp folder
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
if [ "${1:-}" = "--smoke" ]; then exec $py -m models.pipeline smoke; fi
from="${1:-mlm}"
if [ "$from" = mlm ]; then
  # Stage 1: domain-adaptive masked LM on the AG News train texts -> models/minilm-news-mlm/
  # (20 % of word pieces masked in training for more signal per step; the evaluation masks 15 %)
  $py -m models.pipeline mlm --minutes "${MLM_MINUTES:-60}" --epochs 3 --lr 2e-4 --head-lr 1e-3 --mask-prob 0.2
fi
# Stage 2: the AG News classifier, two epochs of the 38,869-row subset -> models/minilm-agnews/
$py -m models.pipeline classify --dataset ag_news --max-length 64 --epochs 2 --minutes 33
# Issue 9: the same stage-1 encoder on two other tasks -> models/minilm-mr/, models/minilm-trec/
$py -m models.pipeline classify --dataset mr --max-length 64 --epochs 3 --minutes 10
$py -m models.pipeline classify --dataset trec --max-length 64 --epochs 4 --minutes 7
# Per-layer CKA between the pretrained and the fine-tuned encoders -> models/comparison.json
$py -m models.pipeline.compare
# models/RESULTS.md from every model folder's JSON
$py -m models.pipeline.report
