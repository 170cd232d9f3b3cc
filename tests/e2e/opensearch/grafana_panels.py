#!/usr/bin/env python3
"""Runs every panel of warren's Grafana dashboards against a real Elasticsearch/OpenSearch the way
Grafana's Elasticsearch datasource would, and checks the answers against the status scenario.

    grafana_panels.py --url URL --dashboards DIR --report SCENARIO_REPORT [--index 'warren-*']
                      [--from MS] [--to MS]

For each target it builds the search Grafana's backend sends (pkg/tsdb/elasticsearch: size 0, a
bool filter of the time range in epoch_millis and a query_string with analyze_wildcard, the bucket
aggregations nested in the listed order, terms ordered by `_key`/`_count`/a metric that is then
also added under the terms, date_histogram with fixed_interval, min_doc_count and
extended_bounds, the metrics under the innermost bucket, derivatives with buckets_path), with the
dashboard variables substituted as Grafana's Lucene formatter does (a single value escaped, a
multi-value selection as ("a" OR "b"), a custom all value "*" verbatim). Template variables run
as Grafana's terms lookups do.

Every panel must return rows with values (a panel whose query returns nothing fails), and the
values must match the scenario report written by tests/e2e/lib/status_scenario.py (for example
e2e-err's max status_code is 4). The one exception is a panel over a field that no document
carries (lag_seconds, which warren does not emit yet): it is reported as `skip`, after checking
that its query is accepted.

Prints `ok   - ...` / `FAIL - ...` lines and `N passed, M failed`; exit status 1 on failure.
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from results import check, fail, summary  # noqa: E402

ALL = object()  # a variable's "All" selection


class Raw(str):
    """A custom all value: Grafana substitutes it unformatted."""


# ---------------------------------------------------------------- HTTP


class Search:
    def __init__(self, url, index):
        self.url = url.rstrip("/")
        self.index = index

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def search(self, body):
        # Grafana sends _msearch with ignore_unavailable; one search per target is the same query.
        status, res = self.request("POST", f"/{self.index}/_search?ignore_unavailable=true", body)
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {json.dumps(res)[:400]}")
        return res


# ---------------------------------------------------------------- Grafana's request building

LUCENE_SPECIAL = re.compile(r'([\!\*\+\-\=<>\s\&\|\(\)\[\]\{\}\^\~\?\:\\/"])')


def lucene_escape(value):
    return LUCENE_SPECIAL.sub(r"\\\1", value)


def format_lucene(value):
    if isinstance(value, Raw):
        return value
    if isinstance(value, list):
        return "(" + " OR ".join('"' + lucene_escape(v) + '"' for v in value) + ")"
    return lucene_escape(value)


def interpolate(text, variables):
    def sub(m):
        name = m.group(1) or m.group(2)
        if name not in variables:
            return m.group(0)
        return format_lucene(variables[name])

    return re.sub(r"\$\{([a-z_][a-z0-9_]*)\}|\$([a-z_][a-z0-9_]*)", sub, text)


def time_filter(query, t_from, t_to):
    return {"bool": {"filter": [
        {"range": {"@timestamp": {"gte": t_from, "lte": t_to, "format": "epoch_millis"}}},
        {"query_string": {"analyze_wildcard": True, "query": query}},
    ]}}


def size_of(settings):
    try:
        size = int(settings.get("size", "500"))
    except ValueError:
        size = 500
    return size or 500


def metric_body(m):
    settings = dict(m.get("settings", {}))
    if m["type"] in ("derivative", "cumulative_sum", "serial_diff"):
        return {m["type"]: dict(settings, buckets_path=m["field"])}
    return {m["type"]: dict(settings, field=m["field"])}


def build_search(target, variables, t_from, t_to, interval_ms):
    """The search body Grafana's backend builds for one target."""
    metrics = target["metrics"]
    root = {}
    level = root
    for b in target["bucketAggs"]:
        s = b.get("settings", {})
        if b["type"] == "date_histogram":
            interval = s.get("interval", "auto")
            agg = {"date_histogram": {
                "field": b["field"],
                "fixed_interval": f"{interval_ms}ms" if interval == "auto" else interval,
                "min_doc_count": int(s.get("min_doc_count", "0")),
                "extended_bounds": {"min": t_from, "max": t_to},
                "format": "epoch_millis",
            }}
        elif b["type"] == "terms":
            terms = {"field": b["field"], "size": size_of(s)}
            if "min_doc_count" in s:
                terms["min_doc_count"] = int(s["min_doc_count"])
            agg = {"terms": terms}
            order_by, order = s.get("orderBy"), s.get("order", "desc")
            if order_by:
                by_id = next((m for m in metrics if re.match(r"^\d+", order_by) and m["id"] == order_by), None)
                if by_id is not None:
                    if by_id["type"] == "count":
                        terms["order"] = {"_count": order}
                    else:
                        terms["order"] = {order_by: order}
                        agg["aggs"] = {by_id["id"]: metric_body(by_id)}
                else:
                    # Grafana turns _term into _key for Elasticsearch 6 and newer.
                    terms["order"] = {"_key" if order_by == "_term" else order_by: order}
        else:
            raise ValueError(f"bucket aggregation {b['type']} is not used by warren's dashboards")
        level[b["id"]] = agg
        level = agg.setdefault("aggs", {})
    for m in metrics:
        if m["type"] == "count":
            continue
        level[m["id"]] = metric_body(m)
    return {"size": 0, "query": time_filter(interpolate(target["query"], variables), t_from, t_to), "aggs": root}


