#!/usr/bin/env python3
"""Raw __consumer_offsets records, as kcat reads them, in a form tests can grep.

  kcat -C -b HOST:PORT -t __consumer_offsets -e -q -f '%p %o %K %S\\n%k%s\\n' \\
    | offsets_dump.py table > records.tsv
  offsets_dump.py markdown records.tsv [decoded.jsonl] > captured_records.md

`table` writes one tab-separated line per record:
  partition offset key_type value_version group detail key_hex value_hex
value_version is -1 and value_hex "null" for a tombstone; detail is
"topic:partition=offset" for offset commits (key types 0 and 1) and "-" otherwise.

`markdown` keeps one record with a value and one tombstone of every key type,
optionally with the broker's own JSON decoding of each (one line per record of
the table, in order, as DecodeCoordinatorRecord.java prints it).
"""
import os
import struct
import sys

# org.apache.kafka.coordinator.group.generated.CoordinatorRecordType (Kafka 4.1).
KEY_TYPES = {
    0: ("LegacyOffsetCommit", "offset commit, pre-0.9 layout (never written by 4.x brokers)"),
    1: ("OffsetCommit", "committed offset of one partition for a group (classic and consumer groups)"),
    2: ("GroupMetadata", "classic group: protocol, generation, leader, members with subscription/assignment"),
    3: ("ConsumerGroupMetadata", "KIP-848 consumer group: group epoch (and subscription metadata hash)"),
    4: ("ConsumerGroupPartitionMetadata", "KIP-848: subscribed topic metadata (4.0; replaced by a hash in 4.1)"),
    5: ("ConsumerGroupMemberMetadata", "KIP-848 member: client id/host, subscribed topics, rebalance timeout"),
    6: ("ConsumerGroupTargetAssignmentMetadata", "KIP-848: epoch of the target assignment"),
    7: ("ConsumerGroupTargetAssignmentMember", "KIP-848: target partitions of one member (topic ids)"),
    8: ("ConsumerGroupCurrentMemberAssignment", "KIP-848: member epoch, state, assigned/revoking partitions"),
    10: ("ShareGroupMemberMetadata", "KIP-932 share group member"),
    11: ("ShareGroupMetadata", "KIP-932 share group epoch"),
    12: ("ShareGroupTargetAssignmentMetadata", "KIP-932 target assignment epoch"),
    13: ("ShareGroupTargetAssignmentMember", "KIP-932 target partitions of a member"),
    14: ("ShareGroupCurrentMemberAssignment", "KIP-932 current assignment of a member"),
    15: ("ShareGroupStatePartitionMetadata", "KIP-932 initialized share partitions"),
    16: ("ConsumerGroupRegularExpression", "KIP-848 broker-side regular-expression subscription"),
    17: ("StreamsGroupMetadata", "KIP-1071 streams group epoch"),
    19: ("StreamsGroupMemberMetadata", "KIP-1071 streams group member"),
    20: ("StreamsGroupTargetAssignmentMetadata", "KIP-1071 target assignment epoch"),
    21: ("StreamsGroupTargetAssignmentMember", "KIP-1071 target tasks of a member"),
    22: ("StreamsGroupCurrentMemberAssignment", "KIP-1071 current tasks of a member"),
    23: ("StreamsGroupTopology", "KIP-1071 streams topology"),
}


def i16(b, at):
    return struct.unpack_from(">h", b, at)[0]


def read_kcat(data):
    """Yields (partition, offset, key bytes, value bytes or None)."""
    i = 0
    while i < len(data):
        nl = data.index(b"\n", i)
        partition, offset, klen, vlen = (int(x) for x in data[i:nl].split())
        i = nl + 1
        key = data[i:i + klen] if klen > 0 else b""
        i += max(klen, 0)
        value = data[i:i + vlen] if vlen >= 0 else None
        i += max(vlen, 0)
        if data[i:i + 1] != b"\n":
            raise SystemExit(f"offsets_dump: bad framing at partition {partition} offset {offset}")
        i += 1
        yield partition, offset, key, value


def describe(key, value):
    """(key type, value version, group, detail)."""
    ktype = i16(key, 0)
    glen = i16(key, 2)
    group = key[4:4 + glen].decode("utf-8", "replace")
    vver = i16(value, 0) if value else -1
    detail = "-"
    if ktype in (0, 1):
        at = 4 + glen
        tlen = i16(key, at)
        topic = key[at + 2:at + 2 + tlen].decode("utf-8", "replace")
        part = struct.unpack_from(">i", key, at + 2 + tlen)[0]
        if value:
            off = struct.unpack_from(">q", value, 2)[0]
            detail = f"{topic}:{part}={off}"
        else:
            detail = f"{topic}:{part}=deleted"
    return ktype, vver, group, detail


