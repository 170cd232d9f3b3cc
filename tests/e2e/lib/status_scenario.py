#!/usr/bin/env python3
"""Status scenario shared by the end-to-end tests that need warren to judge an OK, a WARN and an
ERR group (Telegraf execd, OpenSearch/Grafana). It writes data and __consumer_offsets records
through a running warren_mock_cluster (commands into its stdin FIFO, answers read from its stdout
file) and polls warren's REST API after every step until warren has ingested it, so the lag warren
freezes for each commit is the one the scenario intends. Then it polls
/v3/kafka/<cluster>/consumer/<group>/status until every group shows its intended status.

    status_scenario.py --mock-in FIFO --mock-out FILE --warren URL [--cluster NAME]
                       [--report FILE] [--timeout SECONDS]

Start the mock cluster and write warren's configuration with tests/e2e/lib/mock_cluster.sh
(start_mock_cluster, scenario_config): the scenario assumes its settings (one cluster, a kafka
consumer reading __consumer_offsets from the beginning, [storage] intervals >= ROUNDS,
min-distance 0, allowed-lag 0, a short expire-cache, offset-refresh 1 s).

Exit status 0 when warren shows every intended group and partition status before the deadline;
1 with a `FAIL - ...` line naming what it saw otherwise (2 for usage errors). Progress goes to
stdout as `# ...` lines. --report writes JSON: {"cluster", "groups": {group: {"status",
"status_code", "partitions": {"topic/partition": status}}}, "topics": {topic: partitions}, "t0"},
the expectations a caller can assert on (status_code uses Telegraf's numbers).

The scenario: ROUNDS (5) rounds; in each, every partition first gets new messages (its high-water
mark, HWM), then one commit per partition below. "Live" commit timestamps run from T0-16min to T0
in 4-minute steps, so no live partition looks stopped for 16 minutes after the run; "old" ones run
from T0-60min to T0-56min, so the partition looks stopped (Burrow's rules, reference/burrow.md §2).

  group     topic/partition  HWM at round r   commit at round r      partition status
  e2e-ok    e2e-orders/0     100(r+1)         HWM (lag 0), live      OK
            e2e-orders/1     40(r+1)          HWM (lag 0), live      OK
  e2e-warn  e2e-payments/0   150(r+1)         100+120r (lag 50+30r:  WARN (lag never zero and
                                              growing), live          not decreasing)
            e2e-payments/1   10(r+1)          HWM (lag 0), live      OK
  e2e-err   e2e-events/0     1000+100r        990+90r (lag 10+10r),  STOP (old commits, lag > 0)
                                              old
            e2e-events/1     500+20r          450 every round, live  STALL (offset never moves,
                                                                     lag > 0)

Group statuses: e2e-ok OK (status_code 1), e2e-warn WARN (3), e2e-err ERR (4); partition codes
OK 1, WARN 3, STOP 5, STALL 6. Group-metadata records give owners: e2e-ok's partitions
/10.0.0.11 and /10.0.0.12, e2e-warn's /10.0.0.21, e2e-err's /10.0.0.31.

Re-ingestion note: a warren that restarts and reads __consumer_offsets again freezes every lag
against the HWM it sees then, so e2e-warn's lags decrease and it turns OK; e2e-ok stays OK and
e2e-err stays ERR (STOP and STALL do not depend on the frozen lags' trend).
"""

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from burrow_api import get_json, group_path, topic_offsets_check  # noqa: E402
from mock_driver import MockDriver, MockError  # noqa: E402

ROUNDS = 5
MINUTE = 60_000

TOPICS = {"e2e-orders": 2, "e2e-payments": 2, "e2e-events": 2}

# High-water mark of each partition at round r (produced before the round's commits).
HWM = {
    ("e2e-orders", 0): lambda r: 100 * (r + 1),
    ("e2e-orders", 1): lambda r: 40 * (r + 1),
    ("e2e-payments", 0): lambda r: 150 * (r + 1),
    ("e2e-payments", 1): lambda r: 10 * (r + 1),
    ("e2e-events", 0): lambda r: 1000 + 100 * r,
    ("e2e-events", 1): lambda r: 500 + 20 * r,
}

# Telegraf's inputs.burrow status codes, plus warren's REWIND=7 (DESIGN.md §8).
STATUS_CODES = {"NOTFOUND": 2, "OK": 1, "WARN": 3, "ERR": 4, "STOP": 5, "STALL": 6, "REWIND": 7}

