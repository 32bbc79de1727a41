"""Every write of the directory: a member's own profile (biography, sharing, photo) and the requests
to change official data, which the office (staff with the members permission) approves or rejects.
Approval applies the change through org's services; the directory never writes org's tables."""

from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import audit, permissions
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.models import Transition
from lvzhi.core.notifications import notify
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.directory.choices import ChangeField, ChangeState, Contact
from lvzhi.directory.models import Profile, ProfileChangeRequest
from lvzhi.directory.selectors import home_seat
from lvzhi.org import services as org_services
from lvzhi.org.models import Member, Sector

BIO_MAX = 2000
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = ("jpg", "jpeg", "png")
SHARE_FIELDS = tuple(f"share_{c.value}" for c in Contact)


def can_decide(user, committee) -> bool:
    """The office: staff with the members permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, Permission.MEMBERS)


def _own_member(actor) -> Member:
    if not permissions.is_member_user(actor):
        raise Forbidden(_("只有委员本人可以编辑自己的风采资料。"))
    return Member.objects.get(pk=actor.member_id)


def _profile_for_update(member) -> tuple[Profile, dict | None]:
    profile = Profile.objects.select_for_update().filter(member=member).first()
    if profile is None:
        return Profile(member=member, committee_id=member.committee_id), None
    return profile, audit.snapshot(profile)


def _save_profile(actor, profile, before) -> Profile:
    profile.save()
    audit.record(
        "profile.update" if before is not None else "profile.create",
        actor=actor,
        obj=profile,
        before=before,
        after=audit.snapshot(profile),
    )
    return profile


@transaction.atomic
def update_profile(*, actor, data: dict) -> Profile:
    """The member's own biography and sharing choices. A field absent (or None) is left as it is."""
    member = _own_member(actor)
    clean = Cleaner(data)
    bio = clean.text("bio", max_length=BIO_MAX, label=_("个人简介")) if data.get("bio") is not None else None
    shares = {}
    for name in SHARE_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, bool):
            clean.error(name, _("应为 true 或 false。"))
        shares[name] = bool(value)
    clean.done()
    profile, before = _profile_for_update(member)
    if bio is not None:
        profile.bio = bio
        if not bio:
            profile.completed_at = None
        elif profile.completed_at is None:
            profile.completed_at = timezone.now()
    for name, value in shares.items():
        setattr(profile, name, value)
    return _save_profile(actor, profile, before)


