#!/usr/bin/env bash
# Installs warren's retention policy, component templates and index template into Elasticsearch
# or OpenSearch. Idempotent: each object is read back first and only written when it is missing
# or differs from the file, and every object's outcome is printed (created, updated, unchanged).
#
#   elasticsearch/install.sh URL [--opensearch] [--retention DAYS] [--dry-run]
#
#   URL            the cluster, e.g. http://127.0.0.1:9200 (no trailing path)
#   --opensearch   the cluster is OpenSearch: ISM policy instead of ILM, and no index.lifecycle.*
#                  settings (OpenSearch rejects them). Without it the cluster must be Elasticsearch.
#   --retention N  keep indices N days instead of the default 30
#   --dry-run      compare only; print what would be done, write nothing
#
# Environment: WARREN_ES_CURL_OPTS is added to every curl call (credentials, TLS), e.g.
#   WARREN_ES_CURL_OPTS="-u elastic:secret --cacert ca.pem" elasticsearch/install.sh https://es:9200
# Needs curl and python3 (to compare JSON). See elasticsearch/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { echo "install.sh: $*"; }
die() {
  echo "install.sh: $*" >&2
  exit 1
}
usage() {
  sed -n '6,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

url=""
opensearch=0
retention=30
dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --opensearch) opensearch=1 ;;
    --retention)
      [ $# -ge 2 ] || usage
      retention="$2"
      shift
      ;;
    --dry-run) dry_run=1 ;;
    -h | --help) usage ;;
    -*) die "unknown option $1" ;;
    *)
      [ -z "$url" ] || usage
      url="${1%/}"
      ;;
  esac
  shift
done
[ -n "$url" ] || usage
[[ "$retention" =~ ^[1-9][0-9]*$ ]] || die "--retention wants a whole number of days, got '$retention'"
command -v curl >/dev/null || die "curl not found"
command -v python3 >/dev/null || die "python3 not found"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2206 # the options are a word list on purpose
curl_opts=(-sS -m 30 ${WARREN_ES_CURL_OPTS:-})

# http METHOD PATH [BODY_FILE]: the response body goes to $work/body, the status is printed.
http() {
  local method="$1" path="$2" body="${3:-}" args=()
  [ -z "$body" ] || args=(-H 'Content-Type: application/json' --data-binary "@$body")
  curl "${curl_opts[@]}" -o "$work/body" -w '%{http_code}' -X "$method" "${args[@]}" "${url}${path}" ||
    die "$method ${url}${path}: curl failed"
}

# JSON work that shell cannot do: reading fields and comparing what the cluster holds with a file.
json() {
  python3 - "$@" <<'PY'
import json, sys

def norm(v):
    # The cluster echoes settings back as strings ("1", "true"); compare scalars by their text.
    return v if isinstance(v, str) else json.dumps(v)

def contains(have, want):
    """True when every key and value in `want` is also in `have` (the cluster adds its own keys)."""
    if isinstance(want, dict):
        if have is None:
            return all(contains(None, v) for v in want.values())
        return isinstance(have, dict) and all(contains(have.get(k), v) for k, v in want.items())
    if isinstance(want, list):
        if have is None:
            return not want
        return isinstance(have, list) and len(have) == len(want) and all(contains(h, w) for h, w in zip(have, want))
    return have is not None and norm(have) == norm(want)

def dig(doc, path):
    for part in path.split("/"):
        if not part:
            continue
        doc = doc[int(part)] if isinstance(doc, list) else doc.get(part)
        if doc is None:
            return None
    return doc

cmd = sys.argv[1]
if cmd == "contains":  # contains HAVE_FILE PATH WANT_FILE: exit 0 when WANT is inside HAVE at PATH
    have = dig(json.load(open(sys.argv[2])), sys.argv[3])
    sys.exit(0 if contains(have, json.load(open(sys.argv[4]))) else 1)
elif cmd == "get":  # get FILE PATH: print the value (empty when absent)
    v = dig(json.load(open(sys.argv[2])), sys.argv[3])
    print("" if v is None else v)
elif cmd == "retention":  # retention IN OUT KIND DAYS: the policy file with another age
    doc, days = json.load(open(sys.argv[2])), sys.argv[5] + "d"
    if sys.argv[4] == "ilm":
        doc["policy"]["phases"]["delete"]["min_age"] = days
        doc["policy"]["_meta"]["description"] = doc["policy"]["_meta"]["description"].replace("30 days", days[:-1] + " days")
    else:
        for state in doc["policy"]["states"]:
            for t in state["transitions"]:
                if t["state_name"] == "delete":
                    t["conditions"]["min_index_age"] = days
        doc["policy"]["description"] = doc["policy"]["description"].replace("30 days", days[:-1] + " days")
    json.dump(doc, open(sys.argv[3], "w"), indent=2)
PY
}