GROUPS = {
    "e2e-ok": ("OK", {("e2e-orders", 0): "OK", ("e2e-orders", 1): "OK"}),
    "e2e-warn": ("WARN", {("e2e-payments", 0): "WARN", ("e2e-payments", 1): "OK"}),
    "e2e-err": ("ERR", {("e2e-events", 0): "STOP", ("e2e-events", 1): "STALL"}),
}

MEMBERS = [
    "members e2e-ok v1 ok-client-1 /10.0.0.11 e2e-orders:0 | ok-client-2 /10.0.0.12 e2e-orders:1",
    "members e2e-warn v1 warn-client /10.0.0.21 e2e-payments:0,1",
    "members e2e-err v1 err-client /10.0.0.31 e2e-events:0,1",
]


def commits_of_round(r, t0):
    """(group, topic, partition, offset, timestamp_ms), in the order written."""
    live = t0 - (ROUNDS - 1 - r) * 4 * MINUTE
    old = t0 - 60 * MINUTE + r * MINUTE
    h = {tp: f(r) for tp, f in HWM.items()}
    return [
        ("e2e-ok", "e2e-orders", 0, h[("e2e-orders", 0)], live),
        ("e2e-ok", "e2e-orders", 1, h[("e2e-orders", 1)], live),
        ("e2e-warn", "e2e-payments", 0, 100 + 120 * r, live),
        ("e2e-warn", "e2e-payments", 1, h[("e2e-payments", 1)], live),
        ("e2e-err", "e2e-events", 0, 990 + 90 * r, old),
        ("e2e-err", "e2e-events", 1, 450, live),
    ]


def expectations():
    """What warren must end up showing, in the --report shape."""
    return {
        group: {
            "status": status,
            "status_code": STATUS_CODES[status],
            "partitions": {f"{t}/{p}": s for (t, p), s in parts.items()},
        }
        for group, (status, parts) in GROUPS.items()
    }


class Failure(Exception):
    """A step did not complete; the message says what was last seen."""


class Warren:
    def __init__(self, url, cluster):
        self.url = url.rstrip("/")
        self.cluster = cluster

    def get(self, path):
        """(HTTP status or None, parsed JSON body or None)."""
        return get_json(self.url + path)

    def group_path(self, group):
        return group_path(self.cluster, group)


