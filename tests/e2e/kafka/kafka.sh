#!/usr/bin/env bash
# A real Apache Kafka broker for end-to-end tests: one KRaft node that is both
# broker and controller, bound to 127.0.0.1 only, run from jars that Maven
# resolves (see pom.xml next to this script). No Docker, no Kafka tarball.
#
#   kafka.sh fetch                 resolve the jars into the cache (once)
#   kafka.sh start DIR             format DIR (first time) and start a broker
#   kafka.sh stop DIR              SIGTERM, wait up to 30 s, then SIGKILL
#   kafka.sh restart DIR           stop, then start on the same ports and data
#   kafka.sh status DIR            exit 0 when the broker process is alive
#   kafka.sh bootstrap DIR         print host:port of the PLAINTEXT listener
#   kafka.sh tool DIR Class args   run a Kafka command-line class
#   kafka.sh classpath             print the Java classpath
#   kafka.sh version               print the Kafka version in use
#
# `start` writes into DIR: server.properties, log4j2.xml, data/ (log.dirs),
# broker.log (broker log4j output), stdout.log (JVM output), pid, bootstrap
# (127.0.0.1:PORT) and ports ("BROKER CONTROLLER"). Starting a DIR that was
# started before reuses its configuration, ports and data; that is how
# `restart` keeps the cluster.
#
# Command-line classes for `tool` (the caller passes --bootstrap-server):
#   org.apache.kafka.tools.TopicCommand                        kafka-topics
#   org.apache.kafka.tools.consumer.group.ConsumerGroupCommand kafka-consumer-groups
#   org.apache.kafka.tools.consumer.ConsoleConsumer            kafka-console-consumer
#       (--consumer-property group.protocol=consumer joins a KIP-848 group)
#   org.apache.kafka.tools.ConsoleProducer                     kafka-console-producer
#   org.apache.kafka.tools.ProducerPerformance                 kafka-producer-perf-test
#   org.apache.kafka.tools.ConsumerPerformance                 kafka-consumer-perf-test
#   org.apache.kafka.tools.GetOffsetShell                      kafka-get-offsets
#   org.apache.kafka.tools.DeleteRecordsCommand                kafka-delete-records
#   org.apache.kafka.tools.MetadataQuorumCommand               kafka-metadata-quorum
#   org.apache.kafka.tools.FeatureCommand                      kafka-features
#   kafka.admin.ConfigCommand                                  kafka-configs
#   kafka.tools.StorageTool                                    kafka-storage
# ConsoleConsumer formatters that decode __consumer_offsets:
#   org.apache.kafka.tools.consumer.OffsetsMessageFormatter, ...GroupMetadataMessageFormatter
#
# Environment:
#   KAFKA_VERSION            Kafka release to run (default 4.1.1, the one tested)
#   WARREN_CACHE             cache root (default ~/.cache/warren); jars go to
#                            $WARREN_CACHE/kafka-$KAFKA_VERSION/libs, Maven's
#                            repository to $WARREN_CACHE/m2
#   KAFKA_OFFSETS_PARTITIONS offsets.topic.num.partitions (default 10)
#   KAFKA_BROKER_PROPERTIES  extra server.properties lines, appended on first start
#   KAFKA_HEAP_OPTS          broker heap (default -Xms128m -Xmx512m)
#   KAFKA_START_TIMEOUT      seconds to wait for the broker to answer (default 90)
#   KAFKA_STOP_TIMEOUT       seconds between SIGTERM and SIGKILL (default 30)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
CACHE_ROOT="${WARREN_CACHE:-${HOME}/.cache/warren}"
CACHE="${CACHE_ROOT}/kafka-${KAFKA_VERSION}"
LIBS="${CACHE}/libs"
M2="${CACHE_ROOT}/m2"
MARKER="${CACHE}/.fetched"

# Short-lived JVMs (storage formatting, command-line tools) start faster this way.
TOOL_JVM_OPTS=(-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true)

SAY_AS=kafka.sh
# shellcheck source=../lib/process.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/process.sh"

# ---------------------------------------------------------------- fetch

