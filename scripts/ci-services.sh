#!/usr/bin/env bash
# Install and start PostgreSQL and Redis on 127.0.0.1 for the second test run.
#
# Standard output carries only `export NAME=value` lines, because the Makefile
# runs `eval "$(bash scripts/ci-services.sh)"`: any other line there would be
# run as a command. So the first thing the script does is send its standard
# output to standard error for good, keeping the real one as descriptor 3,
# which only `emit` writes to.
set -euo pipefail
exec 3>&1 1>&2

emit() {
    printf 'export %s=%q\n' "$1" "$2" >&3
}

# Everything but `emit` runs with descriptor 3 closed: PostgreSQL and Redis
# outlive the script, and a daemon that kept the caller's pipe open would keep
# `$(bash scripts/ci-services.sh)` waiting for its end for ever.
start_services() {
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main
fi
pg_ctlcluster "$version" main start || true
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 && break
    sleep 1
done
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='microscope'\"" | grep -q 1 \
    || su postgres -c "psql -q -c \"CREATE ROLE microscope LOGIN CREATEDB PASSWORD 'microscope'\""
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='microscope'\"" | grep -q 1 \
    || su postgres -c "createdb -O microscope microscope"
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes
fi
for _ in $(seq 1 30); do
    redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break
    sleep 1
done

}
start_services 3>&-

emit DATABASE_URL "postgres://microscope:microscope@127.0.0.1:5432/microscope"
emit REDIS_URL "redis://127.0.0.1:6379/1"
