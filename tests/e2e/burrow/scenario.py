#!/usr/bin/env python3
"""Drives the side-by-side scenario: writes data and __consumer_offsets records through a running
warren_mock_cluster (commands into its stdin FIFO, answers read from its stdout file) and polls
every monitor (Burrow, warren) until each step is visible in all of them, so that both see the
same high-water mark when they ingest each commit and freeze the same lag for it.

    scenario.py --mock-in FIFO --mock-out FILE --monitor burrow=URL [--monitor warren=URL]
                [--report FILE] [--counts FILE]

It prints result lines (`ok   - ...` / `FAIL - ...`), a table of what each monitor reports for
every group, and writes --report (JSON: cluster, groups, topics, expectations) for compare_api.py
and --counts ("PASSED FAILED") for the calling script. Exit status 1 if anything failed.

The scenario (Burrow 1.2.1 rules: reference/burrow.md §2.2 and §2.5; one commit per round per
partition unless noted; "live" commit timestamps run from T0-20min to T0 in 4-minute steps, so
no partition looks stopped for 20 minutes after the run):

  group         topic/partition  commits                                   intended
  grp-ok        orders/0         2 per round (lag 50 then 0), value v1     OK, ring full (complete 1)
                orders/1         lag 0,10,..,50 (a zero lag in window), v1 OK with current lag 50
  grp-warn      payments/0       lag 50,80,..,200, offsets advancing       WARN
                payments/1       lag 0                                     OK
                refunds/0        lag 10,15,..,35                           WARN
  grp-err       events/0         lag 10..60, timestamps T0-60min..-55min   STOP
                events/1         same offset 450, lag 50..150              STALL
                events/2         1900,2000,2100,1800,1850,1900             REWIND (never recovers)
  grp-partial   audit/0 (of 3)   2 per round, lag 5 then 0                 OK, group complete 1/3
  grp<&>misc    misc/0           lag 0 (JSON escaping of < & >)            OK

plus the topic idle (3 messages, no consumers) and audit/2 (empty). Group-metadata records
(owners) use value v1 and v0, the versions Burrow 1.2.1 decodes.
"""

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
import burrow_api  # noqa: E402
from mock_driver import MockDriver  # noqa: E402

CLUSTER = "local"
ROUNDS = 6
RING = 10  # [storage] intervals
STEP_TIMEOUT = float(os.environ.get("SCENARIO_STEP_TIMEOUT", "30"))
MINUTE = 60_000

TOPICS = {"orders": 2, "payments": 2, "refunds": 1, "events": 3, "audit": 3, "misc": 1, "idle": 1}

# High-water mark of each partition at round r (produced before the round's commits).
HWM = {
    ("orders", 0): lambda r: 100 * (r + 1),
    ("orders", 1): lambda r: 40 * (r + 1),
    ("payments", 0): lambda r: 150 * (r + 1),
    ("payments", 1): lambda r: 10 * (r + 1),
    ("refunds", 0): lambda r: 30 * (r + 1),
    ("events", 0): lambda r: 1000 + 100 * r,
    ("events", 1): lambda r: 500 + 20 * r,
    ("events", 2): lambda r: 2000 + 100 * r,
    ("audit", 0): lambda r: 20 * (r + 1),
    ("audit", 1): lambda r: 7,
    ("audit", 2): lambda r: 0,
    ("misc", 0): lambda r: 5 * (r + 1),
    ("idle", 0): lambda r: 3,
}

REWIND_OFFSETS = [1900, 2000, 2100, 1800, 1850, 1900]

GROUPS = {
    "grp-ok": ("OK", {("orders", 0): "OK", ("orders", 1): "OK"}),
    "grp-warn": ("WARN", {("payments", 0): "WARN", ("payments", 1): "OK", ("refunds", 0): "WARN"}),
    "grp-err": ("ERR", {("events", 0): "STOP", ("events", 1): "STALL", ("events", 2): "REWIND"}),
    "grp-partial": ("OK", {("audit", 0): "OK"}),
    "grp<&>misc": ("OK", {("misc", 0): "OK"}),
}

