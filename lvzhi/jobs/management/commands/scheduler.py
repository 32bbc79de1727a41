"""manage.py scheduler: queues the platform's periodic tasks (settings.PERIODIC_TASKS: the message
channels' due deliveries and daily digests, the recovery of jobs whose worker died) at their
intervals, for the workers to run. `./run` starts one; a deployment runs exactly one, whatever the
number of workers and machines (docs/configuration.md). --once queues every task once and ends
(for cron, or a test)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "按间隔把定期任务（到期消息、每日汇总、中断任务恢复）排入后台队列。Queues the periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="每个定期任务排队一次后退出。Queue each once and end.")

    def handle(self, *args, once=False, verbosity=1, **options):
        periodic = [(import_string(path), seconds) for path, seconds in settings.PERIODIC_TASKS]
        last: dict[int, float] = {}
        while True:
            now = time.monotonic()
            for number, (task, seconds) in enumerate(periodic):
                if number not in last or now - last[number] >= seconds:
                    task.enqueue()
                    last[number] = now
                    if verbosity > 1:
                        self.stdout.write(f"queued {task.module_path}")
            if once:
                return
            time.sleep(min(30, min(seconds for _task, seconds in periodic)))
