#!/usr/bin/env python3
"""Compares `warren check --format json` with Kafka's own view of the consumer groups.

Kafka's view is the text that kafka-consumer-groups (ConsumerGroupCommand) prints for
`--describe --all-groups` (DESCRIBE: one row per group, topic and partition) and for
`--describe --all-groups --members --verbose` (MEMBERS: one row per live member).

  compare_groups.py state    DESCRIBE MEMBERS
      prints Kafka's view in a canonical, sorted form; two equal outputs taken before and
      after a warren run mean that nothing changed in between.
  compare_groups.py expect   DESCRIBE MEMBERS [--members G=M:P ...] [--lag-zero G,...]
                             [--no-members G,...] [--groups G,...] [--absent G,...]
      exit 0 when Kafka's view is in the wanted state: group G has M live members holding P
      partitions; every partition of the --lag-zero groups has LAG 0; the --no-members groups
      have no live member; the --groups are listed and the --absent ones are not.
  compare_groups.py compare  WARREN_JSON DESCRIBE MEMBERS [--cluster C] [--absent G,...]
                             [--self-group NAME:PARTITIONS] [--label TEXT]
                             [--aspect all|offsets|owners]
      prints every difference and exits 1 when there is one. For every group, topic and
      partition: warren's end.offset is Kafka's CURRENT-OFFSET, warren's current_lag is
      Kafka's LAG, warren's owner is the member's HOST and client_id its CLIENT-ID (both empty
      when Kafka shows no owner), and the assignment of every live member points back to it.
      The groups are the same on both sides (warren's own burrow-<consumer> group aside);
      totallag is the sum of LAG; a partition whose LAG is 0 has status OK, and a group whose
      partitions all have LAG 0 is OK. --aspect limits the report to offsets (groups, offsets,
      lag, status) or to owners (owners, client ids, assignments).
  compare_groups.py sum      DESCRIBE GROUP
      prints the sum of CURRENT-OFFSET over the partitions of GROUP.
  compare_groups.py serve-report BASE-URL CLUSTER
      reads what a running `warren serve` holds through its Burrow-compatible HTTP API
      (/v3/kafka/CLUSTER/consumer, then .../consumer/GROUP/lag for every group) and prints it
      in the shape of `warren check --format json`, for `compare`.
  compare_groups.py serve-eval URL EXPRESSION
      GETs URL from a running `warren serve` and prints the value of the Python EXPRESSION
      over `code` (the HTTP status) and `d` (the JSON body, None when there is none).
"""

import argparse
import json
import sys
import urllib.error
import urllib.request

NONE = "-"


def parse_describe(path):
    """Rows of `--describe --all-groups`: {(group, topic, partition): row dict}."""
    rows = {}
    header = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            tokens = line.split()
            if not tokens:
                continue
            if tokens[0] == "GROUP" and len(tokens) > 2 and tokens[1] == "TOPIC":
                header = tokens
                continue
            if header is None or len(tokens) != len(header):
                continue  # notes such as "Consumer group 'x' is rebalancing"
            row = dict(zip(header, tokens))
            try:
                key = (row["GROUP"], row["TOPIC"], int(row["PARTITION"]))
            except ValueError:
                continue
            rows[key] = row
    return rows


def parse_assignment(text):
    """"audit:0;orders:1,2" -> {("audit", 0), ("orders", 1), ("orders", 2)}."""
    out = set()
    if text in ("", NONE):
        return out
    for part in text.split(";"):
        topic, _, partitions = part.rpartition(":")
        for p in partitions.split(","):
            if p != "":
                out.add((topic, int(p)))
    return out


def parse_members(path):
    """Rows of `--describe --all-groups --members --verbose`: list of member dicts."""
    members = []
    header = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            tokens = line.split()
            if not tokens:
                continue
            if tokens[0] == "GROUP" and len(tokens) > 2 and tokens[1] == "CONSUMER-ID":
                header = tokens
                continue
            if header is None:
                continue
            # A classic group in a mixed listing leaves TARGET-ASSIGNMENT blank; the columns
            # up to the current assignment are always there.
            needed = header.index("#PARTITIONS") + 1
            if len(tokens) < needed:
                continue
            row = dict(zip(header, tokens))
            try:
                count = int(row["#PARTITIONS"])
            except ValueError:
                continue
            # A member without partitions may leave its assignment blank, which shifts the
            # columns after it.
            assignment = row.get("CURRENT-ASSIGNMENT", row.get("ASSIGNMENT", NONE)) if count > 0 else NONE
            members.append(
                {
                    "group": row["GROUP"],
                    "consumer_id": row["CONSUMER-ID"],
                    "host": row["HOST"],
                    "client_id": row["CLIENT-ID"],
                    "count": count,
                    "assignment": parse_assignment(assignment),
                }
            )
    return members


