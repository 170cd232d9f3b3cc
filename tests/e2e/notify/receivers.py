#!/usr/bin/env python3
"""Notification receivers for tests/e2e/notify_test.sh, on 127.0.0.1. Each appends one JSON line
per notification it receives to OUT and flushes it, and prints READY once it listens.

    receivers.py http PORT OUT             every request: method, path, headers, body; answers 200
    receivers.py smtp PORT OUT USER PASS   an SMTP server (aiosmtpd) that requires AUTH PLAIN or
                                           LOGIN with USER/PASS; every message: mail_from,
                                           rcpt_tos, subject, body (decoded), raw data, tls
    receivers.py smtp PORT OUT USER PASS CERT KEY
                                           the same, but STARTTLS (with CERT/KEY) is required and
                                           the only authentication offered is CRAM-MD5

aiosmtpd is Debian's python3-aiosmtpd; run this with the system python3.
"""

import json
import sys
import threading


def append(out, record):
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
        f.flush()


def run_http(port, out):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as warren's client expects to reuse connections

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            append(out, {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                         "body": body})
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_POST = do_PUT = do_DELETE = do_GET = do_PATCH = handle_any

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("READY", flush=True)
    server.serve_forever()


def run_smtp(port, out, user, password, cert=None, key=None):
    import email
    import email.policy
    import hmac
    import ssl
    import uuid

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import MISSING, AuthResult

    class Handler:
        # RFC 2195: the client answers the challenge with "user hex(HMAC-MD5(password, challenge))".
        async def auth_CRAM__MD5(self, server, args):
            challenge = f"<{uuid.uuid4().hex}@127.0.0.1>".encode()
            response = await server.challenge_auth(challenge)
            if response is MISSING or b" " not in response:
                return AuthResult(success=False)
            login, digest = response.split(b" ", 1)
            expected = hmac.new(password.encode(), challenge, "md5").hexdigest().encode()
            return AuthResult(success=login == user.encode() and hmac.compare_digest(digest, expected))

        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            body = message.get_body(preferencelist=("plain", "html"))
            append(out, {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                         "subject": str(message["subject"]), "to": str(message["to"]),
                         "content_type": message.get_content_type(),
                         "body": body.get_content() if body is not None else "",
                         "data": envelope.content.decode("utf-8", "replace"), "tls": session.ssl is not None})
            return "250 Message accepted for delivery"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok)

    if cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                                auth_required=True, tls_context=context, require_starttls=True,
                                auth_exclude_mechanism=["PLAIN", "LOGIN"])
    else:
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                                auth_required=True, auth_require_tls=False)
    controller.start()
    print("READY", flush=True)
    threading.Event().wait()


def main():
    kind = sys.argv[1]
    if kind == "http":
        run_http(int(sys.argv[2]), sys.argv[3])
    elif kind == "smtp":
        run_smtp(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], *sys.argv[6:8])
    else:
        sys.exit("usage: receivers.py http PORT OUT | smtp PORT OUT USER PASS [CERT KEY]")


if __name__ == "__main__":
    main()
