# Process and message helpers shared by the end-to-end scripts (sourced; needs nothing else).
#
#   SAY_AS=kafka.sh                    # the prefix of say/die messages (default: the script's name)
#   source "$HERE/../lib/process.sh"
#
#   say MESSAGE / die MESSAGE          # "SAY_AS: MESSAGE" on stderr; die exits 1
#   now_ms                             # wall-clock milliseconds
#   need_dir DIR                       # creates DIR, prints its absolute path; dies without DIR
#   abs_path FILE                      # FILE's absolute path (its directory must exist)
#   alive PID                          # PID is set and names a live process
#   stop_process PID [NAME]            # SIGTERM, 15 s, SIGKILL, reap (NAME: say so on SIGKILL)
#   pid_in_dir DIR MARK                # the pid in DIR/pid when alive and its command line has MARK
#   stop_pid_dir DIR MARK WHAT TIMEOUT # stops that process (SIGTERM, TIMEOUT s, SIGKILL), reaps
#                                      # it, removes DIR/pid, says "WHAT pid N stopped after ..."
#   need_args MIN MAX USAGE "$@"       # exit 2 with "usage: SCRIPT USAGE" on a wrong count
#   warren_and_mock_args "$@"          # need_args for <warren-binary> <warren_mock_cluster-binary>;
#                                      # sets WARREN and MOCK (absolute paths)
#   wait_for SECONDS COMMAND...        # polls COMMAND every 0.2 s until it succeeds (1: timeout)
#   free_port                          # a free TCP port on 127.0.0.1
#   free_ports                         # two different free TCP ports on 127.0.0.1 ("P1 P2")
#   await_start PID TIMEOUT INTERVAL COMMAND...  # polls until COMMAND succeeds (1: PID exited, 2: timeout)

say() { echo "${SAY_AS:-${0##*/}}: $*" >&2; }
die() {
  say "$*"
  exit 1
}

now_ms() { date +%s%3N; }

need_dir() {
  [ -n "${1:-}" ] || die "missing DIR argument"
  mkdir -p "$1"
  (cd "$1" && pwd)
}

abs_path() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop_process() {
  local pid="$1" name="${2:-}" deadline
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 15))
  while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  if alive "$pid"; then
    [ -z "$name" ] || echo "$name (pid $pid) still running after 15 s; SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

pid_in_dir() {
  local dir="$1" mark="$2" pid
  [ -f "$dir/pid" ] || return 1
  pid=$(cat "$dir/pid")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: the process must be the one started for DIR.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$mark " || return 1
  echo "$pid"
}

stop_pid_dir() {
  local dir="$1" mark="$2" what="$3" timeout="$4" pid deadline t0
  if ! pid=$(pid_in_dir "$dir" "$mark"); then
    rm -f "$dir/pid"
    return 0
  fi
  t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(date +%s) + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "$what pid $pid ignored SIGTERM for $timeout s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  # Reap it when it is our own child (start and stop in one shell).
  wait "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
  say "$what pid $pid stopped after $(($(now_ms) - t0)) ms"
}

# need_args MIN MAX USAGE "$@": exits 2 with "usage: SCRIPT USAGE" unless MIN..MAX arguments.
need_args() {
  local min="$1" max="$2" usage="$3"
  shift 3
  if [ $# -lt "$min" ] || [ $# -gt "$max" ]; then
    echo "usage: $0 $usage" >&2
    exit 2
  fi
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds or SECONDS pass.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# await_start PID TIMEOUT INTERVAL COMMAND...: polls COMMAND every INTERVAL s until it succeeds
# (status 0). Status 1 as soon as PID has exited, 2 when TIMEOUT s have passed.
await_start() {
  local pid="$1" deadline=$(($(date +%s) + $2)) interval="$3"
  shift 3
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$(date +%s)" -lt "$deadline" ] || return 2
    sleep "$interval"
  done
}

# warren_and_mock_args "$@": a test taking <warren-binary> <warren_mock_cluster-binary>; exits 2
# with its usage otherwise, sets WARREN and MOCK to the binaries' absolute paths.
warren_and_mock_args() {
  need_args 2 2 "<warren-binary> <warren_mock_cluster-binary>" "$@"
  WARREN=$(abs_path "$1")
  MOCK=$(abs_path "$2")
}

# free_ports: two free TCP ports on 127.0.0.1, held open together so they differ (python3, or ss).
free_ports() {
  if command -v python3 >/dev/null; then
    python3 - <<'EOF'
import socket
socks = []
for _ in range(2):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
  else
    local picked=() p
    while [ ${#picked[@]} -lt 2 ]; do
      p=$((20000 + RANDOM % 30000))
      [ "${picked[0]:-}" = "$p" ] && continue
      ss -Htln "sport = :$p" | grep -q . || picked+=("$p")
    done
    echo "${picked[*]}"
  fi
}
