"""Invitations, the members' answers, and leave decisions."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState, Answer, InviteBy
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services.base import (
    ATTENDANCE_FLOW,
    activity_url,
    is_member_user,
    require_manage,
    users_of,
)
from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.notifications import notify
from lvzhi.org.choices import MemberRole, MembershipStatus
from lvzhi.org.models import Affiliation, Committee, Membership, Party, Sector, SpecialCommittee, Studio


def seated_members(committee: Committee):
    """The active members of a committee in its current term (any active seat if it has no term)."""
    seats = Membership.objects.filter(committee=committee, status=MembershipStatus.ACTIVE)
    term = committee.current_term()
    if term is not None:
        seats = seats.filter(term=term)
    return seats


def guest_links(committee: Committee, on=None):
    """The members of higher committees linked to this committee (驻地委员) on a day (today by
    default): they may be invited to its activities, walk in and check in, and are credited there."""
    return Affiliation.objects.filter(committee=committee).active_on(on or timezone.localdate())


def activity_day(activity: Activity):
    return timezone.localdate(activity.start)


def takes_part(activity: Activity, member_id) -> bool:
    """Whether a member belongs to the activity's circle: seated in its committee, or linked to it
    (驻地委员) on the activity's day."""
    return (
        seated_members(activity.committee).filter(member_id=member_id).exists()
        or guest_links(activity.committee, activity_day(activity)).filter(member_id=member_id).exists()
    )


def resolve_invitees(activity: Activity, by: str, values=()) -> list[int]:
    """The member ids a choice (by sector, party, role, special committee, studio, everyone or
    explicit members) names, checked against the activity's committee."""
    values = [v for v in (values or []) if v not in (None, "")]
    seats = seated_members(activity.committee)
    errors = {}
    if by == InviteBy.EVERYONE:
        return list(seats.values_list("member_id", flat=True).distinct())
    if by == InviteBy.ROLE:
        bad = [v for v in values if v not in MemberRole.values]
        if bad or not values:
            raise Invalid(errors={"values": [_("请选择职务。")]})
        return list(seats.filter(role__in=values).values_list("member_id", flat=True).distinct())
    models = {
        InviteBy.SECTOR: (Sector, "sector_id__in"),
        InviteBy.PARTY: (Party, "party_id__in"),
        InviteBy.SPECIAL_COMMITTEE: (SpecialCommittee, "special_committees__in"),
    }
    try:
        ids = [int(getattr(v, "pk", v)) for v in values]
    except (TypeError, ValueError):
        ids = None
    if by in models:
        model, lookup = models[by]
        if not ids or model.objects.filter(committee=activity.committee, pk__in=ids).count() != len(set(ids)):
            raise Invalid(errors={"values": [_("请选择本委员会的记录。")]})
        return list(seats.filter(**{lookup: ids}).values_list("member_id", flat=True).distinct())
    if by == InviteBy.STUDIO:
        studios = list(Studio.objects.filter(committee=activity.committee, pk__in=ids or []))
        if not ids or len(studios) != len(set(ids)):
            raise Invalid(errors={"values": [_("请选择本委员会的委员工作室。")]})
        found = set(Studio.members.through.objects.filter(studio__in=studios).values_list("member_id", flat=True))
        found |= {s.lead_id for s in studios if s.lead_id}
        return sorted(found)
    if by == InviteBy.MEMBERS:
        if ids is None or not ids:
            raise Invalid(errors={"members": [_("请选择要邀请的委员。")]})
        found = set(seats.filter(member_id__in=ids).values_list("member_id", flat=True))
        guests = guest_links(activity.committee, activity_day(activity)).filter(member_id__in=ids)
        found |= set(guests.values_list("member_id", flat=True))
        missing = sorted(set(ids) - found)
        if missing:
            errors["members"] = [
                _("以下委员不是本委员会本届在任委员或驻地委员：%(ids)s。") % {"ids": ", ".join(str(i) for i in missing)}
            ]
            raise Invalid(errors=errors)
        return sorted(found)
    raise Invalid(errors={"by": [_("请选择邀请方式。")]})


