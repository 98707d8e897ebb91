"""gunicorn settings for Zielwerk (read automatically when gunicorn starts in this folder, or
with ``gunicorn -c gunicorn.conf.py zielwerk.web.wsgi``). Documented in docs/configuration.md.

Time limits, so that abandoned or runaway requests cannot keep the workers busy:
- the database cancels any statement after ``ZIELWERK_DB_STATEMENT_TIMEOUT`` seconds
  (PostgreSQL; default here 20 s, set for the web processes only: imports and other
  management commands run without a limit),
- gunicorn replaces a worker whose request runs longer than ``timeout`` (30 s) and gives
  workers ``graceful_timeout`` (30 s) to finish their request on restart or shutdown,
- idle keep-alive connections are closed after ``keepalive`` (5 s),
- a worker is replaced after about 50,000 requests (a bound on slow memory growth; the
  in-process caches are bounded by their own size limit). Replacing workers every 2,000
  requests restarted all four at once under load (each restart loads Django: seconds without
  an answer) and emptied their page caches; ``preload_app`` loads the application once in the
  master, so a replaced worker is forked ready in milliseconds.

Any option can still be given on the command line or in ``GUNICORN_CMD_ARGS``.
"""

import os

os.environ.setdefault("ZIELWERK_DB_STATEMENT_TIMEOUT", "20")

wsgi_app = "zielwerk.web.wsgi:application"
bind = os.environ.get("ZIELWERK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"
timeout = int(os.environ.get("ZIELWERK_REQUEST_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 50_000
max_requests_jitter = 5_000
preload_app = True
# Request line and headers stay small: a public read API needs no more.
limit_request_line = 8190
limit_request_fields = 100
