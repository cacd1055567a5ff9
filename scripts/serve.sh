#!/usr/bin/env bash
# Start the background worker and the web server together; Ctrl+C stops both.
set -euo pipefail
HOST="${1:-127.0.0.1}"
PORT="${2:-8000}"
BIN=.venv/bin
mkdir -p var/log

$BIN/wiqaya collectstatic --noinput -v 0
$BIN/wiqaya db_worker --queue-name '*' --no-reload >>var/log/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

$BIN/wiqaya welcome "http://$HOST:$PORT/"
echo "Worker log: var/log/worker.log"
exec_status=0
$BIN/gunicorn config.wsgi:application --bind "$HOST:$PORT" --workers 2 --threads 4 --access-logfile - \
  --error-logfile - --log-level warning || exec_status=$?
exit $exec_status