MEMBERS = [
    "members grp-ok v1 ok-client-1 /10.0.0.11 orders:0 | ok-client-2 /10.0.0.12 orders:1",
    "members grp-warn v1 warn-client /10.0.0.21 payments:0,1 refunds:0",
    "members grp-err v0 err-client /10.0.0.31 events:0,1,2",
]
OWNERS = {
    ("grp-ok", "orders", 0): "/10.0.0.11",
    ("grp-ok", "orders", 1): "/10.0.0.12",
    ("grp-warn", "payments", 0): "/10.0.0.21",
    ("grp-warn", "payments", 1): "/10.0.0.21",
    ("grp-warn", "refunds", 0): "/10.0.0.21",
    ("grp-err", "events", 0): "/10.0.0.31",
    ("grp-err", "events", 1): "/10.0.0.31",
    ("grp-err", "events", 2): "/10.0.0.31",
}


def commits_of_round(r, t0):
    """(group, topic, partition, offset, timestamp_ms, value_version), in the order written."""
    live = t0 - (ROUNDS - 1 - r) * 4 * MINUTE
    old = t0 - 60 * MINUTE + r * MINUTE
    h = {tp: f(r) for tp, f in HWM.items()}
    return [
        ("grp-ok", "orders", 0, h[("orders", 0)] - 50, live - 30_000, 1),
        ("grp-ok", "orders", 0, h[("orders", 0)], live, 1),
        ("grp-ok", "orders", 1, 40 + 30 * r, live, 1),
        ("grp-warn", "payments", 0, 100 + 120 * r, live, 3),
        ("grp-warn", "payments", 1, h[("payments", 1)], live, 3),
        ("grp-warn", "refunds", 0, 20 + 25 * r, live, 3),
        ("grp-err", "events", 0, 990 + 90 * r, old, 3),
        ("grp-err", "events", 1, 450, live, 3),
        ("grp-err", "events", 2, REWIND_OFFSETS[r], live, 3),
        ("grp-partial", "audit", 0, h[("audit", 0)] - 5, live - 30_000, 3),
        ("grp-partial", "audit", 0, h[("audit", 0)], live, 3),
        ("grp<&>misc", "misc", 0, h[("misc", 0)], live, 3),
    ]


class NoMock(Exception):
    """The mock cluster's stdin could not be opened (reported already)."""


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, what):
        self.passed += 1
        print(f"ok   - {what}", flush=True)

    def fail(self, what):
        self.failed += 1
        print(f"FAIL - {what}", flush=True)


class Monitor:
    """One REST API; `active` turns false at its first failure so the others carry on."""

    def __init__(self, name, url):
        self.name = name
        self.url = url.rstrip("/")
        self.active = True

    def get(self, path):
        return burrow_api.get_json(self.url + path)


def group_path(group):
    return burrow_api.group_path(CLUSTER, group)


def wait_all(monitors, results, what, check, drop=True):
    """Polls check(monitor) -> (done, detail) on every active monitor until all are done; each
    one done passes. One not done by the deadline fails and, with drop, is left out of later
    steps (a monitor that missed a step cannot freeze the scenario's lags any more)."""
    deadline = time.monotonic() + STEP_TIMEOUT
    started = [m for m in monitors if m.active]
    pending = list(started)
    last = {}
    while pending:
        still = []
        for m in pending:
            try:
                done, detail = check(m)
            except (KeyError, IndexError, TypeError, AttributeError) as e:  # an answer of the wrong shape
                done, detail = False, f"unexpected answer: {type(e).__name__} {e}"
            last[m.name] = detail
            if not done:
                still.append(m)
        pending = still
        if pending:
            if time.monotonic() > deadline:
                for m in pending:
                    m.active = not drop
                    results.fail(f"{m.name}: {what} not seen within {STEP_TIMEOUT:.0f}s (last: {last[m.name]})")
                return [m for m in started if m not in pending]
            time.sleep(0.2)
    return started


