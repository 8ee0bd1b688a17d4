#!/usr/bin/env bash
# The CPU lab: a tiny model learns a task, and every stage is measured against the one before it on 300
# held-out questions, paired by question (`logicforge eval --baseline`). Run from the checkout's root:
#   bash examples/train/lab/run.sh
# Figures from a 2-core machine are in benchmarks/README.md ("Training"); one torch thread is fastest there.
set -euo pipefail
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
LAB=examples/train/lab
EVAL=(--data data/lab --max-new-tokens 32 --batch-size 16)

logicforge tiny-model runs/lab/tiny --hidden-size 128 --layers 4          # 658k parameters, random
logicforge generate --mix "$LAB/mix.yaml" --out data/lab                  # 30,000 train + 300 test rows
logicforge eval --model runs/lab/tiny "${EVAL[@]}" --samples 1 -k 1 --out runs/lab/eval-tiny

logicforge train sft "$LAB/sft.yaml"                                       # stage 1: direct answers
logicforge eval --model runs/lab/sft "${EVAL[@]}" --samples 8 -k 8 --out runs/lab/eval-sft \
  --baseline runs/lab/eval-tiny

logicforge train grpo "$LAB/grpo.yaml"                                     # stage 2: GRPO, verifier reward
logicforge eval --model runs/lab/grpo "${EVAL[@]}" --samples 8 -k 8 --out runs/lab/eval-grpo \
  --baseline runs/lab/eval-sft

logicforge train grpo "$LAB/grpo_js.yaml"                                  # stage 2b: GRPO + JS to the SFT policy
logicforge eval --model runs/lab/grpo-js "${EVAL[@]}" --samples 8 -k 8 --out runs/lab/eval-grpo-js \
  --baseline runs/lab/eval-sft