def rows_of(target, response):
    """Flattens the nested buckets into rows: {"keys": {field: key}, "time": ms|None, "values": {id: v}}."""
    visible = [m for m in target["metrics"] if not m.get("hide")]
    buckets = target["bucketAggs"]
    out = []

    def walk(aggs, depth, keys):
        b = buckets[depth]
        for bucket in aggs[b["id"]]["buckets"]:
            k = dict(keys)
            t = None
            if b["type"] == "date_histogram":
                t = bucket["key"]
            else:
                k[b["field"]] = bucket["key"]
            if depth + 1 < len(buckets):
                walk(bucket, depth + 1, k)
                continue
            values = {}
            for m in visible:
                if m["type"] == "count":
                    values[m["id"]] = bucket["doc_count"]
                    continue
                agg = bucket.get(m["id"])
                if agg is None:
                    values[m["id"]] = None
                elif "normalized_value" in agg:
                    values[m["id"]] = agg["normalized_value"]
                else:
                    values[m["id"]] = agg.get("value")
            out.append({"keys": k, "time": t, "values": values, "doc_count": bucket["doc_count"]})

    walk(response["aggregations"], 0, {})
    trim = int(buckets[-1].get("settings", {}).get("trimEdges", "0") or 0)
    if trim and buckets[-1]["type"] == "date_histogram":
        # Grafana drops the first and last `trimEdges` points of every series.
        series = {}
        for r in out:
            series.setdefault(tuple(sorted(r["keys"].items())), []).append(r)
        out = [r for rows in series.values() for r in sorted(rows, key=lambda r: r["time"])[trim:-trim]]
    return out


def variable_values(search, var, variables, t_from, t_to):
    """A terms variable's values, as Grafana's metricFindQuery gets them."""
    q = json.loads(var["query"])
    body = {"size": 0, "query": time_filter(interpolate(q.get("query", "*"), variables), t_from, t_to),
            "aggs": {"1": {"terms": {"field": q["field"], "size": int(q.get("size", 500)),
                                     "order": {"_key": "asc"}}}}}
    res = search.search(body)
    return [b["key"] for b in res["aggregations"]["1"]["buckets"]]


# ---------------------------------------------------------------- expectations


def last_value(rows, metric_id, keys=None):
    """The newest non-null value of a series (rows with the same keys)."""
    series = [r for r in rows if r["values"].get(metric_id) is not None and
              (keys is None or all(r["keys"].get(k) == v for k, v in keys.items()))]
    series.sort(key=lambda r: r["time"] or 0)
    return series[-1]["values"][metric_id] if series else None


def series_keys(rows, fields):
    return sorted({tuple(r["keys"].get(f) for f in fields) for r in rows})


