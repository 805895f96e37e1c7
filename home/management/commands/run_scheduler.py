"""Run the site's periodic jobs (settings.SCHEDULED_JOBS).

The scheduler only enqueues each job when it is due; the task worker
(``manage.py db_worker``) runs it. One scheduler per site: a second one
exits (or, with --standby, waits to take over). Cron is the alternative
(see the README).
"""

import signal

from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError

from home.scheduler import (
    AlreadyRunning,
    Lock,
    LockLost,
    Scheduler,
    holder_id,
    holding,
    load_jobs,
    run_job,
)


class Command(BaseCommand):
    help = (
        "Enqueue publish_scheduled, purge_personal_data and the other periodic "
        "jobs for the task worker when they are due (one scheduler per site)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run every job once, here and now, then exit (for cron or a "
            "quick check; needs no task worker, and exits when a scheduler "
            "is running).",
        )
        parser.add_argument(
            "--standby",
            action="store_true",
            help="When another scheduler runs, wait and take over if its lock "
            "lapses, instead of exiting.",
        )

    def handle(self, *args, once=False, standby=False, **options):
        jobs = self.runnable(load_jobs())
        if once:
            try:
                with holding(Lock(holder_id())):
                    self.run_once(jobs)
            except AlreadyRunning as exc:
                raise CommandError(str(exc)) from None
            return
        holder = holder_id()
        scheduler = Scheduler(jobs, lock=Lock(holder))
        self.stdout.write(
            f"Scheduler {holder}: " + ", ".join(job.describe() for job in jobs)
        )
        self.stopping = False
        previous = {
            number: signal.signal(number, self.stop)
            for number in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            scheduler.run(standby=standby, stopping=lambda: self.stopping)
        except (AlreadyRunning, LockLost) as exc:
            raise CommandError(str(exc)) from None
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def run_once(self, jobs):
        for job in jobs:
            if not run_job(
                job.command, job.args, stdout=self.stdout, stderr=self.stderr
            ):
                self.stderr.write(f"{job.name} failed; see the log.")

    def runnable(self, jobs):
        """The jobs that can run; says once why each other one will not."""
        available = get_commands()
        kept = []
        for job in jobs:
            if job.command not in available:
                self.stderr.write(f"Skipping unknown command {job.command}.")
            elif missing := job.missing_settings:
                self.stderr.write(
                    f"Skipping {job.name}: not configured "
                    f"({', '.join(missing)} not set)."
                )
            else:
                kept.append(job)
        return kept

    def stop(self, *args):
        self.stopping = True
