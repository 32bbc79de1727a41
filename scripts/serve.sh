#!/usr/bin/env bash
# Serves Lvzhi (./run calls it once everything is set up): gunicorn with gunicorn.conf.py and
# LVZHI_TASK_WORKERS background workers (`manage.py db_worker`, default 1, 0 for none) and the
# scheduler of periodic tasks (`manage.py scheduler`; LVZHI_SCHEDULER=0 for none). LVZHI_WEB=0 starts
# no gunicorn: a machine of background workers only (docs/deployment.md). Ctrl-C (or a
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
# Prometheus metrics (lvzhi/core/metrics.py): every process keeps its values in files of this
# directory, summed when /metrics is scraped; one directory per server, emptied of the last run's files.
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-${LVZHI_VAR_DIR:-var}/metrics-${LVZHI_PORT:-8000}}
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
find "$PROMETHEUS_MULTIPROC_DIR" -maxdepth 1 -name '*.db' -delete
if [ "${LVZHI_WEB:-1}" != 0 ]; then
  .venv/bin/gunicorn lvzhi.wsgi:application --config gunicorn.conf.py &
  pids+=($!)
fi
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