@transaction.atomic
def invite(*, actor, activity: Activity, by: str = InviteBy.MEMBERS, values=()) -> list[Attendance]:
    """Invite members; who is already invited stays as they are. Returns the new invitations."""
    require_manage(actor, activity.committee_id)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.state != ActivityState.PLANNED:
        raise IllegalTransition(_("只能邀请计划中活动的参加人员。"))
    ids = resolve_invitees(activity, by, values)
    if not ids:
        raise Invalid(errors={"values" if by != InviteBy.MEMBERS else "members": [_("没有符合条件的委员。")]})
    existing = set(Attendance.objects.filter(activity=activity, member_id__in=ids).values_list("member_id", flat=True))
    new = [
        Attendance(committee_id=activity.committee_id, activity=activity, member_id=i) for i in ids if i not in existing
    ]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        Attendance.objects.filter(activity=activity, member_id__in=[a.member_id for a in new]).select_related("member")
    )
    for row in created:
        audit.record(
            "attendance.invite", actor=actor, obj=row, committee=activity.committee, after={"state": row.state}
        )
    notify(
        users_of([r.member_id for r in created]),
        title=_("会议活动邀请：%(t)s") % {"t": activity.topic},
        body=_("时间：%(s)s；地点：%(p)s。请在“我的活动”中确认参加或请假。")
        % {"s": timezone.localtime(activity.start).strftime("%Y-%m-%d %H:%M"), "p": activity.place or "—"},
        url=activity_url(activity),
        committee=activity.committee,
        kind="activities.invited",
    )
    return created


def own_attendance(actor, activity: Activity) -> Attendance:
    if not is_member_user(actor):
        raise Forbidden(_("只有受邀委员本人可以答复。"))
    row = Attendance.objects.filter(activity=activity, member_id=actor.member_id).select_related("activity").first()
    if row is None:
        raise NotFound(_("您未受邀参加该活动。"))
    return row


def respond(*, actor, activity: Activity, answer: str, reason: str = "") -> Attendance:
    """A member answers an invitation: attend, or ask leave with a reason."""
    clean = Cleaner({"answer": answer, "reason": reason})
    if answer not in Answer.values:
        clean.error("answer", _("请选择参加或请假。"))
    reason = clean.text("reason", max_length=500)
    if answer == Answer.LEAVE and not reason and "reason" not in clean.errors:
        clean.error("reason", _("请假须填写事由。"))
    clean.done()
    row = own_attendance(actor, activity)
    if answer == Answer.ATTEND:
        ATTENDANCE_FLOW.perform(row, "attend", actor=actor)
        return row

    def apply(obj):
        obj.leave_reason = reason
        obj.decision_note = ""

    ATTENDANCE_FLOW.perform(row, "request_leave", actor=actor, note=reason, apply=apply)
    if activity.created_by_id:
        notify(
            list(get_user_model().objects.filter(pk=activity.created_by_id)),
            title=_("请假申请：%(m)s · %(t)s") % {"m": row.member.name, "t": activity.topic},
            body=reason,
            url=activity_url(activity),
            committee=activity.committee,
            kind="activities.leave",
        )
    return row


def decide_leave(*, actor, attendance: Attendance, approved: bool, note: str = "") -> Attendance:
    """Staff approve (excused) or refuse (expected to attend) a leave request."""
    require_manage(actor, attendance.committee_id)
    note = (note or "").strip()[:500]

    def apply(obj):
        obj.decision_note = note

    with transaction.atomic():
        ATTENDANCE_FLOW.perform(
            attendance, "approve_leave" if approved else "refuse_leave", actor=actor, note=note, apply=apply
        )
        registry.sync_derived(attendance)
    activity = attendance.activity
    title = _("请假已批准：%(t)s") if approved else _("请假未获批准，请按时参加：%(t)s")
    notify(
        users_of([attendance.member_id]),
        title=title % {"t": activity.topic},
        body=note,
        url=activity_url(activity),
        committee=activity.committee,
        kind="activities.leave",
    )
    return attendance
