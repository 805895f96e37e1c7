#!/usr/bin/env bash
# Production-style run: gunicorn (config.wsgi, WhiteNoise), task workers and
# the scheduler, all with config.settings.production. Ctrl-C or SIGTERM stops
# everything. Settings come from the environment (see the README). The access
# log leaves out addresses and query strings: no personal data.
set -u
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.production
: "${SECRET_KEY:?Set SECRET_KEY (and ALLOWED_HOSTS, DATABASE_URL...) first: see the README.}"
bind=${BIND:-127.0.0.1:8000}
web_workers=${WEB_CONCURRENCY:-2}
task_workers=${TASK_WORKERS:-1}
py=.venv/bin/python

$py manage.py migrate --noinput
$py manage.py collectstatic --noinput -v 0
$py manage.py check --deploy --fail-level WARNING

trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
# The long-running processes: when one stops, everything stops.
services=()
for i in $(seq 1 "$task_workers"); do
    $py manage.py db_worker --no-reload --worker-id "worker-$i" &
    services+=($!)
done
# --standby: on a second machine the scheduler waits for the first one's lock
# instead of exiting (which would stop this whole stack through `wait -n`).
$py manage.py run_scheduler --standby &
services+=($!)
.venv/bin/gunicorn config.wsgi \
    --bind "$bind" \
    --workers "$web_workers" \
    --access-logfile - \
    --logger-class home.logging.AccessLogger \
    --access-logformat '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms' &
services+=($!)
# Say when the site answers: the same probe a load balancer uses.
for _ in $(seq 1 60); do
    if curl -fsS "http://$bind/health/web/?format=json" >/dev/null 2>&1; then
        echo "The site is up: http://$bind/ (health: http://$bind/health/)"
        break
    fi
    sleep 1
done &
# Only the services: the probe above ends on its own once the site answers.
wait -n "${services[@]}"
