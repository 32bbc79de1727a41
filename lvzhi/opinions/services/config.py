"""Each committee's configuration: limits and feedback period, the points table, recipients,
categories, information officers and organisation contacts."""

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Invalid
from lvzhi.opinions.choices import (
    DEFAULT_CATEGORIES,
    DEFAULT_POINTS,
    DEFAULT_RECIPIENTS,
    PointEvent,
    RecipientLevel,
)
from lvzhi.opinions.models import (
    Category,
    InformationOfficer,
    OpinionSettings,
    PartyContact,
    PointRule,
    Recipient,
)
from lvzhi.opinions.services.access import _require_manage
from lvzhi.opinions.services.submitters import forget_capacities
from lvzhi.org.choices import Level


def settings_for(committee) -> OpinionSettings:
    """The committee's settings (defaults if it has none); no query when they were read with the
    committee (`select_related("committee__opinion_settings")`, as a report's page does)."""
    committee_id = getattr(committee, "pk", committee)
    read_with = OpinionSettings._meta.get_field("committee").remote_field
    if isinstance(committee, Model) and read_with.is_cached(committee):
        found = read_with.get_cached_value(committee)
    else:
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


def points_tables(committee_ids) -> dict[int, dict[str, int]]:
    """`points_for` of several committees, in one query."""
    tables = {cid: dict(DEFAULT_POINTS) for cid in committee_ids}
    rows = (
        PointRule.objects.filter(committee_id__in=list(tables))
        .order_by()
        .values_list("committee_id", "event", "points")
    )
    for committee_id, event, points in rows:
        tables[committee_id][event] = points
    return tables


def save_settings(*, actor, committee, warn_length, max_length, feedback_days) -> OpinionSettings:
    _require_manage(actor, committee)
    clean = Cleaner()
    errors = clean.errors
    warn = clean.integer("warn_length", value=warn_length, required=True, low=100, high=50_000)
    hard = clean.integer("max_length", value=max_length, required=True, low=100, high=50_000)
    days = clean.integer("feedback_days", value=feedback_days, required=True, low=1, high=365)
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
    clean = Cleaner()
    errors = clean.errors
    cleaned = {}
    for event, value in (points or {}).items():
        if event not in PointEvent.values:
            errors[str(event)] = [_("未知的积分事项。")]
            continue
        number = clean.integer(str(event), value=value, required=True, low=0, high=1000)
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


def configure(*, actor, committee, warn_length, max_length, feedback_days, points: dict) -> OpinionSettings:
    """The settings page's one save: limits and feedback period, and the points table, together."""
    with transaction.atomic():
        saved = save_settings(
            actor=actor,
            committee=committee,
            warn_length=warn_length,
            max_length=max_length,
            feedback_days=feedback_days,
        )
        set_points(actor=actor, committee=committee, points=points)
    return saved


def create_recipient(*, actor, committee, name, level, sort=0) -> Recipient:
    _require_manage(actor, committee)
    clean = Cleaner()
    errors = clean.errors
    name = clean.text("name", value=name, required=True, max_length=100)
    if level not in RecipientLevel.values:
        errors["level"] = [_("请选择层级。")]
    sort = clean.integer("sort", value=sort, low=0, high=10_000)  # as a category's
    if not errors and Recipient.objects.filter(committee=committee, name=name).exists():
        errors["name"] = [_("已有同名的报送对象。")]
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        recipient = Recipient.objects.create(committee=committee, name=name, level=level, sort=sort or 0)
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
    clean = Cleaner()
    errors = clean.errors
    name = clean.text("name", value=name, required=True, max_length=50)
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
    clean = Cleaner()
    errors = clean.errors
    if name is not None:
        name = clean.text("name", value=name, required=True, max_length=50)
        clash = Category.objects.filter(committee_id=category.committee_id, name=name).exclude(pk=category.pk)
        if not errors and clash.exists():
            errors["name"] = [_("已有同名的类别。")]
    if sort not in (None, ""):
        sort = clean.integer("sort", value=sort, required=True, low=0, high=10_000)
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
    clean = Cleaner()
    errors = clean.errors
    if name is not None:
        name = clean.text("name", value=name, required=True, max_length=100)
        clash = Recipient.objects.filter(committee_id=recipient.committee_id, name=name).exclude(pk=recipient.pk)
        if not errors and clash.exists():
            errors["name"] = [_("已有同名的报送对象。")]
    if level is not None and level not in RecipientLevel.values:
        errors["level"] = [_("请选择层级。")]
    if sort not in (None, ""):
        sort = clean.integer("sort", value=sort, required=True, low=0, high=10_000)
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
    clean = Cleaner()
    errors = clean.errors
    if name is not None:
        name = clean.text("name", value=name, required=True, max_length=50)
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
    clean = Cleaner()
    errors = clean.errors
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
    clean = Cleaner()
    errors = clean.errors
    name = clean.text("name", value=name, required=True, max_length=50)
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
    clean = Cleaner()
    errors = clean.errors
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