class Expect:
    """What the scenario report says each panel must show."""

    def __init__(self, report):
        self.report = report
        self.cluster = report["cluster"]
        self.groups = report["groups"]
        self.codes = {g: v["status_code"] for g, v in self.groups.items()}
        self.statuses = {g: v["status"] for g, v in self.groups.items()}
        self.topics = report["topics"]

    def partition_codes(self, group):
        codes = {"OK": 1, "NOTFOUND": 2, "WARN": 3, "ERR": 4, "STOP": 5, "STALL": 6, "REWIND": 7}
        return {tuple(tp.rsplit("/", 1)): codes[s] for tp, s in self.groups[group]["partitions"].items()}

    def group_topics(self, group):
        return sorted({tp.rsplit("/", 1)[0] for tp in self.groups[group]["partitions"]})


def expect_overview(title, target, rows, e):
    """Assertions for one panel of the Overview (all clusters, all groups)."""
    not_ok = sum(1 for c in e.codes.values() if c != 1)
    worst = max(e.codes.values())
    if title == "Groups not OK":
        return last_value(rows, "1") == not_ok, f"latest {last_value(rows, '1')}, want {not_ok}"
    if title == "Worst status":
        return last_value(rows, "1") == worst, f"latest {last_value(rows, '1')}, want {worst}"
    if title == "Largest total lag":
        v = last_value(rows, "1")
        return v is not None and v > 0, f"latest {v}, want > 0 (e2e-warn and e2e-err lag)"
    if title == "Groups":
        return last_value(rows, "1") == len(e.codes), f"latest {last_value(rows, '1')}, want {len(e.codes)}"
    if title == "Group status, worst first (last 5 minutes)":
        # The worst status of the window: at least the final one, never above ERR for a group.
        got = [(r["keys"]["tag.group"], r["values"]["1"]) for r in rows]
        codes = [c for _, c in got]
        good = (sorted(g for g, _ in got) == sorted(e.codes) and codes == sorted(codes, reverse=True) and
                got[0] == (max(e.codes, key=e.codes.get), worst) and
                all(e.codes[g] <= c <= 4 for g, c in got) and all((r["values"]["5"] or 0) > 1e12 for r in rows))
        return good, f"rows {got} (worst first; final codes {e.codes}), last-commit ms set"
    if title == "Group status over time":
        got = {g: last_value(rows, "1", {"tag.group": g}) for g in e.codes}
        order = [r["keys"]["tag.group"] for r in rows]
        first = order[0] if order else None
        return got == e.codes and first == max(e.codes, key=e.codes.get), f"latest per group {got}, first {first}"
    if title in ("Total lag per cluster", "Total lag per group"):
        groups = {k[0] for k in series_keys(rows, ["tag.group"])}
        lags = {g: last_value(rows, "1", {"tag.group": g}) for g in e.codes}
        good = groups == set(e.codes) and lags["e2e-ok"] == 0 and lags["e2e-warn"] > 0 and lags["e2e-err"] > 0
        return good, f"series {sorted(groups)}, latest lags {lags}"
    if title == "Groups by status":
        got = {k[0]: last_value(rows, "1", {"burrow_group.status": k[0]}) for k in
               series_keys(rows, ["burrow_group.status"])}
        want = {}
        for s in e.statuses.values():
            want[s] = want.get(s, 0) + 1
        return all(got.get(s) == n for s, n in want.items()), f"latest per status {got}, want {want}"
    if title == "Groups by status now":
        got = {r["keys"]["burrow_group.status"]: r["values"]["1"] for r in rows}
        return set(e.statuses.values()) <= set(got), f"statuses {got}, want at least {sorted(set(e.statuses.values()))}"
    return None, f"no expectation for panel '{title}'"