def groups_of(describe, members):
    return {k[0] for k in describe} | {m["group"] for m in members}


def canonical_state(describe, members):
    lines = []
    for key in sorted(describe):
        r = describe[key]
        lines.append(
            "offsets {} {} {} current={} end={} lag={} member={} host={} client={}".format(
                key[0], key[1], key[2], r["CURRENT-OFFSET"], r["LOG-END-OFFSET"], r["LAG"],
                r["CONSUMER-ID"], r["HOST"], r["CLIENT-ID"]
            )
        )
    for m in sorted(members, key=lambda m: (m["group"], m["consumer_id"])):
        lines.append(
            "member {} {} host={} client={} partitions={} assignment={}".format(
                m["group"], m["consumer_id"], m["host"], m["client_id"], m["count"],
                ",".join("{}:{}".format(t, p) for t, p in sorted(m["assignment"]))
            )
        )
    return lines


def split_list(text):
    return [x for x in (text or "").split(",") if x]


def cmd_state(args):
    for line in canonical_state(parse_describe(args.describe), parse_members(args.members)):
        print(line)
    return 0


def cmd_expect(args):
    describe = parse_describe(args.describe)
    members = parse_members(args.members)
    unmet = []
    for spec in args.members_spec or []:
        group, _, want = spec.partition("=")
        want_members, _, want_partitions = want.partition(":")
        live = [m for m in members if m["group"] == group]
        got = (len(live), sum(len(m["assignment"]) for m in live))
        if got != (int(want_members), int(want_partitions)):
            unmet.append("{}: {} live members holding {} partitions, want {}".format(group, got[0], got[1], want))
    for group in split_list(args.lag_zero):
        rows = [r for k, r in describe.items() if k[0] == group]
        if not rows:
            unmet.append("{}: no offsets listed".format(group))
        for r in rows:
            if r["LAG"] != "0":
                unmet.append("{} {}/{}: LAG {}".format(group, r["TOPIC"], r["PARTITION"], r["LAG"]))
    for group in split_list(args.no_members):
        if any(m["group"] == group for m in members):
            unmet.append("{}: still has live members".format(group))
    listed = groups_of(describe, members)
    for group in split_list(args.groups):
        if group not in listed:
            unmet.append("{}: not listed".format(group))
    for group in split_list(args.absent):
        if group in listed:
            unmet.append("{}: still listed".format(group))
    for u in unmet:
        print("waiting: " + u)
    return 1 if unmet else 0


def cmd_sum(args):
    describe = parse_describe(args.describe)
    total = 0
    for key, r in describe.items():
        if key[0] == args.group and r["CURRENT-OFFSET"] != NONE:
            total += int(r["CURRENT-OFFSET"])
    print(total)
    return 0


