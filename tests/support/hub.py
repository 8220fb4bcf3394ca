"""A local WebSub hub for tests: an HTTP server on the loopback interface that records each
publish notification and answers what the test tells it to."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class Hub:
    def __init__(self):
        self.notifications = []  # (hub.mode, hub.url) in the order received
        self.refuse = set()  # feed addresses answered 503
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                mode, url = form.get("hub.mode", [""])[0], form.get("hub.url", [""])[0]
                hub.notifications.append((mode, url))
                self.send_response(503 if url in hub.refuse else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def urls(self):
        return [url for mode, url in self.notifications if mode == "publish"]
