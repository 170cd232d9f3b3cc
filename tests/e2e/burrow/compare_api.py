#!/usr/bin/env python3
"""Sends the same requests to two Burrow-compatible REST APIs, A (the oracle, Burrow 1.2.1) and B
(warren), and compares status codes, the headers below, and bodies byte for byte.

    compare_api.py --a URL --b URL [--cluster local] [--group G]... [--topic T]...
                   [--scenario REPORT.json] [--oracle 1.2.1|head] [--verbose]

Groups and topics come from --group/--topic, else from --scenario (written by scenario.py), else
from A's own lists. The requests cover every route Burrow 1.2.1 has (reference/burrow.md §1.1):
cluster, topic and consumer reads, /status and /lag, the config endpoints, the log level, and the
error paths (unknown cluster, topic, group and module; the catch-all 404; 301 for a trailing slash
or wrong case; 405; OPTIONS; 400/404 from POST /v3/admin/loglevel; DELETE of an unknown group).
It leaves out what 1.2.1 does not have (/metrics, /burrow/admin/ready, per-topic DELETE).

Normalisation, applied to JSON bodies only and only for these reasons:
  - order of lists that Burrow builds from Go maps (random per call): clusters, topics and
    consumers lists, config module lists, and topics within status/lag `partitions` (partitions of
    one topic keep their order);
  - request.host (a difference is printed as a note);
  - the httpserver address in /v3/config: B's own address (from its URL) is replaced by A's, the one
    line the two configurations differ in;
  - with --oracle 1.2.1 (the default), the 1.2.1-vs-HEAD differences of reference/burrow.md §1.9:
    `observedAt` is dropped from commit entries; a `lag` that is null on one side and a number on
    the other is set to null on both; `client_id` in status/lag partitions is blanked (always ""
    in 1.2.1); config keys group-allowlist/group-denylist are renamed to 1.2.1's
    group-whitelist/group-blacklist; Burrow's pseudo-group burrow-<consumer module> is removed from
    consumer lists.
When nothing was normalised, the raw bytes are compared. Otherwise both normalised documents are
serialised as Go's encoding/json would (same key order, numbers as written, <>& escaped) and
compared; each side must then also be in that canonical form itself, so an encoding difference
(escaping, spacing, number format, key order) is still a difference.

Prints one line per request (`same` / `DIFF` with every difference below it) and a summary; exit
status 1 on any difference.
"""

import argparse
import http.client
import json
import sys
import urllib.parse

HEADERS = ["Content-Type", "Location", "Allow", "X-Content-Type-Options", "Access-Control-Allow-Origin"]
CONFIG_KINDS = ["storage", "evaluator", "cluster", "consumer", "notifier"]
RENAMES_1_2_1 = {"group-allowlist": "group-whitelist", "group-denylist": "group-blacklist"}


# ---- JSON that keeps numbers as written and re-serialises like Go's encoding/json -----------------


class Number(str):
    """A JSON number kept as its text."""


def parse(raw):
    """(document, trailing bytes) or (None, None) when raw is not one JSON document."""
    try:
        text = raw.decode("utf-8")
        stripped = text.rstrip(" \t\r\n")
        doc = json.loads(stripped, parse_int=Number, parse_float=Number, parse_constant=Number)
        return doc, text[len(stripped):].encode()
    except (UnicodeDecodeError, ValueError):
        return None, None


