"""Servers that fail the way a cache or database fails in production: one that accepts
connections and never answers (a hung or stopped process, a network black hole), an address
that refuses them, and a private Redis a test may pause, stop and restart."""

import shutil
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager

from tests.support.required_tools import missing_tool


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accepts every connection, reads nothing, answers nothing; counts the connections."""

    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.connections = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)

    def close(self):
        self._listener.close()
        for connection in self.connections:
            connection.close()


class PrivateRedis:
    """A redis-server of the test's own, on a port of its own (never the shared one), keeping its
    data in `directory` so that it can be started again with it. An `admin` user can switch the
    default user (the site's) off and on."""

    ADMIN = ("--user", "admin", "--pass", "admin-secret", "--no-auth-warning")

    def __init__(self, directory):
        if not shutil.which("redis-server"):
            missing_tool("redis-server is not installed")
        self.port = free_port()
        self.directory = directory
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )
        self.wait_until_up()
        # Users are not kept in the data file: made again at each start.
        self.command("acl", "setuser", "admin", "on", ">admin-secret", "~*", "&*", "+@all")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self, *words, admin=False):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *(self.ADMIN if admin else ()), *words],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return result.stdout.strip()

    def wait_until_up(self):
        deadline = time.monotonic() + 10
        while self.command("ping") != "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("the private Redis did not start")
            time.sleep(0.05)

    @contextmanager
    def stopped(self):
        """The process stopped with SIGSTOP: connections are accepted, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)

    @contextmanager
    def refusing_commands(self):
        """Every command of the site's user fails (NOPERM), as a misconfigured ACL makes them."""
        self.command("acl", "setuser", "default", "-@all", admin=True)
        try:
            yield
        finally:
            self.command("acl", "setuser", "default", "+@all", admin=True)

    def stop_keeping_its_data(self):
        """Written to disk, then stopped: `start()` brings it back with what it held."""
        assert self.command("save", admin=True) == "OK"
        self.close()

    def close(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
