"""The activity pages: list (with export), calendar, my activities, create/edit, detail, finish, cancel."""

import calendar
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.activities import services
from lvzhi.activities.actions import ACTIVITY_ACTIONS
from lvzhi.activities.choices import DEFAULT_SUBKINDS, ActivityKind, ActivityState, AttendanceState
from lvzhi.activities.forms import ActivityForm, LeaveForm
from lvzhi.activities.models import Attendance, Outcome, Speech
from lvzhi.activities.selectors import date_param, day_start, safe_filter, with_counts
from lvzhi.activities.subkinds import subkind_table
from lvzhi.activities.views.common import (
    PAGE_SIZE,
    can_read,
    get_activity_for_user,
    get_managed_activity,
    is_member,
    manageable_committees,
    participant_required,
    reader_required,
    scoped_activities,
)
from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.registry import local_date
from lvzhi.core.scope import active_committee_ids, form_committee
from lvzhi.core.workflow import timeline
from lvzhi.org.models import Committee

FILTER_KEYS = ("kind", "subkind", "committee", "date_from", "date_to", "state", "q")


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


EXPORT_COLUMNS = [
    Column(_("委员会"), lambda a: a.committee.short_name, 12),
    Column(_("类别"), lambda a: str(choice_label(a, "kind")), 14),
    Column(_("子类"), lambda a: a.subkind, 12),
    Column(_("主题"), lambda a: a.topic, 40),
    Column(_("开始时间"), lambda a: _local(a.start), 18),
    Column(_("结束时间"), lambda a: _local(a.end), 18),
    Column(_("地点"), lambda a: a.place, 20),
    Column(_("组织单位"), lambda a: a.organiser, 16),
    Column(_("状态"), lambda a: str(choice_label(a, "state")), 10),
    Column(_("邀请人数"), lambda a: a.invited_count, 10),
    Column(_("签到人数"), lambda a: a.present_count, 10),
    Column(_("联系群众人次"), lambda a: a.people_reached, 12),
]


ACTIVITIES = Listing(
    key="activities.activities",
    columns=(
        ListColumn(_("时间"), "start"),
        ListColumn(_("主题"), "topic"),
        ListColumn(_("类别"), "kind", order=("kind", "subkind")),
        ListColumn(_("委员会"), "committee", order=("committee__path",)),
        ListColumn(_("地点"), "place"),
        ListColumn(_("签到/邀请"), "present", order=("present_count",)),
        ListColumn(_("状态"), "state"),
    ),
    default_sort="-start",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name=_("会议活动"),
    export_columns=tuple(EXPORT_COLUMNS),
)


@reader_required
def activity_list(request):
    params = {k: request.GET.get(k, "") for k in FILTER_KEYS}
    qs = with_counts(safe_filter(scoped_activities(request), params, request.user).select_related("committee"))
    listing = ACTIVITIES.run(request, qs, filters=params, export_rows=lambda rows: rows[:20000])
    if listing.response:
        return listing.response
    page = listing.page
    committees = Committee.objects.filter(id__in=active_committee_ids(request)).order_by("path")
    subkinds = sorted({s for values in DEFAULT_SUBKINDS.values() for s in values})
    return render(
        request,
        "activities/list.html",
        {
            "listing": listing,
            "page": page,
            "params": params,
            "kinds": ActivityKind.choices,
            "states": ActivityState.choices,
            "subkinds": subkinds,
            "committees": committees,
            "can_create": manageable_committees(request).exists(),
        },
    )


MONTH_CELL = 4  # activities a day shows in the month view


@participant_required
def activity_calendar(request):
    """Month or week view; one query for the activities of the visible days."""
    view = "week" if request.GET.get("view") == "week" else "month"
    day = date_param(request.GET, "date") or timezone.localdate()
    if view == "week":
        first = day - datetime.timedelta(days=day.weekday())
        last = first + datetime.timedelta(days=6)
        prev_day, next_day = first - datetime.timedelta(days=7), first + datetime.timedelta(days=7)
    else:
        month_first = day.replace(day=1)
        first = month_first - datetime.timedelta(days=month_first.weekday())
        month_last = month_first.replace(day=calendar.monthrange(day.year, day.month)[1])
        last = month_last + datetime.timedelta(days=6 - month_last.weekday())
        prev_day = (month_first - datetime.timedelta(days=1)).replace(day=1)
        next_day = month_last + datetime.timedelta(days=1)
    qs = (
        scoped_activities(request)
        .filter(start__gte=day_start(first), start__lt=day_start(last, end=True))
        .exclude(state=ActivityState.CANCELLED)
        .order_by("start", "pk")
    )
    params = {k: request.GET.get(k, "") for k in ("kind", "committee")}
    qs = safe_filter(qs, params, request.user)
    by_day: dict = {}
    on_day: dict = {}
    if view == "week":
        for activity in qs.select_related("committee")[:2000]:
            by_day.setdefault(timezone.localtime(activity.start).date(), []).append(activity)
    else:
        # a month cell shows a day's first MONTH_CELL activities and how many more: only those are
        # read (a province's month holds thousands), with each day's count beside them
        local_day = local_date("start")
        order = [F("start").asc(), F("pk").asc()]
        shown = qs.annotate(
            rank=Window(RowNumber(), partition_by=[local_day], order_by=order),
            on_day=Window(Count("pk"), partition_by=[local_day]),
        ).filter(rank__lte=MONTH_CELL)
        for activity in shown.only("pk", "topic", "start", "kind", "committee_id"):
            day_of = timezone.localtime(activity.start).date()
            by_day.setdefault(day_of, []).append(activity)
            on_day[day_of] = activity.on_day
    days = []
    current = first
    while current <= last:
        items = by_day.get(current, [])
        more = on_day.get(current, len(items)) - len(items)
        days.append({"date": current, "items": items, "more": more, "in_month": current.month == day.month})
        current += datetime.timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    return render(
        request,
        "activities/calendar.html",
        {
            "view": view,
            "day": day,
            "weeks": weeks,
            "days": days,
            "prev": prev_day.isoformat(),
            "next": next_day.isoformat(),
            "today": timezone.localdate(),
            "kinds": ActivityKind.choices,
            "params": params,
        },
    )


