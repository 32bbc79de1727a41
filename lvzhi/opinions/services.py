"""Every write to social-conditions and public-opinion reports. Each checks permission, state and
input, writes in one transaction with its audit entry and transition, and notifies after commit.

The loop: a submitter (member, organisation contact, information officer) writes a draft and
submits it; the information office accepts it for editing, rejects it (不采用, with a reason) or
returns it for revision; edits it (the original is kept), combines several into one item, publishes
it in an issue of the bulletin, sends it to recipients, and records what became of it
(instructions, adoptions, handling) until feedback to the submitter closes it. A county office may
forward an item to its city committee, which receives it as a submission from that county."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import Transition
from lvzhi.core.notifications import notify
from lvzhi.core.numbering import next_number
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.opinions import duty
from lvzhi.opinions.choices import (
    DEFAULT_CATEGORIES,
    DEFAULT_POINTS,
    DEFAULT_RECIPIENTS,
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    OpinionUrgency,
    PointEvent,
    RecipientLevel,
    SubmitterKind,
)
from lvzhi.opinions.models import (
    Adoption,
    Category,
    Credit,
    Handling,
    InformationOfficer,
    Instruction,
    OpinionIssue,
    OpinionReport,
    OpinionSettings,
    PartyContact,
    PointRule,
    Recipient,
    Sending,
)
from lvzhi.org.choices import Level, MembershipStatus
from lvzhi.org.models import Committee, Membership, Party, Unit

# --- Who may do what ---------------------------------------------------------------------------


def can_manage(user, committee) -> bool:
    """The information office: staff with the opinions permission, for a committee in scope."""
    committee_id = getattr(committee, "pk", committee)
    return bool(
        user
        and user.is_authenticated
        and user.has_module_perm(Permission.OPINIONS)
        and committee_id in committee_ids(user)
    )


def is_leader_for(user, committee) -> bool:
    committee_id = getattr(committee, "pk", committee)
    return bool(user and user.is_authenticated and user.has_role(Role.LEADER) and committee_id in committee_ids(user))


def _manages(user, report) -> bool:
    return can_manage(user, report.committee_id)


def _manages_or_leads(user, report) -> bool:
    return _manages(user, report) or is_leader_for(user, report.committee_id)


def _is_creator(user, report) -> bool:
    return bool(user and user.is_authenticated and report.created_by_id == user.pk)


def _content_ok(report):
    limits = settings_for(report.committee)
    if len(report.content) > limits.max_length:
        return _("内容超过 %(n)s 字的上限，请精简后再提交。") % {"n": limits.max_length}
    if not report.title.strip() or not report.content.strip():
        return _("标题和内容不能为空。")
    return None


def _can_forward(report):
    if report.committee.parent_id is None:
        return _("本委员会没有上级政协，不能上报。")
    if report.source_id is not None and report.committee.level == Level.PROVINCE:
        return _("不能再上报。")
    if report.forwards.exists():
        return _("已向上级政协报送过。")
    return None


R = OpinionState
_LIVE = [R.PUBLISHED, R.SENT, R.CLOSED]


def _stay(action, states, allowed, label, precondition=None):
    """Rules for actions that record something without moving the item on."""
    return [Rule(action, [s], s, allowed, precondition, label) for s in states]


REPORT_FLOW = Workflow(
    rules=[
        Rule("submit", [R.DRAFT], R.SUBMITTED, _is_creator, _content_ok, gettext_lazy("提交")),
        Rule("accept", [R.SUBMITTED], R.ACCEPTED, _manages, None, gettext_lazy("采用编辑")),
        Rule("reject", [R.SUBMITTED, R.ACCEPTED], R.REJECTED, _manages, None, gettext_lazy("不采用")),
        Rule("return", [R.SUBMITTED, R.ACCEPTED], R.DRAFT, _manages, None, gettext_lazy("退回修改")),
        Rule("edit", [R.ACCEPTED], R.ACCEPTED, _manages, None, gettext_lazy("编辑")),
        Rule("combine", [R.ACCEPTED], R.ACCEPTED, _manages, None, gettext_lazy("合并")),
        Rule("merge", [R.SUBMITTED, R.ACCEPTED], R.COMBINED, _manages, None, gettext_lazy("并入")),
        Rule("publish", [R.ACCEPTED], R.PUBLISHED, _manages, None, gettext_lazy("编发")),
        Rule("send", [R.PUBLISHED, R.SENT], R.SENT, _manages, None, gettext_lazy("报送")),
        *_stay("forward", [R.ACCEPTED, *_LIVE], _manages, gettext_lazy("上报上级政协"), _can_forward),
        *_stay("instruct", _LIVE, _manages_or_leads, gettext_lazy("登记批示")),
        *_stay("adopt", _LIVE, _manages, gettext_lazy("登记采用")),
        *_stay("handle", _LIVE, _manages, gettext_lazy("登记落实情况")),
        Rule("feedback", [R.PUBLISHED, R.SENT], R.CLOSED, _manages, None, gettext_lazy("反馈")),
    ]
)

ACTION_LABELS = {
    "create": gettext_lazy("起草"),
    "receive": gettext_lazy("收到下级政协上报"),
    **{action: rules[0].label for action, rules in REPORT_FLOW.rules.items()},
}


def _perform(report, action, *, actor, note="", apply=None):
    """One step of the flow and the duty ledger's upkeep, in one transaction."""
    with transaction.atomic():
        row = REPORT_FLOW.perform(report, action, actor=actor, note=note, apply=apply)
        duty.sync(report)
    return row


def _log(report, action, *, actor, source="", note=""):
    """A timeline row for what is not a rule of the flow (creation, receipt of a forward)."""
    from django.contrib.contenttypes.models import ContentType

    Transition.objects.create(
        content_type=ContentType.objects.get_for_model(report),
        object_id=report.pk,
        committee_id=report.committee_id,
        action=action,
        from_state=source,
        to_state=report.state,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
    )


# --- Configuration -----------------------------------------------------------------------------


def settings_for(committee) -> OpinionSettings:
    committee_id = getattr(committee, "pk", committee)
    found = OpinionSettings.objects.filter(committee_id=committee_id).first()
    return found or OpinionSettings(committee_id=committee_id)


def categories_for(committee) -> list[str]:
    committee_id = getattr(committee, "pk", committee)
    own = list(Category.objects.filter(committee_id=committee_id, is_active=True).values_list("name", flat=True))
    return own or list(DEFAULT_CATEGORIES)


def points_for(committee) -> dict[str, int]:
    committee_id = getattr(committee, "pk", committee)
    own = dict(PointRule.objects.filter(committee_id=committee_id).values_list("event", "points"))
    return {**DEFAULT_POINTS, **own}


def _require_manage(actor, committee):
    if not can_manage(actor, committee):
        raise Forbidden()


