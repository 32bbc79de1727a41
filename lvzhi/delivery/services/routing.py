"""From an inbox message to its deliveries: who gets it on which channel, now, later or in the digest."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from lvzhi.accounts.models import UserRole
from lvzhi.delivery import channels
from lvzhi.delivery.choices import Channel, Mode, Status
from lvzhi.delivery.models import Delivery, Policy, Preference
from lvzhi.delivery.policy import kind_of, mandatory_kinds, mode_for, scheduled


def subject_of(obj) -> tuple[str, int | None]:
    if obj is None:
        return "", None
    return obj._meta.label_lower, obj.pk


def route_notifications(notifications, *, kind: str = "", subject=None, now=None) -> list[int]:
    """Write the deliveries of these inbox rows (just created by `core.notifications.notify`) and
    return the ids to send at once. The user's preference for the kind decides (immediately, in
    the daily digest, or not at all), unless the committee makes the kind mandatory; SMS waits out
    the quiet hours unless mandatory. No channel configured: nothing beyond the inbox."""
    spec = kind_of(kind)
    names = [c for c in channels.configured() if c in spec.channels]
    notifications = [n for n in notifications if n.pk]
    if not names or not notifications:
        return []
    now = now or timezone.now()
    user_ids = {n.user_id for n in notifications}
    users = get_user_model().objects.select_related("member", "delivery_profile").in_bulk(user_ids)
    roles: dict[int, set[str]] = {}
    for user_id, role in UserRole.objects.filter(user_id__in=user_ids).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    preferences = dict(Preference.objects.filter(user_id__in=user_ids, kind=spec.key).values_list("user_id", "mode"))
    committee_ids = {n.committee_id or users[n.user_id].committee_id for n in notifications}
    policies = Policy.objects.in_bulk(committee_ids - {None}, field_name="committee_id")
    subject_type, subject_id = subject_of(subject)
    rows = []
    for n in notifications:
        user = users[n.user_id]
        committee_id = n.committee_id or user.committee_id
        mandatory = spec.key in mandatory_kinds(policies.get(committee_id))
        mode = mode_for(spec, preferences.get(user.pk), roles.get(user.pk, ()), mandatory)
        if mode == Mode.OFF:
            continue
        base = {
            "notification": n,
            "user": user,
            "committee_id": committee_id,
            "kind": spec.key,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "mandatory": mandatory,
            "created_at": now,
        }
        if mode == Mode.DIGEST:
            rows.append(Delivery(channel=Channel.DIGEST, status=Status.WAITING_DIGEST, scheduled_at=now, **base))
            continue
        for name in names:
            if not channels.has_address(name, user):
                continue
            status, at = scheduled(name, mandatory, now)
            rows.append(Delivery(channel=name, status=status, scheduled_at=at, **base))
    Delivery.objects.bulk_create(rows)
    return [row.pk for row in rows if row.status == Status.QUEUED]
