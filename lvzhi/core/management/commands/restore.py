"""manage.py restore ARCHIVE [--check]: restore a backup into an empty, migrated database and
MEDIA_ROOT, or only check it (see lvzhi/core/restore.py and docs/backup.md)."""

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core import backup, restore


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "把备份恢复到刚迁移的空数据库（须使用备份时的个人信息密钥）。"
        "Restore a backup into an empty, migrated database (with the PII key the backup was made with)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="manage.py backup 写出的归档文件。An archive written by manage.py backup.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="只检查归档（完整、未损坏、密钥正确、加密字段可读），不写入任何数据。"
            "Only check the archive (complete, uncorrupted, right key, encrypted values readable); write nothing.",
        )

    def handle(self, *args, archive, check=False, **options):
        try:
            summary = restore.verify_backup(archive) if check else restore.restore_backup(archive)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        verb, proof = (
            ("检查通过", "校验和一致，密钥正确，加密字段均可读") if check else ("已恢复", "各表行数与清单一致")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}：{summary.path}（备份于 {summary.created_at}），{summary.rows} 行（{summary.tables} 张表），"
                f"{summary.media_files} 个媒体文件；{proof}。"
            )
        )
        if not summary.secret_key_matches:
            self.stdout.write(
                self.style.WARNING(
                    "当前 LVZHI_SECRET_KEY 与备份时不同：数据完整，但此前的登录会话和签到二维码失效。"
                    "The secret key differs from the backup's: the data is intact; earlier sessions and check-in "
                    "codes no longer work."
                )
            )
