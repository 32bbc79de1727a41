"""The rules of delivery, as small functions of their inputs: quiet hours, retries, mandatory kinds,
the SMS budget and the rate limits. The services apply them; the tests state them."""

import datetime

from django.conf import settings
from django.utils import timezone

from lvzhi.core import registry
from lvzhi.delivery.choices import Channel, Mode, Status
from lvzhi.delivery.models import Delivery, Policy

MAX_ATTEMPTS = 5
WARN_SHARE = 0.8  # staff are warned when a committee's SMS this month reach 80% of its budget
DEFAULT_DIGEST_HOUR = 18
GENERAL = "general"


def kind_of(key: str) -> registry.NotificationKind:
    """The registered kind, or the general one for a message that names none."""
    kinds = registry.notification_kinds()
    return kinds.get(key) or kinds[GENERAL]


def is_quiet(moment: datetime.datetime) -> bool:
    start, end = settings.QUIET_HOURS
    hour = timezone.localtime(moment).hour
    return hour >= start or hour < end if start > end else start <= hour < end


def quiet_end(moment: datetime.datetime) -> datetime.datetime:
    """The end of the quiet hours that `moment` falls in (07:00 local time by default)."""
    local = timezone.localtime(moment)
    end = local.replace(hour=settings.QUIET_HOURS[1], minute=0, second=0, microsecond=0)
    return end if end > local else end + datetime.timedelta(days=1)


def scheduled(channel: str, mandatory: bool, now: datetime.datetime) -> tuple[str, datetime.datetime]:
    """When a message on `channel` may go out: SMS waits out the quiet hours unless mandatory."""
    if channel == Channel.SMS and not mandatory and is_quiet(now):
        return Status.DEFERRED, quiet_end(now)
    return Status.QUEUED, now


def retry_at(attempts: int, temporary: bool, now: datetime.datetime) -> datetime.datetime | None:
    """When to try a failed send again: temporary failures, up to MAX_ATTEMPTS, backing off 1, 2, 4, 8
    minutes; None means the failure is final."""
    if not temporary or attempts >= MAX_ATTEMPTS:
        return None
    return now + datetime.timedelta(minutes=2 ** (attempts - 1))


def mandatory_kinds(policy: Policy | None) -> set[str]:
    """The kinds a committee makes mandatory; the kinds' own defaults until it chooses."""
    if policy is not None:
        return set(policy.mandatory_kinds)
    return {key for key, kind in registry.notification_kinds().items() if kind.mandatory}


def mode_for(kind, preference: str | None, role_codes, mandatory: bool) -> str:
    if mandatory:
        return Mode.IMMEDIATE
    return preference or kind.default_for(role_codes)


def month_start(now: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def month_key(now: datetime.datetime) -> str:
    return timezone.localtime(now).strftime("%Y-%m")


def sms_budget(policy: Policy | None) -> int:
    return policy.sms_monthly_budget if policy is not None else settings.SMS_MONTHLY_BUDGET


def sms_used(committee_id, now: datetime.datetime) -> int:
    """SMS sent this month for a committee (those the gateway accepted)."""
    return Delivery.objects.filter(
        committee_id=committee_id, channel=Channel.SMS, status=Status.SENT, sent_at__gte=month_start(now)
    ).count()


def over_rate(user_id, channel: str, now: datetime.datetime) -> bool:
    """Whether the user has had their hour's share of messages on this channel."""
    limit = settings.CHANNEL_RATE_LIMITS.get(channel, 0)
    if not limit:
        return False
    sent = Delivery.objects.filter(
        user_id=user_id, channel=channel, status=Status.SENT, sent_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    return sent >= limit


def digest_hour(user) -> int:
    profile = getattr(user, "delivery_profile", None)
    return profile.digest_hour if profile is not None else DEFAULT_DIGEST_HOUR
