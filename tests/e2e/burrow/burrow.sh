#!/usr/bin/env bash
# Debian's Burrow 1.2.1 (/usr/bin/Burrow) with its own ZooKeeper (Debian's zookeeper package; Burrow
# 1.2.1 refuses to start without one, reference/burrow.md §5.2), both on 127.0.0.1 only.
#
#   burrow.sh start DIR CONFIG_TEMPLATE BOOTSTRAP   # prints nothing on stdout; waits until both serve
#   burrow.sh stop DIR                              # SIGTERM, SIGKILL after 15 s; safe to repeat
#   burrow.sh render CONFIG_TEMPLATE ZOOKEEPER BOOTSTRAP HTTP_ADDRESS   # the config on stdout
#
# start picks two free ports, starts ZooKeeper (DIR/zookeeper/: zoo.cfg, data/, zookeeper.out; no
# admin server, no JMX, 4-letter words ruok and srvr), waits until it serves, renders the template into
# DIR/burrow.toml (@ZOOKEEPER@, @BOOTSTRAP@, @HTTP_ADDRESS@ replaced), runs Burrow in DIR (its
# pidfile and log file are relative paths) and waits until /burrow/admin answers GOOD and its log
# says the consumer module is reading the offsets topic. It writes
# DIR/url (http://127.0.0.1:PORT), DIR/http_address and DIR/zookeeper_address.
#
# Environment: BURROW_BIN (/usr/bin/Burrow), ZOOKEEPER_HOME (/usr/share/zookeeper),
# BURROW_START_TIMEOUT (60 s, for each of the two).
set -euo pipefail

BURROW_BIN="${BURROW_BIN:-/usr/bin/Burrow}"
ZOOKEEPER_HOME="${ZOOKEEPER_HOME:-/usr/share/zookeeper}"
START_TIMEOUT="${BURROW_START_TIMEOUT:-60}"
STOP_TIMEOUT=15

die() {
  echo "burrow.sh: $*" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# zk_serving HOST PORT: ZooKeeper serves requests. `ruok` answers imok as soon as the port is open,
# before sessions are accepted (a client connecting then fails with "could not connect to a
# server"), so this asks `srvr`, which names the mode only once the server is serving.
zk_serving() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null
import socket, sys
try:
    with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2) as s:
        s.sendall(b"srvr")
        s.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := s.recv(4096):
            data += chunk
except OSError:
    sys.exit(1)
sys.exit(0 if b"Mode: standalone" in data else 1)
PY
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# stop_pid FILE NAME: SIGTERM, poll for the exit, SIGKILL after STOP_TIMEOUT.
stop_pid() {
  local file="$1" name="$2" pid deadline
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    if alive "$pid"; then
      echo "burrow.sh: $name (pid $pid) still running after ${STOP_TIMEOUT}s; SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
    fi
  fi
  rm -f "$file"
}

render() {
  local template="$1" zk="$2" bootstrap="$3" http="$4"
  [ -f "$template" ] || die "no config template $template"
  sed -e "s|@ZOOKEEPER@|$zk|g" -e "s|@BOOTSTRAP@|$bootstrap|g" -e "s|@HTTP_ADDRESS@|$http|g" "$template"
}

start_zookeeper() {
  local dir="$1" zdir="$1/zookeeper" port pid deadline
  mkdir -p "$zdir/data"
  port=$(free_port)
  cat >"$zdir/zoo.cfg" <<EOF
tickTime=2000
dataDir=$zdir/data
clientPort=$port
clientPortAddress=127.0.0.1
maxClientCnxns=60
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
EOF
  # zkServer.sh start-foreground execs java, so $! is the JVM. JMXDISABLE: no JMX agent at all.
  JMXDISABLE=true SERVER_JVMFLAGS="-Xmx256m -Dzookeeper.admin.enableServer=false -Dzookeeper.log.dir=$zdir" \
    "$ZOOKEEPER_HOME/bin/zkServer.sh" start-foreground "$zdir/zoo.cfg" >"$zdir/zookeeper.out" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$zdir/process.pid"
  deadline=$((SECONDS + START_TIMEOUT))
  until zk_serving 127.0.0.1 "$port"; do
    if ! alive "$pid"; then
      tail -n 30 "$zdir/zookeeper.out" >&2 || true
      die "ZooKeeper exited during start (see $zdir/zookeeper.out)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$zdir/zookeeper.out" >&2 || true
      die "ZooKeeper did not serve on 127.0.0.1:$port within ${START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  echo "127.0.0.1:$port" >"$dir/zookeeper_address"
}

start_burrow() {
  local dir="$1" template="$2" bootstrap="$3" port pid deadline url body
  port=$(free_port)
  render "$template" "$(cat "$dir/zookeeper_address")" "$bootstrap" "127.0.0.1:$port" >"$dir/burrow.toml"
  echo "127.0.0.1:$port" >"$dir/http_address"
  url="http://127.0.0.1:$port"
  echo "$url" >"$dir/url"
  (cd "$dir" && exec "$BURROW_BIN" --config-dir "$dir") >"$dir/burrow.out" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/process.pid"
  deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    body=$(curl -s --max-time 2 "$url/burrow/admin" 2>/dev/null || true)
    # The HTTP server starts before the cluster and consumer modules, which exit the process when
    # they cannot reach the brokers: ready means GOOD and the consumer module reading the topic.
    [ "$body" = "GOOD" ] && grep -q '"msg":"starting consumers"' "$dir/burrow.log" 2>/dev/null && alive "$pid" && break
    if ! alive "$pid"; then
      tail -n 30 "$dir/burrow.out" "$dir/burrow.log" >&2 2>/dev/null || true
      die "Burrow exited during start (see $dir/burrow.out, $dir/burrow.log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$dir/burrow.out" "$dir/burrow.log" >&2 2>/dev/null || true
      die "Burrow did not answer GOOD on $url/burrow/admin within ${START_TIMEOUT}s"
    fi
    sleep 0.2
  done
}

cmd="${1:-}"
case "$cmd" in
  start)
    [ $# -eq 4 ] || die "usage: burrow.sh start DIR CONFIG_TEMPLATE BOOTSTRAP"
    dir="$2"
    template="$(cd "$(dirname "$3")" && pwd)/$(basename "$3")"
    [ -x "$BURROW_BIN" ] || die "no Burrow at $BURROW_BIN (scripts/install-deps.sh installs Debian's burrow)"
    [ -x "$ZOOKEEPER_HOME/bin/zkServer.sh" ] || die "no $ZOOKEEPER_HOME/bin/zkServer.sh (Debian's zookeeper)"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if alive "$(cat "$dir/process.pid" 2>/dev/null || true)"; then die "Burrow already running in $dir"; fi
    start_zookeeper "$dir"
    start_burrow "$dir" "$template" "$4"
    ;;
  stop)
    [ $# -eq 2 ] || die "usage: burrow.sh stop DIR"
    [ -d "$2" ] || exit 0
    stop_pid "$2/process.pid" Burrow
    stop_pid "$2/zookeeper/process.pid" ZooKeeper
    ;;
  render)
    [ $# -eq 5 ] || die "usage: burrow.sh render CONFIG_TEMPLATE ZOOKEEPER BOOTSTRAP HTTP_ADDRESS"
    render "$2" "$3" "$4" "$5"
    ;;
  *)
    die "usage: burrow.sh start DIR CONFIG_TEMPLATE BOOTSTRAP | stop DIR | render TEMPLATE ZOOKEEPER BOOTSTRAP HTTP_ADDRESS"
    ;;
esac
