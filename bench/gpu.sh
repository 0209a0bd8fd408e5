#!/usr/bin/env bash
# The generator, vocoder batching and capacity benches on a machine with an NVIDIA GPU (CUDA 12 and cuDNN 9 libraries installed).
# Installs onnxruntime-node's CUDA provider the way the README's GPU set-up says, then runs both benches with
# GENERATOR_PROVIDERS=cuda,cpu. Results go to bench/results/ like any bench; quote them in the README with the GPU name.
#   bash bench/gpu.sh [guild counts, default 1,8,16,32,64]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/env.sh
guilds="${1:-1,8,16,32,64}"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
[ -d node_modules ] || npm ci
npm run install:cuda
export GENERATOR_PROVIDERS=cuda,cpu
npm run bench -- generator
npm run bench -- vocoder-batch
npm run bench -- guilds --guilds "$guilds" --env GENERATOR_PROVIDERS=cuda,cpu
