#!/usr/bin/env python3
"""A minimal receiver of Cyclotroc webhooks: checks each request's signature, then prints the
event. Standard library only (Python 3.10+).

    CYCLOTROC_WEBHOOK_SECRET=whsec_… python3 webhook_receiver.py --port 8765

Answer 2xx quickly once the signature is checked and the event stored; do the work afterwards.
Cyclotroc retries any other answer (or a timeout) with exponential backoff, and may deliver an
event more than once: deduplicate on the body's "id" (the event id).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_S = 300  # refuse signatures older (or newer) than five minutes: replayed requests


def verify_signature(
    secret: str, body: bytes, header: str, *, now: float | None = None, tolerance_s=TOLERANCE_S
) -> bool:
    """True when `header` (X-Cyclotroc-Signature: t=<unix time>,v1=<hex>) signs these exact body
    bytes with this secret, within the tolerance:

        v1 == hex(HMAC-SHA256(key=secret, message=f"{t}." + raw body))
    """
    try:
        fields = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(fields["t"])
        received = fields["v1"]
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance_s:
        return False
    message = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received)


class Receiver(BaseHTTPRequestHandler):
    secret = ""
    seen: set[str] = set()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not verify_signature(self.secret, body, self.headers.get("X-Cyclotroc-Signature", "")):
            self.send_response(400)
            self.end_headers()
            return
        event = json.loads(body)
        if event["id"] not in self.seen:  # at-least-once delivery: skip what was already handled
            self.seen.add(event["id"])
            print(
                f"{event['event']} {event['id']}: {json.dumps(event['data'], ensure_ascii=False)}"
            )
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):  # quiet: print the events only
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    Receiver.secret = os.environ["CYCLOTROC_WEBHOOK_SECRET"]
    print(f"Listening on http://{args.host}:{args.port}/ (Ctrl+C stops)")
    ThreadingHTTPServer((args.host, args.port), Receiver).serve_forever()


if __name__ == "__main__":
    main()
