#!/usr/bin/env bash
# load_initial_data on a fresh database, twice: the second run creates nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DATABASE_URL="sqlite:///$tmp/smoke.sqlite3" DJANGO_SETTINGS_MODULE=config.settings.dev
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_initial_data
second=$(.venv/bin/python manage.py load_initial_data)
echo "$second"
grep -q "nothing to create" <<<"$second" || { echo "load_initial_data is not idempotent" >&2; exit 1; }
