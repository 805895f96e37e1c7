#!/usr/bin/env bash
# Serve the site and run one task worker; Ctrl-C stops both. The admin login
# and the links are printed once, last, when the site answers.
set -u
host=${1:-127.0.0.1}
port=${2:-8000}
cd "$(dirname "$0")/.."
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
.venv/bin/python manage.py db_worker --queue-name default &
worker=$!
.venv/bin/python manage.py runserver "$host:$port" &
server=$!
(
    probe="http://$host:$port/health/web/?format=json"
    for _ in $(seq 1 120); do
        if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$probe" 2>/dev/null; then
            .venv/bin/python manage.py create_demo_superuser --base-url "http://$host:$port"
            echo "  Ctrl-C stops the site and the task worker."
            break
        fi
        sleep 1
    done
) &
wait -n "$worker" "$server"
