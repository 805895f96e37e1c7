"""The admin and the purge at scale: 100,000 registered users, 1,000,000 visits.

Loads the rows into a throw-away database (a temporary SQLite file, or a
fresh ``microscope_bench`` database next to the one ``--database-url`` names,
created and dropped by this script), then measures through Django's full
request stack (the test client, every middleware, production settings),
logged in as a member of the "Data protection officer" group:

- the registered-user list in the admin, and its search (name or email);
- the visit statistics report (30 and 365 days);
- ``manage.py purge_personal_data`` with every visit past its period.

Prints median and p95 of each page, the queries one request makes, and the
targets (< 300 ms median for the list and search, < 1 s for the report,
< 60 s for the purge).

    .venv/bin/python bench/scale.py [--users 100000] [--visits 1000000]
    .venv/bin/python bench/scale.py --database-url postgres://...
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "microscope_bench"
TARGETS = {"list": 0.3, "search": 0.3, "report": 1.0, "purge": 60.0}

FIRST = (
    "Anne Bruno Camille Claire David Élodie François Hélène Julien Karim Léa "
    "Lucas Marie Nadia Olivier Pierre Quentin Sophie Thomas Yasmine"
).split()
LAST = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau "
    "Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier "
    "Morel Girard Andre Mercier Dupont Lambert Bonnet Francois Martinez Legrand"
).split()
COUNTRIES = ("FR", "FR", "FR", "DE", "ES", "IT", "GB", "US", "BE", "CH", "JP", "BR")
PATHS = ("/", "/about/", "/privacy/", "/privacy/versions/", "/contact/", "/news/")
SYSTEMS = ("Windows", "Mac OS X", "Linux", "Android", "iOS", "Other")
BROWSERS = ("Chrome", "Firefox", "Safari", "Edge", "Mobile Safari", "Other")
SETTINGS = """
from config.settings.production import *  # noqa: F403

# Admin assets without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
"""


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_postgres(url, drop_only=False):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        if not drop_only:
            connection.execute(f"CREATE DATABASE {BENCH_DB}")


def setup(workdir, database_url):
    warnings.filterwarnings("ignore", message="No directory at")
    (Path(workdir) / "bench_settings.py").write_text(SETTINGS)
    sys.path.insert(0, str(workdir))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return result, seconds


def load_users(count):
    from django.utils import timezone

    from people.models import Person

    rng = random.Random(1)
    now = timezone.now()
    public_ids = []
    for start in range(0, count, 5000):
        batch = []
        for i in range(start, min(count, start + 5000)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            created = now - datetime.timedelta(days=rng.randrange(1, 900))
            person = Person(
                full_name=f"{first} {last} {i}",
                email=f"{first[0].lower()}.{last.lower()}{i}@lab{i % 700}.example.org",
                laboratory=f"Laboratory of microbial genomics {i % 700}",
                country=rng.choice(COUNTRIES),
                created_at=created,
                confirmed_at=created + datetime.timedelta(minutes=5),
                last_active_at=now - datetime.timedelta(days=rng.randrange(0, 300)),
                processing_restricted=i % 100 == 0,
                newsletter_consent=("given", "none", "withdrawn")[i % 3],
            )
            public_ids.append(str(person.public_id))
            batch.append(person)
        Person.objects.bulk_create(batch)
    return public_ids


def visit_rows(count, public_ids, now):
    """Spread over the last 365 days; one view in ten by a registered user."""
    rng = random.Random(2)
    span = 365 * 24 * 3600
    for _ in range(count):
        at = now - datetime.timedelta(seconds=rng.randrange(60, span))
        yield (
            at,
            f"198.51.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            rng.choice(PATHS),
            rng.choice(SYSTEMS),
            rng.choice(BROWSERS),
            rng.choice(public_ids) if rng.random() < 0.1 else None,
        )


def load_visits(count, public_ids):
    from django.db import connection, transaction
    from django.utils import timezone

    from visits.models import Visit

    table = Visit._meta.db_table
    columns = "at, ip, path, os_family, browser_family, person"
    rows = visit_rows(count, public_ids, timezone.now())
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # SQLite stores UUIDs as 32 hex digits.
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
            batch = []
            for at, ip, path, os_family, browser, person in rows:
                batch.append(
                    (
                        connection.ops.adapt_datetimefield_value(at),
                        ip,
                        path,
                        os_family,
                        browser,
                        person.replace("-", "") if person else None,
                    )
                )
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
            cursor.execute("ANALYZE privacy_person")


def dpo_client():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from home.groups import DPO

    user = User.objects.create_user("bench-dpo", "dpo@example.org", "x")
    user.groups.add(Group.objects.get(name=DPO))
    client = Client()
    client.force_login(user)
    return client


def measure(client, url, count, params_list=None):
    """Median and p95 in seconds of ``count`` GETs, after one warm-up request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params_list = params_list or [{}]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params_list[0])
    # Read now: the next request empties the connection's query log.
    captured = list(queries.captured_queries)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for number in range(count):
        started = time.perf_counter()
        response = client.get(url, params_list[number % len(params_list)])
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return {
        "median": statistics.median(times),
        "p95": p95,
        "queries": len(captured),
        "slowest": max(captured, key=lambda q: float(q["time"])),
    }


