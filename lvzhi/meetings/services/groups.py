"""Discussion groups (分组讨论): by a list of members or one group per sector, each with a convener
(召集人), a secretary, a room and a time; the secretary enters the discussion record (speakers and
their points)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.meetings.models import Discussion, Group, GroupMember, Meeting
from lvzhi.meetings.services.base import can_manage, is_member_user, member_ids, require_manage
from lvzhi.meetings.strokes import stroke_key
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Membership


def _when(clean: Cleaner, value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value).strip())
        except ValueError:
            clean.error("starts_at", _("时间格式应为 YYYY-MM-DD HH:MM。"))
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@transaction.atomic
def create_group(*, actor, meeting: Meeting, data: dict) -> Group:
    """A group with its members (invitees of the meeting, each in one group only); the convener and
    the secretary are among them."""
    require_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    name = clean.text("name", required=True, max_length=100, label=_("组名"))
    place = clean.text("place", max_length=200)
    starts_at = _when(clean, data.get("starts_at"))
    ids = member_ids(data.get("members"))
    convener = member_ids([data.get("convener")] if data.get("convener") not in (None, "") else [], "convener")
    secretary = member_ids([data.get("secretary")] if data.get("secretary") not in (None, "") else [], "secretary")
    if not ids:
        clean.error("members", _("请至少选择一位组员。"))
    invited = set(Attendance.objects.filter(activity_id=meeting.activity_id).values_list("member_id", flat=True))
    if any(pk not in invited for pk in ids):
        clean.error("members", _("组员须为本次会议的参会委员。"))
    taken = set(GroupMember.objects.filter(meeting=meeting, member_id__in=ids).values_list("member_id", flat=True))
    if taken:
        clean.error("members", _("有 %(n)s 位委员已在其他讨论组。") % {"n": len(taken)})
    for field, chosen in (("convener", convener), ("secretary", secretary)):
        if chosen and chosen[0] not in ids:
            clean.error(field, _("须为本组组员。"))
    if name and Group.objects.filter(meeting=meeting, name=name).exists():
        clean.error("name", _("本次会议已有同名讨论组。"))
    clean.done()
    group = Group.objects.create(
        committee_id=meeting.committee_id,
        meeting=meeting,
        name=name,
        place=place,
        starts_at=starts_at,
        convener_id=convener[0] if convener else None,
        secretary_id=secretary[0] if secretary else None,
    )
    GroupMember.objects.bulk_create([GroupMember(meeting=meeting, group=group, member_id=pk) for pk in ids])
    audit.record("group.create", actor=actor, obj=group, after={**audit.snapshot(group), "members": ids})
    return group


@transaction.atomic
def groups_by_sector(*, actor, meeting: Meeting) -> int:
    """One group per sector of the invitees not yet in a group (those without a sector form
    "其他"); the first by stroke order is the convener. Returns the number of groups made."""
    require_manage(actor, meeting.committee_id)
    grouped = set(GroupMember.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    ids = [
        pk
        for pk in Attendance.objects.filter(activity_id=meeting.activity_id)
        .exclude(state=AttendanceState.EXCUSED)
        .values_list("member_id", flat=True)
        if pk not in grouped
    ]
    seats = Membership.objects.filter(
        committee_id=meeting.committee_id, member_id__in=ids, status=MembershipStatus.ACTIVE
    ).select_related("sector", "member")
    term = meeting.activity.committee.current_term()
    if term is not None:
        seats = seats.filter(term=term)
    by_sector: dict[tuple, list[int]] = {}
    sector_of = {m.member_id: ((m.sector.sort, m.sector.name) if m.sector_id else (10**9, "")) for m in seats}
    names = {m.member_id: m.member.name for m in seats}
    for pk in sorted(ids, key=lambda pk: (stroke_key(names.get(pk, "")), pk)):
        by_sector.setdefault(sector_of.get(pk, (10**9, "")), []).append(pk)
    if not by_sector:
        raise Invalid(errors={"members": [_("没有尚未分组的参会委员。")]})
    made = 0
    for (_sort, sector), members in sorted(by_sector.items()):
        name = (sector or _("其他")) + _("组")
        if Group.objects.filter(meeting=meeting, name=name).exists():
            name = f"{name}（{made + 1}）"
        group = Group.objects.create(
            committee_id=meeting.committee_id, meeting=meeting, name=name, convener_id=members[0]
        )
        GroupMember.objects.bulk_create([GroupMember(meeting=meeting, group=group, member_id=pk) for pk in members])
        audit.record("group.create", actor=actor, obj=group, after={"name": name, "members": members})
        made += 1
    return made


def can_record(user, group: Group) -> bool:
    """The group's secretary, and the meeting office."""
    if can_manage(user, group.committee_id):
        return True
    return bool(is_member_user(user) and group.secretary_id and user.member_id == group.secretary_id)


@transaction.atomic
def record_discussion(*, actor, group: Group, speaker, points: str) -> Discussion:
    if not can_record(actor, group):
        raise Forbidden(_("只有本组记录人（秘书）或会务工作人员可以录入讨论记录。"))
    clean = Cleaner({"points": points})
    text = clean.text("points", required=True, max_length=5000, label=_("发言要点"))
    ids = member_ids([getattr(speaker, "pk", speaker)] if speaker not in (None, "") else [], "speaker")
    if not ids or not GroupMember.objects.filter(group=group, member_id=ids[0]).exists():
        clean.error("speaker", _("发言人须为本组组员。"))
    clean.done()
    row = Discussion.objects.create(
        committee_id=group.committee_id, group=group, speaker_id=ids[0], points=text, recorded_by=actor
    )
    audit.record("discussion.create", actor=actor, obj=row, after=audit.snapshot(row))
    return row