def topic_offsets_check(targets):
    return lambda m: burrow_api.topic_offsets_check(m.get, CLUSTER, TOPICS, targets)


def ring_of(body, topic, partition):
    try:
        return body["topics"][topic][partition]
    except (KeyError, IndexError, TypeError):
        return None


def commits_check(expected):
    """expected: {(group, topic, partition): [(offset, ts, lag), ...] all commits so far}."""

    def check(m):
        bodies = {}
        for (group, topic, partition), commits in expected.items():
            if group not in bodies:
                status, bodies[group] = m.get(group_path(group))
                if status != 200:
                    return False, f"{group}: HTTP {status}"
            entry = ring_of(bodies[group], topic, partition)
            if entry is None:
                return False, f"{group} {topic}/{partition}: no partition"
            stored = [o for o in entry.get("offsets", []) if o is not None]
            want = commits[-RING:]
            newest = stored[-1] if stored else {}
            if len(stored) != len(want) or (newest["offset"], newest["timestamp"]) != want[-1][:2]:
                return False, f"{group} {topic}/{partition}: {len(stored)} commits, newest {newest}"
        return True, ""

    return check


def lag_mismatches(m, expected):
    """Commits whose frozen lag differs from the scenario's (HWM at ingestion - offset)."""
    out = []
    bodies = {}
    for (group, topic, partition), commits in expected.items():
        if group not in bodies:
            bodies[group] = m.get(group_path(group))[1]
        entry = ring_of(bodies[group], topic, partition) or {}
        stored = [o for o in entry.get("offsets", []) if o is not None]
        for got, (offset, ts, lag) in zip(stored, commits[-RING:]):
            if (got.get("offset"), got.get("timestamp"), got.get("lag")) != (offset, ts, lag):
                out.append(f"{group} {topic}/{partition}: stored {got}, scenario offset {offset} ts {ts} lag {lag}")
    return out


def owners_check(m):
    bodies = {}
    for (group, topic, partition), owner in OWNERS.items():
        if group not in bodies:
            bodies[group] = m.get(group_path(group))[1]
        entry = ring_of(bodies[group], topic, partition)
        if not entry or entry.get("owner") != owner:
            return False, f"{group} {topic}/{partition}: owner {entry.get('owner') if entry else None}"
    return True, ""


def status_check(group):
    intended, partitions = GROUPS[group]

    def check(m):
        status, body = m.get(group_path(group) + "/lag")
        if status != 200 or not body:
            return False, f"HTTP {status}"
        s = body["status"]
        got = {(p["topic"], p["partition"]): p["status"] for p in s["partitions"]}
        wrong = {f"{t}/{p}": got.get((t, p)) for (t, p), want in partitions.items() if got.get((t, p)) != want}
        if s["status"] != intended or wrong:
            return False, f"group {s['status']}, partitions {wrong or 'as intended'}"
        return True, ""

    return check


