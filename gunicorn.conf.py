"""gunicorn's settings for ccec (read from the working directory; the Dockerfile runs it).

Each can be changed by an environment variable of the same name in capitals with a
GUNICORN_ prefix, e.g. GUNICORN_WORKERS=5.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Requests wait on the database more than on the CPU: two workers a core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Above the slowest synchronous response: an XLSX list download of EXPORT_ASYNC_THRESHOLD
# (20,000) rows takes about 4 s and a report download of REPORT_ASYNC_THRESHOLD (1,000)
# recommendations about 10 s (its PDF) on a 2-core machine; longer work runs as a Celery job.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Restart each worker after this many requests (with jitter, so not all at once): memory that
# a large download left behind is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = 100
accesslog = "-"
