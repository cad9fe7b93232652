"""gunicorn settings for the API (`gunicorn -c python:config.gunicorn "service:create_app()"`).

Threads, so that one slow client (a body trickling in at 1 byte/s) holds one thread, not the
worker: /healthz and /readyz keep answering from the others (tests/e2e/test_serving.py).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker silent for this long is restarted; a request is never legitimately that slow, as the
# API only validates and enqueues (Redis calls time out after CORROBORATE_REDIS_TIMEOUT).
timeout = 30
graceful_timeout = 30
# Idle keep-alive connections are closed after 5 s, so they cannot pin threads for long.
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
