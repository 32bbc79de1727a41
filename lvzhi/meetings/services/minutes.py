"""Minutes (纪要) and resolutions (决议).

The office drafts the minutes from the records (agenda, attendance, the speakers, the votes, the
elections, the resolutions, the groups' discussions), edits the text, and someone else — another
staff officer or a leader of the committee — approves it (MINUTES_FLOW); the office then publishes
it to the attendees, who read it on their page and in the meeting's archive. A resolution names the
closed, passed vote that adopted it."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Role
from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import IllegalTransition
from lvzhi.core.notifications import notify
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.meetings.choices import ElectionState, MinutesState, SpeakerState, VoteState
from lvzhi.meetings.models import (
    AgendaItem,
    Discussion,
    Election,
    Group,
    Meeting,
    Minutes,
    Registration,
    Resolution,
    SpeakerRequest,
    Vote,
)
from lvzhi.meetings.services.base import attendee_users, can_manage, member_ids, my_url, require_manage

M = MinutesState


def _manages(user, minutes) -> bool:
    return can_manage(user, minutes.committee_id)


def _approver(user, minutes) -> bool:
    """Another staff officer of the office, or a leader of the committee — not the last editor."""
    if minutes.edited_by_id == getattr(user, "pk", None):
        return False
    leader = bool(user.is_authenticated and user.has_role(Role.LEADER) and minutes.committee_id in committee_ids(user))
    return leader or _manages(user, minutes)


MINUTES_FLOW = Workflow(
    rules=[
        Rule("approve", [M.DRAFT], M.APPROVED, _approver, None, gettext_lazy("审定")),
        Rule("return", [M.APPROVED], M.DRAFT, _manages, None, gettext_lazy("退回修改")),
        Rule("publish", [M.APPROVED], M.PUBLISHED, _manages, None, gettext_lazy("印发")),
    ]
)


def minutes_lines(meeting: Meeting) -> list[str]:
    """The draft's text, line by line, from the records (a constant number of queries)."""
    activity = meeting.activity
    lines = [
        _("时间：%(a)s至%(b)s；地点：%(p)s。")
        % {"a": f"{activity.start:%Y-%m-%d %H:%M}", "b": f"{activity.end:%Y-%m-%d %H:%M}", "p": activity.place}
    ]
    counts = dict.fromkeys(AttendanceState.values, 0)
    for state, n in Attendance.objects.filter(activity_id=activity.pk).values_list("state").annotate(n=Count("id")):
        counts[state] = n
    lines.append(
        _("应到%(all)s人，报到%(reg)s人，签到%(present)s人，请假%(excused)s人。")
        % {
            "all": sum(counts.values()),
            "reg": Registration.objects.filter(meeting=meeting).count(),
            "present": counts[AttendanceState.PRESENT],
            "excused": counts[AttendanceState.EXCUSED],
        }
    )
    lines.append(_("一、议程"))
    speakers: dict[int, list[str]] = {}
    for s in SpeakerRequest.objects.filter(meeting=meeting, state=SpeakerState.DONE).select_related("member"):
        speakers.setdefault(s.agenda_item_id, []).append(s.member.name)
    for i in AgendaItem.objects.filter(meeting=meeting):
        presider = _("，主持人：%(p)s") % {"p": i.presider} if i.presider else ""
        lines.append(f"{i.day:%m月%d日} {i.get_half_display()} {i.starts_at:%H:%M} {i.title}{presider}")
        if speakers.get(i.pk):
            lines.append(_("发言：%(names)s。") % {"names": "、".join(speakers[i.pk])})
    lines.append(_("二、表决"))
    for v in Vote.objects.filter(meeting=meeting):
        if v.state == VoteState.CLOSED:
            lines.append(
                _(
                    "%(t)s（%(mode)s）：应到%(e)s人，出席%(p)s人，参加表决%(n)s人；赞成%(y)s票，反对%(no)s票，弃权%(a)s票。%(d)s"
                )
                % {
                    "t": v.title,
                    "mode": v.get_mode_display(),
                    "e": v.eligible_count,
                    "p": v.present_count,
                    "n": v.voters_count,
                    "y": v.yes_count,
                    "no": v.no_count,
                    "a": v.abstain_count,
                    "d": v.decision,
                }
            )
        else:
            lines.append(_("%(t)s：%(s)s。") % {"t": v.title, "s": v.get_state_display()})
    lines.append(_("三、选举"))
    for e in Election.objects.filter(meeting=meeting):
        state = e.decision if e.state == ElectionState.CONFIRMED else e.get_state_display()
        lines.append(f"{e.title}（{e.get_kind_display()}，{_('应选%(n)s名') % {'n': e.seats}}）：{state}")
    lines.append(_("四、决议"))
    for r in Resolution.objects.filter(meeting=meeting).select_related("vote"):
        lines.append(_("%(t)s（%(v)s：%(d)s）") % {"t": r.title, "v": r.vote.title, "d": r.vote.decision})
    lines.append(_("五、分组讨论"))
    groups = (
        Group.objects.filter(meeting=meeting)
        .select_related("convener")
        .prefetch_related(Prefetch("discussions", queryset=Discussion.objects.select_related("speaker")))
    )
    for g in groups:
        convener = _("（召集人：%(c)s）") % {"c": g.convener.name} if g.convener_id else ""
        lines.append(f"{g.name}{convener}")
        lines.extend(f"{d.speaker.name}：{d.points}" for d in g.discussions.all())
    return [str(line) for line in lines]


