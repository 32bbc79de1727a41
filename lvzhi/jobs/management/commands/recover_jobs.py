"""Jobs left `running` by a worker that was killed (not stopped: a stopped worker finishes its
job first) are failed for now, so they are retried with backoff or become dead letters."""

from django.core.management.base import BaseCommand, CommandError

from lvzhi.jobs import services


class Command(BaseCommand):
    help = "Retries (or dead-letters) jobs that have been running for longer than --minutes: their worker died."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=60, help="How long a job may run (default 60).")

    def handle(self, *args, minutes: int, **options):
        if minutes < 1:
            raise CommandError("--minutes must be at least 1.")
        jobs = services.recover_stuck_jobs(minutes=minutes)
        self.stdout.write(f"{len(jobs)} 个中断的后台任务已处理。")