cmd_fetch() {
  [ -f "$MARKER" ] && return 0
  command -v mvn >/dev/null || die "mvn not found (scripts/install-deps.sh installs maven)"
  command -v java >/dev/null || die "java not found (scripts/install-deps.sh installs a JRE)"
  mkdir -p "$CACHE" "$M2"
  # One fetch at a time per version; a second caller waits, then sees the marker.
  exec 9>"${CACHE}/.lock"
  flock 9
  if [ ! -f "$MARKER" ]; then
    local t0
    t0=$(now_ms)
    say "resolving Kafka ${KAFKA_VERSION} jars with Maven into ${LIBS}"
    rm -rf "${LIBS}.tmp"
    if ! mvn -q -B -Dstyle.color=never -f "${HERE}/pom.xml" \
      -Dmaven.repo.local="$M2" \
      -Dkafka.version="$KAFKA_VERSION" \
      -DincludeScope=runtime \
      -DoutputDirectory="${LIBS}.tmp" \
      dependency:copy-dependencies >"${CACHE}/fetch.log" 2>&1; then
      tail -n 40 "${CACHE}/fetch.log" >&2
      die "mvn could not resolve Kafka ${KAFKA_VERSION} (log: ${CACHE}/fetch.log)"
    fi
    ls "${LIBS}.tmp/kafka_2.13-${KAFKA_VERSION}.jar" >/dev/null || die "kafka_2.13-${KAFKA_VERSION}.jar missing after mvn"
    write_tools_log4j "${LIBS}.tmp"
    rm -rf "$LIBS"
    mv "${LIBS}.tmp" "$LIBS"
    echo "$KAFKA_VERSION" >"$MARKER"
    say "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars in $(($(now_ms) - t0)) ms"
  fi
  flock -u 9
  exec 9>&-
}

# Command-line tools log warnings to stderr only (the cache holds the file).
write_tools_log4j() {
  cat >"$1/tools-log4j2.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="warn">
  <Appenders>
    <Console name="stderr" target="SYSTEM_ERR">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="WARN"><AppenderRef ref="stderr"/></Root>
  </Loggers>
</Configuration>
EOF
}

classpath() { echo "${LIBS}/*"; }

# ---------------------------------------------------------------- helpers

# A cluster id as `kafka-storage random-uuid` makes it: 16 random bytes in
# URL-safe base64 without padding, never starting with '-'. Saves a JVM start.
random_uuid() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [ "${id:0:1}" != "-" ] && [ "$id" != "AAAAAAAAAAAAAAAAAAAAAA" ] && [ "$id" != "AAAAAAAAAAAAAAAAAAAAAQ" ] && break
  done
  echo "$id"
}

# The broker's pid when DIR/pid names a live broker of this DIR.
live_pid() { pid_in_dir "$1" "-Dwarren.e2e.dir=$1"; }

write_config() {
  local dir="$1" port="$2" cport="$3"
  cat >"$dir/server.properties" <<EOF
# Single-node KRaft cluster for end-to-end tests (written by kafka.sh).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${cport}
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dir}/data
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=${KAFKA_OFFSETS_PARTITIONS:-10}
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Classic groups and KIP-848 (group.protocol=consumer) groups.
group.coordinator.rebalance.protocols=classic,consumer
num.network.threads=2
num.io.threads=4
EOF
  if [ -n "${KAFKA_BROKER_PROPERTIES:-}" ]; then
    printf '# From KAFKA_BROKER_PROPERTIES\n%s\n' "$KAFKA_BROKER_PROPERTIES" >>"$dir/server.properties"
  fi
  cat >"$dir/log4j2.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="warn">
  <Appenders>
    <File name="broker" fileName="${sys:kafka.logs.dir}/broker.log" append="true">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="broker"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
  </Loggers>
</Configuration>
EOF
  echo "$port $cport" >"$dir/ports"
  echo "127.0.0.1:${port}" >"$dir/bootstrap"
}