def cmd_compare(args):
    label = (args.label + ": ") if args.label else ""
    with open(args.warren, encoding="utf-8") as f:
        report = json.load(f)
    describe = parse_describe(args.describe)
    members = parse_members(args.members)
    problems = []

    def problem(text, aspect="offsets"):
        if args.aspect in ("all", aspect):
            problems.append(text)

    clusters = [c for c in report.get("clusters", []) if c.get("cluster") == args.cluster]
    if len(clusters) != 1:
        print("{}MISMATCH cluster {} appears {} times in warren's report".format(label, args.cluster, len(clusters)))
        return 1
    cluster = clusters[0]
    if not cluster.get("reachable"):
        problem("cluster {}: warren says reachable=false".format(args.cluster))
    if not cluster.get("caught_up"):
        problem("cluster {}: warren says caught_up=false".format(args.cluster))

    self_group, self_partitions = None, None
    if args.self_group:
        self_group, _, n = args.self_group.partition(":")
        self_partitions = int(n)

    warren_groups = {}
    for g in cluster.get("groups", []):
        if g["group"] in warren_groups:
            problem("group {}: listed twice by warren".format(g["group"]))
        warren_groups[g["group"]] = g

    # warren's own progress through the offsets topic is a group that Kafka does not know.
    if self_group is not None:
        g = warren_groups.pop(self_group, None)
        if g is None:
            problem("group {}: warren's own group is missing".format(self_group))
        else:
            topics = {p["topic"] for p in g["partitions"]}
            if g["partition_count"] != self_partitions or topics != {"__consumer_offsets"}:
                problem(
                    "group {}: want {} partitions of __consumer_offsets, warren has {} of {}".format(
                        self_group, self_partitions, g["partition_count"], sorted(topics)
                    )
                )
    for name in list(warren_groups):
        if name.startswith("burrow-") and name not in groups_of(describe, members):
            warren_groups.pop(name)  # another consumer's own group

    kafka_groups = {k[0] for k, r in describe.items() if r["CURRENT-OFFSET"] != NONE}
    for name in sorted(kafka_groups - set(warren_groups)):
        problem("group {}: Kafka lists committed offsets, warren does not list the group".format(name))
    for name in sorted(set(warren_groups) - kafka_groups):
        problem("group {}: warren lists it, Kafka has no committed offsets for it".format(name))
    for name in split_list(args.absent):
        if name in warren_groups:
            problem("group {}: deleted, warren still lists it".format(name))
        if name in groups_of(describe, members):
            problem("group {}: deleted, Kafka still lists it".format(name))

    owners_unknown = set(filter(None, args.owners_unknown.split(",")))
    # Partition owners as the live members' assignments tell them.
    assigned = {}
    for m in members:
        if len(m["assignment"]) != m["count"]:
            problem(
                "group {} member {}: #PARTITIONS {} but the assignment names {}".format(
                    m["group"], m["consumer_id"], m["count"], len(m["assignment"])
                ),
                "owners",
            )
        for topic, partition in m["assignment"]:
            assigned[(m["group"], topic, partition)] = m

    compared = 0
    for name in sorted(kafka_groups & set(warren_groups)):
        g = warren_groups[name]
        wparts = {}
        for p in g["partitions"]:
            key = (name, p["topic"], p["partition"])
            if key in wparts:
                problem("{} {}/{}: listed twice by warren".format(*key))
            wparts[key] = p
        if g["partition_count"] != len(g["partitions"]):
            problem(
                "group {}: partition_count {} but {} partitions listed".format(
                    name, g["partition_count"], len(g["partitions"])
                )
            )
        krows = {k: r for k, r in describe.items() if k[0] == name and r["CURRENT-OFFSET"] != NONE}
        for key in sorted(set(wparts) - set(krows)):
            problem("{} {}/{}: warren lists the partition, Kafka has no committed offset".format(*key))
        total = 0
        all_zero = True
        for key in sorted(krows):
            r = krows[key]
            where = "{} {}/{}".format(*key)
            p = wparts.get(key)
            if p is None:
                problem("{}: Kafka has CURRENT-OFFSET {}, warren does not list the partition".format(
                    where, r["CURRENT-OFFSET"]))
                continue
            compared += 1
            want_offset = int(r["CURRENT-OFFSET"])
            want_lag = int(r["LAG"]) if r["LAG"] != NONE else None
            total += want_lag or 0
            all_zero = all_zero and want_lag == 0
            end = p.get("end")
            got_offset = end["offset"] if end else None
            if got_offset != want_offset:
                problem("{}: end.offset: Kafka CURRENT-OFFSET {}, warren {}".format(where, want_offset, got_offset))
            if p["current_lag"] != want_lag:
                problem("{}: current_lag: Kafka LAG {}, warren {}".format(where, r["LAG"], p["current_lag"]))
            want_host = "" if r["HOST"] == NONE else r["HOST"]
            want_client = "" if r["CLIENT-ID"] == NONE else r["CLIENT-ID"]
            if name in owners_unknown:
                # The source cannot know these owners: it must say nothing rather than something wrong.
                want_host, want_client = "", ""
            if p["owner"] != want_host:
                problem("{}: owner: Kafka HOST {!r}, warren {!r}".format(where, want_host, p["owner"]), "owners")
            if p["client_id"] != want_client:
                problem("{}: client_id: Kafka CLIENT-ID {!r}, warren {!r}".format(where, want_client, p["client_id"]),
                        "owners")
            if want_lag == 0 and p["status"] != "OK":
                problem("{}: LAG 0 but warren's status is {}".format(where, p["status"]))
        if g["totallag"] != total:
            problem("group {}: totallag: sum of Kafka LAG {}, warren {}".format(name, total, g["totallag"]))
        if krows and all_zero and g["status"] != "OK":
            problem("group {}: every LAG is 0 but warren's status is {}".format(name, g["status"]))

    for key, m in sorted(assigned.items()):
        if key[0] in owners_unknown:
            continue
        where = "{} {}/{}".format(*key)
        p = warren_groups.get(key[0], {"partitions": []})
        p = next((x for x in p["partitions"] if (x["topic"], x["partition"]) == key[1:]), None)
        if p is None:
            if key in describe and describe[key]["CURRENT-OFFSET"] != NONE:
                problem("{}: assigned to {} ({}), warren does not list the partition".format(
                    where, m["consumer_id"], m["client_id"]), "owners")
            continue
        if (p["owner"], p["client_id"]) != (m["host"], m["client_id"]):
            problem("{}: member {} (HOST {}, CLIENT-ID {}) holds it, warren says owner {!r} client_id {!r}".format(
                where, m["consumer_id"], m["host"], m["client_id"], p["owner"], p["client_id"]), "owners")
    # A partition nobody holds has no owner in warren either.
    for name, g in warren_groups.items():
        for p in g["partitions"]:
            key = (name, p["topic"], p["partition"])
            live = any(m["group"] == name for m in members)
            if live and key not in assigned and (p["owner"] or p["client_id"]):
                problem("{} {}/{}: no live member holds it, warren says owner {!r} client_id {!r}".format(
                    *key, p["owner"], p["client_id"]), "owners")

    for text in problems:
        print("{}MISMATCH {}".format(label, text))
    what = {"all": "offsets, lag and owners", "offsets": "offsets and lag", "owners": "owners"}[args.aspect]
    print("{}{} of {} partitions in {} groups ({} live members): {} mismatches".format(
        label, what, compared, len(kafka_groups & set(warren_groups)), len(members), len(problems)))
    return 1 if problems else 0


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:  # Burrow answers 404 with a JSON body
        return json.load(e)


