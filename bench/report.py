#!/usr/bin/env python3
"""Writes the benchmark report (markdown) from bench/run.sh's measurement files, on stdout."""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def dpkg_version(package):
    return run(["dpkg-query", "-W", "-f=${Version}", package]) or "not installed"


def wrk_numbers(raw):
    """Requests/s, p99 in ms, non-2xx count and socket errors from wrk --latency output."""
    if not raw:
        return None
    rps = re.search(r"Requests/sec:\s+([\d.]+)", raw)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", raw, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", raw)
    errors = re.search(r"Socket errors: (.*)", raw)
    total = re.search(r"(\d+) requests in", raw)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "rps": float(rps.group(1)) if rps else None,
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else None,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors.group(1).strip() if errors else "none",
        "requests": int(total.group(1)) if total else None,
    }


def store_bench(m, name):
    """The store benchmark's printed figures and its full-pass time (ms)."""
    figures = {}
    for line in text(os.path.join(m, f"{name}.txt")).splitlines():
        parts = line.split()
        if len(parts) == 2 and re.fullmatch(r"[a-z_]+", parts[0]):
            try:
                figures[parts[0]] = float(parts[1])
            except ValueError:
                pass
    data = load(os.path.join(m, f"{name}.json"))
    if data:
        for b in data.get("benchmarks", []):
            if b.get("name", "").startswith("full_evaluation_pass"):
                figures["pass_ms"] = b["real_time"]
    return figures or None


def fmt(value, digits=2):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if 0 < abs(value) < 1:
        return f"{value:.4f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def ratio(w, b):
    if w is None or b is None or b == 0:
        return "—"
    return f"{w / b:.3g}"


