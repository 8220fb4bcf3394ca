"""The faults `make soak` puts the site through: a Redis of its own (never the shared one) that it
stops or pauses, and gunicorn workers it stops or kills while the pages are under load."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .throughput import free_port


class PrivateRedis:
    """A redis-server on a free port, with nothing saved on its own, capped as Compose's is. Its
    data folder is `directory`, or a temporary one it removes when closed."""

    def __init__(self, directory=None):
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server is not installed (Debian's package redis-server)")
        self.port = free_port()
        self.owns_directory = directory is None
        self.directory = str(directory or tempfile.mkdtemp(prefix="private-redis-"))
        self.process = None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
            + ["--dir", self.directory, "--maxmemory", "256mb"]
            + ["--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline:
                raise RuntimeError("the private Redis did not start")
            time.sleep(0.05)

    def command(self, *words):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *words], capture_output=True, text=True, timeout=10
        )
        return result.stdout.strip()

    def answers(self):
        return self.command("ping") == "PONG"

    def stop(self):
        """Gone: connections are refused."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self):
        """Stopped with SIGSTOP: connections are accepted and nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def close(self):
        self.stop()
        if self.owns_directory:
            shutil.rmtree(self.directory, ignore_errors=True)


def workers_of(master_pid):
    """The gunicorn workers: the master's children, from /proc."""
    workers = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in lines if ":" in line)
        if int(fields.get("PPid", "0").strip()) == master_pid:
            workers.append(int(status.parent.name))
    return sorted(workers)


def signal_one_worker(master_pid, signal_number):
    workers = workers_of(master_pid)
    if workers:
        os.kill(workers[0], signal_number)