@transaction.atomic
def draft_minutes(*, actor, meeting: Meeting, data: dict | None = None) -> Minutes:
    """Draft (or redraft, while still a draft) the minutes from the records."""
    require_manage(actor, meeting.committee_id)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.state != M.DRAFT:
        raise IllegalTransition(_("纪要已审定，不能重新起草；如需修改请先退回。"))
    text = "\n".join(minutes_lines(meeting))
    title = _("%(t)s纪要") % {"t": meeting.activity.topic}
    if minutes is None:
        minutes = Minutes.objects.create(
            committee_id=meeting.committee_id, meeting=meeting, title=title[:200], text=text, edited_by=actor
        )
        audit.record("minutes.draft", actor=actor, obj=minutes, after=audit.snapshot(minutes))
    else:
        before = audit.snapshot(minutes)
        minutes.text, minutes.edited_by = text, actor
        minutes.save(update_fields=["text", "edited_by", "updated_at"])
        audit.record("minutes.redraft", actor=actor, obj=minutes, before=before, after=audit.snapshot(minutes))
    return minutes


@transaction.atomic
def edit_minutes(*, actor, minutes: Minutes, data: dict) -> Minutes:
    require_manage(actor, minutes.committee_id)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.state != M.DRAFT:
        raise IllegalTransition(_("纪要已审定，不能修改；如需修改请先退回。"))
    clean = Cleaner({"title": minutes.title, **{k: v for k, v in data.items() if v is not None}})
    title = clean.text("title", required=True, max_length=200, label=_("标题"))
    text = clean.text("text", required=True, max_length=200_000, label=_("正文"))
    clean.done()
    before = audit.snapshot(minutes)
    minutes.title, minutes.text, minutes.edited_by = title, text, actor
    minutes.save(update_fields=["title", "text", "edited_by", "updated_at"])
    audit.record("minutes.edit", actor=actor, obj=minutes, before=before, after=audit.snapshot(minutes))
    return minutes


def approve_minutes(*, actor, minutes: Minutes, note: str = "") -> Minutes:
    def apply(obj):
        obj.approved_by = actor

    minutes.refresh_from_db()  # the text as saved, not as this instance last saw it
    MINUTES_FLOW.perform(minutes, "approve", actor=actor, note=note, apply=apply)
    return minutes


def return_minutes(*, actor, minutes: Minutes, note: str = "") -> Minutes:
    def apply(obj):
        obj.approved_by = None

    minutes.refresh_from_db()
    MINUTES_FLOW.perform(minutes, "return", actor=actor, note=note, apply=apply)
    return minutes


def publish_minutes(*, actor, minutes: Minutes, note: str = "") -> Minutes:
    minutes.refresh_from_db()
    with transaction.atomic():

        def apply(obj):
            obj.published_at = timezone.now()

        MINUTES_FLOW.perform(minutes, "publish", actor=actor, note=note, apply=apply)
        meeting = minutes.meeting
        notify(
            attendee_users(meeting),
            title=_("会议纪要已印发：%(t)s") % {"t": minutes.title},
            url=my_url(meeting),
            kind="meetings.minutes_published",
            committee=meeting.committee,
        )
    return minutes


@transaction.atomic
def add_resolution(*, actor, meeting: Meeting, data: dict) -> Resolution:
    """A resolution adopted by a closed, passed vote of the meeting (one resolution per vote)."""
    require_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    title = clean.text("title", required=True, max_length=200, label=_("决议标题"))
    text = clean.text("text", required=True, max_length=100_000, label=_("决议内容"))
    ids = member_ids([data.get("vote")] if data.get("vote") not in (None, "") else [], "vote")
    vote = Vote.objects.filter(meeting=meeting, pk=ids[0]).first() if ids else None
    if vote is None:
        clean.error("vote", _("请选择本次会议的表决。"))
    elif vote.state != VoteState.CLOSED or not vote.passed:
        clean.error("vote", _("决议须经表决通过：该表决尚未结束或未通过。"))
    clean.done()
    try:
        with transaction.atomic():
            resolution = Resolution.objects.create(
                committee_id=meeting.committee_id, meeting=meeting, vote=vote, title=title, text=text, created_by=actor
            )
    except IntegrityError:
        raise IllegalTransition(_("该表决已有决议。")) from None
    audit.record("resolution.create", actor=actor, obj=resolution, after=audit.snapshot(resolution))
    return resolution
