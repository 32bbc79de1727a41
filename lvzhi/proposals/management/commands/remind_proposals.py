"""manage.py remind_proposals [--date YYYY-MM-DD]: send the day's deadline reminders."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from lvzhi.proposals.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "发送提案办理期限提醒（期限前 7 天、前 1 天、逾期次日）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, date=None, **options):
        with transaction.atomic():
            sent = send_deadline_reminders(date)
        self.stdout.write(f"已发送 {sent} 条提醒。")
