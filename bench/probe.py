#!/usr/bin/env python3
"""Measurements the benchmark harness (bench/run.sh) takes against a Burrow-compatible REST API.

Each subcommand prints one JSON object on stdout.

  visible URL PID EXPECT [--cluster C] [--timeout S] [--interval S]
      Polls until every commit of the scenario is visible (the definition below), then reports the
      seconds since process PID started, its CPU seconds and its RSS (VmRSS, VmHWM) at that moment.
  status-all URL [--cluster C]
      GETs /status of every group the API lists, one keep-alive connection, one after the other.
  proc PID
      CPU seconds and VmHWM/VmRSS of PID now.
  execd-batch WARREN CONFIG URL EXPECT [--cluster C] [--timeout S]
      Starts `WARREN execd --config CONFIG --signal stdin` (its [httpserver] answers on URL), waits
      until every commit is visible, then times one batch: from the newline written to its stdin to
      the batch's last line (warren_cluster), and counts its lines.
  store-commits URL
      warren's /metrics: commits stored (its own progress group included), offset commits applied,
      records read, and of those fetched directly.

"Visible", identically for both monitors: the group list (/v3/kafka/C/consumer) holds every scenario
group (names starting with the group prefix), and for every sentinel group — the group whose last
commit is the last record of one offsets-topic partition — the raw group detail
(/v3/kafka/C/consumer/G, which no evaluator cache delays) has the scenario's number of partitions and
the final committed offset as the newest slot of each.
A reader that reads each offsets partition in order has then applied every record before it.
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

CLK_TCK = os.sysconf("SC_CLK_TCK")


def read_expect(path):
    expect = {"sentinel": []}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().partition(" ")
            if key == "sentinel":
                expect["sentinel"].append(value)
            elif key:
                expect[key] = value
    for key in ("groups", "partitions", "commits", "records", "final_offset"):
        expect[key] = int(expect[key])
    return expect


def proc_stats(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # Fields after the command name start at field 3 (state): utime is 14, stime 15, starttime 22.
    utime, stime, starttime = int(fields[11]), int(fields[12]), int(fields[19])
    mem = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                mem[key] = int(value.split()[0]) / 1024.0
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return {
        "cpu_s": (utime + stime) / CLK_TCK,
        "rss_mb": mem.get("VmRSS", 0.0),
        "hwm_mb": mem.get("VmHWM", 0.0),
        "age_s": uptime - starttime / CLK_TCK,
    }


class Api:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def get(self, path):
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                self.conn.request("GET", path)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                self.conn = None
                if attempt:
                    return 0, b""
        return 0, b""


def groups_listed(api, cluster, prefix):
    status, body = api.get(f"/v3/kafka/{cluster}/consumer")
    if status != 200:
        return 0
    return sum(1 for g in json.loads(body).get("consumers", []) if g.startswith(prefix))


def sentinel_ok(api, cluster, group, expect, full=False):
    """The group's raw stored data (no evaluation, so no evaluator cache in the way): every partition
    holds the final commit as its newest slot; with `full`, every slot holds a commit."""
    status, body = api.get(f"/v3/kafka/{cluster}/consumer/{group}")
    if status != 200:
        return False
    partitions = [p for ps in json.loads(body).get("topics", {}).values() for p in ps]
    if len(partitions) != expect["partitions"]:
        return False
    for p in partitions:
        offsets = p.get("offsets") or []
        if not offsets or (offsets[-1] or {}).get("offset") != expect["final_offset"]:
            return False
        if full and any(o is None for o in offsets):
            return False
    return True


def all_visible(api, cluster, expect):
    if groups_listed(api, cluster, expect["group_prefix"]) != expect["groups"]:
        return False
    return all(sentinel_ok(api, cluster, g, expect) for g in expect["sentinel"])


def wait_visible(url, expect, cluster, timeout, interval, alive):
    api = Api(url)
    deadline = time.monotonic() + timeout
    polls = 0
    while time.monotonic() < deadline:
        if not alive():
            return None, polls
        polls += 1
        if all_visible(api, cluster, expect):
            return api, polls
        time.sleep(interval)
    return None, polls


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def cmd_visible(a):
    expect = read_expect(a.expect)
    api, polls = wait_visible(a.url, expect, a.cluster, a.timeout, a.interval, lambda: pid_alive(a.pid))
    if api is None:
        print(json.dumps({"visible": False, "polls": polls}))
        return 1
    stats = proc_stats(a.pid)
    full = all(sentinel_ok(api, a.cluster, g, expect, full=True) for g in expect["sentinel"])
    print(json.dumps({"visible": True, "polls": polls, "seconds": stats["age_s"], "windows_full": full, **stats}))
    return 0


def cmd_status_all(a):
    api = Api(a.url)
    status, body = api.get(f"/v3/kafka/{a.cluster}/consumer")
    groups = json.loads(body)["consumers"] if status == 200 else []
    started = time.monotonic()
    ok = 0
    for g in groups:
        status, body = api.get(f"/v3/kafka/{a.cluster}/consumer/{urllib.parse.quote(g, safe='')}/status")
        ok += status == 200 and json.loads(body)["status"]["status"] != "NOTFOUND"
    seconds = time.monotonic() - started
    print(json.dumps({"groups": len(groups), "evaluated": ok, "seconds": seconds}))
    return 0 if groups and ok == len(groups) else 1


def cmd_proc(a):
    print(json.dumps(proc_stats(a.pid)))
    return 0


def cmd_execd_batch(a):
    expect = read_expect(a.expect)
    proc = subprocess.Popen(
        [a.warren, "execd", "--config", a.config, "--signal", "stdin"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(a.log, "w"),
    )
    try:
        api, _ = wait_visible(a.url, expect, a.cluster, a.timeout, 0.05, lambda: proc.poll() is None)
        if api is None:
            print(json.dumps({"visible": False}))
            return 1
        visible = proc_stats(proc.pid)
        started = time.monotonic()
        proc.stdin.write(b"\n")
        proc.stdin.flush()
        lines = partitions = groups = 0
        while True:
            line = proc.stdout.readline()
            if not line:
                break
            lines += 1
            partitions += line.startswith(b"burrow_partition,")
            groups += line.startswith(b"burrow_group,")
            if line.startswith(b"warren_cluster,"):
                break
        seconds = time.monotonic() - started
        print(json.dumps({"visible": True, "visible_s": visible["age_s"], "seconds": seconds, "lines": lines,
                          "partition_lines": partitions, "group_lines": groups}))
        return 0 if groups >= expect["groups"] else 1
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cmd_store_commits(a):
    status, body = Api(a.url).get("/metrics")
    stored = records = applied = direct = 0
    for line in body.decode().splitlines():
        value = int(float(line.rsplit(" ", 1)[-1])) if line and not line.startswith("#") else 0
        if line.startswith("warren_store_commits_total{") and 'outcome="stored"' in line:
            stored += value
        elif line.startswith("warren_source_records_total{"):
            records += value
        elif line.startswith("warren_source_records_applied_total{") and 'kind="offset_commit"' in line:
            applied += value
        elif line.startswith("warren_source_records_fetched_directly_total{"):
            direct += value
    print(json.dumps({"stored": stored, "records": records, "applied": applied, "direct": direct}))
    return 0 if status == 200 else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("visible")
    v.add_argument("url")
    v.add_argument("pid", type=int)
    v.add_argument("expect")
    v.add_argument("--cluster", default="local")
    v.add_argument("--timeout", type=float, default=600)
    v.add_argument("--interval", type=float, default=0.05)
    s = sub.add_parser("status-all")
    s.add_argument("url")
    s.add_argument("--cluster", default="local")
    pr = sub.add_parser("proc")
    pr.add_argument("pid", type=int)
    e = sub.add_parser("execd-batch")
    e.add_argument("warren")
    e.add_argument("config")
    e.add_argument("url")
    e.add_argument("expect")
    e.add_argument("--cluster", default="local")
    e.add_argument("--timeout", type=float, default=600)
    e.add_argument("--log", default=os.devnull)
    m = sub.add_parser("store-commits")
    m.add_argument("url")
    a = p.parse_args()
    return {"visible": cmd_visible, "status-all": cmd_status_all, "proc": cmd_proc,
            "execd-batch": cmd_execd_batch, "store-commits": cmd_store_commits}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
