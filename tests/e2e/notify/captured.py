#!/usr/bin/env python3
"""Reads what the receivers of tests/e2e/notify_test.sh captured (JSON lines, receivers.py).

    captured.py count FILE [METHOD]      number of captured requests/messages (of METHOD)
    captured.py verify WEBHOOK SLACK MAIL EXPECTED_WEBHOOK_SENT EXPECTED_SLACK_SENT EXPECTED_MAIL_SENT
                                        checks every notification; prints `ok   - ` / `FAIL - ` lines
                                        and exits 1 if any check failed

The scenario: group grp-notify goes ERR (a rewound, then stopped, partition orders:0) and recovers;
grp-fine stays OK; the webhook receiver was down for a while in between.
"""

import base64
import json
import sys


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


class Checks:
    def __init__(self):
        self.failed = 0

    def check(self, what, ok, detail=""):
        print(("ok   - " if ok else "FAIL - ") + what + ("" if ok or not detail else f": {detail}"))
        if not ok:
            self.failed += 1


def header(request, name):
    for k, v in request["headers"].items():
        if k.lower() == name.lower():
            return v
    return None


def parse_json(text):
    try:
        return json.loads(text), None
    except ValueError as e:
        return None, str(e)


def verify_webhook(c, requests, expected_sent):
    c.check(f"webhook: every request warren counted as sent arrived, none twice ({expected_sent})",
            len(requests) == expected_sent, f"received {len(requests)}")
    opens = [r for r in requests if r["method"] == "POST"]
    closes = [r for r in requests if r["method"] == "DELETE"]
    c.check("webhook: open notifications (POST) arrived, repeated on interval", len(opens) >= 2, f"{len(opens)}")
    c.check("webhook: exactly one close notification (DELETE)", len(closes) == 1, f"{len(closes)}")
    c.check("webhook: the close is the last request", bool(requests) and requests[-1]["method"] == "DELETE")
    auth = "Basic " + base64.b64encode(b"hook:secret").decode()
    c.check("webhook: basic auth, configured header and Content-Type on every request",
            all(header(r, "Authorization") == auth and header(r, "X-Warren-Test") == "yes"
                and header(r, "Content-Type") == "application/json" for r in requests))
    ids = set()
    bad = []
    for r in opens:
        body, err = parse_json(r["body"])
        if body is None:
            bad.append(f"invalid JSON ({err}): {r['body'][:200]}")
            continue
        event = body["events"][0]
        ids.add(event["id"])
        partitions = event["event"]["partitions"]
        if (r["path"] != "/v1/event/grp-notify" or body["api_key"] != "test-key" or body["app"] != "burrow"
                or event["event"]["severity"] != "ERR" or event["event"]["group"] != "grp-notify"
                or event["event"]["tier"] != "STG" or not partitions
                or partitions[0]["topic"] != "orders" or partitions[0]["partition"] != 0):
            bad.append(r["path"] + " " + r["body"][:300])
    c.check("webhook: every open is default-http-post JSON for grp-notify, severity ERR, partition orders:0",
            not bad, "; ".join(bad[:3]))
    c.check("webhook: one incident id on every open", len(ids) == 1 and "" not in ids, f"{ids}")
    if closes and len(ids) == 1:
        incident = next(iter(ids))
        body, err = parse_json(closes[0]["body"])
        c.check("webhook: the close goes to url-close with the incident id and default-http-delete's body",
                closes[0]["path"] == f"/v1/event/{incident}" and body is not None and body["ids"] == [incident],
                f"{closes[0]['path']} {closes[0]['body']}")


def verify_slack(c, requests, expected_sent):
    c.check(f"slack: every request warren counted as sent arrived, none twice ({expected_sent})",
            len(requests) == expected_sent, f"received {len(requests)}")
    bodies = []
    for r in requests:
        body, err = parse_json(r["body"])
        c.check(f"slack: request {len(bodies) + 1} is valid JSON", body is not None, f"{err}: {r['body'][:200]}")
        bodies.append(body)
    bodies = [b for b in bodies if b is not None]
    fields = lambda b: {f["title"]: f["value"] for f in b["attachments"][0]["fields"]}
    opens = [b for b in bodies if b["attachments"][0]["color"] == "danger"]
    closes = [b for b in bodies if b["attachments"][0]["color"] == "good"]
    c.check("slack: open notifications repeated on interval", len(opens) >= 2, f"{len(opens)}")
    c.check("slack: exactly one close, the last", len(closes) == 1 and bodies[-1] is closes[0])
    c.check("slack: Group, Cluster and Total Lag fields",
            all(fields(b)["Group"] == "grp-notify" and fields(b)["Cluster"] == "local" for b in bodies)
            and fields(opens[0])["Total Lag"] == "150" and fields(closes[-1])["Total Lag"] == "0" if opens and closes
            else False)


def verify_mail(c, messages, expected_sent):
    c.check(f"email: every message warren counted as sent arrived, none twice ({expected_sent})",
            len(messages) == expected_sent, f"received {len(messages)}")
    c.check("email: subject from the template, both recipients, from",
            bool(messages) and all(m["subject"] == "[Burrow] Kafka Consumer Lag Alert"
                                   and sorted(m["rcpt_tos"]) == ["dba@example.com", "ops@example.com"]
                                   and m["mail_from"] == "warren@example.com" for m in messages))
    opens = [m for m in messages if "Status:   ERR" in m["body"]]
    closes = [m for m in messages if "Status:   OK" in m["body"]]
    c.check("email: open messages name the group and its bad partition orders:0", bool(opens) and all(
        "Group:    grp-notify" in m["body"] and "Cluster:  local" in m["body"] and " orders:0 (" in m["body"]
        for m in opens), opens[0]["body"] if opens else "none")
    c.check("email: exactly one close message, the last", len(closes) == 1 and messages[-1] is closes[0])


def main():
    if sys.argv[1] == "count":
        rows = load(sys.argv[2])
        if len(sys.argv) > 3:
            rows = [r for r in rows if r.get("method") == sys.argv[3]]
        print(len(rows))
        return 0
    webhook, slack, mail = load(sys.argv[2]), load(sys.argv[3]), load(sys.argv[4])
    sent = [int(float(x)) for x in sys.argv[5:8]]
    c = Checks()
    verify_webhook(c, webhook, sent[0])
    verify_slack(c, slack, sent[1])
    verify_mail(c, mail, sent[2])
    everything = json.dumps(webhook) + json.dumps(slack) + json.dumps(mail)
    c.check("no notification about grp-fine (always OK)", "grp-fine" not in everything)
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
