"""Run the site's periodic jobs (settings.SCHEDULED_JOBS) in one process.

One scheduler per site: the jobs themselves are idempotent, but running two
schedulers does the work twice. Cron is the alternative (see the README).
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

logger = logging.getLogger("microscope.scheduler")


class Command(BaseCommand):
    help = "Run publish_scheduled, purge_personal_data and the other periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run every job once, then exit (for cron or a quick check).",
        )

    def handle(self, *args, once=False, **options):
        available = get_commands()
        jobs = []
        for job in settings.SCHEDULED_JOBS:
            if job["command"] not in available:
                self.stderr.write(f"Skipping unknown command {job['command']}.")
                continue
            jobs.append({**job, "next_run": 0.0})
        if once:
            for job in jobs:
                self.run_job(job)
            return
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.stdout.write(
            "Scheduler running: "
            + ", ".join(f"{j['command']} every {j['every']} s" for j in jobs)
        )
        while not self.stopping:
            now = time.monotonic()
            for job in jobs:
                if now >= job["next_run"] and not self.stopping:
                    self.run_job(job)
                    job["next_run"] = time.monotonic() + job["every"]
            wait = min(j["next_run"] for j in jobs) - time.monotonic() if jobs else 60
            time.sleep(max(0.5, min(wait, 5)))

    def stop(self, *args):
        self.stopping = True

    def run_job(self, job):
        started = time.monotonic()
        try:
            call_command(job["command"], *job.get("args", []), stdout=self.stdout)
        except Exception:
            # Only the job's name is logged: job output may name people.
            logger.exception("Scheduled job %s failed", job["command"])
            self.stderr.write(f"{job['command']} failed; see the log.")
        else:
            logger.info(
                "Scheduled job %s done in %.1f s",
                job["command"],
                time.monotonic() - started,
            )
