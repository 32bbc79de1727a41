#!/usr/bin/env bash
# Serves Lvzhi (./run calls it once everything is set up): gunicorn with gunicorn.conf.py and
# LVZHI_TASK_WORKERS background workers (`manage.py db_worker`, default 1, 0 for none) and the
# scheduler of periodic tasks (`manage.py scheduler`; LVZHI_SCHEDULER=0 for none). Ctrl-C (or a
# TERM) stops them all; when one of them ends, the others are stopped too and the script exits with
# its status, so that a service manager restarts the whole.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
pids=()
stop() {
  trap - INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
.venv/bin/gunicorn lvzhi.wsgi:application --config gunicorn.conf.py &
pids+=($!)
for _ in $(seq 1 "${LVZHI_TASK_WORKERS:-1}"); do
  $PYTHON manage.py db_worker --queue-name '*' --no-reload -v 1 &
  pids+=($!)
done
if [ "${LVZHI_SCHEDULER:-1}" = 1 ] && [ "${LVZHI_TASK_WORKERS:-1}" != 0 ]; then
  $PYTHON manage.py scheduler &  # the periodic tasks (settings.PERIODIC_TASKS); one per deployment
  pids+=($!)
fi
status=0
wait -n "${pids[@]}" || status=$?
echo "A process of the server ended (status $status): stopping the others." >&2
stop
exit "$status"
