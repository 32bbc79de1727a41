#!/usr/bin/env bash
# Shared set-up for ./run and ./test (which passes --dev): a virtualenv with the locked
# dependencies, the front-end libraries from package-lock.json, migrations and static files.
# Each step is skipped when its inputs have not changed since it last ran, so a second run takes
# seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

stamp_ok() { [ -f "var/.stamp-$1" ] && [ "$(cat "var/.stamp-$1")" = "$2" ]; }
stamp_set() { echo "$2" > "var/.stamp-$1"; }

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "• creating .venv"
  rm -rf .venv
  "$PY" -m venv .venv
  rm -f var/.stamp-pip-*  # a new environment has none of the packages an earlier one had
fi
# Production dependencies (requirements.lock) for ./run; with --dev (./test) the test and lint
# tools of requirements-dev.lock as well.
locks="requirements.lock" kind=prod
if [ "${1:-}" = "--dev" ]; then locks="requirements.lock requirements-dev.lock" kind=dev; fi
lock_sum=$(cat $locks | sha256sum | cut -d' ' -f1)
if ! stamp_ok "pip-$kind" "$lock_sum"; then
  echo "• installing Python dependencies ($locks)"
  .venv/bin/pip install --quiet --disable-pip-version-check $(printf -- '-r %s ' $locks)
  stamp_set "pip-$kind" "$lock_sum"
fi
npm_sum=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -d node_modules ] || ! stamp_ok npm "$npm_sum"; then
  echo "• installing front-end libraries (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  stamp_set npm "$npm_sum"
fi
if [ -d lvzhi/locale ]; then
  po_sum=$(find lvzhi/locale -name '*.po' -exec sha256sum {} + | sort | sha256sum | cut -d' ' -f1)
  if ! stamp_ok po "$po_sum" || [ -z "$(find lvzhi/locale -name '*.mo' | head -1)" ]; then
    echo "• compiling translations"
    (cd lvzhi && ../.venv/bin/python ../manage.py compilemessages -v 0)
    stamp_set po "$po_sum"
  fi
fi
