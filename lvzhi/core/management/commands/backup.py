"""manage.py backup --output DIR_OR_FILE [--include-keys]: one archive of the database and the
media files (see lvzhi/core/backup.py and docs/backup.md)."""

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core import backup


class Command(BaseCommand):
    # A backup must run even when an unrelated system check fails; it reads the database only.
    requires_system_checks = []
    help = "备份数据库和媒体文件到一个归档文件。Back up the database and the media files into one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            help="归档文件，或存放归档的目录（自动命名）。The archive file, or a directory to write a dated one in.",
        )
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="把密钥（LVZHI_PII_KEY、LVZHI_SECRET_KEY）写入归档中的 keys.env；该归档须与其他备份分开保管。"
            "Also write the keys into keys.env in the archive; keep such an archive apart.",
        )

    def handle(self, *args, output, include_keys=False, **options):
        try:
            summary = backup.create_backup(output, include_keys=include_keys)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"备份已写入 {summary.path}：{summary.rows} 行（{summary.tables} 张表），"
                f"{summary.media_files} 个媒体文件（{summary.media_bytes} 字节）。"
            )
        )
        if summary.keys_included:
            self.stdout.write(
                self.style.WARNING("归档中含有密钥（keys.env）：请把它与其他备份分开保管。The archive holds the keys.")
            )
