"""manage.py rebuild_duties [--committee CODE] [--year YYYY]: rebuild the duty ledger from the
source records (a background job too: run it from cron or a scheduler; django-tasks is not
installed, so there is no queued variant)."""

import time

from django.core.management.base import BaseCommand, CommandError

from lvzhi.duties import ledger
from lvzhi.org.models import Committee


def scope(committee_code, year):
    ids = None
    if committee_code:
        committee = Committee.objects.filter(code=committee_code).first()
        if committee is None:
            raise CommandError(f"没有代码为 {committee_code} 的委员会。")
        ids = [committee.pk]
    if year is not None and not 2000 <= year <= 2100:
        raise CommandError("年度应为 2000 至 2100 之间的四位数。")
    return ids


class Command(BaseCommand):
    help = "从来源记录重建履职档案（可限定委员会和年度）。Rebuild the duty ledger from the source records."
    # The project's system checks (URLs, templates, settings: ~3 s) are the server's and `./test`'s
    # business; the ledger's command is run on a schedule and answers about the ledger alone.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--committee", help="委员会行政区划代码，如 620600")
        parser.add_argument("--year", type=int, help="年度，如 2024")

    def handle(self, *args, committee=None, year=None, **options):
        ids = scope(committee, year)
        started = time.monotonic()
        changes = ledger.rebuild(ids, year)
        self.stdout.write(
            f"履职档案已重建：新增 {changes.added}，删除 {changes.deleted}，更正 {changes.updated}"
            f"（{time.monotonic() - started:.1f} 秒）。"
        )
