"""In-app notifications, and a pluggable sender for SMS/WeChat (logging by default).

`notify(users, title=..., body=..., url=...)` schedules the inbox rows and the sends for after the
current transaction commits, so a rolled-back write notifies nobody.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lvzhi.core.models import Notification

logger = logging.getLogger("lvzhi.notifications")


class LoggingSender:
    """The default sender: writes each message to the log."""

    def send(self, user, title: str, body: str = "", url: str = "") -> None:
        logger.info("notify user=%s title=%s url=%s", user.username, title, url)


def get_sender():
    return import_string(settings.NOTIFICATION_SENDER)()


def notify(users, *, title, body="", url="", committee=None) -> None:
    users = [u for u in users if u is not None]

    def deliver():
        Notification.objects.bulk_create(
            [Notification(user=u, committee=committee, title=str(title)[:200], body=str(body), url=url) for u in users]
        )
        sender = get_sender()
        for user in users:
            try:
                sender.send(user, str(title), str(body), url)
            except Exception:  # a failing gateway must not break the write that caused it
                logger.exception("notification sender failed for %s", user.username)

    transaction.on_commit(deliver)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_notifications_read(*, actor) -> int:
    """Mark all of the actor's unread notifications read; returns how many there were."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
