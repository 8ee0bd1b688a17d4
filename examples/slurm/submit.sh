#!/bin/bash
# Queue the shard array job and, after all of its tasks succeed, the merge. Run from the repository root:
#   MIX=examples/starter.yaml SPLITS=train=1000000,test=10000 OUT=data/big examples/slurm/submit.sh
# (sbatch passes these variables on to the jobs). Change the shard count with --array in generate.sbatch.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p logs
array=$(sbatch --parsable examples/slurm/generate.sbatch)
sbatch --dependency=afterok:"${array%%;*}" examples/slurm/merge.sbatch