# ---------------------------------------------------------------- the cluster

status=$(http GET /)
[ "$status" = 200 ] || die "GET ${url}/ answered HTTP $status: $(head -c 300 "$work/body")"
cp "$work/body" "$work/root.json"
distribution=$(json get "$work/root.json" version/distribution)
number=$(json get "$work/root.json" version/number)
if [ "$opensearch" = 1 ] && [ "$distribution" != opensearch ]; then
  die "$url is Elasticsearch $number, not OpenSearch: drop --opensearch"
fi
if [ "$opensearch" = 0 ] && [ "$distribution" = opensearch ]; then
  die "$url is OpenSearch $number: pass --opensearch"
fi
if [ "$opensearch" = 1 ]; then
  say "$url: OpenSearch $number"
else
  say "$url: Elasticsearch $number"
fi
[ "$dry_run" = 0 ] || say "dry run: nothing is written"

changes=0

# put_object WHAT PATH FILE HAVE_PATH [PUT_QUERY]: reads PATH, compares the part at HAVE_PATH
# with FILE and writes FILE with PUT when it is missing or differs.
put_object() {
  local what="$1" path="$2" file="$3" have_path="$4" query="${5:-}" st verb
  st=$(http GET "$path")
  case "$st" in
    200)
      cp "$work/body" "$work/have.json"
      if json contains "$work/have.json" "$have_path" "$file"; then
        say "$what: unchanged"
        return 0
      fi
      verb=updated
      ;;
    404) verb=created ;;
    *) die "$what: GET $path answered HTTP $st: $(head -c 300 "$work/body")" ;;
  esac
  changes=$((changes + 1))
  if [ "$dry_run" = 1 ]; then
    say "$what: would be $verb"
    return 0
  fi
  if [ "$verb" = updated ] && [ -n "$query" ]; then query="?$query"; else query=""; fi
  st=$(http PUT "${path}${query}" "$file")
  case "$st" in
    200 | 201) say "$what: $verb" ;;
    *) die "$what: PUT $path answered HTTP $st: $(head -c 500 "$work/body")" ;;
  esac
}

# ---------------------------------------------------------------- retention policy

if [ "$opensearch" = 1 ]; then
  json retention "$HERE/ism-policy.json" "$work/policy.json" ism "$retention"
  st=$(http GET /_plugins/_ism/policies/warren)
  if [ "$st" = 400 ] && grep -q 'no handler found' "$work/body"; then
    # A minimal OpenSearch (no index-management plugin) has no ISM; templates still work.
    say "WARNING: ISM policy warren: skipped, this cluster has no Index State Management plugin (retention is not enforced)"
  else
    # An existing ISM policy is replaced only with its sequence number and primary term.
    cp "$work/body" "$work/ism.json" 2>/dev/null || true
    seq_no=$(json get "$work/ism.json" _seq_no 2>/dev/null || true)
    primary_term=$(json get "$work/ism.json" _primary_term 2>/dev/null || true)
    put_object "ISM policy warren (delete after ${retention} days)" /_plugins/_ism/policies/warren \
      "$work/policy.json" "" "if_seq_no=${seq_no}&if_primary_term=${primary_term}"
  fi
  lifecycle_file="$HERE/component-lifecycle-opensearch.json"
else
  json retention "$HERE/ilm-policy.json" "$work/policy.json" ilm "$retention"
  put_object "ILM policy warren (delete after ${retention} days)" /_ilm/policy/warren "$work/policy.json" warren
  lifecycle_file="$HERE/component-lifecycle-elasticsearch.json"
fi

# ---------------------------------------------------------------- templates

put_object "component template warren-settings" /_component_template/warren-settings \
  "$HERE/component-settings.json" component_templates/0/component_template
put_object "component template warren-lifecycle" /_component_template/warren-lifecycle \
  "$lifecycle_file" component_templates/0/component_template
put_object "component template warren-mappings" /_component_template/warren-mappings \
  "$HERE/component-mappings.json" component_templates/0/component_template
put_object "index template warren (warren-*)" /_index_template/warren \
  "$HERE/index-template.json" index_templates/0/index_template

if [ "$dry_run" = 1 ]; then
  say "done: $changes object(s) would change"
else
  say "done: $changes object(s) changed"
fi
