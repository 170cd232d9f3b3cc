#!/usr/bin/env bash
# A real OpenSearch node for end-to-end tests: one node on 127.0.0.1 (single-node discovery, no
# security plugin: plain HTTP without authentication), run from OpenSearch's own minimal
# distribution, which OpenSearch publishes to Maven Central as
# org.opensearch.distribution.integ-test-zip:opensearch (core server + transport-netty4 only).
# No Docker and no tarball from a vendor site.
#
#   opensearch.sh fetch          resolve and unpack the distribution into the cache (once)
#   opensearch.sh start DIR      write DIR/config, start a node and wait until it answers
#   opensearch.sh stop DIR       SIGTERM, wait up to 30 s, then SIGKILL
#   opensearch.sh url DIR        print http://127.0.0.1:PORT of a started node
#   opensearch.sh status DIR     exit 0 when the node process of DIR is alive
#   opensearch.sh version        print the OpenSearch version in use
#
# `start` writes into DIR: config/ (opensearch.yml, jvm.options, log4j2.properties), data/, logs/
# (the node's own logs), stdout.log, pid, port and url. A DIR started before keeps its port.
#
# Environment:
#   OPENSEARCH_VERSION        release to run (default 2.19.6, the last 2.x line; runs on Java 17)
#   WARREN_CACHE              cache root (default ~/.cache/warren): Maven's repository in
#                             $WARREN_CACHE/m2, the unpacked node in $WARREN_CACHE/opensearch-VERSION
#   OPENSEARCH_HEAP           heap size (default 512m)
#   OPENSEARCH_START_TIMEOUT  seconds to wait for the node to answer (default 120)
#   OPENSEARCH_STOP_TIMEOUT   seconds between SIGTERM and SIGKILL (default 30)
set -euo pipefail

OPENSEARCH_VERSION="${OPENSEARCH_VERSION:-2.19.6}"
CACHE_ROOT="${WARREN_CACHE:-${HOME}/.cache/warren}"
CACHE="${CACHE_ROOT}/opensearch-${OPENSEARCH_VERSION}"
HOME_DIR="${CACHE}/opensearch-${OPENSEARCH_VERSION}"
M2="${CACHE_ROOT}/m2"
MARKER="${CACHE}/.fetched"
ARTIFACT="org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip"

SAY_AS=opensearch.sh
# shellcheck source=../lib/process.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/process.sh"

# ---------------------------------------------------------------- fetch

cmd_fetch() {
  [ -f "$MARKER" ] && [ -x "${HOME_DIR}/bin/opensearch" ] && return 0
  command -v mvn >/dev/null || die "mvn not found (scripts/install-deps.sh installs maven)"
  command -v java >/dev/null || die "java not found (scripts/install-deps.sh installs a JRE)"
  command -v unzip >/dev/null || die "unzip not found (scripts/install-deps.sh installs it)"
  mkdir -p "$CACHE" "$M2"
  # One fetch at a time per version; a second caller waits, then sees the marker.
  exec 9>"${CACHE}/.lock"
  flock 9
  if [ ! -f "$MARKER" ]; then
    local t0 zip
    t0=$(now_ms)
    say "resolving ${ARTIFACT} with Maven"
    if ! mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$M2" \
      dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false >"${CACHE}/fetch.log" 2>&1; then
      tail -n 40 "${CACHE}/fetch.log" >&2
      die "mvn could not resolve ${ARTIFACT} (log: ${CACHE}/fetch.log)"
    fi
    zip="${M2}/org/opensearch/distribution/integ-test-zip/opensearch/${OPENSEARCH_VERSION}/opensearch-${OPENSEARCH_VERSION}.zip"
    [ -f "$zip" ] || die "$zip missing after mvn"
    rm -rf "${CACHE}/unpack.tmp" "$HOME_DIR"
    mkdir -p "${CACHE}/unpack.tmp"
    unzip -q "$zip" -d "${CACHE}/unpack.tmp"
    mv "${CACHE}/unpack.tmp/opensearch-${OPENSEARCH_VERSION}" "$HOME_DIR"
    rm -rf "${CACHE}/unpack.tmp"
    echo "$OPENSEARCH_VERSION" >"$MARKER"
    say "fetched OpenSearch ${OPENSEARCH_VERSION} into ${HOME_DIR} in $(($(now_ms) - t0)) ms"
  fi
  flock -u 9
  exec 9>&-
}

# ---------------------------------------------------------------- helpers

# The node's pid when DIR/pid names a live OpenSearch of this DIR.
live_pid() { pid_in_dir "$1" "-Dopensearch.path.conf=$1/config"; }

