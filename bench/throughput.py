"""The HTTP part of `manage.py bench`: requests per second under gunicorn, measured with wrk.

Each page is loaded for a few seconds on the loopback interface, by turns with the ceiling (a
view answering "ok" through the same middleware stack on the same server), three times each, once
with the page cache off, once with it on and once more with it on for a client that accepts
compressed pages; the median runs count. Page / ceiling is the figure
to compare between machines: measured by turns, a machine that slows down or speeds up during the
run moves both alike.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

CEILING = "/bench/ok"
ROOT = Path(settings.BASE_DIR)


def available():
    return shutil.which("wrk") is not None


RUNS = 3


# The page cache off; on; on, for clients that take compressed pages (every browser and feed
# reader says so): (mode, page cache on, wrk's options).
GZIP = ("-H", "Accept-Encoding: gzip")
MODES = (("uncached", False, ()), ("cached", True, ()), ("cached, gzip", True, GZIP))


def measure(pages, seconds=2, connections=16, page_cache_seconds=300):
    """{"ceiling": {mode: {...}}, "pages": {name: {mode: {...}}}, "worker_rss_mb": {mode: n}}

    Each page's figure ({"rps", "errors", "ceiling_rps"}) carries the ceiling measured by turns
    with it; the ceiling of a mode is the median of those. wrk shares the cores with the server,
    and a single short run now and then lands on a busy moment of the machine."""
    result = {"pages": {name: {} for name, _ in pages}, "ceiling": {}, "worker_rss_mb": {}}
    for cache_on in (False, True):
        with gunicorn(page_cache_seconds if cache_on else 0) as (base, master):
            for mode, _, options in (mode for mode in MODES if mode[1] == cache_on):
                ceilings = []
                for name, url in pages:
                    page, ceiling = rates_by_turns(
                        base + url, base + CEILING, seconds, connections, options
                    )
                    result["pages"][name][mode] = {**page, "ceiling_rps": ceiling["rps"]}
                    ceilings.append(ceiling)
                result["ceiling"][mode] = median_run(ceilings)
            result["worker_rss_mb"]["cached" if cache_on else "uncached"] = max(
                worker_rss_mb(master), default=None
            )
    return result


def rates_by_turns(url, ceiling_url, seconds, connections, options=(), runs=RUNS):
    """(the median run of `url`, the median run of `ceiling_url`), loaded by turns, each
    request with wrk's `options` (headers)."""
    page_runs, ceiling_runs = [], []
    for _ in range(runs):
        page_runs.append(wrk(url, seconds, connections, *options))
        ceiling_runs.append(wrk(ceiling_url, seconds, connections, *options))
    return median_run(page_runs), median_run(ceiling_runs)


def median_run(results):
    """The median run's requests per second, with the failed responses of every run."""
    ordered = sorted(results, key=lambda result: result["rps"])
    return {**ordered[len(ordered) // 2], "errors": sum(result["errors"] for result in results)}


@contextmanager
def gunicorn(page_cache_seconds, redis_url=None):
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "GUNICORN_ACCESS_LOG": "",
    }
    if redis_url is not None:
        environment["REDIS_URL"] = redis_url
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--config", "gunicorn.conf.py"]
    server = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://localhost:{port}"
    try:
        wait_until_up(base + CEILING, server)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


def wrk(url, seconds, connections, *options):
    return parse_wrk(wrk_output(url, seconds, connections, *options))


def wrk_output(url, seconds, connections, *options):
    """What wrk prints after loading `url` for `seconds` with `connections` connections."""
    threads = min(connections, os.cpu_count() or 1)
    return subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", *options, url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": round(rate, 1), "errors": int(failed[1]) if failed else 0}


def worker_rss_mb(master_pid):
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if int(fields.get("PPid", "0").strip()) == master_pid and "VmRSS" in fields:
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sizes


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
