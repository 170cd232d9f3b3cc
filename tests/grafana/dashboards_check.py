#!/usr/bin/env python3
"""Offline checks of grafana/ and elasticsearch/ (no server; ctest "unit: grafana dashboards").

    python3 tests/grafana/dashboards_check.py [REPO_ROOT]

- every dashboard in grafana/dashboards validates against grafana/dashboard.schema.json and is
  what grafana/generate_dashboards.py writes;
- Grafana-level rules the schema cannot express: unique panel ids, no overlapping panels, every
  `$variable` defined, metric/bucket ids unique, `orderBy` and pipeline aggregations point at a
  metric of the same target, the last bucket aggregation of time-based panels is a date histogram;
- every field a panel or a variable uses exists in the index template with a type that fits its
  use (keyword for terms, numeric for metrics, date for the histogram);
- the index template, component templates, ILM and ISM policies fit together;
- the provisioning files point at the dashboards and the index pattern.

Prints `ok   - ...` / `FAIL - ...` lines and `N passed, M failed`; exit status 1 on failure.
"""

import glob
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e", "lib"))
from results import check, summary  # noqa: E402

try:
    import jsonschema
except ImportError:  # scripts/install-deps.sh installs python3-jsonschema
    print("FAIL - python3 jsonschema module missing (scripts/install-deps.sh installs python3-jsonschema)")
    sys.exit(1)

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))