write_config() {
  local dir="$1" port="$2" tport="$3"
  mkdir -p "$dir/config" "$dir/data" "$dir/logs" "$dir/tmp"
  cat >"$dir/config/opensearch.yml" <<EOF
# One-node OpenSearch for end-to-end tests (written by opensearch.sh).
cluster.name: warren-e2e
node.name: node-0
path.data: ${dir}/data
path.logs: ${dir}/logs
network.host: 127.0.0.1
http.port: ${port}
transport.port: ${tport}
discovery.type: single-node
# Small test disks must not turn indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
EOF
  # Loopback-only single-node mode skips the production bootstrap checks (vm.max_map_count among
  # them); mmapfs is still avoided so a low vm.max_map_count cannot hurt.
  echo "node.store.allow_mmap: false" >>"$dir/config/opensearch.yml"
  cat >"$dir/config/jvm.options" <<EOF
-Xms${OPENSEARCH_HEAP:-512m}
-Xmx${OPENSEARCH_HEAP:-512m}
-XX:+UseG1GC
-XX:TieredStopAtLevel=1
-Djava.io.tmpdir=\${OPENSEARCH_TMPDIR}
-XX:ErrorFile=${dir}/logs/hs_err_pid%p.log
-Xlog:disable
18-:-Djava.security.manager=allow
-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory
-Dopensearch.set.netty.runtime.available.processors=false
EOF
  # OpenSearch refuses to start as root and finds out through JNA. CI machines run the tests as
  # root, so there JNA's native library is kept from loading: the node cannot tell and starts
  # (without memory locking or seccomp, which a test node does not need).
  if [ "$(id -u)" -eq 0 ]; then
    printf '%s\n' -Djna.nounpack=true -Djna.nosys=true "-Djna.boot.library.path=${dir}/no-jna" >>"$dir/config/jvm.options"
  fi
  cat >"$dir/config/log4j2.properties" <<'EOF'
status = error
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:opensearch.logs.base_path}${sys:file.separator}opensearch.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.deprecation.name = org.opensearch.deprecation
logger.deprecation.level = error
EOF
  echo "$port $tport" >"$dir/port"
  echo "http://127.0.0.1:${port}" >"$dir/url"
}

# Exit 0 when the node reports at least yellow health.
answers() {
  curl -fsS -m 5 "$1/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1
}

java_home() {
  if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then
    echo "$OPENSEARCH_JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

# ---------------------------------------------------------------- start/stop

cmd_start() {
  local dir port tport pid t0 url
  dir=$(need_dir "${1:-}")
  cmd_fetch
  if pid=$(live_pid "$dir"); then
    die "a node (pid $pid) already runs in $dir"
  fi
  t0=$(now_ms)
  if [ -f "$dir/port" ]; then
    read -r port tport <"$dir/port"
  else
    read -r port tport < <(free_ports)
  fi
  write_config "$dir" "$port" "$tport"
  url="http://127.0.0.1:${port}"

  OPENSEARCH_JAVA_HOME="$(java_home)" OPENSEARCH_PATH_CONF="$dir/config" OPENSEARCH_TMPDIR="$dir/tmp" \
    OPENSEARCH_JAVA_OPTS="" JAVA_HOME="" \
    "${HOME_DIR}/bin/opensearch" >>"$dir/stdout.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/pid"

  local started=0
  await_start "$pid" "${OPENSEARCH_START_TIMEOUT:-120}" 0.5 answers "$url" || started=$?
  if [ "$started" -eq 1 ]; then
    say "node exited during start-up; last lines of $dir/stdout.log and logs/opensearch.log:"
    tail -n 30 "$dir/stdout.log" >&2 || true
    tail -n 30 "$dir/logs/opensearch.log" >&2 2>/dev/null || true
    rm -f "$dir/pid"
    exit 1
  elif [ "$started" -eq 2 ]; then
    say "node did not answer on $url within ${OPENSEARCH_START_TIMEOUT:-120} s; last lines of logs/opensearch.log:"
    tail -n 40 "$dir/logs/opensearch.log" >&2 2>/dev/null || true
    cmd_stop "$dir"
    exit 1
  fi
  say "OpenSearch ${OPENSEARCH_VERSION} (pid $pid) answers on $url after $(($(now_ms) - t0)) ms"
}

cmd_stop() {
  local dir
  dir=$(need_dir "${1:-}")
  stop_pid_dir "$dir" "-Dopensearch.path.conf=$dir/config" node "${OPENSEARCH_STOP_TIMEOUT:-30}"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  url)
    dir=$(need_dir "${2:-}")
    [ -f "$dir/url" ] || die "$dir holds no node (run start first)"
    cat "$dir/url"
    ;;
  status)
    dir=$(need_dir "${2:-}")
    live_pid "$dir" >/dev/null
    ;;
  version) echo "$OPENSEARCH_VERSION" ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