def go_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20 or ch in "<>&" or c in (0x2028, 0x2029):
            out.append(f"\\u{c:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def serialise(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, Number):
        return str(v)
    if isinstance(v, str):
        return go_string(v)
    if isinstance(v, list):
        return "[" + ",".join(serialise(x) for x in v) + "]"
    return "{" + ",".join(go_string(k) + ":" + serialise(x) for k, x in v.items()) + "}"


# ---- normalisation ----------------------------------------------------------------------------------


class Normaliser:
    def __init__(self, oracle, pseudo_groups, a_address, b_address):
        self.oracle = oracle
        self.pseudo_groups = pseudo_groups
        self.a_address = a_address
        self.b_address = b_address

    def one(self, doc, side, notes):
        """Normalises one side in place."""
        if not isinstance(doc, dict):
            return
        for key in ("clusters", "topics", "consumers", "modules"):
            value = doc.get(key)
            if isinstance(value, list) and all(isinstance(x, str) for x in value):
                if key == "consumers" and self.oracle == "1.2.1":
                    kept = [x for x in value if x not in self.pseudo_groups]
                    if len(kept) != len(value):
                        notes.add(f"{side}: pseudo-group {sorted(set(value) - set(kept))} removed")
                    value = kept
                if value != sorted(value):
                    notes.add(f"{key} order")
                doc[key] = sorted(value)
        status = doc.get("status")
        if isinstance(status, dict) and isinstance(status.get("partitions"), list):
            parts = status["partitions"]
            ordered = sorted(parts, key=lambda p: p.get("topic", "") if isinstance(p, dict) else "")
            if ordered != parts:
                notes.add("topic order in partitions")
            status["partitions"] = ordered
        httpserver = doc.get("httpserver")
        if side == "b" and isinstance(httpserver, dict) and self.a_address != self.b_address:
            for server in httpserver.values():
                if isinstance(server, dict) and server.get("address") == self.b_address:
                    server["address"] = self.a_address
                    notes.add("httpserver address")
        if self.oracle == "1.2.1":
            self._walk_1_2_1(doc, side, notes)

    def _walk_1_2_1(self, node, side, notes):
        if isinstance(node, list):
            for x in node:
                self._walk_1_2_1(x, side, notes)
            return
        if not isinstance(node, dict):
            return
        if "offset" in node and "timestamp" in node and "observedAt" in node:
            del node["observedAt"]
            notes.add("observedAt")
        if "current_lag" in node and node.get("client_id") not in (None, ""):
            node["client_id"] = ""
            notes.add("client_id in status partitions")
        for old in [k for k in node if k in RENAMES_1_2_1]:
            items = [(RENAMES_1_2_1.get(k, k), v) for k, v in node.items()]
            node.clear()
            node.update(items)
            notes.add(f"{old} key")
        for x in node.values():
            self._walk_1_2_1(x, side, notes)

    def pair(self, a, b, notes):
        """Normalisations that need both sides: a null lag against a number (1.2.1 never has null)."""
        if self.oracle != "1.2.1":
            return
        if isinstance(a, dict) and isinstance(b, dict):
            if "offset" in a and "timestamp" in a and "lag" in a and "lag" in b:
                if (a["lag"] is None) != (b["lag"] is None):
                    a["lag"] = b["lag"] = None
                    notes.add("null lag")
            for k in a:
                if k in b:
                    self.pair(a[k], b[k], notes)
        elif isinstance(a, list) and isinstance(b, list):
            for x, y in zip(a, b):
                self.pair(x, y, notes)


def json_differences(a, b, path="$", out=None, limit=40):
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            out.append(f"{path}: keys {list(a)} vs {list(b)}")
        for k in a:
            if k in b:
                json_differences(a[k], b[k], f"{path}.{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} vs {len(b)} elements")
        for i, (x, y) in enumerate(zip(a, b)):
            json_differences(x, y, f"{path}[{i}]", out, limit)
    elif type(a) is not type(b) or a != b:
        out.append(f"{path}: {serialise(a)} vs {serialise(b)}")
    return out


def first_byte_difference(a, b, name_a="A", name_b="B"):
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    lo = max(0, i - 40)
    return f"bytes differ at {i}: {name_a} …{a[lo:i + 40]!r}… {name_b} …{b[lo:i + 40]!r}…"


# ---- HTTP -------------------------------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body, error=None):
        self.status = status
        self.headers = headers
        self.body = body
        self.error = error


def request(base, method, path, body=None, headers=None):
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        hdrs = {h: resp.getheader(h) for h in HEADERS}
        return Response(resp.status, hdrs, data)
    except (OSError, http.client.HTTPException) as e:
        return Response(None, {}, b"", error=f"{type(e).__name__}: {e}")
    finally:
        conn.close()


def q(segment):
    return urllib.parse.quote(segment, safe="")


def build_requests(cluster, groups, topics, modules):
    """(method, path, body, headers) in the order sent."""
    c = q(cluster)
    get = [
        "/burrow/admin",
        "/v3/kafka",
        f"/v3/kafka/{c}",
        f"/v3/kafka/{c}/topic",
    ]
    for t in topics:
        get += [f"/v3/kafka/{c}/topic/{q(t)}", f"/v3/kafka/{c}/topic/{q(t)}/consumers"]
    get.append(f"/v3/kafka/{c}/consumer")
    for g in groups:
        get += [f"/v3/kafka/{c}/consumer/{q(g)}", f"/v3/kafka/{c}/consumer/{q(g)}/status",
                f"/v3/kafka/{c}/consumer/{q(g)}/lag"]
    get.append("/v3/config")
    for kind in CONFIG_KINDS:
        get.append(f"/v3/config/{kind}")
        get += [f"/v3/config/{kind}/{q(name)}" for name in modules.get(kind, [])]
        get.append(f"/v3/config/{kind}/nosuch-module")
    get += [
        "/v3/admin/loglevel",
        # not found
        "/v3/kafka/nosuch-cluster",
        "/v3/kafka/nosuch-cluster/topic",
        "/v3/kafka/nosuch-cluster/consumer",
        f"/v3/kafka/nosuch-cluster/consumer/{q(groups[0]) if groups else 'g'}/status",
        f"/v3/kafka/{c}/topic/nosuch-topic",
        f"/v3/kafka/{c}/topic/nosuch-topic/consumers",
        f"/v3/kafka/{c}/consumer/nosuch-group",
        f"/v3/kafka/{c}/consumer/nosuch-group/status",
        f"/v3/kafka/{c}/consumer/nosuch-group/lag",
        "/nosuch",
        "/v3/nosuch",
        f"/v3/kafka/{c}/consumer/nosuch-group/nosuch",
        # redirects: trailing slash, case
        "/v3/kafka/",
        f"/v3/kafka/{c}/consumer/",
        "/V3/KAFKA",
    ]
    reqs = [("GET", p, None, None) for p in get]
    reqs += [
        ("PUT", "/v3/kafka", None, None),
        ("PUT", f"/v3/kafka/{c}/consumer/nosuch-group", None, None),
        ("POST", f"/v3/kafka/{c}/topic", b"{}", {"Content-Type": "application/json"}),
        ("HEAD", "/v3/kafka", None, None),
        ("OPTIONS", "/v3/kafka", None, None),
        ("OPTIONS", f"/v3/kafka/{c}/consumer/nosuch-group", None, None),
        ("POST", "/v3/admin/loglevel", b"not json", {"Content-Type": "application/json"}),
        ("POST", "/v3/admin/loglevel", b'{"level":"nosuch-level"}', {"Content-Type": "application/json"}),
        ("DELETE", f"/v3/kafka/{c}/consumer/nosuch-group", None, None),
    ]
    return reqs


def compare(normaliser, a, b):
    """(differences, notes) of one request."""
    diffs, notes = [], set()
    if a.error or b.error:
        if a.error != b.error:
            diffs.append(f"connection: A {a.error or 'answered'} vs B {b.error or 'answered'}")
        return diffs, notes
    if a.status != b.status:
        diffs.append(f"status: {a.status} vs {b.status}")
    for h in HEADERS:
        if a.headers.get(h) != b.headers.get(h):
            diffs.append(f"header {h}: {a.headers.get(h)!r} vs {b.headers.get(h)!r}")
    doc_a, tail_a = parse(a.body)
    doc_b, tail_b = parse(b.body)
    if doc_a is None or doc_b is None or not isinstance(doc_a, dict) or not isinstance(doc_b, dict):
        if a.body != b.body:
            diffs.append(first_byte_difference(a.body, b.body))
        return diffs, notes
    canonical_a = serialise(doc_a).encode() + tail_a
    canonical_b = serialise(doc_b).encode() + tail_b
    normaliser.one(doc_a, "a", notes)
    normaliser.one(doc_b, "b", notes)
    normaliser.pair(doc_a, doc_b, notes)
    host_a = doc_a.get("request", {}).get("host") if isinstance(doc_a.get("request"), dict) else None
    host_b = doc_b.get("request", {}).get("host") if isinstance(doc_b.get("request"), dict) else None
    if host_a != host_b and host_a is not None and host_b is not None:
        doc_a["request"]["host"] = doc_b["request"]["host"] = "<host>"
        notes.add(f"request.host {host_a!r} vs {host_b!r}")
    if not notes:
        if a.body != b.body:
            diffs += [f"body {d}" for d in json_differences(doc_a, doc_b)]
            diffs.append(first_byte_difference(a.body, b.body))
        return diffs, notes
    norm_a = serialise(doc_a).encode() + tail_a
    norm_b = serialise(doc_b).encode() + tail_b
    if norm_a != norm_b:
        diffs += [f"body {d}" for d in json_differences(doc_a, doc_b)]
        diffs.append("normalised " + first_byte_difference(norm_a, norm_b))
    if canonical_a != a.body:
        diffs.append("A's body is not in the form this script re-serialises (fix compare_api.py): " +
                     first_byte_difference(a.body, canonical_a, "A", "re-serialised"))
    if canonical_b != b.body:
        diffs.append("B's body is not encoded as Go's encoding/json would: " +
                     first_byte_difference(canonical_b, b.body, "Go form", "B"))
    return diffs, notes


def names_from(base, path, key):
    r = request(base, "GET", path)
    doc, _ = parse(r.body) if r.status == 200 else (None, None)
    return list(doc.get(key, [])) if isinstance(doc, dict) else []


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="base URL of the oracle (Burrow)")
    ap.add_argument("--b", required=True, help="base URL of the candidate (warren)")
    ap.add_argument("--cluster", default=None)
    ap.add_argument("--group", action="append", default=[])
    ap.add_argument("--topic", action="append", default=[])
    ap.add_argument("--scenario", help="report written by scenario.py (cluster, groups, topics)")
    ap.add_argument("--oracle", choices=["1.2.1", "head"], default="1.2.1")
    ap.add_argument("--verbose", action="store_true", help="print both bodies of every difference")
    args = ap.parse_args()

    scenario = {}
    if args.scenario:
        with open(args.scenario) as f:
            scenario = json.load(f)
    cluster = args.cluster or scenario.get("cluster") or "local"
    groups = args.group or scenario.get("groups") or names_from(args.a, f"/v3/kafka/{q(cluster)}/consumer", "consumers")
    topics = args.topic or scenario.get("topics") or names_from(args.a, f"/v3/kafka/{q(cluster)}/topic", "topics")
    modules = {kind: sorted(names_from(args.a, f"/v3/config/{kind}", "modules")) for kind in CONFIG_KINDS}
    pseudo = {f"burrow-{name}" for name in modules.get("consumer", [])}
    normaliser = Normaliser(args.oracle, pseudo, urllib.parse.urlsplit(args.a).netloc,
                            urllib.parse.urlsplit(args.b).netloc)

    requests = build_requests(cluster, groups, topics, modules)
    different = 0
    for method, path, body, headers in requests:
        ra = request(args.a, method, path, body, headers)
        rb = request(args.b, method, path, body, headers)
        diffs, notes = compare(normaliser, ra, rb)
        what = f"{method} {path}"
        detail = f"{ra.status} {ra.headers.get('Content-Type') or '-'}, {len(ra.body)} bytes"
        if notes:
            detail += "; normalised: " + ", ".join(sorted(notes))
        if diffs:
            different += 1
            print(f"DIFF {what}  (A: {detail}; B: {rb.status}, {len(rb.body)} bytes)")
            for d in diffs:
                print(f"       {d}")
            if args.verbose:
                print(f"       A body: {ra.body!r}")
                print(f"       B body: {rb.body!r}")
        else:
            print(f"same {what}  ({detail})")
    print(f"compare_api: {len(requests)} requests, {len(requests) - different} same, {different} different "
          f"(A {args.a}, B {args.b}, oracle {args.oracle})")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
