from django.core.management.base import BaseCommand

from lvzhi.delivery import tasks


class Command(BaseCommand):
    help = "发送到点的每日消息汇总（每位用户每天至多一份），每小时运行一次。"

    def handle(self, *args, **options):
        sent = tasks.send_digests.call()
        self.stdout.write(f"已发送汇总 {sent} 条")