def describe(m, group):
    status, body = m.get(group_path(group) + "/lag")
    if status != 200 or not body:
        return [f"  {m.name:7} {group:12} HTTP {status}"]
    s = body["status"]
    maxlag = s.get("maxlag") or {}
    lines = [
        f"  {m.name:7} {group:12} {s['status']:4} (intended {GROUPS[group][0]}) complete={s['complete']} "
        f"partition_count={s['partition_count']} totallag={s['totallag']} "
        f"maxlag={maxlag.get('topic')}/{maxlag.get('partition')}"
    ]
    for p in sorted(s["partitions"], key=lambda p: (p["topic"], p["partition"])):
        lags = "" if not p.get("start") else f" lag {p['start']['lag']}..{p['end']['lag']}"
        lines.append(
            f"  {'':7} {'':12}   {p['topic']}/{p['partition']}: {p['status']:6} current_lag={p['current_lag']} "
            f"complete={p['complete']} owner={p['owner']!r}{lags}"
        )
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mock-in", required=True)
    ap.add_argument("--mock-out", required=True)
    ap.add_argument("--monitor", action="append", required=True, help="NAME=URL")
    ap.add_argument("--report")
    ap.add_argument("--counts")
    args = ap.parse_args()

    monitors = [Monitor(*spec.split("=", 1)) for spec in args.monitor]
    results = Results()
    try:
        mock = MockDriver(args.mock_in, args.mock_out, STEP_TIMEOUT)
    except OSError as e:
        results.fail(f"cannot write to the mock cluster's stdin {args.mock_in}: {e}")
        mock = None
    t0 = int(time.time()) * 1000
    started = time.monotonic()
    try:
        if mock is None:
            raise NoMock
        mock.send([f"topic {t} {n}" for t, n in TOPICS.items()])
        current = {tp: 0 for tp in HWM}
        expected = {}  # (group, topic, partition) -> [(offset, ts, lag)]
        for r in range(ROUNDS):
            targets = {tp: f(r) for tp, f in HWM.items()}
            mock.send([f"produce {t} {p} {targets[(t, p)] - current[(t, p)]}"
                       for (t, p) in HWM if targets[(t, p)] > current[(t, p)]])
            current = targets
            wait_all(monitors, results, f"round {r}: high-water marks", topic_offsets_check(targets))
            round_commits = commits_of_round(r, t0)
            mock.send([f"commit {g} {t} {p} {o} {ts} v{v}" for g, t, p, o, ts, v in round_commits])
            for g, t, p, o, ts, _ in round_commits:
                expected.setdefault((g, t, p), []).append((o, ts, max(0, targets[(t, p)] - o)))
            wait_all(monitors, results, f"round {r}: commits", commits_check(expected))
            if r == 0:
                mock.send(MEMBERS)
                wait_all(monitors, results, "owners from group metadata", owners_check)
        print(f"# scenario written in {time.monotonic() - started:.1f}s", flush=True)

        for m in monitors:
            if not m.active:
                continue
            bad = lag_mismatches(m, expected)
            if bad:
                results.fail(f"{m.name}: stored commits differ from the scenario: " + "; ".join(bad[:5]))
            else:
                count = sum(len(c) for c in expected.values())
                results.ok(f"{m.name}: stored {count} commits with the lags of the scenario")
        for group in GROUPS:
            done = wait_all(monitors, results, f"intended status of {group}", status_check(group), drop=False)
            for m in done:
                parts = ", ".join(f"{st} {t}/{p}" for (t, p), st in GROUPS[group][1].items())
                results.ok(f"{m.name}: {group} is {GROUPS[group][0]} ({parts})")
        print("# what each monitor reports (/lag):", flush=True)
        for m in monitors:
            for group in GROUPS:
                try:
                    lines = describe(m, group)
                except (KeyError, IndexError, TypeError, AttributeError) as e:
                    lines = [f"  {m.name:7} {group:12} unexpected answer: {type(e).__name__} {e}"]
                for line in lines:
                    print(line, flush=True)
    except NoMock:
        pass  # failed above
    except (RuntimeError, OSError) as e:
        results.fail(str(e))
    finally:
        if mock is not None:
            mock.close()

    if args.report:
        with open(args.report, "w") as f:
            json.dump({"cluster": CLUSTER, "groups": list(GROUPS), "topics": list(TOPICS) + ["__consumer_offsets"],
                       "intended": {g: s for g, (s, _) in GROUPS.items()}, "t0": t0}, f, indent=1)
    if args.counts:
        with open(args.counts, "w") as f:
            f.write(f"{results.passed} {results.failed}\n")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
