"""Soak: public pages under load while pages are published and consents recorded.

For each layout, the SQLite one (a temporary SQLite file, the page cache in
memory with its generation in files) and, with ``--database-url``, the
production one (a fresh ``microscope_soak`` database beside the one
``--database-url`` names, with the page cache on ``--redis-url``), it starts
gunicorn with the production settings on 127.0.0.1, loads the initial data and
runs wrk at 32 connections over /, /privacy/, /privacy/versions/ and /about/
twice for ``--duration`` seconds:

- quiet: wrk alone, the baseline of this layout;
- busy: wrk while a publisher process publishes, through the ORM, the privacy
  notice (with a change summary) and the About page in turn every few
  seconds, and measures how long each publication takes to be visible (the
  new text in several answers in a row, so on every worker), and a consent
  process posts "accept" and "refuse" decisions to /cookies/ as new visitors,
  with the site's own Origin header.

It prints, per layout, wrk's figures and errors (target: no non-2xx/3xx
response, no socket error), busy against quiet (target: at least 0.8x), the
slowest publication to become visible (target: within 2 s), consent POSTs
answered against the ConsentRecord rows written (target: no lost row) and the
RSS of each gunicorn worker (target: the last sample within 10% of the one
after warm-up); then the production layout against the SQLite one under the
same load (target: at least 0.9x, p99 under 100 ms). One JSON line per run
goes to bench/results.jsonl.

    .venv/bin/python bench/soak.py [--duration 120] [--connections 32]
    .venv/bin/python bench/soak.py --database-url postgres://... --redis-url redis://...
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from pages import BIN, PYTHON, ROOT, UNITS, free_port, wait_for
from record import append_result

SOAK_DB = "microscope_soak"
PATHS = ("/", "/privacy/", "/privacy/versions/", "/about/")
WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""
WARM_UP = 15  # seconds before the RSS reference sample
RSS_GROWTH_TARGET = 0.10


def postgres(url, name, drop_only=False):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not drop_only:
            connection.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def site_env(database_url, redis_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="soak-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        # A cache of this run's own, shared by its processes as in production.
        env["CACHE_DIR"] = tempfile.mkdtemp(prefix="microscope-soak-cache-")
    return env


# The two helper processes ---------------------------------------------------


VISIBLE_TARGET = 2.0  # seconds from a publication to its text on every worker
VISIBLE_IN_A_ROW = 6  # answers in a row showing the new text: every worker has it
VISIBLE_GIVE_UP = 15.0


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode()
    finally:
        connection.close()


def visible_after(port, path, marker, published_at):
    """Seconds until ``marker`` shows in several answers in a row, or None."""
    first = None
    in_a_row = 0
    while time.time() - published_at < VISIBLE_GIVE_UP:
        asked = time.time()
        try:
            shown = marker in fetch(port, path)
        except OSError:
            shown = False
        if shown:
            first = asked if first is None else first
            in_a_row += 1
            if in_a_row == VISIBLE_IN_A_ROW:
                return first - published_at
        else:
            first, in_a_row = None, 0
        time.sleep(0.02)
    return None


def publisher(until, interval, port):
    """Publish the notice and the About page in turn until ``until``.

    After each publication, time how long its new text takes to reach every
    worker (``visible_after``).
    """
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from home.models import StandardPage
    from notice.models import PrivacyNoticePage
    from notice.publishing import publish_revision

    done = {"notice": 0, "about": 0, "errors": 0, "last": {}, "visible": []}
    number = 0
    while time.time() < until:
        number += 1
        marker = f"(soak {number})"
        try:
            if number % 2:
                path = "/privacy/"
                page = PrivacyNoticePage.objects.live().get(locale__language_code="en")
                page.intro = re.sub(r" \(soak \d+\)$", "", page.intro)
                page.intro += f" {marker}"
                publish_revision(
                    page.save_revision(),
                    change_summary=f"Soak test wording change {number}.",
                    material_change=False,
                )
                done["notice"] += 1
            else:
                path = "/about/"
                page = StandardPage.objects.live().get(
                    url_path__endswith="/about/", locale__language_code="en"
                )
                page.intro = re.sub(r" \(soak \d+\)$", "", page.intro)[:480]
                page.intro += f" {marker}"
                page.save_revision().publish()
                done["about"] += 1
            done["last"][path] = marker
            done["visible"].append(visible_after(port, path, marker, time.time()))
        except Exception as error:  # noqa: BLE001 - counted and reported
            done["errors"] += 1
            print(f"publisher: {type(error).__name__}: {error}", file=sys.stderr)
        time.sleep(min(interval, max(0.0, until - time.time())))
    print(json.dumps(done))


def consenter(port, until, interval):
    """Post cookie decisions as new visitors (no cookie jar) until ``until``."""
    counts = {"answered": 0, "refused": 0, "errors": 0, "statuses": {}}
    origin = f"http://127.0.0.1:{port}"
    number = 0
    while time.time() < until:
        number += 1
        body = urlencode(
            {
                "action": "accept" if number % 2 else "refuse",
                "source": "banner",
                "next": "/privacy/",
            }
        )
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request(
                "POST",
                "/cookies/",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Sec-Fetch-Site": "same-origin",
                },
            )
            response = connection.getresponse()
            response.read()
            connection.close()
            status = str(response.status)
            counts["statuses"][status] = counts["statuses"].get(status, 0) + 1
            if 200 <= response.status < 400:
                counts["answered"] += 1
            else:
                counts["refused"] += 1
        except OSError as error:
            counts["errors"] += 1
            print(f"consent: {type(error).__name__}: {error}", file=sys.stderr)
        time.sleep(min(interval, max(0.0, until - time.time())))
    print(json.dumps(counts))


# Measuring ------------------------------------------------------------------


def workers_of(master):
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces; the parent pid follows its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            children.append(int(entry.name))
    return sorted(children)


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def parse_wrk(out):
    latency = {
        p: float(v) * UNITS[u]
        for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": (
            dict(
                zip(
                    ("connect", "read", "write", "timeout"),
                    map(int, sockets.groups()),
                    strict=True,
                )
            )
            if sockets
            else {}
        ),
    }


def consent_rows(env):
    out = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from consent.models import ConsentRecord;"
            "print(ConsentRecord.objects.count())",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip().splitlines()[-1])


def stale_pages(site, published):
    """The pages still showing an older text than the last one published."""
    stale = []
    for path, marker in published["last"].items():
        # Several requests, so that every worker answers at least once.
        for _ in range(6):
            with urllib.request.urlopen(site + path, timeout=10) as response:  # noqa: S310
                if marker not in response.read().decode():
                    stale.append(path)
                    break
    return stale


def run_wrk(args, site, script, server, started):
    """wrk for ``--duration`` seconds, sampling the workers' RSS meanwhile."""
    wrk = subprocess.Popen(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
         "--timeout", "10s", "-s", str(script), site + "/"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    samples = []  # (seconds since the server answered, {pid: rss kB})
    while wrk.poll() is None:
        pids = workers_of(server.pid)
        samples.append((time.time() - started, {pid: rss_kb(pid) for pid in pids}))
        time.sleep(args.sample_every)
    return parse_wrk(wrk.communicate()[0]), samples


def soak(args, env, workdir):
    """The quiet run, then the busy one, on one layout: their figures."""
    log = (workdir / "server.log").open("w")

    def run(command):
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=log, stderr=log)

    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"])
    run([PYTHON, "manage.py", "load_initial_data"])
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"])
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=log, stderr=log,
    )  # fmt: skip
    helpers = []
    try:
        site = f"http://127.0.0.1:{port}"
        for path in PATHS:
            if wait_for(site + path) is None:
                sys.exit(f"{path} answers 404 on the soak site")
        rows_before = consent_rows(env)
        script = workdir / "paths.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in PATHS))
        started = time.time()

        quiet, quiet_samples = run_wrk(args, site, script, server, started)

        until = time.time() + args.duration
        me = str(Path(__file__).resolve())
        publish = subprocess.Popen(
            [PYTHON, me, "--role", "publisher", "--until", str(until),
             "--port", str(port), "--publish-every", str(args.publish_every)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        helpers.append(publish)
        consent = subprocess.Popen(
            [PYTHON, me, "--role", "consent", "--until", str(until),
             "--port", str(port), "--consent-every", str(args.consent_every)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        helpers.append(consent)
        busy, busy_samples = run_wrk(args, site, script, server, started)
        published = json.loads(publish.communicate(timeout=60)[0].splitlines()[-1])
        consents = json.loads(consent.communicate(timeout=60)[0].splitlines()[-1])
        samples = quiet_samples + busy_samples
        samples.append(
            (
                time.time() - started,
                {pid: rss_kb(pid) for pid in workers_of(server.pid)},
            )
        )
        stale = stale_pages(site, published)
    finally:
        for process in [*helpers, server]:
            if process.poll() is None:
                process.terminate()
        for process in [*helpers, server]:
            process.wait()
    log.close()
    return {
        "layout": layout_name(env),
        "quiet": quiet,
        "busy": busy,
        "published": published,
        "consents": consents,
        "rows": consent_rows(env) - rows_before,
        "samples": samples,
        "tracebacks": (workdir / "server.log").read_text().count("Traceback"),
        "stale": stale,
    }


def layout_name(env):
    if env["DATABASE_URL"].startswith("postgres"):
        return "PostgreSQL, page cache in Redis"
    return "SQLite, page cache in memory"


def met(condition):
    return "met" if condition else "NOT met"


def ratio(a, b):
    return a / b if b else 0.0


def traffic_line(name, traffic):
    sockets = sum(traffic["socket_errors"].values())
    return (
        f"  {name:<6}{traffic['rps']:>9,.0f} req/s  p50 {traffic['p50'] or 0:>6.1f} ms"
        f"  p99 {traffic['p99'] or 0:>6.1f} ms  non-2xx/3xx {traffic['non_2xx']}"
        f"  socket errors {sockets}"
    )


def errors_of(figures):
    return sum(
        figures[phase]["non_2xx"] + sum(figures[phase]["socket_errors"].values())
        for phase in ("quiet", "busy")
    )


def slowest_visible(published):
    times = published["visible"]
    if not times or None in times:
        return None
    return max(times)


def report(args, figures):
    quiet, busy = figures["quiet"], figures["busy"]
    published, consents = figures["published"], figures["consents"]
    print(
        f"\n{figures['layout']}: gunicorn {args.workers} workers, wrk "
        f"{args.connections} connections, {args.duration} s quiet then "
        f"{args.duration} s busy"
    )
    print(traffic_line("quiet", quiet))
    print(traffic_line("busy", busy))
    errors = errors_of(figures)
    print(f"  errors, both runs: {errors} (target 0): {met(errors == 0)}")
    busy_ratio = ratio(busy["rps"], quiet["rps"])
    print(
        f"  busy against quiet: {busy_ratio:.2f}x (target 0.8x): "
        + met(busy_ratio >= 0.8)
    )
    times = published["visible"]
    slowest = slowest_visible(published)
    known = sorted(t for t in times if t is not None)
    print(
        f"  publications: {published['notice']} notice versions, "
        f"{published['about']} About page, {published['errors']} failed; "
        f"visible on every worker after "
        + (
            f"median {known[len(known) // 2]:.2f} s, slowest {known[-1]:.2f} s"
            if known
            else "-"
        )
        + (f", {times.count(None)} never" if None in times else "")
        + f" (target {VISIBLE_TARGET:.0f} s): "
        + met(
            slowest is not None
            and slowest <= VISIBLE_TARGET
            and not published["errors"]
        )
    )
    lost = consents["answered"] - figures["rows"]
    print(
        f"  consent POSTs: {consents['answered']} answered 2xx/3xx, "
        f"{consents['refused']} refused {consents['statuses']}, "
        f"{consents['errors']} connection errors; ConsentRecord rows written: "
        f"{figures['rows']}; lost: {lost} (target 0): {met(lost == 0)}"
    )
    print(f"  tracebacks in the server log: {figures['tracebacks']}")
    stale = figures["stale"]
    print(
        "  pages showing the last publication after the run: "
        + (f"no, stale: {', '.join(stale)}" if stale else "yes")
    )
    report_memory(args, figures["samples"])


def report_memory(args, samples):
    reference = next(
        (s for s in samples if s[0] >= WARM_UP), samples[0] if samples else None
    )
    print(
        f"  worker RSS (MB), sampled every {args.sample_every} s; reference after "
        f"{reference[0]:.0f} s of warm-up:"
    )
    print(f"  {'pid':>8}{'first':>8}{'warm':>8}{'last':>8}{'max':>8}{'growth':>9}")
    ok = True
    pids = sorted({pid for _t, sample in samples for pid in sample})
    for pid in pids:
        series = [s[pid] for _t, s in samples if s.get(pid)]
        warm = reference[1].get(pid) or series[0]
        growth = (series[-1] - warm) / warm
        ok = ok and growth <= RSS_GROWTH_TARGET and pid in samples[-1][1]
        print(
            f"  {pid:>8}{series[0] / 1024:>8.1f}{warm / 1024:>8.1f}"
            f"{series[-1] / 1024:>8.1f}{max(series) / 1024:>8.1f}{growth:>+9.1%}"
        )
    if len(pids) != args.workers:
        print(f"    {len(pids)} worker pids seen for {args.workers} workers: a restart")
    print(
        f"    last within {RSS_GROWTH_TARGET:.0%} of the warm value, no restart: "
        + met(ok and len(pids) == args.workers)
    )


def compare(baseline, production):
    """The production layout against the SQLite one, under the same load."""
    print(f"\n{production['layout']} against {baseline['layout']}, same run:")
    for phase in ("quiet", "busy"):
        share = ratio(production[phase]["rps"], baseline[phase]["rps"])
        print(
            f"  {phase}: {share:.2f}x the requests (target 0.9x): {met(share >= 0.9)}"
        )
    p99 = production["busy"]["p99"] or 0
    print(
        f"  p99 while publishing: {p99:.1f} ms (target under 100 ms): {met(p99 < 100)}"
    )


def summary(figures):
    """The figures of one layout, for bench/results.jsonl."""
    return {
        "layout": figures["layout"],
        **{
            f"{phase}_{key}": figures[phase][key]
            for phase in ("quiet", "busy")
            for key in ("rps", "p50", "p99")
        },
        "busy_against_quiet": ratio(figures["busy"]["rps"], figures["quiet"]["rps"]),
        "errors": errors_of(figures),
        "publications": figures["published"]["notice"] + figures["published"]["about"],
        "slowest_visible_s": slowest_visible(figures["published"]),
        "consents_lost": figures["consents"]["answered"] - figures["rows"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=120)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--publish-every", type=float, default=5.0)
    parser.add_argument("--consent-every", type=float, default=0.1)
    parser.add_argument("--sample-every", type=float, default=5.0)
    parser.add_argument("--database-url", help="PostgreSQL server to use")
    parser.add_argument("--redis-url", help="Redis for the page cache")
    parser.add_argument("--role", choices=["publisher", "consent"], help="internal")
    parser.add_argument("--until", type=float, help="internal")
    parser.add_argument("--port", type=int, help="internal")
    args = parser.parse_args()
    if args.role == "publisher":
        return publisher(args.until, args.publish_every, args.port)
    if args.role == "consent":
        return consenter(args.port, args.until, args.consent_every)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench-deps does it).")

    layouts = [None, args.database_url] if args.database_url else [None]
    results = []
    for database in layouts:
        workdir = Path(tempfile.mkdtemp(prefix="microscope-soak-"))
        database_url = f"sqlite:///{workdir}/site.sqlite3"
        redis_url = None
        if database:
            database_url = postgres(database, SOAK_DB)
            redis_url = args.redis_url
        try:
            results.append(soak(args, site_env(database_url, redis_url), workdir))
        finally:
            if database:
                postgres(database, SOAK_DB, drop_only=True)
            shutil.rmtree(workdir, ignore_errors=True)
        report(args, results[-1])
    if len(results) == 2:
        compare(*results)
    append_result(
        "soak",
        [summary(figures) for figures in results],
        duration=args.duration,
        connections=args.connections,
        workers=args.workers,
    )


if __name__ == "__main__":
    main()
