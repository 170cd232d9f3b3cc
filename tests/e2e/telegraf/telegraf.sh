#!/usr/bin/env bash
# A Telegraf binary for end-to-end tests, built from source with only the
# plugins warren needs (Go build tags, see README.md next to this script).
#
#   telegraf.sh build     build the binary into the cache (skipped when it works)
#   telegraf.sh path      print the binary's path (builds it first if needed)
#   telegraf.sh version   print the Telegraf version this script builds
#   telegraf.sh tags      print the Go build tags
#
# The build is
#   CGO_ENABLED=0 go install -tags <tags> -ldflags "-X .../internal.Version=<ver>" \
#     github.com/influxdata/telegraf/cmd/telegraf@v<ver>
# with GOTOOLCHAIN=local and every Go directory under the cache, so CI can keep
# it between runs. If `go install` refuses the module (a go.mod with replace or
# exclude lines), the script falls back to `go mod download` + `go build`
# inside the downloaded module.
#
# Environment:
#   TELEGRAF_VERSION  release to build (default 1.39.3: the newest whose go.mod
#                     asks for at most Go 1.26)
#   WARREN_CACHE      cache root (default ~/.cache/warren). The binary goes to
#                     $WARREN_CACHE/telegraf-$TELEGRAF_VERSION/telegraf; Go's
#                     GOPATH, module cache and build cache to $WARREN_CACHE/go
#   GOFLAGS           passed on (-modcacherw is added so the cache can be deleted)
set -euo pipefail

TELEGRAF_VERSION="${TELEGRAF_VERSION:-1.39.3}"
TELEGRAF_VERSION="${TELEGRAF_VERSION#v}"
TAGS="custom,inputs.execd,inputs.burrow,outputs.elasticsearch,outputs.opensearch,outputs.file,parsers.influx,serializers.influx"
MODULE=github.com/influxdata/telegraf
CACHE_ROOT="${WARREN_CACHE:-${HOME}/.cache/warren}"
BIN_DIR="${CACHE_ROOT}/telegraf-${TELEGRAF_VERSION}"
BIN="${BIN_DIR}/telegraf"
GO_ROOT_CACHE="${CACHE_ROOT}/go"

SAY_AS=telegraf.sh
# shellcheck source=../lib/process.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/process.sh"

# The binary is usable: it runs and reports the version it was built as.
binary_ok() {
  [ -x "$BIN" ] || return 1
  local out
  out=$("$BIN" --version 2>/dev/null) || return 1
  [[ "$out" == *"Telegraf ${TELEGRAF_VERSION}"* ]]
}

go_env() {
  export GOTOOLCHAIN=local
  export CGO_ENABLED=0
  export GOPATH="${GO_ROOT_CACHE}/path"
  export GOMODCACHE="${GO_ROOT_CACHE}/mod"
  export GOCACHE="${GO_ROOT_CACHE}/build"
  export GOBIN="$BIN_DIR"
  # Module files are read-only by default; -modcacherw lets `rm -rf` clear the cache.
  case " ${GOFLAGS:-} " in
    *" -modcacherw "*) ;;
    *) export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw" ;;
  esac
}

# Fails early, with a readable message, when the installed Go is older than
# the `go` line of the release's go.mod (GOTOOLCHAIN=local never downloads one).
check_go_version() {
  local have want
  have=$(go env GOVERSION) # go1.26.8
  have="${have#go}"
  want=$(go mod download -json "${MODULE}@v${TELEGRAF_VERSION}" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$want" ] && [ -f "$want" ] || die "cannot download ${MODULE}@v${TELEGRAF_VERSION}"
  want=$(awk '$1 == "go" {print $2; exit}' "$want")
  if [ -n "$want" ] && [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n1)" != "$want" ]; then
    die "Telegraf v${TELEGRAF_VERSION} needs Go ${want}; this machine has Go ${have} (GOTOOLCHAIN=local)"
  fi
}

build_with_install() {
  go install -tags "$TAGS" -trimpath \
    -ldflags "-X ${MODULE}/internal.Version=${TELEGRAF_VERSION}" \
    "${MODULE}/cmd/telegraf@v${TELEGRAF_VERSION}"
}

# Builds inside the (read-only) downloaded module; used when `go install` refuses it.
build_in_module() {
  local dir
  dir=$(go mod download -json "${MODULE}@v${TELEGRAF_VERSION}" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download gave no directory for ${MODULE}@v${TELEGRAF_VERSION}"
  (cd "$dir" && go build -mod=readonly -tags "$TAGS" -trimpath \
    -ldflags "-X ${MODULE}/internal.Version=${TELEGRAF_VERSION}" \
    -o "${BIN}.tmp" ./cmd/telegraf) && mv -f "${BIN}.tmp" "$BIN"
}

cmd_build() {
  binary_ok && return 0
  command -v go >/dev/null || die "go not found on PATH (Go 1.26 or newer is needed)"
  mkdir -p "$BIN_DIR" "$GO_ROOT_CACHE"
  # One build at a time per version; a second caller waits, then finds the binary.
  exec 9>"${BIN_DIR}/.lock"
  flock 9
  if binary_ok; then
    exec 9>&-
    return 0
  fi
  go_env
  local t0 log="${BIN_DIR}/build.log"
  t0=$(now_ms)
  say "building Telegraf v${TELEGRAF_VERSION} (tags ${TAGS}); log in ${log}"
  : >"$log"
  check_go_version 2>>"$log" || die "$(tail -n 5 "$log")"
  rm -f "$BIN"
  if ! build_with_install >>"$log" 2>&1; then
    if grep -q 'contains one or more \(replace\|exclude\) directives' "$log"; then
      say "go install refused the module; building inside the downloaded module"
      build_in_module >>"$log" 2>&1 || {
        tail -n 30 "$log" >&2
        die "go build failed"
      }
    else
      tail -n 30 "$log" >&2
      die "go install failed"
    fi
  fi
  binary_ok || die "built ${BIN}, but \`telegraf --version\` does not report ${TELEGRAF_VERSION}"
  say "built ${BIN} in $(($(now_ms) - t0)) ms"
  exec 9>&-
}

case "${1:-}" in
  build) cmd_build ;;
  path)
    cmd_build
    echo "$BIN"
    ;;
  version) echo "$TELEGRAF_VERSION" ;;
  tags) echo "$TAGS" ;;
  *)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
