#!/usr/bin/env python3
"""Checks what Telegraf's outputs.file wrote from `warren execd`: every complete line must parse as
Telegraf's influx parser reads it (../lib/line_protocol.py), and one batch (the lines of one
gather share a timestamp) newer than --after must hold every expectation.

    execd_metrics.py FILE [--after NS] [--group GROUP=CODE]... [--partition GROUP/TOPIC/P=CODE]...
                     [--topic TOPIC] [--cluster NAME]

--group: a burrow_group line for GROUP with status_code CODE; --partition: a burrow_partition
line with that status_code; --topic: burrow_topic lines for TOPIC; every batch must also carry a
warren_cluster line for --cluster (default local). Exit 0 when a batch matches, 1 when none does
(the newest batch is described), 2 when a line does not parse.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from line_protocol import parse_file  # noqa: E402


def describe(batch):
    out = []
    for m, tags, fields, _ in batch:
        if m == "burrow_group":
            out.append(f"{tags.get('group')}={fields.get('status')}/{fields.get('status_code')}")
        elif m == "burrow_partition":
            out.append(f"{tags.get('group')}/{tags.get('topic')}/{tags.get('partition')}="
                       f"{fields.get('status')}/{fields.get('status_code')}")
    return ", ".join(out)


def matches(batch, args):
    groups = {t.get("group"): f.get("status_code") for m, t, f, _ in batch if m == "burrow_group"}
    partitions = {f"{t.get('group')}/{t.get('topic')}/{t.get('partition')}": f.get("status_code")
                  for m, t, f, _ in batch if m == "burrow_partition"}
    topics = {t.get("topic") for m, t, _, _ in batch if m == "burrow_topic"}
    clusters = {t.get("cluster") for m, t, _, _ in batch if m == "warren_cluster"}
    for spec in args.group:
        name, code = spec.rsplit("=", 1)
        if groups.get(name) != int(code):
            return False
    for spec in args.partition:
        name, code = spec.rsplit("=", 1)
        if partitions.get(name) != int(code):
            return False
    return set(args.topic) <= topics and args.cluster in clusters


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--after", type=int, default=0, help="only batches with a later timestamp (ns)")
    ap.add_argument("--group", action="append", default=[])
    ap.add_argument("--partition", action="append", default=[])
    ap.add_argument("--topic", action="append", default=[])
    ap.add_argument("--cluster", default="local")
    args = ap.parse_args()
    try:
        points = parse_file(args.file)
    except ValueError as e:
        print(f"not line protocol: {e}")
        return 2
    except OSError as e:
        print(f"cannot read: {e}")
        return 1
    batches = {}
    for p in points:
        if p[3] is not None and p[3] > args.after:
            batches.setdefault(p[3], []).append(p)
    for ts in sorted(batches, reverse=True):
        if matches(batches[ts], args):
            print(f"batch {ts}: {len(batches[ts])} lines; {describe(batches[ts])}")
            return 0
    if batches:
        newest = max(batches)
        print(f"{len(points)} lines parse, {len(batches)} batches after {args.after}, none matches; "
              f"newest {newest}: {describe(batches[newest])}")
    else:
        print(f"{len(points)} lines parse, no batch after {args.after}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
