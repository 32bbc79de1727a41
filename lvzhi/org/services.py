"""Every write to the organisation: members, memberships, committees, terms, sessions and the
per-committee lists. Each checks permission and input, writes in one transaction and audits."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import audit, permissions, pii, registry
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import as_id, birth_date_in_range, birth_date_range_message, date_in_range, date_range_message
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.org.choices import AffiliationKind, BranchKind, Gender, Level, MemberRole, MembershipStatus
from lvzhi.org.models import (
    Affiliation,
    Committee,
    Member,
    Membership,
    Party,
    PartyBranch,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
    Unit,
)

MEMBER_FIELDS = ("name", "gender", "ethnicity", "birth_date", "id_number", "mobile", "email", "workplace", "title")


def can_manage_org(user, committee) -> bool:
    """Staff with the members permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, Permission.MEMBERS)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, Permission.MEMBERS)


def can_view_pii(user) -> bool:
    return bool(user and user.is_authenticated and user.has_module_perm(Permission.VIEW_PII))


def pinyin_of(name: str) -> tuple[str, str]:
    """('zhangsan', 'zs') for 张三."""
    full = "".join(lazy_pinyin(name or "")).lower()
    initials = "".join(lazy_pinyin(name or "", style=Style.FIRST_LETTER)).lower()
    return full[:200], initials[:20]


def clean_member_data(data: dict, *, instance: Member | None = None) -> dict:
    """Validate and normalise a member's fields; raise Invalid with every problem at once."""
    errors: dict[str, list[str]] = {}
    cleaned = {k: data[k] for k in MEMBER_FIELDS if k in data}
    for key, value in list(cleaned.items()):
        if isinstance(value, str):
            cleaned[key] = value.strip()
    name = cleaned.get("name", instance.name if instance else "")
    if not name:
        errors["name"] = [_("请填写姓名。")]
    elif len(name) > 50:
        errors["name"] = [_("姓名不能超过 50 个字符。")]
    if cleaned.get("gender") and cleaned["gender"] not in Gender.values:
        errors["gender"] = [_("性别无效。")]
    if "id_number" in cleaned and cleaned["id_number"]:
        try:
            cleaned["id_number"] = pii.validate_id_number(cleaned["id_number"])
        except ValidationError as exc:
            errors["id_number"] = list(exc.messages)
        else:
            clash = Member.objects.filter(id_number_hash=pii.keyed_hash(cleaned["id_number"]))
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors["id_number"] = [_("该身份证号已登记。")]
    if "mobile" in cleaned and cleaned["mobile"]:
        try:
            cleaned["mobile"] = pii.validate_mobile(cleaned["mobile"])
        except ValidationError as exc:
            errors["mobile"] = list(exc.messages)
    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = [_("电子邮箱格式不正确。")]
    birth = cleaned.get("birth_date")
    if isinstance(birth, str) and birth:
        try:
            cleaned["birth_date"] = datetime.date.fromisoformat(birth)
        except ValueError:
            errors["birth_date"] = [_("出生日期格式应为 YYYY-MM-DD。")]
    elif birth == "":
        cleaned["birth_date"] = None
    if isinstance(cleaned.get("birth_date"), datetime.date) and not birth_date_in_range(cleaned["birth_date"]):
        errors["birth_date"] = [birth_date_range_message()]
    for key, limit in (("ethnicity", 20), ("workplace", 200), ("title", 100)):
        if len(cleaned.get(key) or "") > limit:
            errors[key] = [_("不能超过 %(n)d 个字符。") % {"n": limit}]
    if errors:
        raise Invalid(errors=errors)
    id_number = cleaned.get("id_number")
    if id_number and not cleaned.get("birth_date"):
        cleaned["birth_date"] = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    if id_number and not cleaned.get("gender"):
        cleaned["gender"] = Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE
    return cleaned


def _apply_member(member: Member, cleaned: dict) -> None:
    for key, value in cleaned.items():
        if key == "id_number":
            member.id_number_encrypted = pii.encrypt(value)
            member.id_number_hash = pii.keyed_hash(value)
        elif key == "mobile":
            member.mobile_encrypted = pii.encrypt(value)
            member.mobile_hash = pii.keyed_hash(value)
        else:
            setattr(member, key, value if value is not None else ("" if key != "birth_date" else None))
    member.name_pinyin, member.name_initials = pinyin_of(member.name)