def cmd_serve_report(args):
    base = args.url.rstrip("/")
    listing = get_json("{}/v3/kafka/{}/consumer".format(base, args.cluster))
    if listing.get("error") or "consumers" not in listing:
        print("no consumer list from {}: {}".format(base, listing), file=sys.stderr)
        return 1
    groups = []
    for name in listing["consumers"]:
        answer = get_json("{}/v3/kafka/{}/consumer/{}/lag".format(base, args.cluster, name))
        status = answer.get("status")
        if not isinstance(status, dict):
            print("no status for {}: {}".format(name, answer), file=sys.stderr)
            return 1
        groups.append(status)
    # The API says nothing about reachability: it answered, the rest is the comparison's business.
    json.dump({"status_code": None,
               "clusters": [{"cluster": args.cluster, "reachable": True, "caught_up": True, "groups": groups}]},
              sys.stdout)
    print()
    return 0


def cmd_serve_eval(args):
    try:
        with urllib.request.urlopen(args.url, timeout=10) as r:
            code, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        code, body = e.code, e.read()
    try:
        d = json.loads(body)
    except ValueError:
        d = None
    print(eval(args.expression, {"code": code, "d": d}))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("state")
    p.add_argument("describe")
    p.add_argument("members")
    p.set_defaults(run=cmd_state)

    p = sub.add_parser("expect")
    p.add_argument("describe")
    p.add_argument("members")
    p.add_argument("--members", dest="members_spec", action="append", metavar="GROUP=MEMBERS:PARTITIONS")
    p.add_argument("--lag-zero", default="")
    p.add_argument("--no-members", default="")
    p.add_argument("--groups", default="")
    p.add_argument("--absent", default="")
    p.set_defaults(run=cmd_expect)

    p = sub.add_parser("compare")
    p.add_argument("warren")
    p.add_argument("describe")
    p.add_argument("members")
    p.add_argument("--cluster", default="local")
    p.add_argument("--absent", default="")
    p.add_argument("--self-group", default="")
    p.add_argument("--owners-unknown", default="",
                   help="comma-separated groups whose owners the source cannot see: warren must show none")
    p.add_argument("--label", default="")
    p.add_argument("--aspect", choices=("all", "offsets", "owners"), default="all",
                   help="offsets: groups, offsets, lag and status; owners: owners and client ids")
    p.set_defaults(run=cmd_compare)

    p = sub.add_parser("sum")
    p.add_argument("describe")
    p.add_argument("group")
    p.set_defaults(run=cmd_sum)

    p = sub.add_parser("serve-report")
    p.add_argument("url")
    p.add_argument("cluster")
    p.set_defaults(run=cmd_serve_report)

    p = sub.add_parser("serve-eval")
    p.add_argument("url")
    p.add_argument("expression")
    p.set_defaults(run=cmd_serve_eval)

    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