def _positive(value, field, errors, *, low=1, high=100_000):
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = [_("应为整数。")]
        return None
    if not low <= number <= high:
        errors[field] = [_("应在 %(a)s 到 %(b)s 之间。") % {"a": low, "b": high}]
        return None
    return number


def save_settings(*, actor, committee, warn_length, max_length, feedback_days) -> OpinionSettings:
    _require_manage(actor, committee)
    errors: dict = {}
    warn = _positive(warn_length, "warn_length", errors, low=100, high=50_000)
    hard = _positive(max_length, "max_length", errors, low=100, high=50_000)
    days = _positive(feedback_days, "feedback_days", errors, low=1, high=365)
    if warn and hard and hard < warn:
        errors["max_length"] = [_("字数上限不能小于提示线。")]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        current = settings_for(committee)
        before = audit.snapshot(current) if current.pk else None
        current.warn_length, current.max_length, current.feedback_days = warn, hard, days
        current.save()
        audit.record("opinions.settings", actor=actor, obj=current, before=before, after=audit.snapshot(current))
    return current


def set_points(*, actor, committee, points: dict) -> dict[str, int]:
    """Replace the committee's points table (events not given keep the default)."""
    _require_manage(actor, committee)
    errors: dict = {}
    cleaned = {}
    for event, value in (points or {}).items():
        if event not in PointEvent.values:
            errors[str(event)] = [_("未知的积分事项。")]
            continue
        number = _positive(value, str(event), errors, low=0, high=1000)
        if number is not None:
            cleaned[event] = number
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        before = points_for(committee)
        for event, value in cleaned.items():
            PointRule.objects.update_or_create(committee=committee, event=event, defaults={"points": value})
        after = points_for(committee)
        audit.record("opinions.points", actor=actor, committee=committee, object_type="opinions.pointrule",
                     before=before, after=after)  # fmt: skip
    return after


def _clean_name(value, field, errors, limit):
    text = str(value or "").strip()
    if not text:
        errors[field] = [_("必填。")]
    elif len(text) > limit:
        errors[field] = [_("不能超过 %(n)s 个字符。") % {"n": limit}]
    elif "\x00" in text:
        errors[field] = [_("不能包含空字符。")]
    return text


def create_recipient(*, actor, committee, name, level, sort=0) -> Recipient:
    _require_manage(actor, committee)
    errors: dict = {}
    name = _clean_name(name, "name", errors, 100)
    if level not in RecipientLevel.values:
        errors["level"] = [_("请选择层级。")]
    if not errors and Recipient.objects.filter(committee=committee, name=name).exists():
        errors["name"] = [_("已有同名的报送对象。")]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        recipient = Recipient.objects.create(committee=committee, name=name, level=level, sort=int(sort or 0))
        audit.record("opinions.recipient.create", actor=actor, obj=recipient, after=audit.snapshot(recipient))
    return recipient


def set_recipient_active(*, actor, recipient, active: bool) -> Recipient:
    _require_manage(actor, recipient.committee_id)
    with transaction.atomic():
        before = audit.snapshot(recipient)
        recipient.is_active = bool(active)
        recipient.save(update_fields=["is_active"])
        audit.record("opinions.recipient.update", actor=actor, obj=recipient, before=before,
                     after=audit.snapshot(recipient))  # fmt: skip
    return recipient


def seed_default_recipients(*, actor, committee) -> list[Recipient]:
    """The usual recipients, for a committee whose list is still empty."""
    _require_manage(actor, committee)
    if Recipient.objects.filter(committee=committee).exists():
        return []
    prefix = committee.short_name[-1:] if committee.level == Level.COUNTY else "市"
    created = []
    for sort, (name, level) in enumerate(DEFAULT_RECIPIENTS):
        if committee.level == Level.COUNTY and name.startswith("市"):
            name = prefix + name[1:]
        created.append(create_recipient(actor=actor, committee=committee, name=name, level=level, sort=sort))
    return created


def create_category(*, actor, committee, name, sort=0) -> Category:
    _require_manage(actor, committee)
    errors: dict = {}
    name = _clean_name(name, "name", errors, 50)
    if not errors and Category.objects.filter(committee=committee, name=name).exists():
        errors["name"] = [_("已有同名的类别。")]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        if not Category.objects.filter(committee=committee).exists():
            # the first own category: start from the defaults so that none silently disappears
            Category.objects.bulk_create(
                [Category(committee=committee, name=n, sort=i) for i, n in enumerate(DEFAULT_CATEGORIES) if n != name]
            )
        category = Category.objects.create(committee=committee, name=name, sort=int(sort or 100))
        audit.record("opinions.category.create", actor=actor, obj=category, after=audit.snapshot(category))
    return category


def seed_default_categories(*, actor, committee) -> list[Category]:
    """The committee's own list, started from the defaults (so that they can be renamed or
    deactivated one by one)."""
    _require_manage(actor, committee)
    if Category.objects.filter(committee=committee).exists():
        return list(Category.objects.filter(committee=committee))
    with transaction.atomic():
        rows = Category.objects.bulk_create(
            [Category(committee=committee, name=n, sort=i) for i, n in enumerate(DEFAULT_CATEGORIES)]
        )
        audit.record("opinions.category.seed", actor=actor, committee=committee, object_type="opinions.category",
                     after={"names": list(DEFAULT_CATEGORIES)})  # fmt: skip
    return rows


def update_category(*, actor, category, name=None, sort=None, is_active=None) -> Category:
    """Rename, reorder, deactivate or reactivate a category. Reports keep the name they were filed
    under; at least one category stays active."""
    _require_manage(actor, category.committee_id)
    errors: dict = {}
    if name is not None:
        name = _clean_name(name, "name", errors, 50)
        clash = Category.objects.filter(committee_id=category.committee_id, name=name).exclude(pk=category.pk)
        if not errors and clash.exists():
            errors["name"] = [_("已有同名的类别。")]
    if sort not in (None, ""):
        sort = _positive(sort, "sort", errors, low=0, high=10_000)
    if is_active is False and category.is_active:
        others = Category.objects.filter(committee_id=category.committee_id, is_active=True).exclude(pk=category.pk)
        if not others.exists():
            errors["is_active"] = [_("至少保留一个启用的类别。")]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        before = audit.snapshot(category)
        if name is not None:
            category.name = name
        if sort not in (None, ""):
            category.sort = sort
        if is_active is not None:
            category.is_active = bool(is_active)
        category.save()
        audit.record("opinions.category.update", actor=actor, obj=category, before=before,
                     after=audit.snapshot(category))  # fmt: skip
    return category


