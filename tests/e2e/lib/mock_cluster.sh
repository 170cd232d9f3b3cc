# A warren_mock_cluster for end-to-end tests (sourced), and the warren configuration that
# status_scenario.py expects. One copy for every test that runs the status scenario.
#
#   source tests/e2e/lib/mock_cluster.sh
#   start_mock_cluster MOCK_BINARY DIR   # sets MOCK_PID, MOCK_IN, MOCK_OUT, MOCK_ERR, BOOTSTRAP
#   scenario_config [CLUSTER] >FILE      # [cluster], [consumer], [storage], [evaluator] sections
#   python3 tests/e2e/lib/status_scenario.py --mock-in "$MOCK_IN" --mock-out "$MOCK_OUT" --warren URL
#   stop_mock_cluster                    # in the test's cleanup trap
#
# The mock reads its commands from the FIFO DIR/mock.in, which this shell holds open for writing
# on file descriptor 4 (start_mock_cluster opens it, stop_mock_cluster closes it), so the mock
# does not see end-of-input between two writers; it prints its answers to DIR/mock.out and exits
# when the FIFO is closed.

MOCK_PID=""
MOCK_IN=""
MOCK_OUT=""
MOCK_ERR=""
BOOTSTRAP=""

# start_mock_cluster MOCK_BINARY DIR: starts the mock and waits (20 s at most) for its
# `BOOTSTRAP host:port` line. Returns non-zero if it exits or does not print it in time.
start_mock_cluster() {
  local binary="$1" dir="$2" deadline
  mkdir -p "$dir"
  MOCK_IN="$dir/mock.in"
  MOCK_OUT="$dir/mock.out"
  MOCK_ERR="$dir/mock.err"
  rm -f "$MOCK_IN"
  mkfifo "$MOCK_IN"
  "$binary" <"$MOCK_IN" >"$MOCK_OUT" 2>"$MOCK_ERR" &
  MOCK_PID=$!
  exec 4>"$MOCK_IN"
  deadline=$((SECONDS + 20))
  until grep -q '^BOOTSTRAP ' "$MOCK_OUT" 2>/dev/null; do
    kill -0 "$MOCK_PID" 2>/dev/null || return 1
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
  BOOTSTRAP=$(awk '/^BOOTSTRAP /{print $2; exit}' "$MOCK_OUT")
  [ -n "$BOOTSTRAP" ]
}

# stop_mock_cluster: closes the FIFO (the mock exits at end of input), waits 10 s for it, then
# SIGKILL. Safe to call when the mock never started.
stop_mock_cluster() {
  local deadline
  exec 4>&- 2>/dev/null || true
  [ -n "$MOCK_PID" ] || return 0
  deadline=$((SECONDS + 10))
  while kill -0 "$MOCK_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  if kill -0 "$MOCK_PID" 2>/dev/null; then
    echo "warren_mock_cluster (pid $MOCK_PID) still running after 10 s; SIGKILL" >&2
    kill -KILL "$MOCK_PID" 2>/dev/null || true
  fi
  wait "$MOCK_PID" 2>/dev/null || true
  MOCK_PID=""
}

# scenario_config [CLUSTER]: the sources, storage and evaluation settings the status scenario is
# written for, pointing at $BOOTSTRAP. Append [httpserver] / [execd] sections as the test needs.
scenario_config() {
  local cluster="${1:-local}"
  cat <<CONF
[cluster.$cluster]
class-name = "kafka"
servers = ["$BOOTSTRAP"]
# Short refreshes: the scenario waits for every high-water mark before it commits.
topic-refresh = 1
offset-refresh = 1

[consumer.$cluster]
class-name = "kafka"
cluster = "$cluster"
servers = ["$BOOTSTRAP"]
# Read __consumer_offsets from the beginning, so a restarted warren sees every commit again.
start-latest = false
group-denylist = ""

[storage.default]
class-name = "inmemory"
intervals = 10
expire-group = 604800
min-distance = 0

[evaluator.default]
class-name = "caching"
# Statuses are cached for 1 s, so each poll sees the newest commits soon.
expire-cache = 1
allowed-lag = 0
CONF
}
