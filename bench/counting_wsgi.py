"""The project's WSGI application wrapped for the load benchmark (bench/load.py serves this module
with gunicorn and the project's gunicorn.conf.py; nothing in the application serves it).

Each response carries three extra headers:
- X-Bench-Queries: the SQL statements the request ran on the default database (an execute wrapper
  on the request's thread's connection, counted until Django hands over the status and headers);
- X-Bench-Rss-Kib: the worker's peak resident memory so far (ru_maxrss);
- X-Bench-Pid: the worker's process id.
"""

import os
import resource

from django.db import connections

from lvzhi.wsgi import application as django_application


def application(environ, start_response):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def counted_start_response(status, headers, exc_info=None):
        headers = list(headers) + [
            ("X-Bench-Queries", str(count[0])),
            ("X-Bench-Rss-Kib", str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)),
            ("X-Bench-Pid", str(os.getpid())),
        ]
        return start_response(status, headers, exc_info)

    with connections["default"].execute_wrapper(counter):
        return django_application(environ, counted_start_response)
