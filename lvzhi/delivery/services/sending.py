"""Sending one delivery: claimed once, checked against the rate limit and the SMS budget, sent, logged,
retried on a temporary failure."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Role
from lvzhi.core.notifications import notify
from lvzhi.delivery import channels
from lvzhi.delivery.choices import PENDING, Channel, Status
from lvzhi.delivery.models import Delivery, Policy
from lvzhi.delivery.policy import (
    WARN_SHARE,
    mandatory_kinds,
    month_key,
    over_rate,
    retry_at,
    sms_budget,
    sms_used,
)

STALE_CLAIM = datetime.timedelta(minutes=15)  # far beyond the channels' 10-second timeouts


def due_delivery_ids(now=None) -> list[int]:
    """Deliveries whose time has come: deferred past the quiet hours, waiting to retry, or queued.
    A send taken by a run that never finished (a worker that died) is tried again after a while."""
    now = now or timezone.now()
    Delivery.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Status.RETRYING, error=_("发送中断，重新发送")
    )
    return list(
        Delivery.objects.filter(status__in=PENDING, scheduled_at__lte=now)
        .exclude(channel=Channel.DIGEST)
        .order_by("scheduled_at", "pk")
        .values_list("pk", flat=True)
    )


def _claim(pk, now) -> bool:
    """Take the delivery for this run; a second run (or worker) finds it taken and sends nothing."""
    return bool(
        Delivery.objects.filter(pk=pk, status__in=PENDING, scheduled_at__lte=now)
        .exclude(channel=Channel.DIGEST)
        .update(status=Status.SENDING, claimed_at=now)
    )


def message_for(delivery: Delivery) -> channels.Message:
    if delivery.digest_id:
        items = (
            Delivery.objects.filter(digest_id=delivery.digest_id, status=Status.IN_DIGEST)
            .select_related("notification")
            .order_by("created_at", "pk")
        )
        titles = {d.notification_id: d.notification.title for d in items if d.notification_id}
        lines = list(titles.values())
        return channels.Message(
            title=_("每日消息汇总：%(n)s 条新消息") % {"n": len(lines)},
            url="/notifications/",
            lines=lines,
            template="digest",
        )
    n = delivery.notification
    return channels.Message(title=n.title, body=n.body, url=n.url)


def send_delivery(pk: int, now=None) -> str:
    """Send one delivery if it is due and not yet taken; return its state afterwards."""
    now = now or timezone.now()
    if not _claim(pk, now):
        return Delivery.objects.filter(pk=pk).values_list("status", flat=True).first() or ""
    delivery = Delivery.objects.select_related("notification", "user__member", "user__delivery_profile").get(pk=pk)
    policy = Policy.objects.filter(committee_id=delivery.committee_id).first() if delivery.committee_id else None
    if not delivery.mandatory and not delivery.digest_id and over_rate(delivery.user_id, delivery.channel, now):
        return _finish(delivery, Status.WAITING_DIGEST, error=_("超过每小时发送上限，并入每日汇总"))
    budget = sms_budget(policy) if delivery.channel == Channel.SMS else 0
    if budget and sms_used(delivery.committee_id, now) >= budget:
        _announce_budget(delivery.committee_id, policy, now, stopped=True)
        return _finish(delivery, Status.SKIPPED, error=_("本月短信额度已用完"))
    delivery.attempts += 1
    try:
        provider_id = channels.channel(delivery.channel).send(delivery.user, message_for(delivery))
    except channels.ChannelError as exc:
        again = retry_at(delivery.attempts, exc.temporary, now)
        if again is None:
            return _finish(delivery, Status.FAILED, error=str(exc))
        return _finish(delivery, Status.RETRYING, error=str(exc), scheduled_at=again)
    _finish(delivery, Status.SENT, sent_at=now, provider_message_id=provider_id[:100], error="")
    if budget and sms_used(delivery.committee_id, now) >= budget * WARN_SHARE:
        _announce_budget(delivery.committee_id, policy, now, stopped=False)
    return Status.SENT


def _finish(delivery, status, **fields) -> str:
    delivery.status = status
    for name, value in fields.items():
        setattr(delivery, name, value[:300] if name == "error" else value)
    delivery.save(update_fields=["status", "attempts", *fields])
    return status


def _announce_budget(committee_id, policy, now, *, stopped: bool) -> None:
    """Tell the committee's staff, once a month each, that 80% of its SMS budget is used, and that
    it is used up (SMS stop; the inbox and the other channels go on)."""
    month = month_key(now)
    field = "stopped_month" if stopped else "warned_month"
    with transaction.atomic():
        # a committee that has not chosen its mandatory kinds keeps the kinds' defaults
        policy, _created = Policy.objects.get_or_create(
            committee_id=committee_id, defaults={"mandatory_kinds": sorted(mandatory_kinds(None))}
        )
        if getattr(policy, field) == month:
            return
        Policy.objects.filter(pk=policy.pk).update(**{field: month})
        budget = sms_budget(policy)
        if stopped:
            title = _("本月短信额度（%(b)s 条）已用完，短信暂停发送，站内消息照常") % {"b": budget}
        else:
            title = _("本月短信已用 %(u)s 条，达到额度 %(b)s 条的 80%%") % {
                "u": sms_used(committee_id, now),
                "b": budget,
            }
        staff = get_user_model().objects.filter(committee_id=committee_id, is_active=True, roles__role=Role.STAFF)
        notify(
            list(staff),
            title=title,
            url="/delivery/policy/",
            committee=policy.committee,
            kind="delivery.sms_budget",
        )
