"""Delete audit entries older than the retention (settings.AUDIT_RETENTION_DAYS, default 180)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lvzhi.core import audit
from lvzhi.core.models import AuditEntry


class Command(BaseCommand):
    help = "Deletes audit log entries older than the retention period, and nothing younger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Retention in days (default settings.AUDIT_RETENTION_DAYS = {settings.AUDIT_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        before = timezone.now() - datetime.timedelta(days=days)
        deleted, _per_model = AuditEntry.objects.prune(before)
        audit.record(
            "audit.prune",
            actor_name="manage.py prune_audit",
            object_type="core.auditentry",
            after={"deleted": deleted, "before": before.isoformat(), "days": days},
        )
        self.stdout.write(f"Deleted {deleted} audit entries older than {days} days (before {before:%Y-%m-%d %H:%M}).")
        return None
