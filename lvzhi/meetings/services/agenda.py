"""A meeting set up on an activity, and its agenda: days, sessions (上午/下午), items with time,
place and presider, published to the attendees in numbered versions. A change after publishing
publishes the next version and tells the attendees."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState
from lvzhi.activities.models import Activity
from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.meetings.choices import Half
from lvzhi.meetings.models import AgendaItem, AgendaRevision, Meeting
from lvzhi.meetings.services.base import attendee_users, my_url, parse_time, require_manage


@transaction.atomic
def create_meeting(*, actor, activity: Activity) -> Meeting:
    """Set up the meeting services of an activity (once per activity)."""
    require_manage(actor, activity.committee_id)
    if activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("活动已取消，不能组织会务。"))
    if Meeting.objects.filter(activity=activity).exists():
        raise Invalid(errors={"activity": [_("该活动已建立会务。")]})
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(committee_id=activity.committee_id, activity=activity, created_by=actor)
    except IntegrityError:
        raise Invalid(errors={"activity": [_("该活动已建立会务。")]}) from None
    audit.record("meeting.create", actor=actor, obj=meeting, after={"activity": activity.pk})
    return meeting


def _open(meeting: Meeting) -> None:
    if meeting.activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("活动已取消。"))


def _published(meeting: Meeting) -> bool:
    """Read afresh: the caller's instance may predate the last publication."""
    return Meeting.objects.filter(pk=meeting.pk, agenda_version__gt=0).exists()


def _clean_item(meeting: Meeting, data: dict) -> dict:
    clean = Cleaner(data)
    day = clean.date("day", required=True)
    half = clean.choice("half", Half.values, required=True)
    title = clean.text("title", required=True, max_length=200, label=_("议题"))
    place = clean.text("place", max_length=200)
    presider = clean.text("presider", max_length=100)
    starts_at = parse_time(clean.errors, "starts_at", data.get("starts_at"), required=True)
    ends_at = parse_time(clean.errors, "ends_at", data.get("ends_at"))
    if starts_at and ends_at and ends_at < starts_at:
        clean.error("ends_at", _("结束时间不能早于开始时间。"))
    activity = meeting.activity
    first, last = timezone.localdate(activity.start), timezone.localdate(activity.end)
    if day and not first <= day <= last:
        clean.error("day", _("日期应在会期内（%(a)s 至 %(b)s）。") % {"a": first, "b": last})
    clean.done()
    return {
        "day": day,
        "half": half,
        "title": title,
        "place": place,
        "presider": presider,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }


def item_snapshot(i: AgendaItem) -> dict:
    return {
        "id": i.pk,
        "day": i.day.isoformat(),
        "half": i.half,
        "starts_at": i.starts_at.strftime("%H:%M"),
        "ends_at": i.ends_at.strftime("%H:%M") if i.ends_at else "",
        "title": i.title,
        "place": i.place,
        "presider": i.presider,
    }


def agenda_snapshot(meeting: Meeting) -> list[dict]:
    return [item_snapshot(i) for i in AgendaItem.objects.filter(meeting=meeting)]


def _publish(meeting: Meeting, *, actor, note: str) -> AgendaRevision:
    meeting = Meeting.objects.select_for_update().select_related("activity").get(pk=meeting.pk)
    items = agenda_snapshot(meeting)
    if not items:
        raise Invalid(errors={"agenda": [_("议程为空，不能发布。")]})
    first = meeting.agenda_version == 0
    meeting.agenda_version += 1
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_version", "agenda_published_at"])
    revision = AgendaRevision.objects.create(
        committee_id=meeting.committee_id,
        meeting=meeting,
        number=meeting.agenda_version,
        items=items,
        note=note,
        published_by=actor,
    )
    audit.record(
        "meeting.publish_agenda", actor=actor, obj=meeting, after={"version": meeting.agenda_version}, note=note
    )
    if first:
        title = _("会议议程已发布：%(t)s") % {"t": meeting.activity.topic}
    else:
        title = _("会议议程已变更（第%(n)s版）：%(t)s") % {"n": meeting.agenda_version, "t": meeting.activity.topic}
    notify(
        attendee_users(meeting),
        title=title,
        body=note,
        url=my_url(meeting),
        committee=meeting.committee,
        kind="meetings.changed",
    )
    return revision


@transaction.atomic
def publish_agenda(*, actor, meeting: Meeting, note: str = "") -> AgendaRevision:
    """Publish the agenda (the first version, or the next one) and tell the attendees."""
    require_manage(actor, meeting.committee_id)
    _open(meeting)
    note = Cleaner({"note": note}).text("note", max_length=500)
    return _publish(meeting, actor=actor, note=note)


@transaction.atomic
def add_agenda_item(*, actor, meeting: Meeting, data: dict) -> AgendaItem:
    require_manage(actor, meeting.committee_id)
    _open(meeting)
    item = AgendaItem.objects.create(committee_id=meeting.committee_id, meeting=meeting, **_clean_item(meeting, data))
    audit.record("agenda_item.create", actor=actor, obj=item, after=item_snapshot(item))
    if _published(meeting):
        _publish(meeting, actor=actor, note=_("新增议程：%(t)s") % {"t": item.title})
    return item


@transaction.atomic
def update_agenda_item(*, actor, item: AgendaItem, data: dict) -> AgendaItem:
    meeting = item.meeting
    require_manage(actor, meeting.committee_id)
    _open(meeting)
    cleaned = _clean_item(meeting, data)
    before = item_snapshot(item)
    for key, value in cleaned.items():
        setattr(item, key, value)
    item.save()
    audit.record("agenda_item.update", actor=actor, obj=item, before=before, after=item_snapshot(item))
    if _published(meeting):
        _publish(meeting, actor=actor, note=_("变更议程：%(t)s") % {"t": item.title})
    return item


@transaction.atomic
def delete_agenda_item(*, actor, item: AgendaItem) -> None:
    meeting = item.meeting
    require_manage(actor, meeting.committee_id)
    _open(meeting)
    if item.votes.exists():
        raise IllegalTransition(_("该议程已有表决，不能删除。"))
    before = item_snapshot(item)
    audit.record("agenda_item.delete", actor=actor, obj=item, before=before)
    item.delete()
    if _published(meeting):
        _publish(meeting, actor=actor, note=_("取消议程：%(t)s") % {"t": before.get("title", "")})
