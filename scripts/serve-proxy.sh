#!/usr/bin/env bash
# `make serve` behind Varnish: varnishd in the foreground on PROXY_BIND
# (default 127.0.0.1:8080) with deploy/varnish/default.vcl, in front of
# scripts/serve.sh on BIND (default 127.0.0.1:8000). The site purges Varnish on
# publication (FRONTEND_CACHE_URL) and trusts one proxy's X-Forwarded-For
# (TRUSTED_PROXY_COUNT=1) unless told otherwise. Varnish's work folder is
# var/varnish. Ctrl-C or SIGTERM stops everything.
set -u
cd "$(dirname "$0")/.."
bind=${BIND:-127.0.0.1:8000}
proxy_bind=${PROXY_BIND:-127.0.0.1:8080}
if ! command -v varnishd >/dev/null 2>&1; then
    echo "varnishd is missing: run make varnish-deps (Debian's varnish package)." >&2
    exit 1
fi
workdir=$PWD/var/varnish
mkdir -p "$workdir"
# The VCL names the site's address; write BIND's into a copy.
sed -e "s/\.host = \"127\.0\.0\.1\";/.host = \"${bind%:*}\";/" \
    -e "s/\.port = \"8000\";/.port = \"${bind##*:}\";/" \
    deploy/varnish/default.vcl >"$workdir/default.vcl"
export BIND=$bind
export FRONTEND_CACHE_URL=${FRONTEND_CACHE_URL:-http://$proxy_bind}
export TRUSTED_PROXY_COUNT=${TRUSTED_PROXY_COUNT:-1}

# Started by root, varnishd would switch to the varnish user, who may not read
# this checkout: it keeps the current user instead (-j none). A packaged install
# (Debian's service with /etc/varnish/default.vcl) keeps Varnish's own jail.
jail=()
if [ "$(id -u)" = 0 ]; then
    jail=(-j none)
fi

trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
varnishd -F "${jail[@]}" -a "$proxy_bind" -f "$workdir/default.vcl" \
    -n "$workdir/instance" -s "malloc,${VARNISH_MEMORY:-256m}" &
varnish=$!
bash scripts/serve.sh &
site=$!
echo "Varnish answers on http://$proxy_bind/ in front of http://$bind/"
wait -n "$varnish" "$site"