def table():
    out = sys.stdout
    for partition, offset, key, value in read_kcat(sys.stdin.buffer.read()):
        ktype, vver, group, detail = describe(key, value)
        vhex = value.hex() if value is not None else "null"
        out.write(f"{partition}\t{offset}\t{ktype}\t{vver}\t{group}\t{detail}\t{key.hex()}\t{vhex}\n")


def chunks(h, width=64):
    return "\n".join(h[i:i + width] for i in range(0, len(h), width)) or "(empty)"


def markdown(tsv_path, decoded_path=None):
    rows = [line.rstrip("\n").split("\t") for line in open(tsv_path) if line.strip()]
    decoded = [None] * len(rows)
    if decoded_path:
        lines = [line.rstrip("\n") for line in open(decoded_path)]
        if len(lines) == len(rows):
            decoded = lines
    # Per key type, group and tombstone-or-not, the record with the longest value
    # (for GroupMetadata: one that lists members).
    picked = {}
    for row, dec in zip(rows, decoded):
        k = (int(row[2]), row[4], row[7] == "null")
        if k not in picked or len(row[7]) > len(picked[k][0][7]):
            picked[k] = (row, dec)
    w = sys.stdout.write
    w("# Records captured from a real broker's `__consumer_offsets`\n\n")
    w("Generated by `tests/e2e/kafka_harness_test.sh` (run it with `E2E_UPDATE_CAPTURE=1`)\n")
    w("against a single-node Kafka started by `tests/e2e/kafka/kafka.sh`: group `e2e-classic`\n")
    w("uses the classic protocol, group `e2e-848` the KIP-848 consumer protocol\n")
    w("(`group.protocol=consumer`); both consume 30 messages from the 3-partition topic\n")
    w("`e2e-orders` and commit.")
    version = os.environ.get("KAFKA_VERSION")
    w(f" Broker: Apache Kafka {version}.\n\n" if version else "\n\n")
    w("Layout: the key starts with an int16 *key type* (the \"key version\" of older\n")
    w("decoders), then the group id as an int16-length string. The value starts with an\n")
    w("int16 *value version*; a null value is a tombstone. Keys are never flexible;\n")
    w("values of the KIP-848 types (3 and up) and OffsetCommit v4 use the flexible\n")
    w("encoding (compact strings, tagged fields). Hex is split into 64-digit lines.\n")
    w("The JSON is the broker's own decoding (`DecodeCoordinatorRecord.java`).\n\n")
    w("| key type | name | value version | tombstone | seen for |\n|---|---|---|---|---|\n")
    for (ktype, _, tomb), (row, _) in sorted(picked.items()):
        name = KEY_TYPES.get(ktype, ("unknown", ""))[0]
        w(f"| {ktype} | {name} | {row[3] if not tomb else '-'} | {'yes' if tomb else 'no'} | `{row[4]}` |\n")
    w("\n")
    for (ktype, group, tomb), (row, dec) in sorted(picked.items()):
        name, what = KEY_TYPES.get(ktype, ("unknown", "not in CoordinatorRecordType of 4.1"))
        title = f"Key type {ktype}: {name}" + (" (tombstone)" if tomb else f", value version {row[3]}")
        title += f", group `{group}`"
        w(f"## {title}\n\n{what[0].upper() + what[1:]}.\n\n")
        w(f"`__consumer_offsets` partition {row[0]} offset {row[1]}")
        w(f", {row[5]}.\n\n" if row[5] != "-" else ".\n\n")
        w(f"Key ({len(row[6]) // 2} bytes):\n\n```\n{chunks(row[6])}\n```\n\n")
        if tomb:
            w("Value: null (tombstone).\n\n")
        else:
            w(f"Value ({len(row[7]) // 2} bytes):\n\n```\n{chunks(row[7])}\n```\n\n")
        if dec:
            w(f"Decoded by the broker's serde:\n\n```json\n{dec}\n```\n\n")


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "table":
        table()
    elif len(sys.argv) >= 3 and sys.argv[1] == "markdown":
        markdown(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