def poll(what, check, timeout):
    """Calls check() -> (done, detail) until done; raises Failure with the last detail after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, detail = check()
        except (KeyError, IndexError, TypeError, AttributeError) as e:  # an answer of the wrong shape
            done, detail = False, f"unexpected answer: {type(e).__name__} {e}"
        if done:
            return
        if time.monotonic() > deadline:
            raise Failure(f"{what}: not seen within {timeout:.0f}s (last: {detail})")
        time.sleep(0.2)


def hwm_check(warren, targets):
    return lambda: topic_offsets_check(warren.get, warren.cluster, TOPICS, targets)


def commits_check(warren, newest):
    """newest: {(group, topic, partition): (offset, timestamp)} of the last commit written."""

    def check():
        bodies = {}
        for (group, topic, partition), want in newest.items():
            if group not in bodies:
                status, bodies[group] = warren.get(warren.group_path(group))
                if status != 200 or not bodies[group]:
                    return False, f"{group}: HTTP {status}"
            ring = bodies[group]["topics"].get(topic, [])
            if partition >= len(ring) or not ring[partition]:
                return False, f"{group} {topic}/{partition}: no partition"
            stored = [o for o in ring[partition].get("offsets") or [] if o is not None]
            got = (stored[-1]["offset"], stored[-1]["timestamp"]) if stored else None
            if got != want:
                return False, f"{group} {topic}/{partition}: newest commit {got}, want {want}"
        return True, ""

    return check


def owners_check(warren):
    want = {}
    for line in MEMBERS:
        group = line.split()[1]
        for member in " ".join(line.split()[3:]).split(" | "):
            _, host, *assignments = member.split()
            for a in assignments:
                topic, parts = a.rsplit(":", 1)
                for p in parts.split(","):
                    want[(group, topic, int(p))] = host

    def check():
        for (group, topic, partition), host in want.items():
            status, body = warren.get(warren.group_path(group))
            if status != 200 or not body:
                return False, f"{group}: HTTP {status}"
            entry = body["topics"].get(topic, [None] * (partition + 1))[partition]
            if not entry or entry.get("owner") != host:
                return False, f"{group} {topic}/{partition}: owner {entry.get('owner') if entry else None}"
        return True, ""

    return check


def status_check(warren, group):
    intended, partitions = GROUPS[group]
    bad = {tp: s for tp, s in partitions.items() if s != "OK"}

    def check():
        status, body = warren.get(warren.group_path(group) + "/status")
        if status != 200 or not body:
            return False, f"HTTP {status}"
        s = body["status"]
        # /status lists the partitions that are not OK (Burrow's rule).
        got = {(p["topic"], p["partition"]): p["status"] for p in s["partitions"]}
        if s["status"] == intended and got == bad:
            return True, ""
        return False, f"group {s['status']}, partitions not OK {({f'{t}/{p}': v for (t, p), v in got.items()})}"

    return check


def describe(warren, group):
    status, body = warren.get(warren.group_path(group) + "/lag")
    if status != 200 or not body:
        return [f"# {group}: /lag HTTP {status}"]
    s = body["status"]
    lines = [f"# {group}: {s['status']} (intended {GROUPS[group][0]}) totallag={s['totallag']}"]
    for p in sorted(s["partitions"], key=lambda p: (p["topic"], p["partition"])):
        lines.append(f"#   {p['topic']}/{p['partition']}: {p['status']} current_lag={p['current_lag']} owner={p['owner']!r}")
    return lines


def run(args):
    warren = Warren(args.warren, args.cluster)
    try:
        mock = MockDriver(args.mock_in, args.mock_out, args.timeout)
    except OSError as e:
        raise Failure(f"cannot write to the mock cluster's stdin {args.mock_in}: {e}")
    t0 = int(time.time()) * 1000
    started = time.monotonic()
    try:
        poll("warren answers /v3/kafka", lambda: (warren.get("/v3/kafka")[0] == 200, "no answer"), args.timeout)
        mock.send([f"topic {t} {n}" for t, n in TOPICS.items()])
        current = {tp: 0 for tp in HWM}
        for r in range(ROUNDS):
            targets = {tp: f(r) for tp, f in HWM.items()}
            mock.send([f"produce {t} {p} {targets[(t, p)] - current[(t, p)]}"
                       for (t, p) in HWM if targets[(t, p)] > current[(t, p)]])
            current = targets
            poll(f"round {r}: high-water marks", hwm_check(warren, targets), args.timeout)
            commits = commits_of_round(r, t0)
            mock.send([f"commit {g} {t} {p} {o} {ts}" for g, t, p, o, ts in commits])
            poll(f"round {r}: commits", commits_check(warren, {(g, t, p): (o, ts) for g, t, p, o, ts in commits}),
                 args.timeout)
            if r == 0:
                mock.send(MEMBERS)
                poll("owners from group metadata", owners_check(warren), args.timeout)
        print(f"# scenario written in {time.monotonic() - started:.1f}s", flush=True)
    except MockError as e:
        raise Failure(str(e))
    finally:
        mock.close()
    try:
        for group in GROUPS:
            poll(f"intended status of {group}", status_check(warren, group), args.timeout)
    finally:
        for group in GROUPS:
            for line in describe(warren, group):
                print(line, flush=True)
    return t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mock-in", required=True, help="the mock cluster's stdin FIFO")
    ap.add_argument("--mock-out", required=True, help="the file the mock cluster's stdout goes to")
    ap.add_argument("--warren", required=True, help="warren's base URL, e.g. http://127.0.0.1:8000")
    ap.add_argument("--cluster", default="local", help="the cluster's name in warren's configuration")
    ap.add_argument("--report", help="write the expectations as JSON to this file")
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("SCENARIO_STEP_TIMEOUT", "30")),
                    help="deadline of each step in seconds (default 30)")
    args = ap.parse_args()

    try:
        t0 = run(args)
    except Failure as e:
        print(f"FAIL - status scenario: {e}", flush=True)
        return 1
    if args.report:
        with open(args.report, "w") as f:
            json.dump({"cluster": args.cluster, "groups": expectations(), "topics": TOPICS, "t0": t0}, f, indent=1)
    print("ok   - status scenario: warren shows " +
          ", ".join(f"{g} {s}" for g, (s, _) in GROUPS.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
