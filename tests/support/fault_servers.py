"""Servers that fail the way a cache or database fails in production: one that accepts
connections and never answers (a hung or stopped process, a network black hole), an address
that refuses them, and a private Redis a test may pause, stop and restart."""

import shutil
import socket
import threading
from contextlib import contextmanager

from bench import faults
from bench.throughput import free_port  # noqa: F401  (the tests' free port, the benchmark's)
from tests.support.required_tools import missing_tool


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


class PrivateRedis(faults.PrivateRedis):
    """The benchmark's private Redis (never the shared one), keeping its data in the test's
    `directory` so that it can be started again with it, with an `admin` user that can switch
    the default user (the site's) off and on."""

    ADMIN = ("--user", "admin", "--pass", "admin-secret", "--no-auth-warning")

    def __init__(self, directory):
        if not shutil.which("redis-server"):
            missing_tool("redis-server is not installed")
        super().__init__(directory)

    def start(self):
        super().start()
        # Users are not kept in the data file: made again at each start.
        self.command("acl", "setuser", "admin", "on", ">admin-secret", "~*", "&*", "+@all")

    def command(self, *words, admin=False):
        return super().command(*(self.ADMIN if admin else ()), *words)

    @contextmanager
    def stopped(self):
        """The process stopped with SIGSTOP: connections are accepted, nothing answers."""
        self.pause()
        try:
            yield
        finally:
            self.resume()

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
        self.stop()
