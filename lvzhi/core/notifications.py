"""In-app notifications, and a pluggable sender for SMS/WeChat/e-mail.

`notify(users, title=..., body=..., url=..., kind=..., subject=...)` schedules the inbox rows and the
sends for after the current transaction commits, so a rolled-back write notifies nobody. `kind` names
a registered `registry.NotificationKind` ("proposals.assigned"); `subject` is the record the message
is about (a notice), so its delivery state can be shown with it.

The sender (`LVZHI_NOTIFICATION_SENDER`) is either a class with `send(user, title, body, url)`, called
per user, or one with `deliver(notifications, kind=..., subject=...)`, given the inbox rows just
written (the message channels of `lvzhi.delivery` are such a sender).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from lvzhi.core import figure_cache
from lvzhi.core.models import Notification

logger = logging.getLogger("lvzhi.notifications")


class LoggingSender:
    """The default sender: writes each message to the log."""

    def send(self, user, title: str, body: str = "", url: str = "") -> None:
        logger.info("notify user=%s title=%s url=%s", user.username, title, url)


def get_sender():
    return import_string(settings.NOTIFICATION_SENDER)()


def notify(users, *, title, body="", url="", committee=None, kind="", subject=None) -> None:
    users = [u for u in users if u is not None]

    def deliver():
        rows = Notification.objects.bulk_create(
            [Notification(user=u, committee=committee, title=str(title)[:200], body=str(body), url=url) for u in users]
        )
        sender = get_sender()
        if hasattr(sender, "deliver"):
            try:
                sender.deliver(rows, kind=kind, subject=subject)
            except Exception:  # a failing channel must not break the write that caused it
                logger.exception("notification delivery failed for %s", kind or "general")
            return
        for user in users:
            try:
                sender.send(user, str(title), str(body), url)
            except Exception:  # a failing gateway must not break the write that caused it
                logger.exception("notification sender failed for %s", user.username)

    transaction.on_commit(deliver)


def unread_count(user) -> int:
    """The user's unread notifications, counted once per request (the header and a home panel both show it)."""
    memo = figure_cache.request_memo()
    key = ("core.unread", user.pk)
    if key not in memo:
        memo[key] = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return memo[key]


def latest_with_unread(user, limit: int) -> list:
    """The user's latest `limit` notifications, and their unread count kept for `unread_count`, in
    one statement: each row carries the count (a user without notifications has no unread one)."""
    unread = (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(Notification.objects.filter(user=user).annotate(unread=Subquery(unread))[:limit])
    figure_cache.request_memo()[("core.unread", user.pk)] = (rows[0].unread or 0) if rows else 0
    return rows


def mark_notifications_read(*, actor) -> int:
    """Mark all of the actor's unread notifications read; returns how many there were."""
    figure_cache.request_memo().pop(("core.unread", actor.pk), None)
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
