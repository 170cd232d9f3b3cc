#!/usr/bin/env bash
# The first quick-start command: sets up this machine (Debian packages), builds warren and runs
# `warren demo` — an embedded Kafka cluster with a producer and four consumer groups (OK, WARN,
# ERR/STOP, ERR/STALL) watched by the real engine, the REST API on :8000 and line protocol on
# stdout. Ctrl-C stops it. Extra arguments go to `warren demo` (e.g. --http 127.0.0.1:9000).
# WARREN_BUILD_DIR picks another build directory than build/.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${WARREN_BUILD_DIR:-build}
# Setup and build output goes to stderr: stdout carries only the demo's line protocol.
./scripts/install-deps.sh >&2
cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target warren -j "$(nproc)" >&2
exec "./$build/warren" demo "$@"
