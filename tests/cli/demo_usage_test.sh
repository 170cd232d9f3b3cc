#!/usr/bin/env bash
# `warren demo` usage errors exit 2 with a message naming the flag, before any cluster starts;
# --help describes --http and --interval.
#
# Usage: demo_usage_test.sh <warren binary> <source dir>
set -euo pipefail

warren=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

"$warren" demo --help >"$work/help" || fail "demo --help exit code $?"
grep -q -- '--http' "$work/help" || fail "demo --help does not describe --http"
grep -q -- '--interval' "$work/help" || fail "demo --help does not describe --interval"
grep -q 'demo' <("$warren" --help) || fail "warren --help does not list demo"

expect_usage_error() {
  local what=$1 pattern=$2
  shift 2
  local rc=0
  timeout 10 "$warren" demo "$@" >"$work/out" 2>"$work/err" || rc=$?
  [[ $rc -eq 2 ]] || fail "$what: exit code $rc, expected 2; stderr: $(cat "$work/err")"
  grep -q -- "$pattern" "$work/err" || fail "$what: stderr does not say '$pattern': $(cat "$work/err")"
  [[ ! -s "$work/out" ]] || fail "$what: wrote to stdout: $(cat "$work/out")"
  if grep -q 'embedded cluster on' "$work/err"; then fail "$what: the cluster started anyway"; fi
}

expect_usage_error "--http without a port" "--http localhost" --http localhost
expect_usage_error "--http with a non-numeric port" "--http 127.0.0.1:http" --http 127.0.0.1:http
expect_usage_error "--interval that is not a duration" "--interval soon" --interval soon
expect_usage_error "--interval of zero" "--interval 0s" --interval 0s
expect_usage_error "an unknown flag" "--bogus" --bogus
echo "PASS"
