"""A real HTTP server on 127.0.0.1 speaking the fake Mailchimp API.

The real ``mailchimp3`` client reaches it through ``MAILCHIMP_API_ROOT``.
Fault switches make it behave like a bad day at Mailchimp: ``down()`` stops
the listener (connection refused), ``fail_next()`` answers 500s or 429s,
``drop_next()`` closes connections without an answer, ``delay`` slows every
answer, and more than ``max_connections`` requests in flight get 429 like
Mailchimp's own limit of ten.
"""

import base64
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .api import ApiError, FakeMailchimp

API_KEY = "0123456789abcdef0123456789abcdef-us21"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: "FakeMailchimpServer"

    def setup(self):
        super().setup()
        with self.server.fake.in_flight_lock:
            self.server.fake.connections += 1

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def handle_any(self, method):
        server = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with server.state.lock:
            server.state.calls.append((method, self.path.split("?")[0]))
        if self.path.startswith("/_batch-results/"):
            return self.send_file(server, self.path.rsplit("/", 1)[-1])
        if self.path.startswith("/_stats"):
            return self.send_json(200, server.stats())
        fault = server.take_fault(method, self.path)
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        with server.in_flight_lock:
            server.in_flight += 1
            server.peak_in_flight = max(server.peak_in_flight, server.in_flight)
            too_many = server.in_flight > server.max_connections
        try:
            if server.delay:
                time.sleep(server.delay)
            if not self.authorised():
                raise ApiError(401, "API Key Invalid", "Your API key may be invalid.")
            if too_many:
                server.throttled += 1
                raise ApiError(
                    429,
                    "Too Many Requests",
                    "You have exceeded the limit of 10 simultaneous connections.",
                )
            if isinstance(fault, int):
                title = "Internal Server Error" if fault >= 500 else "Too Many Requests"
                raise ApiError(fault, title, "Injected fault.")
            body = json.loads(raw) if raw else {}
            status, payload = server.state.route(method, self.path, body)
        except ApiError as error:
            status, payload = error.status, error.payload()
        finally:
            with server.in_flight_lock:
                server.in_flight -= 1
        self.send_json(status, payload)

    def authorised(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        decoded = base64.b64decode(header[6:]).decode()
        return decoded.partition(":")[2] == self.server.fake.api_key

    def send_json(self, status, payload):
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        if status >= 400:
            self.send_header("Content-Type", "application/problem+json")
        else:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_file(self, server, name):
        data = server.state.batch_files.get(name)
        if data is None:
            return self.send_json(404, {"title": "Not Found"})
        self.send_response(200)
        self.send_header("Content-Type", "application/x-gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeMailchimpServer:
    """Start with ``start()``; the API root is ``api_root``."""

    def __init__(self, api_key=API_KEY, list_ids=("list0001",), max_connections=10):
        self.api_key = api_key
        self.max_connections = max_connections
        self.port = 0
        self.httpd = None
        self.thread = None
        self.state = FakeMailchimp(list_ids=list_ids)
        self.in_flight_lock = threading.Lock()
        self.in_flight = 0
        self.peak_in_flight = 0
        self.throttled = 0
        self.connections = 0
        self.delay = 0.0
        self.faults = []  # [remaining, kind, method, path substring]
        self.faults_lock = threading.Lock()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_root(self):
        return f"{self.base_url}/3.0/"

    def start(self):
        handler = type("BoundHandler", (Handler,), {})
        self.httpd = _Server(("127.0.0.1", self.port), handler)
        self.httpd.fake = self
        self.port = self.httpd.server_address[1]
        self.state.base_url = self.base_url
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def member(self, email):
        return self.state.member(email)

    def stats(self):
        audience = self.state.audience()
        statuses = {}
        for member in list(audience.members.values()):
            statuses[member["status"]] = statuses.get(member["status"], 0) + 1
        return {
            "calls": len(self.state.calls),
            "members": len(audience.members),
            "statuses": statuses,
            "peak_in_flight": self.peak_in_flight,
            "throttled": self.throttled,
        }

    # -- faults ----------------------------------------------------------------
    def down(self):
        """Refuse connections until ``up()``: the port stays reserved for it."""
        self.stop()

    def up(self):
        if self.httpd is None:
            self.start()

    def fail_next(self, count=1, status=500, method=None, path=""):
        with self.faults_lock:
            self.faults.append([count, status, method, path])

    def drop_next(self, count=1, method=None, path=""):
        with self.faults_lock:
            self.faults.append([count, "drop", method, path])

    def clear_faults(self):
        with self.faults_lock:
            self.faults.clear()
        self.delay = 0.0

    def take_fault(self, method, path):
        with self.faults_lock:
            for fault in self.faults:
                remaining, kind, fault_method, fragment = fault
                if remaining and fault_method in (None, method) and fragment in path:
                    fault[0] -= 1
                    if fault[0] == 0:
                        self.faults.remove(fault)
                    return kind
        return None


def main():
    """``python -m tests.mailchimp [PORT]``: serve until killed (the bench)."""
    import sys

    server = FakeMailchimpServer()
    server.port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server.start()
    print(server.api_root, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