def update_recipient(*, actor, recipient, name=None, level=None, sort=None, is_active=None) -> Recipient:
    _require_manage(actor, recipient.committee_id)
    errors: dict = {}
    if name is not None:
        name = _clean_name(name, "name", errors, 100)
        clash = Recipient.objects.filter(committee_id=recipient.committee_id, name=name).exclude(pk=recipient.pk)
        if not errors and clash.exists():
            errors["name"] = [_("已有同名的报送对象。")]
    if level is not None and level not in RecipientLevel.values:
        errors["level"] = [_("请选择层级。")]
    if sort not in (None, ""):
        sort = _positive(sort, "sort", errors, low=0, high=10_000)
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        before = audit.snapshot(recipient)
        for field, value in (("name", name), ("level", level), ("sort", sort)):
            if value not in (None, ""):
                setattr(recipient, field, value)
        if is_active is not None:
            recipient.is_active = bool(is_active)
        recipient.save()
        audit.record("opinions.recipient.update", actor=actor, obj=recipient, before=before,
                     after=audit.snapshot(recipient))  # fmt: skip
    return recipient


def update_officer(*, actor, officer, name=None, workplace=None, party=..., is_active=None) -> InformationOfficer:
    """Correct an information officer's name, workplace or organisation, or end (and renew) the
    appointment: a former officer no longer submits, and keeps the credit of what was submitted."""
    _require_manage(actor, officer.committee_id)
    errors: dict = {}
    if name is not None:
        name = _clean_name(name, "name", errors, 50)
    if workplace is not None:
        workplace = str(workplace).strip()
        if len(workplace) > 200:
            errors["workplace"] = [_("不能超过 %(n)s 个字符。") % {"n": 200}]
    if party is not ... and party is not None and party.committee_id != officer.committee_id:
        errors["party"] = [_("请选择本委员会的参加单位。")]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        before = audit.snapshot(officer)
        if name is not None:
            officer.name = name
        if workplace is not None:
            officer.workplace = workplace
        if party is not ...:
            officer.party = party
        if is_active is not None:
            officer.is_active = bool(is_active)
        officer.save()
        audit.record("opinions.officer.update", actor=actor, obj=officer, before=before,
                     after=audit.snapshot(officer))  # fmt: skip
    forget_capacities(officer.user)
    return officer


def update_contact(*, actor, contact, party=None, user=None, is_active=None) -> PartyContact:
    """Change the organisation or account of a contact person, or deactivate (reactivate) them."""
    _require_manage(actor, contact.committee_id)
    errors: dict = {}
    party = party or contact.party
    user = user or contact.user
    if party.committee_id != contact.committee_id:
        errors["party"] = [_("请选择本委员会的参加单位。")]
    if user.committee_id != contact.committee_id or user.is_admin_role:
        errors["user"] = [_("请选择本委员会的账号。")]
    elif PartyContact.objects.filter(party=party, user=user).exclude(pk=contact.pk).exists():
        errors["user"] = [_("该账号已是此单位的联络人。")]
    if errors:
        raise Invalid(errors=errors)
    old_user = contact.user
    with transaction.atomic():
        before = audit.snapshot(contact)
        contact.party, contact.user = party, user
        if is_active is not None:
            contact.is_active = bool(is_active)
        contact.save()
        audit.record("opinions.contact.update", actor=actor, obj=contact, before=before,
                     after=audit.snapshot(contact))  # fmt: skip
    for account in (old_user, user):
        forget_capacities(account)
    return contact


def appoint_officer(*, actor, committee, user, name, workplace="", party=None, appointed_on=None):
    """特邀信息员: any account of the committee (not necessarily a member's) may hold the role."""
    _require_manage(actor, committee)
    errors: dict = {}
    name = _clean_name(name, "name", errors, 50)
    if user is None or getattr(user, "committee_id", None) != committee.pk or user.is_admin_role:
        errors["user"] = [_("请选择本委员会的账号。")]
    elif InformationOfficer.objects.filter(committee=committee, user=user).exists():
        errors["user"] = [_("该账号已是特邀信息员。")]
    if party is not None and party.committee_id != committee.pk:
        errors["party"] = [_("请选择本委员会的参加单位。")]
    if len(workplace or "") > 200:
        errors["workplace"] = [_("不能超过 %(n)s 个字符。") % {"n": 200}]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        officer = InformationOfficer.objects.create(
            committee=committee,
            user=user,
            name=name,
            workplace=workplace or "",
            party=party,
            appointed_on=appointed_on or timezone.localdate(),
        )
        audit.record("opinions.officer.create", actor=actor, obj=officer, after=audit.snapshot(officer))
    forget_capacities(user)
    return officer


def add_party_contact(*, actor, committee, party, user) -> PartyContact:
    _require_manage(actor, committee)
    errors: dict = {}
    if party is None or party.committee_id != committee.pk:
        errors["party"] = [_("请选择本委员会的参加单位。")]
    if user is None or user.committee_id != committee.pk or user.is_admin_role:
        errors["user"] = [_("请选择本委员会的账号。")]
    elif party is not None and PartyContact.objects.filter(party=party, user=user).exists():
        errors["user"] = [_("该账号已是此单位的联络人。")]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        contact = PartyContact.objects.create(committee=committee, party=party, user=user)
        audit.record("opinions.contact.create", actor=actor, obj=contact, after=audit.snapshot(contact))
    forget_capacities(user)
    return contact


# --- Submitters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """One way a user may submit: as a member, for an organisation, or as an information officer."""

    code: str  # "member", "party:<id>", "officer:<id>"
    kind: str
    committee: Committee
    label: str
    name: str
    member: object = None
    party: object = None
    officer: object = None


def _member_party(member_id, committee_id):
    seat = (
        Membership.objects.filter(member_id=member_id, committee_id=committee_id, status=MembershipStatus.ACTIVE)
        .select_related("party")
        .order_by("-term__number")
        .first()
    )
    return seat.party if seat else None


CAPACITIES_CACHE = "_lvzhi_opinion_capacities"


def forget_capacities(user) -> None:
    """Drop what `capacities` and `can_submit` cached on this user object."""
    user.__dict__.pop(CAPACITIES_CACHE, None)
    user.__dict__.pop("_lvzhi_can_submit", None)


def can_submit(user) -> bool:
    """Whether the user may submit reports in some capacity: the menu's cheap yes/no (no query for
    a member; one for anyone else), where `capacities` builds every capacity for the form."""
    if not getattr(user, "is_authenticated", False) or user.is_admin_role:
        return False
    if user.member_id and user.committee_id and user.has_role(Role.MEMBER):
        return True
    cached = getattr(user, CAPACITIES_CACHE, None)
    if cached is not None:
        return bool(cached)
    if not hasattr(user, "_lvzhi_can_submit"):
        user._lvzhi_can_submit = (
            InformationOfficer.objects.filter(user=user, is_active=True).exists()
            or PartyContact.objects.filter(user=user, is_active=True).exists()
        )
    return user._lvzhi_can_submit