def expect_group(title, target, rows, e, group):
    code = e.codes[group]
    parts = e.partition_codes(group)
    if title == "Status":
        return last_value(rows, "1") == code, f"latest {last_value(rows, '1')}, want {code}"
    if title == "Total lag":
        v = last_value(rows, "1")
        return (v == 0) if code == 1 else (v is not None and v > 0), f"latest {v} (status code {code})"
    if title == "Partitions":
        return last_value(rows, "1") == len(parts), f"latest {last_value(rows, '1')}, want {len(parts)}"
    if title == "Last commit":
        v = last_value(rows, "1")
        return v is not None and v > 1e12, f"latest {v}, want a ms timestamp"
    if title == "Lag per partition":
        got = set(series_keys(rows, ["tag.topic", "tag.partition"]))
        lags = {tp: last_value(rows, "1", {"tag.topic": tp[0], "tag.partition": tp[1]}) for tp in got}
        lag_ok = all((lags[tp] > 0) == (parts[tp] != 1) for tp in parts if tp in lags)
        return got == set(parts) and lag_ok, f"series {sorted(got)}, latest lags {lags}, want {sorted(parts)}"
    if title == "Status per partition":
        got = {tp: last_value(rows, "1", {"tag.topic": tp[0], "tag.partition": tp[1]}) for tp in parts}
        return got == parts, f"latest per partition {got}, want {parts}"
    if title == "Consume rate against produce rate":
        derivs = [r["values"]["3"] for r in rows if r["values"].get("3") is not None]
        series = set(series_keys(rows, ["tag.topic", "tag.partition"]))
        good = series == set(parts) and derivs and all(d >= 0 for d in derivs)
        if target["refId"] == "A":
            return good, f"consumed: series {sorted(series)}, {len(derivs)} rates, min {min(derivs, default=None)}"
        grown = any(d > 0 for d in derivs)
        return good and grown, f"produced: series {sorted(series)}, {len(derivs)} rates, any > 0: {grown}"
    if title == "Partitions and owners":
        got = {(r["keys"]["tag.topic"], r["keys"]["tag.partition"]): (r["keys"]["tag.owner"], r["values"]["1"])
               for r in rows}
        owners_ok = all(o for o, _ in got.values())
        codes_ok = all(parts.get(tp) is not None and c >= parts[tp] for tp, (_, c) in got.items())
        return set(got) == set(parts) and owners_ok and codes_ok, f"rows {got}, want partitions {parts} with owners"
    return None, f"no expectation for panel '{title}'"


def expect_topics(title, target, rows, e):
    topics = set(e.topics)
    if title == "High-water-mark rate per partition":
        derivs = [r["values"]["3"] for r in rows if r["values"].get("3") is not None]
        got = {k[0] for k in series_keys(rows, ["tag.topic"])}
        return topics <= got and derivs and all(d >= 0 for d in derivs), \
            f"topics {sorted(got)}, {len(derivs)} rates, min {min(derivs, default=None)}"
    if title == "High-water mark per partition":
        got = set(series_keys(rows, ["tag.topic", "tag.partition"]))
        want = {(t, str(p)) for t, n in e.topics.items() for p in range(n)}
        vals = [last_value(rows, "1", {"tag.topic": t, "tag.partition": p}) for t, p in want]
        return want <= got and all(v and v > 0 for v in vals), f"series {sorted(got)}, latest {vals}"
    if title == "Topics":
        got = {r["keys"]["tag.topic"]: r["values"]["1"] for r in rows}
        return all(got.get(t) == n for t, n in e.topics.items()), f"partitions per topic {got}, want {e.topics}"
    return None, f"no expectation for panel '{title}'"


# ---------------------------------------------------------------- running the dashboards


def resolve(search, dashboard, variables, t_from, t_to):
    """Grafana's view of the selections: "All" is the custom all value when the variable has one,
    otherwise the list of every value the variable's query returns (with the selections before it)."""
    out = {}
    for var in dashboard["templating"]["list"]:
        name = var["name"]
        if name not in variables:
            continue
        value = variables[name]
        if value is ALL:
            value = Raw(var["allValue"]) if var.get("allValue") else variable_values(search, var, out, t_from, t_to)
        out[name] = value
    return out


