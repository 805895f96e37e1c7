#!/usr/bin/env bash
# Serve the site and run one task worker; Ctrl-C stops both.
set -u
host=${1:-127.0.0.1}
port=${2:-8000}
cd "$(dirname "$0")/.."
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
.venv/bin/python manage.py db_worker --queue-name default &
.venv/bin/python manage.py runserver "$host:$port" &
wait -n