NUMERIC = {"long", "integer", "short", "byte", "float", "double", "half_float", "scaled_float"}
TIME_PANELS = {"timeseries", "state-timeline", "status-history", "heatmap", "stat"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def flatten(props, prefix=""):
    """Field path → mapping type from an index mapping's `properties`."""
    out = {}
    for name, spec in props.items():
        path = prefix + name
        if "properties" in spec:
            out.update(flatten(spec["properties"], path + "."))
        else:
            out[path] = spec.get("type", "object")
    return out


def lucene_fields(query):
    fields = set()
    for m in re.finditer(r"([A-Za-z_@][\w.@]*):", query):
        if m.group(1) != "_exists_":
            fields.add(m.group(1))
    for m in re.finditer(r"_exists_:([A-Za-z_@][\w.@]*)", query):
        fields.add(m.group(1))
    return fields


def overlaps(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
            a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


# ---------------------------------------------------------------- elasticsearch/

es = os.path.join(ROOT, "elasticsearch")
mappings = load(os.path.join(es, "component-mappings.json"))
fields = flatten(mappings["template"]["mappings"]["properties"])
index_template = load(os.path.join(es, "index-template.json"))
check("index template matches warren-* only", index_template["index_patterns"] == ["warren-*"])
components = {"warren-settings": "component-settings.json", "warren-mappings": "component-mappings.json",
              "warren-lifecycle": "component-lifecycle-elasticsearch.json"}
check("index template is composed of the component templates install.sh writes",
      set(index_template["composed_of"]) == set(components), str(index_template["composed_of"]))
for f in ["component-settings.json", "component-mappings.json", "component-lifecycle-elasticsearch.json",
          "component-lifecycle-opensearch.json"]:
    doc = load(os.path.join(es, f))
    check(f"{f}: component template body (template, version)", "template" in doc and isinstance(doc.get("version"), int))
os_lifecycle = load(os.path.join(es, "component-lifecycle-opensearch.json"))
check("OpenSearch lifecycle component sets no index.lifecycle.* setting",
      "lifecycle" not in json.dumps(os_lifecycle["template"]))
es_lifecycle = load(os.path.join(es, "component-lifecycle-elasticsearch.json"))
check("Elasticsearch lifecycle component attaches ILM policy warren",
      es_lifecycle["template"]["settings"]["index"]["lifecycle"]["name"] == "warren")
expected_types = {
    "@timestamp": {"date"}, "measurement_name": {"keyword"},
    "burrow_group.status": {"keyword"}, "burrow_partition.status": {"keyword"},
    "burrow_group.status_code": {"short", "byte"}, "burrow_partition.status_code": {"short", "byte"},
    "burrow_group.lag_seconds": {"float"}, "burrow_partition.lag_seconds": {"float"},
}
for tag in ["cluster", "group", "topic", "partition", "owner", "host"]:
    expected_types["tag." + tag] = {"keyword"}
for f in ["burrow_group.offset", "burrow_group.total_lag", "burrow_group.lag", "burrow_group.timestamp",
          "burrow_partition.offset", "burrow_partition.lag", "burrow_partition.timestamp", "burrow_topic.offset"]:
    expected_types[f] = {"long"}
bad = {f: fields.get(f) for f, want in expected_types.items() if fields.get(f) not in want}
check("mapping types: tags keyword, lag/offsets/timestamps long, status keyword, status_code short, "
      "lag_seconds float", not bad, str(bad))

ilm = load(os.path.join(es, "ilm-policy.json"))["policy"]
check("ILM policy: delete phase after 30 days (documented default)",
      ilm["phases"]["delete"]["min_age"] == "30d" and "delete" in ilm["phases"]["delete"]["actions"])
ism = load(os.path.join(es, "ism-policy.json"))["policy"]
states = {s["name"]: s for s in ism["states"]}
to_delete = [t for s in ism["states"] for t in s["transitions"] if t["state_name"] == "delete"]
check("ISM policy: default state exists, delete state deletes, transition after 30 days, attaches to warren-*",
      ism["default_state"] in states and states.get("delete", {}).get("actions") == [{"delete": {}}] and
      len(to_delete) == 1 and to_delete[0]["conditions"] == {"min_index_age": "30d"} and
      ism["ism_template"][0]["index_patterns"] == ["warren-*"])
readme = open(os.path.join(es, "README.md"), encoding="utf-8").read() if os.path.exists(
    os.path.join(es, "README.md")) else ""
check("elasticsearch/README.md documents the 30-day default retention", "30 days" in readme)

# ---------------------------------------------------------------- grafana/

schema = load(os.path.join(ROOT, "grafana", "dashboard.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

gen = subprocess.run([sys.executable, os.path.join(ROOT, "grafana", "generate_dashboards.py"), "--check"],
                     capture_output=True, text=True)
check("grafana/dashboards/*.json are what generate_dashboards.py writes", gen.returncode == 0,
      gen.stdout.strip() + gen.stderr.strip())

paths = sorted(glob.glob(os.path.join(ROOT, "grafana", "dashboards", "*.json")))
check("three dashboards (overview, consumer-group, topics)",
      [os.path.basename(p) for p in paths] == ["consumer-group.json", "overview.json", "topics.json"])
uids = set()
for path in paths:
    name = os.path.basename(path)
    d = load(path)
    errors = sorted(validator.iter_errors(d), key=lambda e: list(e.path))
    check(f"{name}: validates against dashboard.schema.json", not errors,
          "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]))
    uids.add(d.get("uid"))
    if errors:
        continue
    variables = {v["name"]: v for v in d["templating"]["list"]}
    check(f"{name}: a datasource variable named datasource", variables.get("datasource", {}).get("type") == "datasource")

    ids = [p["id"] for p in d["panels"]]
    check(f"{name}: panel ids unique", len(ids) == len(set(ids)))
    clash = [(a["title"], b["title"]) for i, a in enumerate(d["panels"]) for b in d["panels"][i + 1:]
             if overlaps(a["gridPos"], b["gridPos"])]
    check(f"{name}: panels do not overlap", not clash, str(clash))
    wide = [p["title"] for p in d["panels"] if p["gridPos"]["x"] + p["gridPos"]["w"] > 24]
    check(f"{name}: panels fit the 24-column grid", not wide, str(wide))

    # Variables: each query variable's terms field is keyword and its query names known fields.
    for v in variables.values():
        if v["type"] != "query":
            continue
        q = json.loads(v["query"])
        used = {q["field"]} | lucene_fields(q.get("query", ""))
        problems = [f for f in used if f not in fields]
        if fields.get(q["field"]) != "keyword":
            problems.append(f"{q['field']} is {fields.get(q['field'])}, terms want keyword")
        check(f"{name}: variable ${v['name']} uses keyword/known fields", not problems, str(problems))

    text = json.dumps(d)
    used_vars = set(re.findall(r"\$(?:\{)?([a-z_][a-z0-9_]*)", text)) - {"__interval", "__interval_ms"}
    check(f"{name}: every $variable used is defined", used_vars <= set(variables), str(used_vars - set(variables)))
    for p in d["panels"]:
        if p.get("repeat"):
            check(f"{name}: panel '{p['title']}' repeats over a defined variable", p["repeat"] in variables)

    for p in d["panels"]:
        for t in p["targets"]:
            where = f"{name}: panel {p['id']} '{p['title']}' target {t['refId']}"
            problems = []
            metric_ids = [m["id"] for m in t["metrics"]]
            bucket_ids = [b["id"] for b in t["bucketAggs"]]
            if len(set(metric_ids + bucket_ids)) != len(metric_ids + bucket_ids):
                problems.append("metric/bucket ids not unique")
            for m in t["metrics"]:
                if m["type"] in ("derivative", "cumulative_sum", "serial_diff"):
                    if m["field"] not in metric_ids or m["pipelineAgg"] != m["field"]:
                        problems.append(f"pipeline metric {m['id']} points at no metric")
                    continue
                if m["type"] == "count":
                    continue
                ftype = fields.get(m["field"])
                if ftype is None:
                    problems.append(f"{m['field']} not in the index template")
                elif m["type"] == "cardinality":
                    if ftype not in NUMERIC | {"keyword"}:
                        problems.append(f"cardinality of {m['field']} ({ftype})")
                elif ftype not in NUMERIC:
                    problems.append(f"{m['type']} of {m['field']} ({ftype}), want numeric")
            for b in t["bucketAggs"]:
                ftype = fields.get(b["field"])
                if ftype is None:
                    problems.append(f"{b['field']} not in the index template")
                elif b["type"] == "terms" and ftype != "keyword":
                    problems.append(f"terms on {b['field']} ({ftype}), want keyword")
                elif b["type"] == "date_histogram" and ftype != "date":
                    problems.append(f"date_histogram on {b['field']} ({ftype})")
                order_by = b.get("settings", {}).get("orderBy")
                if b["type"] == "terms" and order_by not in ("_term", "_count") and order_by not in metric_ids:
                    problems.append(f"terms {b['id']} ordered by unknown metric {order_by}")
            for f in lucene_fields(t["query"]):
                if f not in fields:
                    problems.append(f"query field {f} not in the index template")
            if p["type"] in TIME_PANELS and t["bucketAggs"][-1]["type"] != "date_histogram":
                problems.append("time-based panel whose last bucket aggregation is not date_histogram")
            if p["type"] == "table" and any(b["type"] == "date_histogram" for b in t["bucketAggs"]):
                problems.append("table panel with a date histogram")
            check(where + ": fields exist with fitting types, ids consistent", not problems, "; ".join(problems))
check("dashboard uids unique and stable", uids == {"warren-overview", "warren-consumer-group", "warren-topics"},
      str(uids))

# ---------------------------------------------------------------- provisioning

prov = os.path.join(ROOT, "grafana", "provisioning")
ds_text = open(os.path.join(prov, "datasources", "warren.yaml"), encoding="utf-8").read()
check("datasource provisioning: type elasticsearch, jsonData.index warren-*, timeField @timestamp",
      "type: elasticsearch" in ds_text and re.search(r"^\s+index: '?\[?warren-", ds_text, re.M) is not None and
      re.search(r"^\s+timeField: '@timestamp'", ds_text, re.M) is not None)
db_text = open(os.path.join(prov, "dashboards", "warren.yaml"), encoding="utf-8").read()
check("dashboard provisioning: a file provider with a folder and a path",
      "type: file" in db_text and re.search(r"^\s+folder: ", db_text, re.M) is not None and
      re.search(r"^\s+path: ", db_text, re.M) is not None)

sys.exit(summary())