def capacities(user) -> list[Capacity]:
    """The capacities in which this user may submit reports (cached on the user object, since the
    menu asks on every page)."""
    if not getattr(user, "is_authenticated", False) or user.is_admin_role:
        return []
    cached = getattr(user, CAPACITIES_CACHE, None)
    if cached is not None:
        return list(cached)
    found = []
    if user.member_id and user.has_role(Role.MEMBER) and user.committee_id:
        member = user.member
        found.append(
            Capacity(
                "member",
                SubmitterKind.MEMBER,
                user.committee,
                _("委员 %(name)s") % {"name": member.name},
                member.name,
                member=member,
                party=_member_party(member.pk, user.committee_id),
            )
        )
    for officer in InformationOfficer.objects.filter(user=user, is_active=True).select_related("committee", "party"):
        found.append(
            Capacity(
                f"officer:{officer.pk}",
                SubmitterKind.OFFICER,
                officer.committee,
                _("特邀信息员 %(name)s（%(c)s）") % {"name": officer.name, "c": officer.committee.short_name},
                officer.name,
                officer=officer,
                party=officer.party,
            )
        )
    for contact in PartyContact.objects.filter(user=user, is_active=True).select_related("committee", "party"):
        found.append(
            Capacity(
                f"party:{contact.party_id}",
                SubmitterKind.ORGANISATION,
                contact.committee,
                _("%(party)s（联络人报送）") % {"party": contact.party.name},
                contact.party.name,
                party=contact.party,
            )
        )
    setattr(user, CAPACITIES_CACHE, tuple(found))
    return found


def _credit_for(report, capacity: Capacity, user) -> Credit:
    key = {
        SubmitterKind.MEMBER: f"member:{capacity.member.pk if capacity.member else 0}",
        SubmitterKind.OFFICER: f"officer:{capacity.officer.pk if capacity.officer else 0}",
        SubmitterKind.ORGANISATION: f"party:{capacity.party.pk if capacity.party else 0}",
    }[capacity.kind]
    return Credit(
        report=report,
        committee_id=report.committee_id,
        kind=capacity.kind,
        key=key,
        name=capacity.name[:100],
        member=capacity.member,
        party=capacity.party,
        officer=capacity.officer,
        user=user if capacity.kind != SubmitterKind.ORGANISATION else user,
    )


# --- Content -----------------------------------------------------------------------------------

TEXT_FIELDS = ("title", "category", "content", "suggestions", "area", "urgency")


def clean_content(committee, data: dict, *, base: dict | None = None) -> dict:
    """The cleaned text fields of a report, or Invalid naming every bad field."""
    merged = {**(base or {}), **{k: v for k, v in (data or {}).items() if k in TEXT_FIELDS}}
    limits = settings_for(committee)
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for field in TEXT_FIELDS:
        value = merged.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[field] = [_("应为文字。")]
            continue
        if "\x00" in value:
            errors[field] = [_("不能包含空字符。")]
            continue
        cleaned[field] = value.strip() if field in ("title", "category", "area", "urgency") else value.strip("\n ")
    if errors:
        raise Invalid(errors=errors)
    if not cleaned["title"]:
        errors["title"] = [_("请填写标题。")]
    elif len(cleaned["title"]) > 200:
        errors["title"] = [_("标题不能超过 %(n)s 个字。") % {"n": 200}]
    if cleaned["category"] not in categories_for(committee):
        errors["category"] = [_("类别应为以下之一：%(v)s。") % {"v": "、".join(categories_for(committee))}]
    if not cleaned["content"].strip():
        errors["content"] = [_("请填写内容（一事一报）。")]
    elif len(cleaned["content"]) > limits.max_length:
        errors["content"] = [
            _("内容 %(n)s 字，超过 %(max)s 字的上限。") % {"n": len(cleaned["content"]), "max": limits.max_length}
        ]
    if len(cleaned["suggestions"]) > limits.max_length:
        errors["suggestions"] = [_("建议不能超过 %(max)s 字。") % {"max": limits.max_length}]
    if len(cleaned["area"]) > 100:
        errors["area"] = [_("不能超过 %(n)s 个字符。") % {"n": 100}]
    cleaned["urgency"] = cleaned["urgency"] or OpinionUrgency.NORMAL
    if cleaned["urgency"] not in OpinionUrgency.values:
        errors["urgency"] = [_("紧急程度应为以下之一：%(v)s。") % {"v": "、".join(OpinionUrgency.values)}]
    if errors:
        raise Invalid(errors=errors)
    return cleaned


def length_warning(committee, content: str) -> str | None:
    limits = settings_for(committee)
    if len(content or "") > limits.warn_length:
        return _("内容 %(n)s 字，超过建议的 %(w)s 字：社情民意信息宜短小精悍、一事一报。") % {
            "n": len(content),
            "w": limits.warn_length,
        }
    return None


def _office_users(committee_id):
    from lvzhi.accounts.models import User

    return list(
        User.objects.filter(
            committee_id=committee_id, is_active=True, roles__role=Role.STAFF, grants__permission=Permission.OPINIONS
        ).distinct()
    )


def _people_of(report) -> list:
    """Who is told about an item: everyone credited, whoever wrote it, and — for an item received
    from a county — the county's own submitters too."""
    users = {c.user for c in report.credits.select_related("user") if c.user_id}
    author = report.created_by if report.submitter_kind != SubmitterKind.COMMITTEE else None
    if author is not None and not users and not can_manage(author, report.committee_id):  # not a paper entry
        users.add(author)
    if report.source_id:
        users |= {c.user for c in report.source.credits.select_related("user") if c.user_id}
    return [u for u in users if u is not None]


def _tell(report, title, body=""):
    notify(
        _people_of(report),
        title=title,
        body=body,
        url=reverse("opinions:detail", args=[report.pk]),
        committee=report.committee,
    )


def _attach(actor, report, uploads):
    for upload in uploads or ():
        add_attachment(actor=actor, report=report, upload=upload)


def create_report(*, actor, data: dict, capacity: str | None = None, submit=False, uploads=()) -> OpinionReport:
    """A new report in one of the actor's capacities (the first when none is named)."""
    options = capacities(actor)
    if not options:
        raise Forbidden(_("您没有报送社情民意信息的身份（委员、参加单位联络人或特邀信息员）。"))
    chosen = next((c for c in options if c.code == (capacity or options[0].code)), None)
    if chosen is None:
        raise Invalid(errors={"capacity": [_("请选择您的报送身份。")]})
    cleaned = clean_content(chosen.committee, data)
    with transaction.atomic():
        report = OpinionReport.objects.create(
            committee=chosen.committee, submitter_kind=chosen.kind, created_by=actor, **cleaned
        )
        _credit_for(report, chosen, actor).save()
        _attach(actor, report, uploads)
        _log(report, "create", actor=actor)
        audit.record("opinions.report.create", actor=actor, obj=report, after=audit.snapshot(report))
        if submit:
            submit_report(actor=actor, report=report)
    return report


