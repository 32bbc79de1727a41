"""Reads: a user's settings with every kind, a committee's policy and SMS use, the delivery state
of a record (a notice, a reminder's assignment)."""

from django.apps import apps
from django.db.models import Count
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.core import registry
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.permissions import is_authenticated
from lvzhi.delivery import channels
from lvzhi.delivery.choices import Channel, Mode, Status
from lvzhi.delivery.models import Delivery, Policy, Preference
from lvzhi.delivery.policy import digest_hour, mandatory_kinds, sms_budget, sms_used

FAILURES_SHOWN = 20


def user_settings(user) -> dict:
    """The user's choices with every registered kind (grouped by module), marking the mandatory ones."""
    policy = Policy.objects.filter(committee_id=user.committee_id).first() if user.committee_id else None
    mandatory = mandatory_kinds(policy)
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    roles = user.role_codes
    kinds = []
    for module in registry.modules():
        for kind in module.notification_kinds:
            if not kind.concerns(roles):
                continue
            kinds.append(
                {
                    "key": kind.key,
                    "label": str(kind.label),
                    "module": str(module.label),
                    "mode": Mode.IMMEDIATE if kind.key in mandatory else chosen.get(kind.key, kind.default_for(roles)),
                    "default": kind.default_for(roles),
                    "mandatory": kind.key in mandatory,
                }
            )
    profile = getattr(user, "delivery_profile", None)
    return {
        "digest_hour": digest_hour(user),
        "wecom_userid": profile.wecom_userid if profile is not None else "",
        "channels": [
            {"key": key, "label": str(Channel(key).label), "reachable": channels.has_address(key, user)}
            for key in channels.configured()
        ],
        "kinds": kinds,
    }


def policy_state(committee) -> dict:
    policy = Policy.objects.filter(committee=committee).first()
    now = timezone.now()
    mandatory = mandatory_kinds(policy)
    return {
        "committee": committee.pk,
        "sms_monthly_budget": sms_budget(policy),
        "sms_used_this_month": sms_used(committee.pk, now),
        "mandatory_kinds": [k for k in registry.notification_kinds() if k in mandatory],
        "kinds": [{"key": k.key, "label": str(k.label)} for k in registry.notification_kinds().values()],
    }


def can_see_state(user) -> bool:
    """The office and leaders see how messages were delivered; members and units do not."""
    return is_authenticated(user) and user.has_any_role(Role.STAFF, Role.LEADER)


def subject_for(user, subject_type: str, subject_id: int):
    """The record named, if the user may see its delivery state; NotFound when it is not visible."""
    if not can_see_state(user):
        raise Forbidden()
    try:
        model = apps.get_model(subject_type)
    except (LookupError, ValueError):
        raise NotFound() from None
    queryset = model.objects.all()
    if not hasattr(queryset, "visible_to"):
        raise NotFound()
    obj = queryset.visible_to(user).filter(pk=subject_id).first()
    if obj is None:
        raise NotFound()
    return obj


def deliveries_of(obj):
    label = obj._meta.label_lower
    return (
        Delivery.objects.filter(subject_type=label, subject_id=obj.pk)
        .select_related("user")
        .order_by("-created_at", "-pk")
    )


def delivery_state(obj) -> dict:
    """Per channel, how many of the record's messages are in each state; and the latest failures.
    Two queries whatever the number of messages."""
    counts = (
        Delivery.objects.filter(subject_type=obj._meta.label_lower, subject_id=obj.pk)
        .values("channel", "status")
        .annotate(n=Count("pk"))
        .order_by("channel", "status")
    )
    by_channel: dict[str, dict] = {}
    for row in counts:
        entry = by_channel.setdefault(
            row["channel"], {"channel": row["channel"], "label": str(Channel(row["channel"]).label), "statuses": []}
        )
        status = Status(row["status"])
        entry["statuses"].append(
            {"status": status.value, "label": str(status.label), "colour": status.colour, "count": row["n"]}
        )
    failures = list(
        deliveries_of(obj).filter(status__in=[Status.FAILED, Status.RETRYING, Status.SKIPPED])[:FAILURES_SHOWN]
    )
    return {"channels": list(by_channel.values()), "failures": failures, "total": sum(r["n"] for r in counts)}