@transaction.atomic
def set_profile_photo(*, actor, upload) -> Profile:
    """A new photo: a JPEG or PNG image (checked from its content) of at most 2 MB."""
    member = _own_member(actor)
    if upload is None:
        raise Invalid(errors={"photo": [_("请选择照片。")]})
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in PHOTO_TYPES:
        raise Invalid(errors={"photo": [_("照片须为 JPG 或 PNG 图片。")]})
    if upload.size > PHOTO_MAX_BYTES:
        raise Invalid(errors={"photo": [_("照片不能超过 %(mb)d MB。") % {"mb": PHOTO_MAX_BYTES // 1048576}]})
    try:
        attachment = store_attachment(actor=actor, committee=member.committee, upload=upload)
    except Invalid as exc:
        raise Invalid(errors={"photo": [m for messages in exc.errors.values() for m in messages]}) from None
    profile, before = _profile_for_update(member)
    profile.photo = attachment
    return _save_profile(actor, profile, before)


@transaction.atomic
def remove_profile_photo(*, actor) -> Profile:
    member = _own_member(actor)
    profile, before = _profile_for_update(member)
    profile.photo = None
    return _save_profile(actor, profile, before)


# --- Requests to change official data ------------------------------------------------------------


def _office(user, change) -> bool:
    return can_decide(user, change.committee_id)


def _requester(user, change) -> bool:
    return permissions.is_member_user(user) and user.member_id == change.member_id


CHANGE_FLOW = Workflow(
    field="state",
    rules=[
        Rule("approve", [ChangeState.PENDING], ChangeState.APPROVED, allowed=_office, label=gettext_lazy("同意")),
        Rule("reject", [ChangeState.PENDING], ChangeState.REJECTED, allowed=_office, label=gettext_lazy("不同意")),
        Rule("withdraw", [ChangeState.PENDING], ChangeState.WITHDRAWN, allowed=_requester, label=gettext_lazy("撤回")),
    ],
)


def detail_url(change) -> str:
    return reverse("directory:request_detail", args=[change.pk])


def office_users(committee_id):
    return list(
        get_user_model().objects.filter(
            committee_id=committee_id, is_active=True, roles__role=Role.STAFF, grants__permission=Permission.MEMBERS
        )
    )


def requester_users(change):
    return list(get_user_model().objects.filter(member_id=change.member_id, is_active=True))


@transaction.atomic
def request_profile_change(*, actor, data: dict) -> ProfileChangeRequest:
    """A member asks the office to change their sector, title (职务) or workplace. Only the fields
    that differ from the current data are kept; one pending request at a time."""
    member = _own_member(actor)
    seat = home_seat(actor)
    if seat is None:
        raise Invalid(errors={"__all__": [_("您在本届没有在任的任职，不能申请变更资料。")]})
    clean = Cleaner(data)
    changes: dict = {}
    sector_value = data.get("sector")
    if sector_value not in (None, ""):
        pk = as_id(sector_value)
        sector = Sector.objects.filter(committee_id=seat.committee_id, is_active=True, pk=pk).first() if pk else None
        if sector is None:
            clean.error("sector", _("请选择本委员会的界别。"))
        elif sector.pk != seat.sector_id:
            changes[ChangeField.SECTOR.value] = sector.pk
    title = clean.text("title", max_length=100, label=_("职务"))
    workplace = clean.text("workplace", max_length=200, label=_("工作单位"))
    reason = clean.text("reason", max_length=500, label=_("申请说明"))
    clean.done()
    if title and title != member.title:
        changes[ChangeField.TITLE.value] = title
    if workplace and workplace != member.workplace:
        changes[ChangeField.WORKPLACE.value] = workplace
    if not changes:
        raise Invalid(errors={"__all__": [_("请至少填写一项与现有资料不同的变更。")]})
    if ProfileChangeRequest.objects.filter(member=member, state=ChangeState.PENDING).exists():
        raise Invalid(errors={"__all__": [_("您已有一份待审核的变更申请，请等待审核或先撤回。")]})
    current = {"sector": seat.sector_id, "title": member.title, "workplace": member.workplace}
    change = ProfileChangeRequest.objects.create(
        committee=seat.committee,
        member=member,
        membership=seat,
        requested_by=actor,
        changes=changes,
        before={key: current[key] for key in changes},
        reason=reason,
    )
    Transition.objects.create(
        content_type=ContentType.objects.get_for_model(change),
        object_id=change.pk,
        committee_id=change.committee_id,
        action="submit",
        from_state="",
        to_state=ChangeState.PENDING,
        actor=actor,
        note=reason,
    )
    audit.record("profilechangerequest.create", actor=actor, obj=change, after=audit.snapshot(change))
    notify(
        office_users(change.committee_id),
        title=_("%(name)s申请变更资料") % {"name": member.name},
        body=reason,
        url=detail_url(change),
        committee=change.committee,
        kind="directory.change",
    )
    return change


def _apply_changes(actor, change) -> None:
    """The approved values, written by org's services (which check the office's permission again)."""
    member_data = {k: v for k, v in change.changes.items() if k in (ChangeField.TITLE, ChangeField.WORKPLACE)}
    if member_data:
        org_services.update_member(actor=actor, member=change.member, data=member_data)
    if ChangeField.SECTOR in change.changes:
        seat = change.membership
        org_services.update_membership(
            actor=actor,
            membership=seat,
            data={
                "role": seat.role,
                "sector": change.changes[ChangeField.SECTOR],
                "party": seat.party_id,
                "special_committees": list(seat.special_committees.values_list("pk", flat=True)),
                "started_on": seat.started_on,
            },
        )


def _check(actor, change, action) -> None:
    """The state first (409), then the actor (403), before the note is looked at."""
    CHANGE_FLOW.rule_for(change, action)
    if not _office(actor, change):
        raise Forbidden()


def _decide(actor, change, action, note):
    def apply(obj):
        obj.decided_by = actor
        obj.decided_at = timezone.now()
        obj.decision_note = note

    CHANGE_FLOW.perform(change, action, actor=actor, note=note, apply=apply)


@transaction.atomic
def approve_change_request(*, actor, change: ProfileChangeRequest, note: str = "") -> ProfileChangeRequest:
    _check(actor, change, "approve")
    clean = Cleaner({"note": note})
    note = clean.text("note", max_length=500, label=_("审核意见"))
    clean.done()
    _decide(actor, change, "approve", note)
    _apply_changes(actor, change)
    notify(
        requester_users(change),
        title=_("您的资料变更申请已获同意"),
        body=note,
        url=detail_url(change),
        committee=change.committee,
        kind="directory.change",
    )
    return change


@transaction.atomic
def reject_change_request(*, actor, change: ProfileChangeRequest, note: str = "") -> ProfileChangeRequest:
    _check(actor, change, "reject")
    clean = Cleaner({"note": note})
    note = clean.text("note", required=True, max_length=500, label=_("审核意见"))
    clean.done()
    _decide(actor, change, "reject", note)
    notify(
        requester_users(change),
        title=_("您的资料变更申请未获同意"),
        body=note,
        url=detail_url(change),
        committee=change.committee,
        kind="directory.change",
    )
    return change


@transaction.atomic
def withdraw_change_request(*, actor, change: ProfileChangeRequest) -> ProfileChangeRequest:
    CHANGE_FLOW.perform(change, "withdraw", actor=actor)
    return change