def _received_at(value, errors):
    """When a paper report reached the office (a date, not in the future), as a moment; now by default."""
    day = _date(value, "received_on", errors, default=timezone.localdate())
    if day is None:
        return None
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _submitter_of(committee, kind, value, errors):
    """The credited submitter the office chose for a paper report: (Capacity, the account told)."""
    from lvzhi.accounts.models import User

    try:
        pk = int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        pk = None
    if kind == SubmitterKind.MEMBER:
        seat = (
            Membership.objects.filter(committee=committee, member_id=pk or 0, status=MembershipStatus.ACTIVE)
            .select_related("member", "party")
            .order_by("-term__number")
            .first()
        )
        if seat is None:
            errors["member"] = [_("请选择本委员会在职的委员。")]
            return None, None
        member = seat.member
        capacity = Capacity("member", kind, committee, member.name, member.name, member=member, party=seat.party)
        return capacity, User.objects.filter(member=member, is_active=True).first()
    if kind == SubmitterKind.ORGANISATION:
        party = Party.objects.filter(committee=committee, pk=pk or 0, is_active=True).first()
        if party is None:
            errors["party"] = [_("请选择本委员会的参加单位。")]
            return None, None
        contact = PartyContact.objects.filter(party=party, is_active=True).select_related("user").first()
        capacity = Capacity(f"party:{party.pk}", kind, committee, party.name, party.name, party=party)
        return capacity, contact.user if contact else None
    if kind == SubmitterKind.OFFICER:
        officer = (
            InformationOfficer.objects.filter(committee=committee, pk=pk or 0, is_active=True)
            .select_related("user", "party")
            .first()
        )
        if officer is None:
            errors["officer"] = [_("请选择本委员会在聘的特邀信息员。")]
            return None, None
        capacity = Capacity(
            f"officer:{officer.pk}", kind, committee, officer.name, officer.name, officer=officer, party=officer.party
        )
        return capacity, officer.user
    errors["submitter_kind"] = [_("报送方应为委员（member）、参加单位（organisation）或特邀信息员（officer）。")]
    return None, None


def enter_report(
    *, actor, committee, submitter_kind, submitter, data: dict, received_on=None, uploads=()
) -> OpinionReport:
    """A paper submission (纸质报送) entered by the information office on a submitter's behalf: the
    office chooses the member, organisation or information officer credited; the report is
    submitted at once (dated when it was received) and the credited submitter is told."""
    _require_manage(actor, committee)
    errors: dict = {}
    capacity, told = _submitter_of(committee, submitter_kind, submitter, errors)
    received = _received_at(received_on, errors)
    try:
        cleaned = clean_content(committee, data)
    except Invalid as exc:
        errors.update(exc.errors)
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        report = OpinionReport.objects.create(
            committee=committee, submitter_kind=capacity.kind, created_by=actor, **cleaned
        )
        credit = _credit_for(report, capacity, told)
        credit.save()
        for upload in uploads or ():
            add_attachment(actor=actor, report=report, upload=upload)
        note = _("信息办代为录入（纸质报送）：%(n)s") % {"n": capacity.name}
        _log(report, "create", actor=actor, note=note)
        audit.record("opinions.report.enter", actor=actor, obj=report, note=note,
                     after={**audit.snapshot(report), "credited": credit.key})  # fmt: skip

        def apply(obj):
            obj.original_title, obj.original_content, obj.original_suggestions = obj.title, obj.content, obj.suggestions
            obj.submitted_at = received

        _perform(report, "submit", actor=actor, note=note, apply=apply)
    if told is not None:
        notify(
            [told],
            title=_("信息办已代您录入社情民意信息：%(t)s") % {"t": report.title},
            url=reverse("opinions:detail", args=[report.pk]),
            committee=report.committee,
        )
    return report


def _proposal_category(committee, proposal) -> str:
    """The report category nearest the proposal's: the same name if the office uses it, else 其他."""
    names = categories_for(committee)
    wanted = proposal.category.name if proposal.category_id else ""
    if wanted in names:
        return wanted
    return "其他" if "其他" in names else names[0]


def _proposal_credits(report, proposal) -> list[Credit]:
    """An organisation's proposal is credited to the organisation; any other to its first proposer
    and co-proposers, each a member of the committee."""
    from lvzhi.accounts.models import User

    committee = report.committee
    if proposal.kind == "organisation" and proposal.party_id:
        party = proposal.party
        contact = PartyContact.objects.filter(party=party, is_active=True).select_related("user").first()
        capacity = Capacity(
            f"party:{party.pk}", SubmitterKind.ORGANISATION, committee, party.name, party.name, party=party
        )
        return [_credit_for(report, capacity, contact.user if contact else None)]
    members = [proposal.proposer, *(c.member for c in proposal.coproposers.select_related("member"))]
    credits, seen = [], set()
    for member in members:
        if member.pk in seen:
            continue
        seen.add(member.pk)
        capacity = Capacity(
            "member", SubmitterKind.MEMBER, committee, member.name, member.name,
            member=member, party=_member_party(member.pk, committee.pk),
        )  # fmt: skip
        credits.append(_credit_for(report, capacity, User.objects.filter(member=member, is_active=True).first()))
    return credits


def report_from_proposal(*, actor, proposal) -> OpinionReport:
    """转社情民意信息: the proposals office converted a proposal into a report. The report enters the
    information office's queue as submitted, credited to the proposal's proposer(s), with the
    proposal's title, situation and analysis, and suggestions, and linked to the proposal. Called
    by the proposals service inside its transaction, after the conversion it has checked."""
    if proposal.state != "converted" or proposal.converted_target != "opinion":
        raise IllegalTransition(_("只有转社情民意信息的提案才能生成社情民意信息。"))
    if OpinionReport.objects.filter(from_proposal=proposal).exists():
        raise IllegalTransition(_("这件提案已转为社情民意信息。"))
    committee = proposal.committee
    content = "\n\n".join(part.strip("\n ") for part in (proposal.situation, proposal.analysis) if part.strip())
    limits = settings_for(committee)
    errors = {}
    if len(content) > limits.max_length or len(proposal.suggestions) > limits.max_length:
        errors["target"] = [
            _("提案内容超过社情民意信息 %(n)s 字的上限，请精简后再转，或转为意见建议。") % {"n": limits.max_length}
        ]
    if errors:
        raise Invalid(errors=errors)
    kind = SubmitterKind.ORGANISATION if proposal.kind == "organisation" and proposal.party_id else SubmitterKind.MEMBER
    note = _("由提案转来：%(t)s") % {"t": proposal.title}
    with transaction.atomic():
        report = OpinionReport.objects.create(
            committee=committee,
            submitter_kind=kind,
            created_by=actor,
            from_proposal=proposal,
            title=proposal.title[:200],
            category=_proposal_category(committee, proposal),
            content=content,
            suggestions=proposal.suggestions.strip("\n "),
        )
        credits = _proposal_credits(report, proposal)
        Credit.objects.bulk_create(credits)
        _log(report, "create", actor=actor, note=note)
        audit.record("opinions.report.from_proposal", actor=actor, obj=report, note=note,
                     after={**audit.snapshot(report), "credited": [c.key for c in credits]})  # fmt: skip

        def apply(obj):
            obj.original_title, obj.original_content, obj.original_suggestions = obj.title, obj.content, obj.suggestions
            obj.submitted_at = timezone.now()

        _perform(report, "submit", actor=actor, note=note, apply=apply)
        notify(
            _office_users(report.committee_id),
            title=_("收到提案转来的社情民意信息：%(t)s") % {"t": report.title},
            url=reverse("opinions:detail", args=[report.pk]),
            committee=report.committee,
        )
    return report