# Exit 0 when the broker answers a metadata request.
answers() {
  local bootstrap="$1"
  if command -v kcat >/dev/null; then
    timeout 10 kcat -b "$bootstrap" -L -m 2 >/dev/null 2>&1
  else
    timeout 20 java "${TOOL_JVM_OPTS[@]}" -Dlog4j2.configurationFile="${LIBS}/tools-log4j2.xml" \
      -cp "$(classpath)" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --list >/dev/null 2>&1
  fi
}

# ---------------------------------------------------------------- start/stop

cmd_start() {
  local dir port cport pid t0
  dir=$(need_dir "${1:-}")
  cmd_fetch
  if pid=$(live_pid "$dir"); then
    die "a broker (pid $pid) already runs in $dir"
  fi
  t0=$(now_ms)
  if [ -f "$dir/server.properties" ] && [ -f "$dir/ports" ]; then
    read -r port cport <"$dir/ports"
  else
    read -r port cport < <(free_ports)
    write_config "$dir" "$port" "$cport"
  fi
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(random_uuid)
    java "${TOOL_JVM_OPTS[@]}" -Dlog4j2.configurationFile="${LIBS}/tools-log4j2.xml" \
      -cp "$(classpath)" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
      die "storage format failed: $(cat "$dir/format.log")"
    echo "$cluster_id" >"$dir/cluster_id"
  fi

  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of options
  java ${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m} \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:TieredStopAtLevel=1 \
    -Djava.awt.headless=true \
    -Dkafka.logs.dir="$dir" \
    -Dlog4j2.configurationFile="$dir/log4j2.xml" \
    -Dwarren.e2e.dir="$dir" \
    -cp "$(classpath)" kafka.Kafka "$dir/server.properties" \
    >>"$dir/stdout.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/pid"

  local started=0
  await_start "$pid" "${KAFKA_START_TIMEOUT:-90}" 0.2 answers "127.0.0.1:${port}" || started=$?
  if [ "$started" -eq 1 ]; then
    say "broker exited during start-up; last lines of $dir/broker.log and stdout.log:"
    tail -n 40 "$dir/broker.log" >&2 2>/dev/null || true
    tail -n 20 "$dir/stdout.log" >&2 || true
    rm -f "$dir/pid"
    exit 1
  elif [ "$started" -eq 2 ]; then
    say "broker did not answer on 127.0.0.1:${port} within ${KAFKA_START_TIMEOUT:-90} s; last lines of $dir/broker.log:"
    tail -n 60 "$dir/broker.log" >&2 2>/dev/null || true
    cmd_stop "$dir"
    exit 1
  fi
  say "Kafka ${KAFKA_VERSION} (pid $pid) answers on 127.0.0.1:${port} (controller ${cport}) after $(($(now_ms) - t0)) ms"
}

cmd_stop() {
  local dir
  dir=$(need_dir "${1:-}")
  stop_pid_dir "$dir" "-Dwarren.e2e.dir=$dir" broker "${KAFKA_STOP_TIMEOUT:-30}"
}

cmd_restart() {
  local dir
  dir=$(need_dir "${1:-}")
  [ -f "$dir/ports" ] || die "$dir holds no broker to restart (run start first)"
  cmd_stop "$dir"
  cmd_start "$dir"
}

cmd_status() {
  local dir
  dir=$(need_dir "${1:-}")
  live_pid "$dir" >/dev/null
}

cmd_tool() {
  [ $# -ge 2 ] || die "usage: kafka.sh tool DIR Main.Class [args...]"
  shift # DIR: the tools take --bootstrap-server from the caller
  local main="$1"
  shift
  cmd_fetch
  exec java "${TOOL_JVM_OPTS[@]}" -Dlog4j2.configurationFile="${LIBS}/tools-log4j2.xml" \
    -cp "$(classpath)" "$main" "$@"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

main() {
  local sub="${1:-}"
  [ $# -gt 0 ] && shift
  case "$sub" in
    fetch) cmd_fetch ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart) cmd_restart "$@" ;;
    status) cmd_status "$@" ;;
    bootstrap) cat "$(need_dir "${1:-}")/bootstrap" ;;
    tool) cmd_tool "$@" ;;
    classpath) cmd_fetch && classpath ;;
    version) echo "$KAFKA_VERSION" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
