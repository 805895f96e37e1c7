"""Full sync and reconciliation of N members against the fake Mailchimp server.

    .venv/bin/python bench/newsletter_sync.py [--members 100000]

Runs on a throw-away SQLite file and a fake Mailchimp in a separate process
(so the memory figures are the site's own). Prints the API calls made, the
wall time and the peak memory of each phase next to the naive count of one
call per member. Target: at most 300 calls and under 300 MB for 100,000.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bench-newsletter-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.mailchimp"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        api_root = fake.stdout.readline().strip()
        run(args.members, api_root)
    finally:
        fake.terminate()
        fake.wait()


def run(count, api_root):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from tests.mailchimp import API_KEY

    settings.MAILCHIMP_API_KEY = API_KEY
    settings.MAILCHIMP_AUDIENCE_ID = "list0001"
    settings.MAILCHIMP_API_ROOT = api_root
    settings.NEWSLETTER = {"BATCH_SIZE": 10_000, "BATCH_POLL": 0.5, "TIMEOUT": 60}
    call_command("migrate", verbosity=0)

    from newsletter.gateway import Gateway
    from newsletter.management.commands.newsletter_sync import queue_everyone
    from newsletter.reconcile import format_report, reconcile
    from newsletter.sync import drain
    from people.models import Person

    stats_url = api_root.replace("/3.0/", "/_stats")
    now = timezone.now()
    print(f"Creating {count:,} registered users who opted in...", flush=True)
    for start in range(0, count, 5000):
        Person.objects.bulk_create(
            Person(
                full_name=f"Person {i} Tester",
                email=f"person{i}@example.org",
                laboratory=f"Lab {i % 300}",
                country="FR",
                confirmed_at=now,
                newsletter_consent="given",
            )
            for i in range(start, min(count, start + 5000))
        )
    base_memory = peak_mb()

    rows = []
    gateway = Gateway()
    started = time.perf_counter()
    queue_everyone()
    outcome = drain(gateway)
    rows.append(
        ("Full sync", gateway.calls, time.perf_counter() - started, peak_mb(), count)
    )
    members = requests.get(stats_url, timeout=10).json()["members"]
    assert outcome.synced == count and members == count, (outcome, members)

    # Drift on the site's side (changed behind the outbox's back).
    Person.objects.filter(pk__lte=count // 100).update(laboratory="Moved")
    started = time.perf_counter()
    report = reconcile()
    rows.append(
        (
            "Reconcile",
            report.api_calls,
            time.perf_counter() - started,
            peak_mb(),
            count + count // 100,
        )
    )
    print(format_report(report))

    print()
    print(f"Members: {count:,}; memory before the phases: {base_memory:.0f} MB")
    print(
        f"{'Phase':<12}{'API calls':>10}{'naive':>10}{'ratio':>8}"
        f"{'wall s':>9}{'peak MB':>9}"
    )
    for name, calls, seconds, memory, naive in rows:
        print(
            f"{name:<12}{calls:>10,}{naive:>10,}{naive / max(calls, 1):>7.0f}x"
            f"{seconds:>9.1f}{memory:>9.0f}"
        )
    ok = all(calls <= 300 and memory < 300 for _n, calls, _s, memory, _v in rows)
    print("Target (<= 300 calls, < 300 MB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
