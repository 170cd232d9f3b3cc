#!/usr/bin/env bash
# Installs every build and test dependency of warren on a fresh Debian 12 machine.
# Safe to run again: apt-get skips what is installed; downloads are cached under ~/.cache/warren.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config
  librdkafka-dev libcpp-httplib-dev rapidjson-dev libtoml11-dev doctest-dev
  libcli11-dev libfmt-dev libre2-dev libbenchmark-dev libssl-dev zlib1g-dev
  clang-format clang libclang-rt-14-dev
)
# Test-side parts: Debian's Burrow as an oracle (it needs ZooKeeper), kcat, curl, a JRE and Maven
# for the Kafka broker and tools that tests/e2e/kafka/kafka.sh resolves from Maven Central.
test_packages=(burrow zookeeper kcat curl openssl default-jre-headless maven python3)
# Notifiers (core/notify): libcurl is their HTTP and SMTP client; aiosmtpd is the SMTP receiver of
# tests/e2e/notify_test.sh.
build_packages+=(libcurl4-openssl-dev)
test_packages+=(python3-aiosmtpd)
# Grafana/Elasticsearch checks: JSON Schema validation of the dashboards (tests/grafana) and unzip
# for the OpenSearch distribution that tests/e2e/opensearch/opensearch.sh gets from Maven Central.
test_packages+=(python3-jsonschema unzip)
# The benchmark suite (bench/run.sh) loads the REST API with wrk.
test_packages+=(wrk)

need=()
for p in "${build_packages[@]}" "${test_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done

if ((${#need[@]})); then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
  # Debian starts the zookeeper and burrow services on install; tests start their own on 127.0.0.1.
  for svc in burrow zookeeper; do
    "${sudo_cmd[@]}" systemctl disable --now "$svc" >/dev/null 2>&1 || true
  done
else
  echo "install-deps: all Debian packages present"
fi
mkdir -p "${HOME}/.cache/warren"

