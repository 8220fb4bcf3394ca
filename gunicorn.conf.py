"""gunicorn settings for the newsroom, used by the Dockerfile, docker-compose.yml and `make bench`.

Workers: 2 × cores + 1 by default (WEB_CONCURRENCY overrides it). Each worker is recycled after
about 2,000 requests, so memory stays flat over weeks of uptime.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory rather than on a possibly slow container filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
