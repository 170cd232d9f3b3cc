#!/usr/bin/env python3
"""Compares the metrics Telegraf's inputs.burrow wrote (outputs.file, influx line protocol) when
pointed at A (the oracle, Burrow 1.2.1) and at B (warren).

    compare_telegraf.py A.lp B.lp [--pseudo-group NAME]... [--measurement NAME]...

Each line is parsed into (measurement, sorted tags, sorted fields with their line-protocol types);
the two sides are compared as sorted multisets. Every metric present on one side only is printed.

Normalisation, and only this:
  - the timestamp is dropped: it is Telegraf's gather time, not data (Burrow's own time is the
    `timestamp` field, which is compared);
  - metrics whose `group` tag is one of --pseudo-group are dropped from both sides (a note is
    printed). Burrow at HEAD lists its own pseudo-group burrow-<consumer module> in the consumer
    list and 1.2.1 does not (reference/burrow.md §1.9); compare_api.py removes it for the same
    reason, and Telegraf would turn it into burrow_group/burrow_partition metrics.
Nothing else is normalised: inputs.burrow adds no server or host tag (the test sets
`omit_hostname = true`), and it reads neither `client_id` nor `observedAt` nor the nullable commit
`lag`, the other 1.2.1-vs-HEAD differences compare_api.py handles.

Each --measurement must appear at least once on both sides (so two empty files do not pass).
Prints the differences, then one `compare_telegraf:` summary line with the count per measurement;
exit status 1 on any difference or parse error.
"""

import argparse
import collections
import sys


class ParseError(ValueError):
    pass


def split_unescaped(text, sep):
    """Splits on `sep` outside double quotes, honouring backslash escapes."""
    parts, cur, i, quoted = [], [], 0, False
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i:i + 2])
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def unescape(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ',= "\\':
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def key_value(item):
    kv = split_unescaped(item, "=")
    if len(kv) != 2 or not kv[0]:
        raise ParseError(f"bad key=value {item!r}")
    return unescape(kv[0]), kv[1]


def field_value(raw):
    """(type, value) with the line-protocol type kept, so 1i and 1 differ."""
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        return ("string", unescape(raw[1:-1]))
    if raw.endswith("i") and raw[:-1].lstrip("-").isdigit():
        return ("int", int(raw[:-1]))
    if raw.endswith("u") and raw[:-1].isdigit():
        return ("uint", int(raw[:-1]))
    if raw in ("t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"):
        return ("bool", raw[0] in "tT")
    try:
        return ("float", float(raw))
    except ValueError:
        raise ParseError(f"bad field value {raw!r}") from None


def parse_line(line):
    """(measurement, tags tuple, fields tuple); the timestamp is dropped."""
    sections = split_unescaped(line, " ")
    sections = [s for s in sections if s != ""]
    if len(sections) not in (2, 3):
        raise ParseError("expected `measurement[,tags] fields [timestamp]`")
    series = split_unescaped(sections[0], ",")
    measurement = unescape(series[0])
    tags = tuple(sorted(key_value(t) for t in series[1:]))
    tags = tuple((k, unescape(v)) for k, v in tags)
    fields = tuple(sorted((k, field_value(v)) for k, v in (key_value(f) for f in split_unescaped(sections[1], ","))))
    if len(sections) == 3 and not sections[2].lstrip("-").isdigit():
        raise ParseError(f"bad timestamp {sections[2]!r}")
    return measurement, tags, fields


def load(path, pseudo_groups, notes, side):
    metrics = collections.Counter()
    errors = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                m = parse_line(line)
            except ParseError as e:
                errors.append(f"{side} {path}:{n}: {e}: {line}")
                continue
            group = dict(m[1]).get("group")
            if group is not None and group in pseudo_groups:
                notes.add(f"{side}: pseudo-group {group} dropped")
                continue
            metrics[m] += 1
    return metrics, errors


def render(m):
    measurement, tags, fields = m
    t = ",".join(f"{k}={v}" for k, v in tags)
    fs = []
    for k, (typ, v) in fields:
        if typ == "string":
            fs.append(f'{k}="{v}"')
        elif typ == "int":
            fs.append(f"{k}={v}i")
        elif typ == "uint":
            fs.append(f"{k}={v}u")
        elif typ == "bool":
            fs.append(f"{k}={'true' if v else 'false'}")
        else:
            fs.append(f"{k}={v!r}")
    return f"{measurement}{',' + t if t else ''} {','.join(fs)}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", help="line protocol from Telegraf pointed at A (Burrow)")
    ap.add_argument("b", help="line protocol from Telegraf pointed at B (warren)")
    ap.add_argument("--pseudo-group", action="append", default=[])
    ap.add_argument("--measurement", action="append", default=[])
    args = ap.parse_args()

    notes = set()
    a, errors_a = load(args.a, set(args.pseudo_group), notes, "A")
    b, errors_b = load(args.b, set(args.pseudo_group), notes, "B")
    problems = errors_a + errors_b

    only_a = a - b
    only_b = b - a
    # Pair lines with the same identity (measurement and tags) so a field difference reads as one.
    by_id_a = collections.defaultdict(list)
    by_id_b = collections.defaultdict(list)
    for m, n in only_a.items():
        by_id_a[m[:2]].extend([m] * n)
    for m, n in only_b.items():
        by_id_b[m[:2]].extend([m] * n)
    for ident in sorted(set(by_id_a) | set(by_id_b)):
        for m in by_id_a.get(ident, []):
            problems.append(f"DIFF only in A (Burrow): {render(m)}")
        for m in by_id_b.get(ident, []):
            problems.append(f"DIFF only in B (warren): {render(m)}")

    per_a = collections.Counter()
    per_b = collections.Counter()
    for m, n in a.items():
        per_a[m[0]] += n
    for m, n in b.items():
        per_b[m[0]] += n
    for name in args.measurement:
        if per_a[name] == 0 or per_b[name] == 0:
            problems.append(f"no {name} metric (A has {per_a[name]}, B has {per_b[name]})")

    for p in problems:
        print(p)
    for n in sorted(notes):
        print(f"note: {n}")
    names = sorted(set(per_a) | set(per_b) | set(args.measurement))
    counts = ", ".join(f"{name} {per_a[name]}/{per_b[name]}" for name in names)
    verdict = "same" if not problems else f"{len(problems)} differences"
    print(f"compare_telegraf: {verdict}; metrics A/B: {counts}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