MY_PAST = Listing(
    key="activities.mine",
    columns=(
        ListColumn(_("时间"), "start", order=("activity__start",)),
        ListColumn(_("主题"), "topic", order=("activity__topic",)),
    ),
    default_sort="-start",
)


@participant_required
def my_activities(request):
    """A member's invitations, upcoming first, with attend and leave buttons (phone-friendly)."""
    if not is_member(request.user):
        return redirect("activities:list")
    rows = Attendance.objects.filter(member_id=request.user.member_id).select_related("activity", "activity__committee")
    now = timezone.now()
    upcoming = list(rows.filter(activity__state=ActivityState.PLANNED).order_by("activity__start")[:100])
    listing = MY_PAST.run(request, rows.exclude(activity__state=ActivityState.PLANNED))
    if listing.response:
        return listing.response
    context = {"upcoming": upcoming, "listing": listing, "page": listing.page, "now": now, "leave_form": LeaveForm()}
    return render(request, "activities/my.html", context)


def _subkind_lists(committee):
    """Every kind's subkinds (the committee's own list or the defaults), in one query."""
    return {row["kind"]: row["names"] for row in subkind_table(committee)}


def _activity_form_page(request, *, activity=None):
    committees = manageable_committees(request)
    if activity is not None:
        committees = committees.filter(pk=activity.committee_id)
    rows = list(committees)  # read once: the choice, the default and the form's options
    if not rows:
        raise PermissionDenied
    committee = form_committee(request, rows, activity)
    initial = {"committee": committee.pk}
    if activity is not None:
        initial.update({f: getattr(activity, f) for f in services.ACTIVITY_FIELDS})
        initial["start"] = timezone.localtime(activity.start)
        initial["end"] = timezone.localtime(activity.end)
    elif request.GET.get("kind") in ActivityKind.values:
        initial["kind"] = request.GET["kind"]
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        committees=committees,
        committee=committee,
        committee_rows=rows,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("committee")
        try:
            if activity is None:
                activity = services.create_activity(actor=request.user, committee=chosen, data=data)
                messages.success(request, _("活动已创建，可以邀请参加人员。"))
            else:
                services.update_activity(actor=request.user, activity=activity, data=data)
                messages.success(request, _("已保存。"))
            return redirect("activities:detail", activity.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request,
        "activities/form.html",
        {"form": form, "activity": activity, "subkinds": _subkind_lists(committee)},
    )


@reader_required
def activity_create(request):
    return _activity_form_page(request)


@reader_required
def activity_edit(request, pk):
    return _activity_form_page(request, activity=get_managed_activity(request, pk))


@participant_required
def activity_detail(request, pk):
    activity = get_activity_for_user(request, pk)
    user = request.user
    manages = services.can_manage(user, activity.committee_id)
    sees_all = manages or can_read(user)
    attendances = Attendance.objects.filter(activity=activity).select_related("member")
    if not sees_all:
        attendances = attendances.filter(member_id=user.member_id)
    attendances = list(attendances.order_by("member__name_pinyin", "id"))
    mine = next((a for a in attendances if is_member(user) and a.member_id == user.member_id), None)
    if sees_all:  # the 驻地委员 among them, marked with their own committee
        day = timezone.localdate(activity.start)
        guests = dict(
            services.guest_links(activity.committee, day).values_list("member_id", "seat_committee__short_name")
        )
        for row in attendances:
            row.guest_of = guests.get(row.member_id, "")
    counts = dict.fromkeys(AttendanceState.values, 0)
    for row in attendances:
        counts[row.state] += 1
    speeches = Speech.objects.filter(activity=activity).select_related("member", "attachment")
    if not sees_all:
        speeches = speeches.filter(member_id=user.member_id)
    outcomes = (
        Outcome.objects.filter(activity=activity)
        .prefetch_related(Prefetch("authors"))
        .annotate(n_suggestions=Count("suggestions"))
        if sees_all
        else Outcome.objects.none()
    )
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "manages": manages,
            "sees_all": sees_all,
            "attendances": attendances,
            "counts": [(AttendanceState(s), n) for s, n in counts.items()],
            "mine": mine,
            "speeches": list(speeches),
            "outcomes": list(outcomes),
            "timeline": timeline(activity),
            "actions": ACTIVITY_ACTIONS.for_user(activity, user) if manages else [],
            "leave_form": LeaveForm(),
            "planned": activity.state == ActivityState.PLANNED,
            "cancelled": activity.state == ActivityState.CANCELLED,
        },
    )


@reader_required
@require_POST
def activity_action(request, pk, action):
    """One step of the activity's action table (finish, cancel), from its button on the detail page."""
    activity = get_managed_activity(request, pk)
    perform_page_action(request, ACTIVITY_ACTIONS, activity, action)
    return redirect("activities:detail", activity.pk)
