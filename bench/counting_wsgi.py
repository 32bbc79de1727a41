"""The project's WSGI application wrapped for the load benchmark (bench/load.py serves this module
with gunicorn and the project's gunicorn.conf.py; nothing in the application serves it).

Each response carries these extra headers:
- X-Bench-Queries: the SQL statements the request ran on the default database (an execute wrapper
  on the request's thread's connection, counted until Django hands over the status and headers);
- X-Bench-Rss-Kib: the worker's peak resident memory so far (ru_maxrss);
- X-Bench-Pid: the worker's process id;
- X-Bench-Ms: the time the worker spent on the request until the headers (no queueing);
- X-Bench-Cpu-Ms: the CPU time the worker's process used in that time (the request's own work,
  without the time it waited for a core or for the database).
"""

import os
import resource
import time

from django.db import connections

from lvzhi.wsgi import application as django_application


def application(environ, start_response):
    count = [0]
    started, cpu = time.perf_counter(), time.process_time()

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def counted_start_response(status, headers, exc_info=None):
        headers = list(headers) + [
            ("X-Bench-Queries", str(count[0])),
            ("X-Bench-Rss-Kib", str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)),
            ("X-Bench-Pid", str(os.getpid())),
            ("X-Bench-Ms", f"{(time.perf_counter() - started) * 1000:.1f}"),
            ("X-Bench-Cpu-Ms", f"{(time.process_time() - cpu) * 1000:.1f}"),
        ]
        return start_response(status, headers, exc_info)

    with connections["default"].execute_wrapper(counter):
        return django_application(environ, counted_start_response)
