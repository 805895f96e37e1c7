"""Page-view throughput with the visitor-log middleware on and off, same run.

Builds a throw-away SQLite site (migrate + load_initial_data), then serves the
same pages through Django's full request stack (the test client's WSGI
handler, every middleware) with and without ``VisitLogMiddleware``, in
alternating rounds so both modes share the machine's conditions. Prints
requests per second for each mode and the ratio on/off (target >= 0.95).

    .venv/bin/python bench/visit_log.py [--requests 400] [--rounds 5]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MIDDLEWARE = "visits.middleware.VisitLogMiddleware"
PATHS = ("/", "/about/", "/privacy/", "/contact/")
AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/17.5 Safari/605.1.15",
)


def setup(tmp):
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_initial_data", stdout=io.StringIO())


def client(with_middleware):
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    middleware = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    if with_middleware:
        middleware.append(MIDDLEWARE)
    browser = Client()
    with override_settings(MIDDLEWARE=middleware):
        # The handler builds its middleware chain once, on the first request.
        assert browser.get("/").status_code == 200
    return browser


def run(browser, count):
    start = time.perf_counter()
    for number in range(count):
        response = browser.get(
            PATHS[number % len(PATHS)],
            HTTP_USER_AGENT=AGENTS[number % len(AGENTS)],
            REMOTE_ADDR=f"192.0.2.{number % 250 + 1}",
        )
        assert response.status_code == 200
    return count / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from visits import buffer
        from visits.models import Visit

        off, on = client(False), client(True)
        run(off, 50)
        run(on, 50)
        results = {"off": [], "on": []}
        for _ in range(args.rounds):
            results["off"].append(run(off, args.requests))
            results["on"].append(run(on, args.requests))
        buffer.flush()
        rows = Visit.objects.count()
    median_off = statistics.median(results["off"])
    median_on = statistics.median(results["on"])
    print(f"requests per round: {args.requests}, rounds: {args.rounds}")
    print(f"middleware off: {median_off:8.1f} requests/s (median)")
    print(f"middleware on:  {median_on:8.1f} requests/s (median)")
    print(f"visit rows written: {rows}")
    print(f"ratio on/off: {median_on / median_off:.3f} (target >= 0.95)")


if __name__ == "__main__":
    main()
