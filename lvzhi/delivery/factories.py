"""Test factories for the message channels: real rows through the services."""

import datetime

from django.utils import timezone

from lvzhi.core.models import Notification
from lvzhi.delivery import services
from lvzhi.delivery.models import Profile


def reachable(user, *, email="", wecom=""):
    """Give a user an e-mail address and a 企业微信 account (members already have a mobile)."""
    if email:
        user.email = email
        user.save(update_fields=["email"])
    Profile.objects.update_or_create(user=user, defaults={"wecom_userid": wecom})
    return user


def local(hour: int, minute: int = 0, day: int = 7) -> datetime.datetime:
    """A moment of December 2026 in the platform's time zone."""
    return timezone.make_aware(datetime.datetime(2026, 12, day, hour, minute))


def route(
    users, *, kind="proposals.filed", title="提案已立案", url="/proposals/1/", committee=None, subject=None, now=None
):
    """What notify() does after the commit, at a chosen time: the inbox rows, then their deliveries
    (returns the ids to send at once)."""
    rows = Notification.objects.bulk_create(
        [Notification(user=u, committee=committee, title=title, url=url) for u in users]
    )
    return services.route_notifications(rows, kind=kind, subject=subject, now=now)