MAX_ATTACHMENTS = 10


def can_attach(user, report) -> bool:
    """The office, while the item is alive; whoever wrote it, until the office takes it in hand."""
    if report.state == OpinionState.COMBINED:
        return False
    if can_manage(user, report.committee_id):
        return True
    return _is_creator(user, report) and report.state in (OpinionState.DRAFT, OpinionState.SUBMITTED)


def add_attachment(*, actor, report, upload):
    """A file on a report (pdf, docx, jpg …, checked from its content by the core store)."""
    if not can_attach(actor, report):
        raise Forbidden(_("此时不能为这条信息添加附件。"))
    if upload is None:
        raise Invalid(errors={"file": [_("请选择文件。")]})
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise Invalid(errors={"file": [_("每条信息最多 %(n)d 个附件。") % {"n": MAX_ATTACHMENTS}]})
    with transaction.atomic():
        attachment = store_attachment(actor=actor, committee=report.committee, upload=upload)
        report.attachments.add(attachment)
        audit.record("opinions.report.attach", actor=actor, obj=report,
                     after={"attachment": attachment.pk, "name": attachment.name})  # fmt: skip
    return attachment


def remove_attachment(*, actor, report, attachment_id):
    if not can_attach(actor, report):
        raise Forbidden(_("此时不能删除这条信息的附件。"))
    attachment = report.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Invalid(errors={"file": [_("这条信息没有这个附件。")]})
    with transaction.atomic():
        report.attachments.remove(attachment)
        audit.record("opinions.report.detach", actor=actor, obj=report,
                     before={"attachment": attachment.pk, "name": attachment.name})  # fmt: skip


def file_of(report, attachment_id):
    """An attachment of this report (the caller has checked that the user may see the report)."""
    try:
        return report.attachments.filter(pk=int(attachment_id)).first()
    except (TypeError, ValueError):
        return None


def update_draft(*, actor, report, data: dict, uploads=()) -> OpinionReport:
    if not _is_creator(actor, report):
        raise Forbidden()
    if report.state != OpinionState.DRAFT:
        raise IllegalTransition(_("只有草稿可以修改；已提交的信息由信息办编辑。"))
    cleaned = clean_content(report.committee, data, base={f: getattr(report, f) for f in TEXT_FIELDS})
    with transaction.atomic():
        before = audit.snapshot(report, TEXT_FIELDS)
        for field, value in cleaned.items():
            setattr(report, field, value)
        report.save()
        _attach(actor, report, uploads)
        audit.record("opinions.report.update", actor=actor, obj=report, before=before,
                     after=audit.snapshot(report, TEXT_FIELDS))  # fmt: skip
    return report


def submit_report(*, actor, report) -> OpinionReport:
    def apply(obj):
        obj.original_title, obj.original_content, obj.original_suggestions = obj.title, obj.content, obj.suggestions
        obj.submitted_at = timezone.now()

    _perform(report, "submit", actor=actor, apply=apply)
    notify(
        _office_users(report.committee_id),
        title=_("收到社情民意信息：%(t)s") % {"t": report.title},
        url=reverse("opinions:detail", args=[report.pk]),
        committee=report.committee,
    )
    return report


def accept_report(*, actor, report) -> OpinionReport:
    def apply(obj):
        obj.accepted_at = timezone.now()

    _perform(report, "accept", actor=actor, apply=apply)
    _tell(report, _("您的社情民意信息已采用，正在编辑：%(t)s") % {"t": report.title})
    return report


def _required_text(value, field, limit=2000):
    text = str(value or "").strip()
    if not text:
        raise Invalid(errors={field: [_("必填。")]})
    if len(text) > limit:
        raise Invalid(errors={field: [_("不能超过 %(n)s 个字符。") % {"n": limit}]})
    if "\x00" in text:
        raise Invalid(errors={field: [_("不能包含空字符。")]})
    return text


def reject_report(*, actor, report, reason) -> OpinionReport:
    reason = _required_text(reason, "reason")

    def apply(obj):
        obj.rejected_at, obj.reject_reason = timezone.now(), reason

    _perform(report, "reject", actor=actor, note=reason, apply=apply)
    _tell(report, _("您的社情民意信息未被采用：%(t)s") % {"t": report.title}, reason)
    return report


def return_report(*, actor, report, note) -> OpinionReport:
    note = _required_text(note, "note")

    def apply(obj):
        obj.return_note = note
        obj.accepted_at = None

    _perform(report, "return", actor=actor, note=note, apply=apply)
    _tell(report, _("您的社情民意信息被退回修改：%(t)s") % {"t": report.title}, note)
    return report


def edit_report(*, actor, report, title, content, suggestions) -> OpinionReport:
    """The editor's version; the submitter's original stays beside it."""
    cleaned = clean_content(
        report.committee,
        {"title": title, "content": content, "suggestions": suggestions},
        base={f: getattr(report, f) for f in TEXT_FIELDS},
    )

    def apply(obj):
        obj.title, obj.content, obj.suggestions = cleaned["title"], cleaned["content"], cleaned["suggestions"]
        obj.edited_by, obj.edited_at = actor, timezone.now()

    before = audit.snapshot(report, ["title", "content", "suggestions"])
    with transaction.atomic():
        REPORT_FLOW.perform(report, "edit", actor=actor, apply=apply)
        audit.record("opinions.report.edit", actor=actor, obj=report, before=before,
                     after=audit.snapshot(report, ["title", "content", "suggestions"]))  # fmt: skip
    return report


