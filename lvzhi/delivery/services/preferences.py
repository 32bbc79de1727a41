"""The user's choices (per kind, the digest hour, the 企业微信 account) and the committee's policy."""

from django.db import transaction

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden
from lvzhi.core.permissions import is_authenticated, require_manage
from lvzhi.delivery.choices import Mode
from lvzhi.delivery.models import Policy, Preference, Profile
from lvzhi.delivery.policy import mandatory_kinds

POLICY_PERMISSION = Permission.MEMBERS
WECOM_ID_MAX = 64


def policy_of(committee_id) -> Policy | None:
    return Policy.objects.filter(committee_id=committee_id).first() if committee_id else None


@transaction.atomic
def set_preferences(*, actor, modes: dict | None = None, digest_hour=None, wecom_userid=None) -> Profile:
    """Save the actor's own choices. `modes` maps kinds to immediate/digest/off; a kind the committee
    makes mandatory cannot be turned off or put in the digest. Bad input writes nothing."""
    if not is_authenticated(actor) or actor.is_admin_role:
        raise Forbidden()
    kinds = registry.notification_kinds()
    mandatory = mandatory_kinds(policy_of(actor.committee_id))
    clean = Cleaner({"digest_hour": digest_hour, "wecom_userid": wecom_userid})
    hour = clean.integer("digest_hour", required=True, low=0, high=23) if digest_hour is not None else None
    account = (
        clean.text("wecom_userid", max_length=WECOM_ID_MAX, label="企业微信账号") if wecom_userid is not None else None
    )
    modes = modes or {}
    errors: dict[str, list[str]] = {}
    for kind, mode in modes.items():
        if kind not in kinds:
            errors.setdefault("modes", []).append(f"没有这种消息类型：{kind}")
        elif mode not in Mode.values:
            errors.setdefault("modes", []).append(f"{kinds[kind].label}：发送方式只能是立即发送、每日汇总或不发送")
        elif kind in mandatory and mode != Mode.IMMEDIATE:
            errors.setdefault("modes", []).append(f"{kinds[kind].label}是本会设定的必达消息，只能立即发送")
    for name, messages in errors.items():
        for message in messages:
            clean.error(name, message)
    clean.done()
    profile, _created = Profile.objects.get_or_create(user=actor)
    before = {"digest_hour": profile.digest_hour, "wecom_userid": profile.wecom_userid}
    if hour is not None:
        profile.digest_hour = hour
    if account is not None:
        profile.wecom_userid = account
    profile.save()
    for kind, mode in modes.items():
        Preference.objects.update_or_create(user=actor, kind=kind, defaults={"mode": mode})
    audit.record(
        "delivery.preferences",
        actor=actor,
        obj=profile,
        committee=actor.committee,
        before=before,
        after={"digest_hour": profile.digest_hour, "wecom_userid": profile.wecom_userid, "modes": modes},
    )
    return profile


@transaction.atomic
def set_policy(*, actor, committee, sms_monthly_budget=None, mandatory_kinds_=None) -> Policy:
    """The committee's channel policy: the monthly SMS budget (0: no limit) and the mandatory kinds."""
    require_manage(actor, committee, POLICY_PERMISSION, hide_out_of_scope=True)
    clean = Cleaner({"sms_monthly_budget": sms_monthly_budget})
    budget = (
        clean.integer("sms_monthly_budget", required=True, low=0, high=10_000_000)
        if sms_monthly_budget is not None
        else None
    )
    kinds = registry.notification_kinds()
    if mandatory_kinds_ is not None:
        unknown = [k for k in mandatory_kinds_ if k not in kinds]
        if unknown:
            clean.error("mandatory_kinds", "没有这种消息类型：" + "、".join(unknown))
    clean.done()
    policy = Policy.objects.filter(committee=committee).first()
    before = None
    if policy is None:
        policy = Policy(committee=committee, mandatory_kinds=sorted(mandatory_kinds(None)))
    else:
        before = {"sms_monthly_budget": policy.sms_monthly_budget, "mandatory_kinds": policy.mandatory_kinds}
    if budget is not None:
        policy.sms_monthly_budget = budget
    if mandatory_kinds_ is not None:
        policy.mandatory_kinds = [k for k in kinds if k in set(mandatory_kinds_)]
    policy.save()
    audit.record(
        "delivery.policy",
        actor=actor,
        obj=policy,
        committee=committee,
        before=before,
        after={"sms_monthly_budget": policy.sms_monthly_budget, "mandatory_kinds": policy.mandatory_kinds},
    )
    return policy
