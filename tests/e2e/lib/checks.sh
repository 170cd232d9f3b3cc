# Result counting shared by the end-to-end test scripts (sourced). Results go to fd 3, the
# test's stdout, so a check may redirect its own command's output. The caller prints
# "$passed passed, $failed failed" at the end.
passed=0
failed=0
exec 3>&1

pass() {
  passed=$((passed + 1))
  echo "ok   - $1" >&3
}
fail() {
  failed=$((failed + 1))
  echo "FAIL - $1" >&3
}
# check "what" command...: the command's exit status decides.
check() {
  local what="$1"
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
check_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}
# A step the rest depends on: stop here when it fails.
require() {
  local what="$1"
  shift
  if "$@"; then pass "$what"; else
    fail "$what"
    exit 1
  fi
}

# finish_test RC WORK [LOG...]: the end of every test's cleanup. On failure the last lines of each
# log are shown and WORK is kept; otherwise WORK is removed (kept with E2E_KEEP=1). Prints the
# summary line and exits non-zero when anything failed.
finish_test() {
  local rc="$1" work="$2" f
  shift 2
  if [ "$failed" -gt 0 ] || [ "$rc" -ne 0 ]; then
    for f in "$@"; do
      [ -s "$f" ] || continue
      echo "--- last lines of $f" >&2
      tail -n 20 "$f" >&2
    done
    echo "work directory kept: $work" >&2
  elif [ -n "${E2E_KEEP:-}" ]; then
    echo "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] || rc=1
  exit "$rc"
}
