#!/usr/bin/env bash
# Sets up this machine, builds warren and runs the main job: `warren serve` on the example
# configuration (the embedded demo replaces this once it exists). Extra arguments go to warren.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build -j "$(nproc)"
exec ./build/warren serve --config config/warren.toml "$@"
