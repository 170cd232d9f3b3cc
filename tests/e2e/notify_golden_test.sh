#!/usr/bin/env bash
# Burrow 1.2.1 as the oracle of the notifier templates, live: tests/notify/golden/capture.sh runs
# Debian's Burrow on the side-by-side scenario and captures what its http and email notifiers send
# for every shipped template (an ERR and a WARN group), then notify_tests' golden cases render the
# same templates with warren from the statuses Burrow reported and compare (ids and times apart).
#
#   bash tests/e2e/notify_golden_test.sh <notify_tests-binary> <warren_mock_cluster-binary>
#
# About 90 s: Burrow's notifier starts after its fixed 60 s group-refresh tick. E2E_KEEP=1 keeps
# the work directory.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <notify_tests-binary> <warren_mock_cluster-binary>" >&2
  exit 2
fi
NOTIFY_TESTS="$1"
MOCK="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-notify-golden.XXXXXX")

source "$HERE/lib/checks.sh"

cleanup() {
  local rc=$?
  finish_test "$rc" "$WORK" "$WORK/capture.log" "$WORK/golden.log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$SECONDS
require "Burrow 1.2.1 sent every shipped template for grp-err and grp-warn (tests/notify/golden/capture.sh)" \
  bash "$HERE/../notify/golden/capture.sh" "$MOCK" "$WORK/captured" 2>"$WORK/capture.log"
echo "# captured in $((SECONDS - start)) s" >&3

golden() {
  WARREN_NOTIFY_GOLDEN_DIR="$WORK/captured" "$NOTIFY_TESTS" --test-case='golden:*' >"$WORK/golden.log" 2>&1 &&
    grep -q 'test cases: *2 | *2 passed' "$WORK/golden.log"
}
check "warren renders each template as Burrow 1.2.1 did for the same group status" golden
