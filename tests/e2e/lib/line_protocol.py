"""InfluxDB line protocol as Telegraf's influx parser reads it (v1.39.3, plugins/parsers/influx:
machine.go.rl and escape.go; reference/telegraf.md §5), for end-to-end tests to check and read
what Telegraf wrote. parse_line() raises ValueError for a line Telegraf's parser would reject
and otherwise returns (measurement, tags, fields, timestamp) with names unescaped as Telegraf
does: `\\,` `\\ ` in measurements; `\\,` `\\ ` `\\=` `\\"` in tag keys, tag values and field
keys (other backslashes stay, and nothing is unescaped in a name without a space, comma or `=`);
`\\"` `\\\\` in string fields. Integers (`i`) and unsigned (`u`) come back as int, floats as
float, booleans as bool, strings as str.

    python3 line_protocol.py FILE...   exits 1 naming the first line of each FILE that does not parse
"""

import re
import sys

_CONTROL = "\t\n\v\f\r"


def _scan_name(s, i, stops, pair_ok):
    """Reads name characters from s[i:] up to an unescaped character of `stops`; a backslash
    takes the next character with it when pair_ok(next) is true. Returns (raw text, next index)."""
    start = i
    while i < len(s):
        c = s[i]
        if c in _CONTROL:
            raise ValueError(f"control character {c!r} at column {i}")
        if c == "\\":
            if i + 1 < len(s) and pair_ok(s[i + 1]):
                i += 2
                continue
            if i + 1 >= len(s) or s[i + 1] in stops:
                raise ValueError(f"backslash before {s[i + 1:i + 2]!r} at column {i}")
            i += 1
            continue
        if c in stops:
            break
        i += 1
    return s[start:i], i


def _unescape(raw, pairs, trigger):
    # Telegraf runs its unescaper only over names holding one of `trigger` (escape.go).
    if not any(c in raw for c in trigger):
        return raw
    out = []
    i = 0
    while i < len(raw):
        if raw[i] == "\\" and raw[i + 1:i + 2] in pairs:
            out.append(raw[i + 1])
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


# Tag characters: a backslash pairs with any non-control character except a backslash; two
# backslashes are a literal backslash followed by whatever the second one starts (Telegraf's
# `'\\\\' %to{ fhold; }`), which is the same as reading the first one alone.
def _tag_pair(c):
    return c not in _CONTROL and c != "\\"


def _name_pair(c):
    return c not in _CONTROL


_INT = re.compile(r"-?(?:0|[1-9][0-9]*)i")
_UINT = re.compile(r"(?:0|[1-9][0-9]*)u")
_FLOAT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_BOOL = re.compile(r"true|TRUE|True|T|t|false|FALSE|False|F|f")
_TS = re.compile(r"-?[0-9]{1,19}")


def _field_value(s, i):
    if i < len(s) and s[i] == '"':
        j = i + 1
        out = []
        while True:
            if j >= len(s):
                raise ValueError("unterminated string")
            c = s[j]
            if c == '"':
                return "".join(out), j + 1
            if c == "\\":
                if s[j + 1:j + 2] not in ('"', "\\"):
                    raise ValueError(f"lone backslash in a string at column {j}")
                out.append(s[j + 1])
                j += 2
                continue
            out.append(c)
            j += 1
    end = i
    while end < len(s) and s[end] not in ", \t\v\f":
        end += 1
    text = s[i:end]
    if _INT.fullmatch(text):
        v = int(text[:-1])
        if not -(2**63) <= v < 2**63:
            raise ValueError(f"value out of range: {text}")
        return v, end
    if _UINT.fullmatch(text):
        v = int(text[:-1])
        if v >= 2**64:
            raise ValueError(f"value out of range: {text}")
        return v, end
    if _FLOAT.fullmatch(text):
        return float(text), end
    if _BOOL.fullmatch(text):
        return text[0] in "tT", end
    raise ValueError(f"expected field value at column {i}: {text!r}")


def parse_line(line):
    """(measurement, {tag: value}, {field: value}, timestamp or None); ValueError if Telegraf's
    parser would reject the line. `line` has no line terminator."""
    s = line.strip(" \t\v\f")
    if not s or s.startswith("#"):
        raise ValueError("blank line or comment")
    raw, i = _scan_name(s, 0, " ,", _name_pair)
    if not raw:
        raise ValueError("expected measurement name")
    measurement = _unescape(raw, {",", " "}, " ,")
    tags = {}
    while i < len(s) and s[i] == ",":
        raw_key, i = _scan_name(s, i + 1, " ,=", _tag_pair)
        if not raw_key or i >= len(s) or s[i] != "=":
            raise ValueError(f"expected tag at column {i}")
        raw_value, i = _scan_name(s, i + 1, " ,=", _tag_pair)
        if not raw_value:
            raise ValueError(f"expected tag value at column {i}")
        if i < len(s) and s[i] == "=":
            raise ValueError(f"unescaped '=' in a tag value at column {i}")
        pairs = {",", " ", "=", '"'}
        tags[_unescape(raw_key, pairs, " ,=")] = _unescape(raw_value, pairs, " ,=")
    if i >= len(s) or s[i] not in " \t\v\f":
        raise ValueError(f"expected a blank before the fields at column {i}")
    while i < len(s) and s[i] in " \t\v\f":
        i += 1
    fields = {}
    while True:
        raw_key, i = _scan_name(s, i, " ,=", _name_pair)
        if not raw_key or i >= len(s) or s[i] != "=":
            raise ValueError(f"expected field at column {i}")
        value, i = _field_value(s, i + 1)
        fields[_unescape(raw_key, {",", " ", "=", '"'}, " ,=")] = value
        if i < len(s) and s[i] == ",":
            i += 1
            continue
        break
    timestamp = None
    if i < len(s):
        if s[i] not in " \t\v\f":
            raise ValueError(f"expected field at column {i}")
        while i < len(s) and s[i] in " \t\v\f":
            i += 1
        if not _TS.fullmatch(s[i:]):
            raise ValueError(f"expected timestamp at column {i}: {s[i:]!r}")
        timestamp = int(s[i:])
    return measurement, tags, fields, timestamp


def parse_file(path):
    """[(measurement, tags, fields, timestamp)] of every line; ValueError naming the first bad one."""
    points = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for n, line in enumerate(f, 1):
            if not line.endswith("\n"):
                break  # a line still being written
            try:
                points.append(parse_line(line[:-1].removesuffix("\r")))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: {e}: {line!r}") from None
    return points


if __name__ == "__main__":
    bad = 0
    for p in sys.argv[1:]:
        try:
            print(f"{p}: {len(parse_file(p))} lines parse")
        except ValueError as e:
            print(e)
            bad += 1
    sys.exit(1 if bad else 0)
