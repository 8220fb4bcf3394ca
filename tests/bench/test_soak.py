"""`make soak`'s own tools: wrk's latency output read with every kind of failure, the table, and
the faults it makes. The figures are the soak's business, never asserted here."""

import os

from bench import faults, soak

WRK_LATENCY_OUTPUT = """Running 30s test @ http://localhost:8001/news/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    40.52ms   12.10ms   1.20s    80.00%
  Latency Distribution
     50%   38.20ms
     75%   45.00ms
     90%   60.00ms
     99%    1.02s
  18020 requests in 30.00s, 360.1MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    600.67
Transfer/sec:     12.01MB
"""


def test_wrk_latency_output_is_read_with_every_failure():
    assert soak.parse(WRK_LATENCY_OUTPUT) == {
        "rps": 600.7,
        "errors": 9,  # 4 error statuses, 3 broken connections, 2 timeouts
        "p50_ms": 38.2,
        "p99_ms": 1020.0,
    }


def test_latency_in_microseconds_is_read_in_milliseconds():
    output = WRK_LATENCY_OUTPUT.replace("38.20ms", "850.00us")
    assert soak.parse(output)["p50_ms"] == 0.85


def test_the_table_has_a_row_per_page_and_a_column_per_condition():
    figures = {"rps": 500.0, "errors": 0, "p50_ms": 20.0, "p99_ms": 80.0}
    results = {name: {"home": figures, "article": figures} for name in ("uncached", "cached")}
    table = soak.markdown(results, seconds=30, connections=50, articles=10_000)
    assert "| Page | uncached | cached |" in table
    assert "| article | 500 · 0 · 20.0 · 80.0 | 500 · 0 · 20.0 · 80.0 |" in table


def test_every_fault_is_a_scenario():
    names = [scenario.name for scenario in soak.SCENARIOS]
    assert names[:2] == ["uncached", "cached"]
    assert {"cached, Redis stopped", "cached, Redis paused"} <= set(names)
    assert {"cached, a worker stopped", "cached, a worker killed"} <= set(names)


def test_the_soaks_redis_is_its_own_and_can_be_paused_and_stopped():
    redis = faults.PrivateRedis()
    try:
        assert redis.port != 6379 and redis.answers()
        redis.pause()
        assert redis.process.poll() is None
        redis.resume()
        assert redis.answers()
        redis.stop()
        assert not redis.answers()
    finally:
        redis.close()


def test_workers_are_found_as_the_masters_children():
    assert os.getpid() in faults.workers_of(os.getppid())
