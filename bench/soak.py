"""`make soak`: every kind of page under 50 connections for 30 seconds, cached and uncached, and
again while the cache or a worker fails: Redis stopped, Redis paused, one gunicorn worker
stopped (SIGTERM, as `kill` and an orchestrator stop it) and one killed (SIGKILL, as the
kernel's out-of-memory killer does). Each run reports requests per second, the failed requests
(error statuses, connection errors and timeouts: 0 is the goal) and p50 and p99 latency."""

import re
import signal
import threading
import urllib.request

from . import throughput
from .faults import PrivateRedis, signal_one_worker

PAGE_CACHE_SECONDS = 300
WRK_TIMEOUT_SECONDS = 10


class Scenario:
    """A run of the pages under one condition: whether the page cache is on, and the fault
    made before the load starts or halfway through it."""

    def __init__(self, name, cached, before=None, midway=None):
        self.name = name
        self.cached = cached
        self.before = before  # (redis) → None: breaks something before the load
        self.midway = midway  # (redis, master_pid) → None: halfway through each page's load


SCENARIOS = [
    Scenario("uncached", cached=False),
    Scenario("cached", cached=True),
    Scenario("cached, Redis stopped", cached=True, before=lambda redis: redis.stop()),
    Scenario("cached, Redis paused", cached=True, midway=lambda redis, pid: redis.pause()),
    Scenario(
        "cached, a worker stopped",
        cached=True,
        midway=lambda redis, pid: signal_one_worker(pid, signal.SIGTERM),
    ),
    Scenario(
        "cached, a worker killed",
        cached=True,
        midway=lambda redis, pid: signal_one_worker(pid, signal.SIGKILL),
    ),
]


def run(pages, seconds, connections, scenarios=SCENARIOS, log=print):
    """{scenario name: {page name: figures}}: each page on a fresh server and a fresh Redis, so
    that one page's fault does not carry over to the next."""
    results = {}
    for scenario in scenarios:
        log(f"  {scenario.name}…")
        results[scenario.name] = {
            name: run_page(scenario, url, seconds, connections) for name, url in pages
        }
    return results


def run_page(scenario, url, seconds, connections):
    redis = PrivateRedis()
    try:
        cache_seconds = PAGE_CACHE_SECONDS if scenario.cached else 0
        with throughput.gunicorn(cache_seconds, redis_url=redis.url) as (base, master_pid):
            urllib.request.urlopen(base + url, timeout=60).close()  # cached, if the cache is on
            if scenario.before:
                scenario.before(redis)
            timer = None
            if scenario.midway:
                timer = threading.Timer(seconds / 2, scenario.midway, (redis, master_pid))
                timer.start()
            try:
                return wrk_with_latency(base + url, seconds, connections)
            finally:
                if timer:
                    timer.cancel()
    finally:
        redis.close()


def wrk_with_latency(url, seconds, connections):
    timeout = f"--timeout={WRK_TIMEOUT_SECONDS}s"
    return parse(throughput.wrk_output(url, seconds, connections, timeout, "--latency"))


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse(output):
    """Requests per second, failed requests and p50/p99 in ms from wrk's --latency output."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    failed_statuses = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(failed_statuses[1]) if failed_statuses else 0
    errors += sum(int(count) for count in socket_errors.groups()) if socket_errors else 0
    return {
        "rps": round(rate, 1),
        "errors": errors,
        "p50_ms": latency(output, "50%"),
        "p99_ms": latency(output, "99%"),
    }


def latency(output, share):
    pattern = rf"^\s+{re.escape(share)}\s+([\d.]+)(us|ms|s|m)\s*$"
    value, unit = re.search(pattern, output, re.M).groups()
    return round(float(value) * UNITS_MS[unit], 2)


def markdown(results, seconds, connections, articles):
    lines = [
        f"Soak: {connections} connections, {seconds} s per page and condition, {articles:,} "
        "articles (requests/s · failed requests · p50 ms · p99 ms)",
        "",
        "| Page | " + " | ".join(results) + " |",
        "|---|" + "---|" * len(results),
    ]
    pages = next(iter(results.values()))
    for page in pages:
        cells = []
        for scenario in results.values():
            figures = scenario[page]
            cells.append(
                f"{figures['rps']:.0f} · {figures['errors']} · {figures['p50_ms']:.1f} · "
                f"{figures['p99_ms']:.1f}"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