def combine_reports(*, actor, report, others) -> OpinionReport:
    """Merge other reports into this item; every submitter of theirs is credited on it."""
    ids = []
    for value in others or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise Invalid(errors={"others": [_("请选择要合并的信息。")]}) from None
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise Invalid(errors={"others": [_("请选择要合并的信息。")]})
    if report.pk in ids:
        raise Invalid(errors={"others": [_("不能与自身合并。")]})
    REPORT_FLOW.rule_for(report, "combine")  # the state is checked before the input
    if not can_manage(actor, report.committee_id):
        raise Forbidden()
    found = {r.pk: r for r in OpinionReport.objects.filter(pk__in=ids, committee_id=report.committee_id)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid(errors={"others": [_("找不到本委员会的信息：%(ids)s。") % {"ids": missing}]})
    wrong = [r for r in found.values() if r.state not in (R.SUBMITTED, R.ACCEPTED)]
    if wrong:
        raise Invalid(
            errors={"others": [_("只能合并已提交或编辑中的信息：%(t)s。") % {"t": "、".join(r.title for r in wrong)}]}
        )
    with transaction.atomic():
        have = set(report.credits.values_list("key", flat=True))
        new_credits = []
        for other in found.values():
            REPORT_FLOW.perform(
                other, "merge", actor=actor, note=report.title, apply=lambda o: setattr(o, "combined_into", report)
            )
            for credit in other.credits.all():
                if credit.key not in have:
                    have.add(credit.key)
                    credit.pk, credit.report, credit.via_combine = None, report, True
                    new_credits.append(credit)
        Credit.objects.bulk_create(new_credits)
        titles = "；".join(r.title for r in found.values())
        REPORT_FLOW.perform(report, "combine", actor=actor, note=_("并入：%(t)s") % {"t": titles})
        duty.sync(report, *found.values())
    for other in found.values():
        _tell(other, _("您的社情民意信息已与其他信息合并编辑：%(t)s") % {"t": report.title})
    return report


def create_issue(*, actor, committee, kind=IssueKind.REGULAR, title="", issued_on=None) -> OpinionIssue:
    """A new issue; its number is the next of its kind in its year."""
    _require_manage(actor, committee)
    errors: dict = {}
    if kind not in IssueKind.values:
        errors["kind"] = [_("类别应为 regular（《社情民意》）或 special（专报）。")]
    title = str(title or "").strip()
    if len(title) > 200:
        errors["title"] = [_("不能超过 %(n)s 个字符。") % {"n": 200}]
    day = _date(issued_on, "issued_on", errors, default=timezone.localdate())
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        number = next_number(committee, f"opinions.issue.{kind}.{day.year}")
        issue = OpinionIssue.objects.create(
            committee=committee, kind=kind, year=day.year, number=number, title=title, issued_on=day, created_by=actor
        )
        audit.record("opinions.issue.create", actor=actor, obj=issue, after=audit.snapshot(issue))
    return issue


def _date(value, field, errors, *, default=None, not_future=True):
    if value in (None, ""):
        if default is None:
            errors[field] = [_("请填写日期。")]
        return default
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            errors[field] = [_("日期格式应为 YYYY-MM-DD。")]
            return None
    if not isinstance(value, datetime.date):
        errors[field] = [_("日期格式应为 YYYY-MM-DD。")]
        return None
    if not_future and value > timezone.localdate():
        errors[field] = [_("日期不能晚于今天。")]
        return None
    if value.year < 2000:
        errors[field] = [_("日期不能早于 2000 年。")]
        return None
    return value


def publish_report(*, actor, report, issue) -> OpinionReport:
    REPORT_FLOW.rule_for(report, "publish")
    if issue is None or issue.committee_id != report.committee_id:
        raise Invalid(errors={"issue": [_("请选择本委员会的期刊。")]})

    def apply(obj):
        last = OpinionReport.objects.filter(issue=issue).aggregate(n=Max("issue_order"))["n"] or 0
        obj.issue, obj.issue_order, obj.published_at = issue, last + 1, timezone.now()

    with transaction.atomic():
        REPORT_FLOW.perform(report, "publish", actor=actor, note=issue.label, apply=apply)
        if report.source_id:
            # the county's item, taken into the city's bulletin: adopted by the higher committee
            level = AdoptionLevel.PROVINCIAL if report.committee.level == Level.PROVINCE else AdoptionLevel.CITY
            adoption = Adoption.objects.create(
                report_id=report.source_id,
                committee_id=report.source.committee_id,
                level=level,
                body=report.committee.name,
                reference=issue.label,
                adopted_on=timezone.localdate(),
                recorded_by=actor,
            )
            _log(report.source, "adopt", actor=actor, source=report.source.state,
                 note=_("%(c)s采用：%(i)s") % {"c": report.committee.name, "i": issue.label})  # fmt: skip
            audit.record("opinions.adoption.create", actor=actor, obj=adoption.report, after=audit.snapshot(adoption))
            duty.sync(adoption)
        duty.sync(report)
    _tell(report, _("您的社情民意信息已编发：%(i)s") % {"i": issue.label})
    return report


def send_report(*, actor, report, recipients, date=None) -> OpinionReport:
    REPORT_FLOW.rule_for(report, "send")
    if not can_manage(actor, report.committee_id):
        raise Forbidden()
    errors: dict = {}
    ids = []
    for value in recipients or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            errors["recipients"] = [_("请选择报送对象。")]
    day = _date(date, "date", errors, default=timezone.localdate())
    if not ids and "recipients" not in errors:
        errors["recipients"] = [_("请至少选择一个报送对象。")]
    chosen = list(Recipient.objects.filter(committee_id=report.committee_id, is_active=True, pk__in=ids))
    if ids and len(chosen) != len(set(ids)):
        errors["recipients"] = [_("请从本委员会的报送对象名单中选择。")]
    if day and report.published_at and day < timezone.localtime(report.published_at).date():
        errors["date"] = [_("报送日期不能早于编发日期。")]
    already = set(report.sendings.values_list("recipient_id", flat=True))
    fresh = [r for r in chosen if r.pk not in already]
    if chosen and not fresh and "recipients" not in errors:
        errors["recipients"] = [_("已向所选对象报送过。")]
    if errors:
        raise Invalid(errors=errors)
    names = "、".join(r.name for r in fresh)

    def apply(obj):
        obj.sent_on = obj.sent_on or day

    with transaction.atomic():
        REPORT_FLOW.perform(report, "send", actor=actor, note=f"{day:%Y-%m-%d} {names}", apply=apply)
        Sending.objects.bulk_create(
            [
                Sending(report=report, committee_id=report.committee_id, recipient=r, sent_on=day, created_by=actor)
                for r in fresh
            ]  # fmt: skip
        )
        duty.sync(report)
    _tell(report, _("您的社情民意信息已报送%(n)s").replace("%(n)s", names))
    return report


def forward_report(*, actor, report) -> OpinionReport:
    """A county office sends an item up: the city receives it as a submission from that county.
    Returns the city's copy."""
    with transaction.atomic():
        REPORT_FLOW.perform(report, "forward", actor=actor, note=report.committee.parent.name)
        copy = OpinionReport.objects.create(
            committee_id=report.committee.parent_id,
            submitter_kind=SubmitterKind.COMMITTEE,
            title=report.title,
            category=report.category if report.category in categories_for(report.committee.parent_id) else "其他",
            content=report.content,
            suggestions=report.suggestions,
            area=report.area or report.committee.short_name,
            urgency=report.urgency,
            original_title=report.title,
            original_content=report.content,
            original_suggestions=report.suggestions,
            state=OpinionState.SUBMITTED,
            created_by=actor,
            submitted_at=timezone.now(),
            source=report,
        )
        copy.attachments.set(report.attachments.all())
        Credit.objects.create(
            report=copy,
            committee_id=copy.committee_id,
            kind=SubmitterKind.COMMITTEE,
            key=f"committee:{report.committee_id}",
            name=report.committee.name,
            source_committee_id=report.committee_id,
        )
        _log(copy, "receive", actor=actor, note=_("由%(c)s上报") % {"c": report.committee.name})
        audit.record("opinions.report.forward", actor=actor, obj=copy, after=audit.snapshot(copy))
        duty.sync(copy)
    notify(
        _office_users(copy.committee_id),
        title=_("%(c)s上报社情民意信息：%(t)s") % {"c": report.committee.name, "t": report.title},
        url=reverse("opinions:detail", args=[copy.pk]),
        committee=copy.committee,
    )
    return copy


def _text(value, field, errors, limit, *, required=True):
    text = str(value or "").strip() if isinstance(value, (str, type(None))) else None
    if text is None:
        errors[field] = [_("应为文字。")]
    elif required and not text:
        errors[field] = [_("必填。")]
    elif len(text) > limit:
        errors[field] = [_("不能超过 %(n)s 个字符。") % {"n": limit}]
    elif "\x00" in text:
        errors[field] = [_("不能包含空字符。")]
    return text or ""


def record_instruction(*, actor, report, leader, position, level, date, text) -> Instruction:
    REPORT_FLOW.rule_for(report, "instruct")
    errors: dict = {}
    leader = _text(leader, "leader", errors, 50)
    position = _text(position, "position", errors, 100)
    if level not in InstructionLevel.values:
        errors["level"] = [_("层级应为以下之一：%(v)s。") % {"v": "、".join(InstructionLevel.values)}]
    day = _date(date, "date", errors)
    text = _text(text, "text", errors, 5000)
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        REPORT_FLOW.perform(report, "instruct", actor=actor, note=f"{leader}（{position}）：{text}")
        instruction = Instruction.objects.create(
            report=report,
            committee_id=report.committee_id,
            leader=leader,
            position=position,
            level=level,
            given_on=day,
            text=text,
            recorded_by=actor,
        )
        audit.record("opinions.instruction.create", actor=actor, obj=report, after=audit.snapshot(instruction))
        duty.sync(instruction)
    _tell(report, _("您的社情民意信息获%(l)s%(p)s批示") % {"l": leader, "p": position}, text)
    return instruction


def _adoption_level(value):
    if value in AdoptionLevel.values:
        return value
    by_label = {str(label): v for v, label in AdoptionLevel.choices}
    return by_label.get(str(value or "").strip())


def record_adoption(*, actor, report, by, reference="", date=None, body="") -> Adoption:
    REPORT_FLOW.rule_for(report, "adopt")
    errors: dict = {}
    level = _adoption_level(by)
    if level is None:
        errors["by"] = [_("采用单位应为以下之一：%(v)s。") % {"v": "、".join(AdoptionLevel.values)}]
    reference = _text(reference, "reference", errors, 200, required=False)
    body = _text(body, "body", errors, 100, required=False)
    day = _date(date, "date", errors, default=timezone.localdate())
    if errors:
        raise Invalid(errors=errors)
    body = body or str(AdoptionLevel(level).label)
    with transaction.atomic():
        REPORT_FLOW.perform(report, "adopt", actor=actor, note=f"{body} {reference}".strip())
        adoption = Adoption.objects.create(
            report=report,
            committee_id=report.committee_id,
            level=level,
            body=body,
            reference=reference,
            adopted_on=day,
            recorded_by=actor,
        )
        audit.record("opinions.adoption.create", actor=actor, obj=report, after=audit.snapshot(adoption))
        duty.sync(adoption)
    _tell(report, _("您的社情民意信息被%(b)s采用") % {"b": body}, reference)
    return adoption


def record_handling(*, actor, report, result, unit=None, unit_name="", date=None) -> Handling:
    REPORT_FLOW.rule_for(report, "handle")
    errors: dict = {}
    found = None
    if unit not in (None, ""):
        try:
            found = Unit.objects.filter(committee_id=report.committee_id, pk=int(getattr(unit, "pk", unit))).first()
        except (TypeError, ValueError):
            found = None
        if found is None:
            errors["unit"] = [_("请选择本委员会的单位。")]
    unit_name = _text(unit_name or (found.name if found else ""), "unit_name", errors, 100)
    result = _text(result, "result", errors, 5000)
    day = _date(date, "date", errors, default=timezone.localdate())
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        REPORT_FLOW.perform(report, "handle", actor=actor, note=f"{unit_name}：{result}")
        handling = Handling.objects.create(
            report=report,
            committee_id=report.committee_id,
            unit=found,
            unit_name=unit_name,
            handled_on=day,
            result=result,
            recorded_by=actor,
        )
        audit.record("opinions.handling.create", actor=actor, obj=report, after=audit.snapshot(handling))
    _tell(report, _("您的社情民意信息有落实情况：%(u)s") % {"u": unit_name}, result)
    return handling


def give_feedback(*, actor, report, text) -> OpinionReport:
    text = _required_text(text, "text", 5000)

    def apply(obj):
        obj.feedback_text, obj.closed_at = text, timezone.now()

    _perform(report, "feedback", actor=actor, note=text, apply=apply)
    _tell(report, _("您的社情民意信息有反馈：%(t)s") % {"t": report.title}, text)
    return report


# --- Lookups shared by pages and API ------------------------------------------------------------


def get_report(user, pk) -> OpinionReport:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    report = (
        OpinionReport.objects.visible_to(user)
        .select_related("committee", "committee__parent", "issue", "source", "source__committee", "combined_into")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFound()
    return report


def visible_issues(user):
    if not reads_all(user):
        return OpinionIssue.objects.none()
    return OpinionIssue.objects.visible_to(user)


def reads_all(user) -> bool:
    from lvzhi.opinions.models import reads_all_in_scope

    return reads_all_in_scope(user)


def overdue_q(committee_ids_, today=None) -> Q:
    """Items sent (or published) longer ago than their committee's feedback period, not fed back."""
    today = today or timezone.localdate()
    days = dict(
        OpinionSettings.objects.filter(committee_id__in=committee_ids_).values_list("committee_id", "feedback_days")
    )
    default = OpinionSettings._meta.get_field("feedback_days").default
    condition = Q(pk__in=[])
    for committee_id in committee_ids_:
        limit = today - datetime.timedelta(days=days.get(committee_id, default))
        tz = timezone.get_current_timezone()
        cutoff = datetime.datetime.combine(limit, datetime.time.min, tzinfo=tz)
        condition |= Q(committee_id=committee_id) & (
            Q(state=R.SENT, sent_on__lt=limit) | Q(state=R.PUBLISHED, published_at__lt=cutoff)
        )
    return condition


def parties_for(committee):
    return Party.objects.filter(committee=committee, is_active=True)