def age_visits(days):
    """Move every visit ``days`` back, past the retention period."""
    from django.db.models import F

    from visits.models import Visit

    Visit.objects.update(at=F("at") - datetime.timedelta(days=days))


def run(args):
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from visits import stats
    from visits.models import Visit

    backend = connection.vendor
    print(f"\n== {backend}: loading {args.users:,} users, {args.visits:,} visits")
    public_ids, load_users_s = timed("registered users", load_users, args.users)
    _none, load_visits_s = timed("visitor log", load_visits, args.visits, public_ids)
    days, aggregate_s = timed(
        "aggregating 365 days (nightly job)", stats.aggregate_pending
    )

    client = dpo_client()
    rows = {}
    list_url = reverse("wagtailsnippets_people_person:list")
    rows["users list"] = ("list", measure(client, list_url, args.requests))
    searches = [
        {"q": "dupont 1234"},
        {"q": "s.roux4711@"},
        {"q": "Léa Girard"},
        {"q": "lab42.example.org"},
        {"q": "nobody-matches-this"},
    ]
    rows["users search"] = (
        "search",
        measure(client, list_url, args.requests, searches),
    )
    report_url = reverse("visit_statistics:index")
    rows["report, 30 days"] = ("report", measure(client, report_url, args.requests))
    rows["report, 365 days"] = (
        "report",
        measure(client, report_url, args.requests, [{"days": 365}]),
    )

    timed("moving every visit 400 days back", age_visits, 400)
    out = io.StringIO()
    _none, purge_s = timed(
        "purge_personal_data", call_command, "purge_personal_data", stdout=out
    )
    left = Visit.objects.count()
    deleted = next(
        line for line in out.getvalue().splitlines() if "visitor-log" in line
    )

    print(f"\n{backend}: {args.users:,} registered users, {args.visits:,} visits")
    print(
        f"{'measure':<22}{'median ms':>10}{'p95 ms':>10}{'queries':>9}"
        f"{'target ms':>11}  met"
    )
    for name, (kind, r) in rows.items():
        target = TARGETS[kind] * 1000
        print(
            f"{name:<22}{r['median'] * 1000:>10.0f}{r['p95'] * 1000:>10.0f}"
            f"{r['queries']:>9}{target:>11.0f}  "
            f"{'yes' if r['median'] * 1000 < target else 'NO'}"
        )
    print(
        f"{'purge_personal_data':<22}{purge_s * 1000:>10.0f}{'':>10}{'':>9}"
        f"{TARGETS['purge'] * 1000:>11.0f}  "
        f"{'yes' if purge_s < TARGETS['purge'] else 'NO'}"
    )
    print(f"  purge: {deleted.strip()} ({left} left)")
    print(
        f"  loading: users {load_users_s:.0f} s, visits {load_visits_s:.0f} s, "
        f"aggregation of {len(days)} days {aggregate_s:.1f} s"
    )
    if args.verbose:
        for name, (_kind, r) in rows.items():
            print(f"  slowest query of {name}: {r['slowest']['time']} s")
            print(f"    {r['slowest']['sql'][:600]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--database-url",
        help="A PostgreSQL server to use (a fresh database is made beside it).",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="Show each page's slowest query."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="microscope-scale-") as workdir:
        if args.database_url:
            recreate_postgres(args.database_url)
            url = with_database(args.database_url, BENCH_DB)
        else:
            url = f"sqlite:///{workdir}/scale.sqlite3"
        try:
            setup(workdir, url)
            run(args)
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                recreate_postgres(args.database_url, drop_only=True)


if __name__ == "__main__":
    main()
