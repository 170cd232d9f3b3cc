#!/usr/bin/env python3
"""Writes warren's Grafana dashboards (classic JSON model, schemaVersion 39) into grafana/dashboards/.

    python3 grafana/generate_dashboards.py           write the files
    python3 grafana/generate_dashboards.py --check   exit 1 when a committed file differs

The dashboards read the documents Telegraf's outputs.elasticsearch / outputs.opensearch write from
`warren execd` (elasticsearch/component-mappings.json): `measurement_name`, `tag.<tag>` and
`<measurement>.<field>`. Every panel and target uses the datasource chosen by the `datasource`
variable, so the files work for UI import, the HTTP API and file provisioning alike. Edit this
script, not the JSON, and run it again.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "dashboards")

DS = {"type": "elasticsearch", "uid": "${datasource}"}

# warren's status codes (DESIGN.md §8: Telegraf's numbers plus REWIND = 7).
STATUS_MAPPINGS = [
    {
        "type": "value",
        "options": {
            "0": {"text": "UNKNOWN", "color": "text", "index": 0},
            "1": {"text": "OK", "color": "green", "index": 1},
            "2": {"text": "NOT_FOUND", "color": "purple", "index": 2},
            "3": {"text": "WARN", "color": "yellow", "index": 3},
            "4": {"text": "ERR", "color": "red", "index": 4},
            "5": {"text": "STOP", "color": "dark-red", "index": 5},
            "6": {"text": "STALL", "color": "orange", "index": 6},
            "7": {"text": "REWIND", "color": "blue", "index": 7},
        },
    }
]
STATUS_THRESHOLDS = {
    "mode": "absolute",
    "steps": [{"color": "green", "value": None}, {"color": "yellow", "value": 3}, {"color": "red", "value": 4}],
}


# ---------------------------------------------------------------- variables


def datasource_variable():
    return {
        "name": "datasource",
        "label": "Data source",
        "type": "datasource",
        "query": "elasticsearch",
        "regex": "",
        "current": {},
        "options": [],
        "refresh": 1,
        "hide": 0,
        "includeAll": False,
        "multi": False,
    }


def terms_variable(name, label, field, query, multi=True, all_value="*"):
    """all_value "*" keeps an "All" query short; None makes "All" the list of the variable's values,
    which is what a variable narrowed by another one (a group's topics) needs."""
    definition = json.dumps({"find": "terms", "field": field, "query": query, "size": 1000})
    v = {
        "name": name,
        "label": label,
        "type": "query",
        "datasource": DS,
        "query": definition,
        "definition": definition,
        "refresh": 2,
        "sort": 1,
        "hide": 0,
        "regex": "",
        "current": {},
        "options": [],
        "multi": multi,
        "includeAll": multi,
    }
    if multi and all_value is not None:
        v["allValue"] = all_value
    return v


# ---------------------------------------------------------------- targets


def metric(mid, kind, field=None, hide=False, settings=None, pipeline=False):
    m = {"id": str(mid), "type": kind}
    if field is not None:
        m["field"] = field
    if hide:
        m["hide"] = True
    if settings:
        m["settings"] = settings
    if pipeline:
        m["pipelineAgg"] = field
    return m


def terms(bid, field, size="50", order_by="_term", order="asc"):
    return {
        "id": str(bid),
        "type": "terms",
        "field": field,
        "settings": {"size": size, "order": order, "orderBy": order_by, "min_doc_count": "1"},
    }


def date_histogram(bid, trim_edges="0"):
    """trim_edges "1" drops the first and the last (still filling) interval: needed where an empty
    interval would read as a real 0, as a unique count does."""
    return {
        "id": str(bid),
        "type": "date_histogram",
        "field": "@timestamp",
        "settings": {"interval": "auto", "min_doc_count": "0", "trimEdges": trim_edges},
    }


def target(ref, query, metrics, buckets, alias=None):
    t = {
        "refId": ref,
        "datasource": DS,
        "query": query,
        "timeField": "@timestamp",
        "metrics": metrics,
        "bucketAggs": buckets,
    }
    if alias:
        t["alias"] = alias
    return t


# ---------------------------------------------------------------- panels


class Layout:
    """Places panels left to right on Grafana's 24-column grid."""

    def __init__(self):
        self.x = 0
        self.y = 0
        self.row_h = 0
        self.next_id = 1

    def place(self, w, h):
        if self.x + w > 24:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0
        pos = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.x += w
        self.row_h = max(self.row_h, h)
        return pos

    def panel(self, kind, title, description, w, h, targets, field_config=None, options=None, **extra):
        p = {
            "id": self.next_id,
            "type": kind,
            "title": title,
            "description": description,
            "datasource": DS,
            "gridPos": self.place(w, h),
            "targets": targets,
            "fieldConfig": field_config or {"defaults": {}, "overrides": []},
            "options": options or {},
        }
        p.update(extra)
        self.next_id += 1
        return p


def stat_options(graph="area"):
    return {
        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
        "colorMode": "background",
        "graphMode": graph,
        "justifyMode": "auto",
        "orientation": "auto",
        "textMode": "auto",
    }


def timeseries_options():
    return {
        "legend": {"displayMode": "table", "placement": "right", "showLegend": True, "calcs": ["max", "lastNotNull"]},
        "tooltip": {"mode": "multi", "sort": "desc"},
    }


def timeseries_defaults(unit="short", stack=False, draw="line"):
    custom = {"drawStyle": draw, "lineWidth": 1, "fillOpacity": 10, "spanNulls": True, "showPoints": "never"}
    if stack:
        custom["stacking"] = {"mode": "normal", "group": "A"}
    return {"defaults": {"unit": unit, "custom": custom}, "overrides": []}


def status_defaults():
    return {
        "defaults": {"mappings": STATUS_MAPPINGS, "thresholds": STATUS_THRESHOLDS, "color": {"mode": "thresholds"}},
        "overrides": [],
    }


def state_timeline_options():
    return {
        "mergeValues": True,
        "showValue": "auto",
        "rowHeight": 0.9,
        "alignValue": "left",
        "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
        "tooltip": {"mode": "single", "sort": "none"},
    }


def dashboard(uid, title, description, variables, panels, tags):
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["warren", "kafka"] + tags,
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "graphTooltip": 1,
        "timezone": "browser",
        "fiscalYearStartMonth": 0,
        "liveNow": False,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {"refresh_intervals": ["10s", "30s", "1m", "5m", "15m", "1h"]},
        "annotations": {
            "list": [
                {
                    "builtIn": 1,
                    "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                    "enable": True,
                    "hide": True,
                    "iconColor": "rgba(0, 211, 255, 1)",
                    "name": "Annotations & Alerts",
                    "type": "dashboard",
                }
            ]
        },
        "links": [
            {"title": "warren", "type": "dashboards", "tags": ["warren"], "asDropdown": True, "keepTime": True,
             "includeVars": True}
        ],
        "templating": {"list": variables},
        "panels": panels,
    }