def clean_membership_data(committee: Committee, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    term = data.get("term")
    if term in (None, ""):
        term = committee.current_term()
    elif not isinstance(term, Term):  # an id: of this committee's terms, or none (the error below)
        term = Term.objects.filter(committee=committee, pk=as_id(term)).first() if as_id(term) else None
    if term is None or term.committee_id != committee.pk:
        errors["term"] = [_("请选择本委员会的届次。")]
    cleaned["term"] = term
    role = data.get("role") or MemberRole.MEMBER
    if role not in MemberRole.values:
        errors["role"] = [_("职务无效。")]
    cleaned["role"] = role
    for key, model in (("sector", Sector), ("party", Party)):
        value = data.get(key)
        if value in (None, ""):
            cleaned[key] = None
            continue
        obj = (
            value
            if isinstance(value, model)
            else model.objects.filter(
                committee=committee,
                pk=as_id(getattr(value, "pk", value)) or -1,
            ).first()
        )
        if obj is None or obj.committee_id != committee.pk:
            errors[key] = [_("请选择本委员会的%(what)s。") % {"what": model._meta.verbose_name}]
        cleaned[key] = obj
    specials = []
    for value in data.get("special_committees") or []:
        obj = (
            value
            if isinstance(value, SpecialCommittee)
            else SpecialCommittee.objects.filter(
                committee=committee, pk=as_id(getattr(value, "pk", value)) or 0
            ).first()
        )
        if obj is None or obj.committee_id != committee.pk:
            errors["special_committees"] = [_("请选择本委员会的专门委员会。")]
            break
        specials.append(obj)
    cleaned["special_committees"] = specials
    started = data.get("started_on") or (term.start_date if term else None)
    if isinstance(started, str):
        try:
            started = datetime.date.fromisoformat(started)
        except ValueError:
            errors["started_on"] = [_("日期格式应为 YYYY-MM-DD。")]
    if isinstance(started, datetime.date) and not date_in_range(started):
        errors["started_on"] = [date_range_message()]
    cleaned["started_on"] = started
    if errors:
        raise Invalid(errors=errors)
    return cleaned


@transaction.atomic
def create_member(*, actor, committee: Committee, data: dict, membership: dict | None = None) -> Member:
    """Register a person, with a membership of this committee (the current term by default)."""
    require_manage(actor, committee)
    cleaned = clean_member_data(data)
    seat = clean_membership_data(committee, membership or {}) if membership is not None else None
    member = Member(committee=committee)
    _apply_member(member, cleaned)
    member.save()
    audit.record("member.create", actor=actor, obj=member, after=audit.snapshot(member))
    if seat is not None:
        _create_membership(actor, committee, member, seat)
    return member


@transaction.atomic
def update_member(*, actor, member: Member, data: dict) -> Member:
    require_manage(actor, member.committee_id)
    cleaned = clean_member_data(data, instance=member)
    before = audit.snapshot(member)
    _apply_member(member, cleaned)
    member.save()
    changed_pii = [k for k in ("id_number", "mobile") if k in cleaned]
    audit.record(
        "member.update",
        actor=actor,
        obj=member,
        before=before,
        after=audit.snapshot(member),
        note=("pii changed: " + ",".join(changed_pii)) if changed_pii else "",
    )
    if "mobile" in cleaned and hasattr(member, "user"):
        user = getattr(member, "user", None)
        if user is not None:
            user.mobile_hash = member.mobile_hash
            user.save(update_fields=["mobile_hash"])
    return member


def _create_membership(actor, committee, member, seat) -> Membership:
    specials = seat.pop("special_committees", [])
    try:
        with transaction.atomic():
            membership = Membership.objects.create(committee=committee, member=member, **seat)
    except IntegrityError:
        raise Invalid(errors={"term": [_("该委员在此届已有任职。")]}) from None
    membership.special_committees.set(specials)
    audit.record(
        "membership.create",
        actor=actor,
        obj=membership,
        after={**audit.snapshot(membership), "special_committees": [s.pk for s in specials]},
    )
    return membership


@transaction.atomic
def add_membership(*, actor, committee: Committee, member: Member, data: dict) -> Membership:
    """Seat an existing person in a committee (a city member may also sit in a county committee)."""
    require_manage(actor, committee)
    return _create_membership(actor, committee, member, clean_membership_data(committee, data))


@transaction.atomic
def update_membership(*, actor, membership: Membership, data: dict) -> Membership:
    require_manage(actor, membership.committee_id)
    seat = clean_membership_data(membership.committee, {"term": membership.term_id, **data})
    before = {
        **audit.snapshot(membership),
        "special_committees": list(membership.special_committees.values_list("pk", flat=True)),
    }
    for key in ("role", "sector", "party", "started_on"):
        setattr(membership, key, seat[key])
    membership.save()
    membership.special_committees.set(seat["special_committees"])
    audit.record(
        "membership.update",
        actor=actor,
        obj=membership,
        before=before,
        after={**audit.snapshot(membership), "special_committees": [s.pk for s in seat["special_committees"]]},
    )
    return membership


def _manages(user, membership) -> bool:
    return can_manage_org(user, membership.committee_id)


MEMBERSHIP_FLOW = Workflow(
    field="status",
    rules=[
        Rule("resign", [MembershipStatus.ACTIVE], MembershipStatus.RESIGNED, allowed=_manages, label=_("辞任")),
        Rule("remove", [MembershipStatus.ACTIVE], MembershipStatus.REMOVED, allowed=_manages, label=_("撤销")),
    ],
)
END_ACTIONS = {MembershipStatus.RESIGNED: "resign", MembershipStatus.REMOVED: "remove"}


def end_membership(*, actor, membership: Membership, status: str, ended_on, reason: str = "") -> Membership:
    """End a seat: resigned (辞任) or removed (撤销), from a date. An ended seat stays ended."""
    require_manage(actor, membership.committee_id)
    errors = {}
    if status not in END_ACTIONS:
        errors["status"] = [_("请选择辞任或撤销。")]
    if isinstance(ended_on, str):
        try:
            ended_on = datetime.date.fromisoformat(ended_on)
        except ValueError:
            errors["ended_on"] = [_("日期格式应为 YYYY-MM-DD。")]
            ended_on = None
    if isinstance(ended_on, datetime.date) and not date_in_range(ended_on):
        errors["ended_on"] = [date_range_message()]
        ended_on = None
    if not ended_on and "ended_on" not in errors:
        errors["ended_on"] = [_("请填写离任日期。")]
    elif ended_on and ended_on < membership.started_on:
        errors["ended_on"] = [_("离任日期不能早于任职日期。")]
    if len(reason or "") > 200:
        errors["end_reason"] = [_("不能超过 %(n)d 个字符。") % {"n": 200}]
    if errors and membership.status == MembershipStatus.ACTIVE:
        raise Invalid(errors=errors)

    def apply(obj):
        obj.ended_on, obj.end_reason = ended_on, reason or ""

    MEMBERSHIP_FLOW.perform(membership, END_ACTIONS.get(status, "resign"), actor=actor, note=reason or "", apply=apply)
    return membership


def reveal_pii_of(*, actor, member_id: int) -> tuple[Member, dict]:
    """The person and their clear ID number and mobile, by id. A person the actor may not see is
    404, audited as a refused unmasking like the 403 of a user without the permission."""
    member = Member.objects.filter(pk=member_id).first()
    if member is None or not Member.objects.visible_to(actor).filter(pk=member.pk).exists():
        audit.record(
            "member.unmask",
            actor=actor,
            obj=member,
            object_type="org.member",
            result=AuditEntry.Result.DENIED,
            note=f"not visible: member {member_id}",
        )
        raise NotFound()
    return member, reveal_pii(actor=actor, member=member)


def reveal_pii(*, actor, member: Member) -> dict:
    """The clear ID number and mobile, for staff holding the permission; every unmasking is audited."""
    if not can_view_pii(actor) or member.pk not in set(
        Member.objects.visible_to(actor).filter(pk=member.pk).values_list("pk", flat=True)
    ):
        audit.record("member.unmask", actor=actor, obj=member, result=AuditEntry.Result.DENIED)
        raise Forbidden()
    audit.record("member.unmask", actor=actor, obj=member)
    return {"id_number": member.id_number, "mobile": member.mobile}


# --- Per-committee lists (sectors, special committees, parties, branches, units, studios) ---------

LIST_MODELS = {
    "sector": Sector,
    "special_committee": SpecialCommittee,
    "party": Party,
    "branch": PartyBranch,
    "unit": Unit,
    "studio": Studio,
}


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
        obj.validate_constraints()  # also those on the excluded fields (e.g. a duplicate name per committee)
    except ValidationError as exc:
        raise Invalid.from_django(exc) from None


@transaction.atomic
def save_list_item(*, actor, committee: Committee, model, data: dict, instance=None, members=None):
    """Create or update one entry of a committee's list. `data` holds model field values; foreign
    keys to committee-owned rows must belong to the same committee."""
    if instance is not None:
        committee = instance.committee
    require_manage(actor, committee)
    obj = instance or model(committee=committee)
    before = audit.snapshot(obj) if instance is not None else None
    for key, value in data.items():
        setattr(obj, key, value)
    for field in model._meta.concrete_fields:
        related = getattr(obj, field.name, None) if field.is_relation and field.name != "committee" else None
        if related is not None and getattr(related, "committee_id", committee.pk) != committee.pk:
            raise Invalid(errors={field.name: [_("请选择本委员会的记录。")]})
    if isinstance(obj, PartyBranch):
        if obj.kind == BranchKind.GROUP and obj.parent_id is None:
            raise Invalid(errors={"parent": [_("党小组须属于一个党支部。")]})
        if obj.kind == BranchKind.BRANCH:
            obj.parent = None
        elif obj.parent and obj.parent.kind != BranchKind.BRANCH:
            raise Invalid(errors={"parent": [_("上级须是党支部。")]})
        if obj.dissolved_on and obj.established_on and obj.dissolved_on < obj.established_on:
            raise Invalid(errors={"dissolved_on": [_("撤销日期不能早于成立日期。")]})
        if obj.merged_into_id and (obj.merged_into_id == obj.pk or obj.merged_into.kind != obj.kind):
            raise Invalid(errors={"merged_into": [_("只能并入另一个同类的党支部（党小组）。")]})
        if obj.merged_into_id and not obj.dissolved_on:
            raise Invalid(errors={"dissolved_on": [_("并入其他组织的，请填写撤销（合并）日期。")]})
    _full_clean(obj, exclude=["committee"])
    obj.save()
    if members is not None and isinstance(obj, Studio):
        wanted = {m.pk for m in members}
        if Member.objects.visible_to(actor).filter(pk__in=wanted).count() != len(wanted):
            raise Invalid(errors={"members": [_("请选择本委员会的委员。")]})
        obj.members.set(members)
    registry.sync_derived(obj)  # the duty ledger: a studio's lead is credited with the activities it organises
    action = f"{model._meta.model_name}.{'update' if instance is not None else 'create'}"
    audit.record(action, actor=actor, obj=obj, before=before, after=audit.snapshot(obj))
    return obj


# --- Committees, terms, sessions ---------------------------------------------------------------


@transaction.atomic
def save_committee(*, actor, data: dict, instance: Committee | None = None) -> Committee:
    """System administrators keep the committee tree (codes, names, parents)."""
    if not actor.has_role(Role.SYSADMIN):
        raise Forbidden()
    obj = instance or Committee()
    before = audit.snapshot(obj) if instance else None
    for key, value in data.items():
        setattr(obj, key, value)
    if obj.parent_id and instance and obj.parent.path.startswith(instance.path):
        raise Invalid(errors={"parent": [_("上级不能是自己或自己的下级。")]})
    expected = {None: Level.PROVINCE, Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY}
    if obj.level != expected.get(obj.parent.level if obj.parent_id else None):
        raise Invalid(errors={"level": [_("层级须与上级相符（省 → 市 → 县区）。")]})
    if not ((obj.code or "").isascii() and obj.code.isdigit()) or len(obj.code) != 6:
        raise Invalid(errors={"code": [_("行政区划代码应为 6 位数字。")]})
    old_path = obj.path
    obj.path = obj.compute_path()
    _full_clean(obj, exclude=["path"])
    obj.save()
    if instance and old_path != obj.path:
        for child in Committee.objects.filter(path__startswith=old_path).exclude(pk=obj.pk).order_by("path"):
            child.path = obj.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    audit.record(
        "committee.update" if instance else "committee.create",
        actor=actor,
        obj=obj,
        before=before,
        after=audit.snapshot(obj),
    )
    return obj


@transaction.atomic
def save_term(*, actor, committee: Committee, data: dict, instance: Term | None = None) -> Term:
    committee = instance.committee if instance else committee
    require_manage(actor, committee)
    obj = instance or Term(committee=committee)
    before = audit.snapshot(obj) if instance else None
    for key, value in data.items():
        setattr(obj, key, value)
    if obj.end_date and obj.start_date and obj.end_date < obj.start_date:
        raise Invalid(errors={"end_date": [_("结束日期不能早于开始日期。")]})
    _full_clean(obj, exclude=["committee"])
    obj.save()
    audit.record(
        "term.update" if instance else "term.create", actor=actor, obj=obj, before=before, after=audit.snapshot(obj)
    )
    return obj


@transaction.atomic
def save_session(*, actor, term: Term, data: dict, instance: Session | None = None) -> Session:
    term = instance.term if instance else term
    require_manage(actor, term.committee)
    obj = instance or Session(term=term, committee=term.committee)
    before = audit.snapshot(obj) if instance else None
    for key, value in data.items():
        setattr(obj, key, value)
    if obj.end_date and obj.start_date and obj.end_date < obj.start_date:
        raise Invalid(errors={"end_date": [_("结束日期不能早于开始日期。")]})
    _full_clean(obj, exclude=["committee", "term"])
    obj.save()
    audit.record(
        "session.update" if instance else "session.create",
        actor=actor,
        obj=obj,
        before=before,
        after=audit.snapshot(obj),
    )
    return obj


@transaction.atomic
def store_import_file(*, actor, committee: Committee, upload):
    """Keep an uploaded member list (xlsx) as an attachment of the committee; the import's review and
    confirm steps read it again from there."""
    require_manage(actor, committee)
    return store_attachment(actor=actor, committee=committee, upload=upload)


# --- Members of a higher committee who take part in this committee's work (驻地委员) ----------------


def ancestor_ids(committee: Committee) -> list[int]:
    """The committees above this one (its path's codes, without itself)."""
    codes = [code for code in committee.path.strip("/").split("/") if code and code != committee.code]
    return list(Committee.objects.filter(code__in=codes).values_list("pk", flat=True))


def affiliable_seats(committee: Committee, on: datetime.date | None = None):
    """The active seats in the committees above this one: who may be linked to it (a provincial
    member to a city, a city or provincial member to a county)."""
    seats = Membership.objects.filter(committee_id__in=ancestor_ids(committee), status=MembershipStatus.ACTIVE)
    on = on or timezone.localdate()
    return seats.filter(term__start_date__lte=on).exclude(term__end_date__lt=on)


def _day(errors, name, value, *, required=False):
    if isinstance(value, str) and value.strip():
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            errors[name] = [_("日期格式应为 YYYY-MM-DD。")]
            return None
    if value in (None, ""):
        if required:
            errors[name] = [_("必填。")]
        return None
    if not date_in_range(value):
        errors[name] = [date_range_message()]
        return None
    return value


@transaction.atomic
def add_affiliation(*, actor, committee: Committee, member_id, kind: str, started_on, note: str = "") -> Affiliation:
    """Link a member seated in a higher committee to this committee (staff of this committee with
    the members permission): from `started_on`, they may be invited to its activities, check in and
    be credited there."""
    require_manage(actor, committee)
    errors = {}
    try:
        member_id = int(getattr(member_id, "pk", member_id))
    except (TypeError, ValueError):
        member_id = 0
    seat = affiliable_seats(committee).filter(member_id=member_id).select_related("committee").first()
    if seat is None:
        errors["member"] = [_("请选择上级政协的在任委员（省政协委员可联系市、县区，市政协委员可联系县区）。")]
    if kind not in AffiliationKind.values:
        errors["kind"] = [_("请选择关系。")]
    started_on = _day(errors, "started_on", started_on, required=True)
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = [_("不能超过 %(n)d 个字符。") % {"n": 200}]
    if not errors:
        open_link = Affiliation.objects.filter(committee=committee, member_id=member_id, ended_on__isnull=True)
        if open_link.exists():
            errors["member"] = [_("该委员已在本委员会登记为驻地委员。")]
    if errors:
        raise Invalid(errors=errors)
    link = Affiliation.objects.create(
        committee=committee,
        member_id=member_id,
        seat_committee=seat.committee,
        kind=kind,
        started_on=started_on,
        note=note,
    )
    audit.record("affiliation.create", actor=actor, obj=link, after=audit.snapshot(link))
    return link


@transaction.atomic
def end_affiliation(*, actor, affiliation: Affiliation, ended_on) -> Affiliation:
    """End a link from a date (the member has moved, or their seat has ended); what they did before
    stays credited."""
    require_manage(actor, affiliation.committee_id)
    errors = {}
    if affiliation.ended_on is not None:
        raise IllegalTransition(_("该驻地关系已终止。"))
    ended_on = _day(errors, "ended_on", ended_on, required=True)
    if ended_on and ended_on < affiliation.started_on:
        errors["ended_on"] = [_("终止日期不能早于起始日期。")]
    if errors:
        raise Invalid(errors=errors)
    before = audit.snapshot(affiliation)
    affiliation.ended_on = ended_on
    affiliation.save(update_fields=["ended_on"])
    audit.record("affiliation.end", actor=actor, obj=affiliation, before=before, after=audit.snapshot(affiliation))
    return affiliation