def machine(warren):
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    os_name = ""
    try:
        with open("/etc/os-release") as f:
            os_name = dict(l.strip().split("=", 1) for l in f if "=" in l).get("PRETTY_NAME", "").strip('"')
    except OSError:
        pass
    load1, load5, load15 = os.getloadavg()
    return [
        ("CPUs (nproc)", str(os.cpu_count())),
        ("CPU model", cpu),
        ("RAM", f"{mem_kb / 1024 / 1024:.1f} GiB"),
        ("kernel", platform.release()),
        ("OS", os_name),
        ("load average at the end (1/5/15 min)", f"{load1:.2f} / {load5:.2f} / {load15:.2f}"),
        ("warren", run([warren, "version"]).replace("\n", ", ")),
        ("Burrow", dpkg_version("burrow")),
        ("ZooKeeper", dpkg_version("zookeeper")),
        ("kcat", dpkg_version("kcat")),
        ("wrk", dpkg_version("wrk")),
        ("compiler", run(["c++", "--version"]).splitlines()[0] if run(["c++", "--version"]) else ""),
    ]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--measurements", required=True)
    p.add_argument("--expect", required=True)
    p.add_argument("--scenario", required=True)
    p.add_argument("--connections", required=True)
    p.add_argument("--wrk-seconds", required=True)
    p.add_argument("--warren", required=True)
    p.add_argument("--note", default="")
    a = p.parse_args()
    m = a.measurements
    expect = {}
    for line in text(a.expect).splitlines():
        key, _, value = line.partition(" ")
        if key != "sentinel":
            expect[key] = value

    wv, bv = load(f"{m}/warren.visible.json") or {}, load(f"{m}/burrow.visible.json") or {}
    we, be = load(f"{m}/warren.end.json") or {}, load(f"{m}/burrow.end.json") or {}
    ws, bs = load(f"{m}/warren.status_all.json") or {}, load(f"{m}/burrow.status_all.json") or {}
    ww, bw = wrk_numbers(text(f"{m}/warren.wrk.txt")) or {}, wrk_numbers(text(f"{m}/burrow.wrk.txt")) or {}
    execd = load(f"{m}/execd.json") or {}
    zk = load(f"{m}/zookeeper.end.json") or {}
    kcat = load(f"{m}/kcat.json") or {}
    commits = load(f"{m}/warren.commits.json") or {}
    scenario_store = store_bench(m, "store_scenario") or {}
    million = store_bench(m, "store_million")

    groups, partitions = int(expect.get("groups", 0)), int(expect.get("partitions", 0))
    rows = [
        ("Start → every commit visible (s)", wv.get("seconds"), bv.get("seconds")),
        ("CPU seconds until every commit is visible", wv.get("cpu_s"), bv.get("cpu_s")),
        ("RSS when every commit is visible (MB)", wv.get("rss_mb"), bv.get("rss_mb")),
        ("RSS at the end of the run, after wrk (MB)", we.get("rss_mb"), be.get("rss_mb")),
        ("Peak RSS, whole run (MB)", we.get("hwm_mb"), be.get("hwm_mb")),
        ("CPU seconds, whole run", we.get("cpu_s"), be.get("cpu_s")),
        ("GET /status of every group, one client (s)", ws.get("seconds"), bs.get("seconds")),
        (f"/lag throughput, wrk {a.connections} connections (req/s)", ww.get("rps"), bw.get("rps")),
        ("/lag p99 latency (ms)", ww.get("p99_ms"), bw.get("p99_ms")),
        ("/lag non-2xx responses under wrk", ww.get("non2xx"), bw.get("non2xx")),
        ("One full `warren execd` batch, every group (s)", execd.get("seconds"), None),
        ("Full evaluation pass, in-process benchmark (ms)", scenario_store.get("pass_ms"), None),
    ]
    out = []
    w = out.append
    w(f"# Benchmark: warren vs Burrow 1.2.1 — scenario `{a.scenario}`")
    w("")
    w(f"Run {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} with `bench/run.sh --scenario {a.scenario}`.")
    w("")
    w(f"Scenario: {groups:,} groups × {partitions} partitions × {int(expect.get('commits', 0)) // max(groups * partitions, 1)} "
      f"commits = {int(expect.get('commits', 0)):,} commit records plus {groups:,} group-metadata records "
      f"({int(expect.get('records', 0)):,} records) in the mock cluster's `{expect.get('offsets_topic', '')}`; "
      f"{expect.get('topics', '')} topics, each group on one topic; every high-water mark at the final commit.")
    w("")
    w("Both monitors run the same `burrow.toml` (bench/burrow.toml.in: Burrow's defaults, `expire-cache = 1`), "
      "one after the other against the same mock cluster. \"Visible\": the group list holds every group and, for the "
      "group whose commit is the last record of each offsets partition, the raw group detail shows the final commit "
      "in every partition (bench/probe.py). Times are from the monitor's own process start (/proc), so ZooKeeper's "
      "start-up is not charged to Burrow; RSS and CPU are the monitor's process alone.")
    w("")
    w("| measurement | warren | Burrow 1.2.1 | warren/Burrow |")
    w("|---|---:|---:|---:|")
    for label, wval, bval in rows:
        w(f"| {label} | {fmt(wval)} | {fmt(bval) if bval is not None else 'n/a'} | {ratio(wval, bval)} |")
    w(f"| ZooKeeper RSS, which Burrow 1.2.1 needs (MB) | none | {fmt(zk.get('hwm_mb'))} | — |")
    w(f"| Ceiling: librdkafka alone (kcat, large fetches) reads every record (s) | {fmt(kcat.get('seconds'))} | | |")
    w("")
    # Besides the scenario's commits, warren stores progress commits of its own group
    # (burrow-<consumer>), as Burrow HEAD does: one per batch read.
    w(f"- Offset commits applied by warren: {commits.get('applied', '—')} of {expect.get('commits', '—')} written "
      f"({commits.get('stored', '—')} commits stored in all, its own progress group `burrow-local` included); "
      f"offsets-topic records read: {commits.get('records', '—')} of {expect.get('records', '—')}, "
      f"{commits.get('direct', '—')} of them fetched directly rather than through librdkafka; "
      f"kcat read {kcat.get('records', '—')}.")
    w(f"- Sentinel windows full when visible (all {10} slots hold a commit): warren {wv.get('windows_full', '—')}, "
      f"Burrow {bv.get('windows_full', '—')}.")
    w(f"- /status of every group evaluated: warren {ws.get('evaluated', '—')}/{ws.get('groups', '—')}, "
      f"Burrow {bs.get('evaluated', '—')}/{bs.get('groups', '—')} (Python client, keep-alive; includes its overhead).")
    w(f"- wrk: {a.wrk_seconds} s, 2 threads, {a.connections} connections, each request a different group's /lag; "
      f"socket errors warren: {ww.get('errors', '—')}, Burrow: {bw.get('errors', '—')}.")
    w(f"- execd batch: {execd.get('lines', '—')} lines ({execd.get('group_lines', '—')} burrow_group, "
      f"{execd.get('partition_lines', '—')} burrow_partition), timed from the newline on stdin to the last line.")
    if scenario_store:
        w(f"- In-process store at this shape: {fmt(scenario_store.get('store_mb'))} MB for "
          f"{fmt(scenario_store.get('group_partitions'))} group-partitions, inserted at "
          f"{fmt(scenario_store.get('commits_per_second'))} commits/s.")
    w("")
    if million:
        w("## 1,000,000 tracked group-partitions (store + evaluator, in process)")
        w("")
        w("10,000 groups × 100 partitions × 10 slots, every slot filled (10,000,000 commits through "
          "`ClusterStore::add_commit`), then one full evaluation pass (`Evaluator::evaluate` of every group, cache off) "
          "under Google Benchmark (bench/store_eval_bench.cpp).")
        w("")
        w("| measurement | value | target |")
        w("|---|---:|---:|")
        w(f"| process RSS, store loaded (MB) | {fmt(million.get('rss_loaded_mb'))} | < 512 |")
        w(f"| store alone (RSS growth while loading, MB) | {fmt(million.get('store_mb'))} | |")
        w(f"| peak RSS (MB) | {fmt(million.get('peak_rss_mb_after', million.get('peak_rss_mb')))} | |")
        w(f"| full evaluation pass (ms) | {fmt(million.get('pass_ms'))} | < 1,000 |")
        w(f"| loading: commits per second | {fmt(million.get('commits_per_second'))} | |")
        w("")
    w("## Targets")
    w("")
    targets = []
    if wv.get("seconds") and bv.get("seconds"):
        speed = bv["seconds"] / wv["seconds"]
        targets.append(f"- ≥ 10× faster than Burrow from start to every commit visible: {speed:.1f}× — "
                       f"{'met' if speed >= 10 else 'missed'}")
    if wv.get("rss_mb") and bv.get("rss_mb"):
        share = wv["rss_mb"] / bv["rss_mb"]
        targets.append(f"- ≤ 1/5 of Burrow's memory (RSS held once every commit is visible): {share:.2f} — "
                       f"{'met' if share <= 0.2 else 'missed'}")
    if we.get("hwm_mb") and be.get("hwm_mb"):
        share = we["hwm_mb"] / be["hwm_mb"]
        targets.append(f"- the same on peak RSS (while reading the backlog): {share:.2f} — "
                       f"{'met' if share <= 0.2 else 'missed'}")
    if million:
        targets.append(f"- 1,000,000 group-partitions in < 512 MB: {fmt(million.get('rss_loaded_mb'))} MB — "
                       f"{'met' if million.get('rss_loaded_mb', 1e9) < 512 else 'missed'}")
        targets.append(f"- full evaluation pass < 1 s: {fmt(million.get('pass_ms'))} ms — "
                       f"{'met' if million.get('pass_ms', 1e9) < 1000 else 'missed'}")
    out.extend(targets or ["- (no targets for this scenario)"])
    w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    for key, value in machine(a.warren):
        w(f"| {key} | {value} |")
    if a.note:
        w("")
        w(f"Note: {a.note}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
