from django.core.management.base import BaseCommand

from lvzhi.delivery import tasks


class Command(BaseCommand):
    help = "发送到期的消息（免打扰时段后延发、失败重试、待发送），每几分钟运行一次。"

    def handle(self, *args, **options):
        sent = tasks.send_due_deliveries.call()
        self.stdout.write(f"已发送 {sent} 条")
