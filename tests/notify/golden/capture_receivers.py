#!/usr/bin/python3
"""Receivers for capture.sh on 127.0.0.1: an HTTP server and an SMTP server (Debian's
python3-aiosmtpd; run with the system python3) that store what Burrow sends, unchanged.

    capture_receivers.py HTTP_PORT SMTP_PORT OUT_DIR

HTTP: the first request to /GROUP/TEMPLATE is stored as OUT_DIR/GROUP/TEMPLATE.body (its method
and headers in .request.json); later ones (Burrow repeats every interval) are counted only.
SMTP: the first message to GROUP@example.org is stored as OUT_DIR/GROUP/default-email.eml (the
DATA exactly as received). Prints READY once both listen; answers every request with 200 / 250.
"""

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

lock = threading.Lock()


def store(out_dir, group, name, data, meta):
    directory = os.path.join(out_dir, group)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name)
    with lock:
        if os.path.exists(path):
            return
        # Written under a temporary name first: capture.sh polls for the final name.
        with open(path + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=1, sort_keys=True)
        os.replace(path + ".json.tmp", os.path.splitext(path)[0] + ".request.json")
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)


def main():
    http_port, smtp_port, out_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

    class Handler(BaseHTTPRequestHandler):
        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            parts = [p for p in self.path.split("/") if p]
            if len(parts) == 2:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                store(out_dir, parts[0], parts[1] + ".body", body, {"method": self.command, "headers": headers})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PUT = do_DELETE = handle_any

        def log_message(self, *args):
            pass

    class Mail:
        async def handle_DATA(self, server, session, envelope):
            for rcpt in envelope.rcpt_tos:
                group = rcpt.split("@")[0]
                store(out_dir, group, "default-email.eml", envelope.content,
                      {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos})
            return "250 OK"

    controller = Controller(Mail(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    server = ThreadingHTTPServer(("127.0.0.1", http_port), Handler)
    print("READY", flush=True)
    try:
        server.serve_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