def run_dashboard(search, dashboard, variables, t_from, t_to, expect_fn, label):
    # Grafana's "auto" interval, never below the datasource's minimum (Telegraf's 1 s interval here;
    # 2 s so that every interval holds a gather).
    interval_ms = max(2000, (t_to - t_from) // 60)
    for panel in dashboard["panels"]:
        p_from = t_from
        if panel.get("timeFrom"):
            amount, unit = int(panel["timeFrom"][:-1]), panel["timeFrom"][-1]
            p_from = max(t_from, t_to - amount * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit] * 1000)
        panel_vars = resolve(search, dashboard, variables, t_from, t_to)
        if panel.get("repeat"):
            # A repeated panel gets one copy per value; this runs the copy of the scenario's cluster.
            panel_vars[panel["repeat"]] = variables["__repeat_value"]
        for target in panel["targets"]:
            where = f"{label}: '{panel['title']}' {target['refId']}"
            body = build_search(target, panel_vars, p_from, t_to, interval_ms)
            try:
                rows = rows_of(target, search.search(body))
            except Exception as ex:  # noqa: BLE001 - any failure of the query is the finding
                fail(f"{where}: query failed: {ex}")
                continue
            with_values = [r for r in rows if any(v is not None for v in r["values"].values())]
            fields = {m.get("field") for m in target["metrics"]}
            if not with_values and any(f and f.endswith("lag_seconds") for f in fields):
                _, res = search.request("POST", f"/{search.index}/_count",
                                        {"query": {"exists": {"field": "burrow_partition.lag_seconds"}}})
                if res.get("count") == 0:
                    print(f"skip - {where}: query accepted; no document carries lag_seconds (warren does not emit it)")
                    continue
            if not check(f"{where}: returns buckets with values", with_values, f"query {json.dumps(body)[:300]}"):
                continue
            good, detail = expect_fn(panel["title"], target, rows, *([]))
            check(f"{where}: {detail}" if good else f"{where}", bool(good), "" if good else detail)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--dashboards", required=True)
    ap.add_argument("--report", required=True, help="status_scenario.py --report output")
    ap.add_argument("--index", default="warren-*")
    ap.add_argument("--from", dest="t_from", type=int, help="epoch ms (default: 30 minutes ago)")
    ap.add_argument("--to", dest="t_to", type=int, help="epoch ms (default: now)")
    args = ap.parse_args()

    search = Search(args.url, args.index)
    e = Expect(json.load(open(args.report)))
    now = int(time.time() * 1000)
    t_to = args.t_to or now
    t_from = args.t_from or t_to - 30 * 60_000
    load = lambda name: json.load(open(f"{args.dashboards}/{name}"))  # noqa: E731

    # Overview: every cluster and group ("All"), then the cluster picked as a one-value selection.
    overview = load("overview.json")
    v = {v["name"]: v for v in overview["templating"]["list"]}
    clusters = variable_values(search, v["cluster"], {}, t_from, t_to)
    check("overview: $cluster lists the scenario's cluster", clusters == [e.cluster], clusters)
    groups = variable_values(search, v["group"], {"cluster": [e.cluster]}, t_from, t_to)
    # warren's own offsets consumer (burrow-<cluster>) is a group too; the panels run on the
    # scenario's groups, selected as a user picks several values.
    check("overview: $group lists the scenario's groups", set(e.codes) <= set(groups), groups)
    for sel, label in ((ALL, "overview (all clusters)"), ([e.cluster], f"overview (cluster {e.cluster})")):
        run_dashboard(search, overview, {"cluster": sel, "group": sorted(e.codes), "__repeat_value": e.cluster},
                      t_from, t_to, lambda t, tg, rows: expect_overview(t, tg, rows, e), label)

    # Consumer group: each scenario group, every topic.
    cg = load("consumer-group.json")
    v = {v["name"]: v for v in cg["templating"]["list"]}
    for group in sorted(e.codes):
        topics = variable_values(search, v["topic"], {"cluster": e.cluster, "group": group}, t_from, t_to)
        check(f"consumer-group {group}: $topic lists the group's topics", topics == e.group_topics(group), topics)
        run_dashboard(search, cg, {"cluster": e.cluster, "group": group, "topic": ALL},
                      t_from, t_to, lambda t, tg, rows, g=group: expect_group(t, tg, rows, e, g),
                      f"consumer-group {group}")

    # Topics: all topics of the cluster.
    tp = load("topics.json")
    v = {v["name"]: v for v in tp["templating"]["list"]}
    topics = variable_values(search, v["topic"], {"cluster": [e.cluster]}, t_from, t_to)
    check("topics: $topic lists the scenario's topics", set(e.topics) <= set(topics), topics)
    run_dashboard(search, tp, {"cluster": [e.cluster], "topic": ALL, "__repeat_value": e.cluster}, t_from, t_to,
                  lambda t, tg, rows: expect_topics(t, tg, rows, e), "topics")

    return summary()


if __name__ == "__main__":
    sys.exit(main())