# ---------------------------------------------------------------- Overview

GROUPS_Q = "measurement_name:burrow_group AND tag.cluster:$cluster AND tag.group:$group"


def overview():
    L = Layout()
    panels = [
        L.panel(
            "stat", "Groups not OK", "Consumer groups whose status is anything but OK in the latest interval.", 6, 5,
            [target("A", GROUPS_Q + " AND NOT burrow_group.status_code:1",
                    [metric(1, "cardinality", "tag.group")], [date_histogram(2, "1")])],
            {"defaults": {"unit": "none", "noValue": "0", "thresholds": {
                "mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "red", "value": 1}]},
                "color": {"mode": "thresholds"}}, "overrides": []},
            stat_options(),
        ),
        L.panel(
            "stat", "Worst status", "The worst status of any selected group in the latest interval.", 6, 5,
            [target("A", GROUPS_Q, [metric(1, "max", "burrow_group.status_code")], [date_histogram(2)])],
            status_defaults(), stat_options("none"),
        ),
        L.panel(
            "stat", "Largest total lag", "The largest total lag (messages) of any selected group.", 6, 5,
            [target("A", GROUPS_Q, [metric(1, "max", "burrow_group.total_lag")], [date_histogram(2)])],
            {"defaults": {"unit": "short", "color": {"mode": "thresholds"}, "thresholds": {
                "mode": "absolute", "steps": [{"color": "green", "value": None}]}}, "overrides": []},
            stat_options(),
        ),
        L.panel(
            "stat", "Groups", "Consumer groups reporting in the time range.", 6, 5,
            [target("A", GROUPS_Q, [metric(1, "cardinality", "tag.group")], [date_histogram(2, "1")])],
            {"defaults": {"unit": "none", "color": {"mode": "thresholds"}, "thresholds": {
                "mode": "absolute", "steps": [{"color": "blue", "value": None}]}}, "overrides": []},
            stat_options(),
        ),
        L.panel(
            "table", "Group status, worst first (last 5 minutes)",
            "Every selected group: the worst status, largest lags and newest commit of the last 5 minutes, "
            "worst groups first.", 24, 9,
            [target("A", GROUPS_Q,
                    [metric(1, "max", "burrow_group.status_code"), metric(2, "max", "burrow_group.total_lag"),
                     metric(3, "max", "burrow_group.lag"), metric(4, "max", "burrow_group.partition_count"),
                     metric(5, "max", "burrow_group.timestamp")],
                    [terms(6, "tag.cluster", "20"), terms(7, "tag.group", "500", "1", "desc")])],
            {"defaults": {"custom": {"align": "auto"}}, "overrides": [
                {"matcher": {"id": "byName", "options": "Max burrow_group.status_code"},
                 "properties": [{"id": "displayName", "value": "Status"}, {"id": "mappings", "value": STATUS_MAPPINGS},
                                {"id": "custom.cellOptions", "value": {"type": "color-background"}},
                                {"id": "thresholds", "value": STATUS_THRESHOLDS}]},
                {"matcher": {"id": "byName", "options": "Max burrow_group.total_lag"},
                 "properties": [{"id": "displayName", "value": "Total lag"}]},
                {"matcher": {"id": "byName", "options": "Max burrow_group.lag"},
                 "properties": [{"id": "displayName", "value": "Max partition lag"}]},
                {"matcher": {"id": "byName", "options": "Max burrow_group.partition_count"},
                 "properties": [{"id": "displayName", "value": "Partitions"}]},
                {"matcher": {"id": "byName", "options": "Max burrow_group.timestamp"},
                 "properties": [{"id": "displayName", "value": "Last commit"}, {"id": "unit", "value": "dateTimeFromNow"}]},
            ]},
            {"showHeader": True, "cellHeight": "sm", "footer": {"show": False, "reducer": ["sum"], "fields": ""},
             "sortBy": [{"displayName": "Status", "desc": True}]},
            timeFrom="5m",
        ),
        L.panel(
            "state-timeline", "Group status over time", "Worst status of each group per interval, worst groups on top.",
            24, 9,
            [target("A", GROUPS_Q, [metric(1, "max", "burrow_group.status_code")],
                    [terms(2, "tag.group", "50", "1", "desc"), date_histogram(3)], "{{term tag.group}}")],
            status_defaults(), state_timeline_options(),
        ),
        L.panel(
            "timeseries", "Total lag per cluster",
            "Sum of the groups' total lag, one panel per cluster (each group's largest value per interval).", 12, 8,
            [target("A", GROUPS_Q, [metric(1, "max", "burrow_group.total_lag")],
                    [terms(2, "tag.group", "500", "1", "desc"), date_histogram(3)], "{{term tag.group}}")],
            timeseries_defaults(), timeseries_options(),
            repeat="cluster", repeatDirection="v",
            transformations=[
                {"id": "joinByField", "options": {"byField": "Time", "mode": "outer"}},
                {"id": "calculateField", "options": {"mode": "reduceRow", "reduce": {"reducer": "sum"},
                                                      "alias": "total lag $cluster", "replaceFields": True}},
            ],
        ),
        L.panel(
            "timeseries", "Total lag per group", "Each group's total lag (largest value per interval), top 20.", 12, 8,
            [target("A", GROUPS_Q, [metric(1, "max", "burrow_group.total_lag")],
                    [terms(2, "tag.group", "20", "1", "desc"), date_histogram(3)], "{{term tag.group}}")],
            timeseries_defaults(), timeseries_options(),
        ),
        L.panel(
            "timeseries", "Groups by status", "How many groups are in each status, per interval.", 12, 8,
            [target("A", GROUPS_Q, [metric(1, "cardinality", "tag.group")],
                    [terms(2, "burrow_group.status", "10"), date_histogram(3, "1")],
                    "{{term burrow_group.status}}")],
            timeseries_defaults("none", stack=True, draw="bars"), timeseries_options(),
        ),
        L.panel(
            "bargauge", "Groups by status now", "Groups per status over the last 5 minutes.", 12, 8,
            [target("A", GROUPS_Q, [metric(1, "cardinality", "tag.group")],
                    [terms(2, "burrow_group.status", "10", "_count", "desc")])],
            {"defaults": {"unit": "none", "color": {"mode": "palette-classic"}}, "overrides": []},
            {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": True},
             "displayMode": "gradient", "orientation": "horizontal", "showUnfilled": True},
            timeFrom="5m",
        ),
    ]
    variables = [
        datasource_variable(),
        terms_variable("cluster", "Cluster", "tag.cluster", "measurement_name:burrow_group"),
        terms_variable("group", "Consumer group", "tag.group", "measurement_name:burrow_group AND tag.cluster:$cluster"),
    ]
    return dashboard("warren-overview", "warren: consumer groups overview",
                     "Status and lag of every consumer group warren evaluates (Telegraf inputs.execd → Elasticsearch).",
                     variables, panels, ["overview"])


# ---------------------------------------------------------------- Consumer group

PARTS_Q = ("measurement_name:burrow_partition AND tag.cluster:$cluster AND tag.group:$group"
           " AND tag.topic:$topic")
GROUP_Q = "measurement_name:burrow_group AND tag.cluster:$cluster AND tag.group:$group"
PART_ALIAS = "{{term tag.topic}}/{{term tag.partition}}"


def consumer_group():
    L = Layout()
    panels = [
        L.panel("stat", "Status", "The group's worst status in the latest interval.", 6, 5,
                [target("A", GROUP_Q, [metric(1, "max", "burrow_group.status_code")], [date_histogram(2)])],
                status_defaults(), stat_options("none")),
        L.panel("stat", "Total lag", "Sum of the partitions' lag (messages).", 6, 5,
                [target("A", GROUP_Q, [metric(1, "max", "burrow_group.total_lag")], [date_histogram(2)])],
                {"defaults": {"unit": "short", "color": {"mode": "thresholds"}, "thresholds": {
                    "mode": "absolute", "steps": [{"color": "green", "value": None}]}}, "overrides": []},
                stat_options()),
        L.panel("stat", "Partitions", "Partitions the group consumes.", 6, 5,
                [target("A", GROUP_Q, [metric(1, "max", "burrow_group.partition_count")], [date_histogram(2)])],
                {"defaults": {"unit": "none", "color": {"mode": "thresholds"}, "thresholds": {
                    "mode": "absolute", "steps": [{"color": "blue", "value": None}]}}, "overrides": []},
                stat_options("none")),
        L.panel("stat", "Last commit", "Time of the group's newest offset commit.", 6, 5,
                [target("A", GROUP_Q, [metric(1, "max", "burrow_group.timestamp")], [date_histogram(2)])],
                {"defaults": {"unit": "dateTimeFromNow", "color": {"mode": "thresholds"}, "thresholds": {
                    "mode": "absolute", "steps": [{"color": "blue", "value": None}]}}, "overrides": []},
                stat_options("none")),
        L.panel("timeseries", "Lag per partition", "Current lag (messages) of each partition.", 24, 9,
                [target("A", PARTS_Q, [metric(1, "max", "burrow_partition.lag")],
                        [terms(2, "tag.topic", "50"), terms(3, "tag.partition", "500"), date_histogram(4)],
                        PART_ALIAS)],
                timeseries_defaults(), timeseries_options()),
        L.panel("state-timeline", "Status per partition", "Worst status of each partition per interval.", 24, 9,
                [target("A", PARTS_Q, [metric(1, "max", "burrow_partition.status_code")],
                        [terms(2, "tag.topic", "50"), terms(3, "tag.partition", "500"), date_histogram(4)],
                        PART_ALIAS)],
                status_defaults(), state_timeline_options()),
        L.panel("timeseries", "Consume rate against produce rate",
                "Messages per second: committed offsets of the group (consumed) and high-water marks of the same "
                "topics (produced), per partition.", 12, 9,
                [target("A", PARTS_Q,
                        [metric(1, "max", "burrow_partition.offset", hide=True),
                         metric(3, "derivative", "1", settings={"unit": "1s"}, pipeline=True)],
                        [terms(2, "tag.topic", "50"), terms(4, "tag.partition", "500"), date_histogram(5)],
                        "consumed " + PART_ALIAS),
                 target("B", "measurement_name:burrow_topic AND tag.cluster:$cluster AND tag.topic:$topic",
                        [metric(1, "max", "burrow_topic.offset", hide=True),
                         metric(3, "derivative", "1", settings={"unit": "1s"}, pipeline=True)],
                        [terms(2, "tag.topic", "50"), terms(4, "tag.partition", "500"), date_histogram(5)],
                        "produced " + PART_ALIAS)],
                timeseries_defaults("short"), timeseries_options()),
        L.panel("timeseries", "Lag in seconds",
                "Time lag per partition, from the lag_seconds field when the measurements carry it.", 12, 9,
                [target("A", PARTS_Q + " AND _exists_:burrow_partition.lag_seconds",
                        [metric(1, "max", "burrow_partition.lag_seconds")],
                        [terms(2, "tag.topic", "50"), terms(3, "tag.partition", "500"), date_histogram(4)],
                        PART_ALIAS)],
                timeseries_defaults("s"), timeseries_options()),
        L.panel("table", "Partitions and owners", "Each partition over the last 5 minutes: owner, status, lag, "
                "committed offset and last commit.", 24, 10,
                [target("A", PARTS_Q,
                        [metric(1, "max", "burrow_partition.status_code"), metric(2, "max", "burrow_partition.lag"),
                         metric(3, "max", "burrow_partition.offset"), metric(4, "max", "burrow_partition.timestamp")],
                        [terms(5, "tag.topic", "50"), terms(6, "tag.partition", "500"), terms(7, "tag.owner", "10")])],
                {"defaults": {"custom": {"align": "auto"}}, "overrides": [
                    {"matcher": {"id": "byName", "options": "Max burrow_partition.status_code"},
                     "properties": [{"id": "displayName", "value": "Status"},
                                    {"id": "mappings", "value": STATUS_MAPPINGS},
                                    {"id": "custom.cellOptions", "value": {"type": "color-background"}},
                                    {"id": "thresholds", "value": STATUS_THRESHOLDS}]},
                    {"matcher": {"id": "byName", "options": "Max burrow_partition.lag"},
                     "properties": [{"id": "displayName", "value": "Lag"}]},
                    {"matcher": {"id": "byName", "options": "Max burrow_partition.offset"},
                     "properties": [{"id": "displayName", "value": "Committed offset"}]},
                    {"matcher": {"id": "byName", "options": "Max burrow_partition.timestamp"},
                     "properties": [{"id": "displayName", "value": "Last commit"},
                                    {"id": "unit", "value": "dateTimeFromNow"}]},
                ]},
                {"showHeader": True, "cellHeight": "sm", "footer": {"show": False, "reducer": ["sum"], "fields": ""}},
                timeFrom="5m"),
    ]
    variables = [
        datasource_variable(),
        terms_variable("cluster", "Cluster", "tag.cluster", "measurement_name:burrow_group", multi=False),
        terms_variable("group", "Consumer group", "tag.group",
                       "measurement_name:burrow_group AND tag.cluster:$cluster", multi=False),
        terms_variable("topic", "Topic", "tag.topic",
                       "measurement_name:burrow_partition AND tag.cluster:$cluster AND tag.group:$group",
                       all_value=None),
    ]
    return dashboard("warren-consumer-group", "warren: consumer group",
                     "One consumer group: lag and status per partition, consume against produce rate, owners.",
                     variables, panels, ["consumer-group"])


# ---------------------------------------------------------------- Topics

TOPICS_Q = "measurement_name:burrow_topic AND tag.cluster:$cluster AND tag.topic:$topic"


def topics():
    L = Layout()
    panels = [
        L.panel("timeseries", "High-water-mark rate per partition",
                "Messages produced per second into each partition (derivative of the high-water mark).", 24, 10,
                [target("A", TOPICS_Q,
                        [metric(1, "max", "burrow_topic.offset", hide=True),
                         metric(3, "derivative", "1", settings={"unit": "1s"}, pipeline=True)],
                        [terms(2, "tag.topic", "50"), terms(4, "tag.partition", "500"), date_histogram(5)],
                        PART_ALIAS)],
                timeseries_defaults("short"), timeseries_options()),
        L.panel("timeseries", "High-water mark per partition", "The broker's end offset of each partition.", 12, 9,
                [target("A", TOPICS_Q, [metric(1, "max", "burrow_topic.offset")],
                        [terms(2, "tag.topic", "50"), terms(3, "tag.partition", "500"), date_histogram(4)],
                        PART_ALIAS)],
                timeseries_defaults(), timeseries_options()),
        L.panel("table", "Topics", "Partitions and newest high-water mark of each topic over the last 5 minutes.",
                12, 9,
                [target("A", TOPICS_Q,
                        [metric(1, "cardinality", "tag.partition"), metric(2, "max", "burrow_topic.offset")],
                        [terms(3, "tag.topic", "500")])],
                {"defaults": {"custom": {"align": "auto"}}, "overrides": [
                    {"matcher": {"id": "byName", "options": "Unique Count"},
                     "properties": [{"id": "displayName", "value": "Partitions"}]},
                    {"matcher": {"id": "byName", "options": "Max burrow_topic.offset"},
                     "properties": [{"id": "displayName", "value": "Largest high-water mark"}]},
                ]},
                {"showHeader": True, "cellHeight": "sm", "footer": {"show": False, "reducer": ["sum"], "fields": ""}},
                timeFrom="5m"),
    ]
    variables = [
        datasource_variable(),
        terms_variable("cluster", "Cluster", "tag.cluster", "measurement_name:burrow_topic"),
        terms_variable("topic", "Topic", "tag.topic", "measurement_name:burrow_topic AND tag.cluster:$cluster"),
    ]
    return dashboard("warren-topics", "warren: topics", "High-water marks and produce rate per topic partition.",
                     variables, panels, ["topics"])


DASHBOARDS = {"overview.json": overview, "consumer-group.json": consumer_group, "topics.json": topics}


def render(build):
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    os.makedirs(OUT, exist_ok=True)
    for name, build in DASHBOARDS.items():
        path = os.path.join(OUT, name)
        text = render(build)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if stale:
        print("out of date (run grafana/generate_dashboards.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
