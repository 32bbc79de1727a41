"""manage.py check_duties [--committee CODE] [--year YYYY]: report every difference between the
duty ledger and a fresh rebuild; exit 1 if there is one. Changes nothing."""

import sys

from django.core.management.base import BaseCommand

from lvzhi.duties import ledger
from lvzhi.duties.management.commands.rebuild_duties import scope


class Command(BaseCommand):
    help = "核对履职档案与来源记录是否一致（不作任何修改）。Check the duty ledger against a rebuild."
    # The project's system checks (URLs, templates, settings: ~3 s) are the server's and `./test`'s
    # business; the ledger's command is run on a schedule and answers about the ledger alone.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--committee", help="委员会行政区划代码，如 620600")
        parser.add_argument("--year", type=int, help="年度，如 2024")

    def handle(self, *args, committee=None, year=None, **options):
        changes = ledger.differences(scope(committee, year), year)
        for line in changes.lines():
            self.stdout.write(line)
        if changes:
            self.stderr.write(f"履职档案与来源记录不一致：共 {len(changes.lines())} 处。")
            sys.exit(1)
        self.stdout.write("履职档案与来源记录一致。")
