"""The duty events of meetings and activities (see docs/adding-a-module.md, "Duty events"): a
member attended an activity (one kind per activity kind), was excused, was absent without leave
(one kind per activity kind, so that a scheme may weigh an absence from the plenary), spoke, wrote
an outcome, or leads the studio that organised an activity. Only activities that took place
(finished) count; each event is dated by the activity's start."""

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech
from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, local_date
from lvzhi.org.models import Studio

FINISHED = ActivityState.FINISHED


def _narrow(qs, committee_ids, source_ids, activity="activity__"):
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    return qs.filter(**{f"{activity}state": FINISHED})


def _attendance(state, kind=None):
    def events(committee_ids=None, year=None, source_ids=None):
        qs = Attendance.objects.filter(state=state)
        if kind is not None:
            qs = qs.filter(activity__kind=kind)
        rows = _narrow(qs, committee_ids, source_ids).values_list("pk", "member_id", "committee_id", "activity__start")
        for pk, member_id, committee_id, start in rows.iterator(chunk_size=5000):
            yield DutyFact(member_id, committee_id, timezone.localdate(start), pk)

    return events


def _attendance_facts(committee_ids=None, year=None):
    """The facts of every attendance producer in one query: the kind from the state and the
    activity's kind (a kind no producer declares is left out by the ledger)."""
    qs = _narrow(Attendance.objects.filter(state__in=ATTENDANCE_STATES), committee_ids, None)
    kind = Case(
        When(state=AttendanceState.PRESENT, then=Concat(Value("activities.attended."), "activity__kind")),
        When(state=AttendanceState.ABSENT, then=Concat(Value("activities.absent."), "activity__kind")),
        default=Value("activities.excused"),
        output_field=CharField(),
    )
    return fact_rows(
        qs, kind=kind, member="member_id", committee="committee_id", date=local_date("activity__start"), source="pk"
    )


def _attendance_affected(obj):
    if isinstance(obj, Attendance):
        # Only finished activities carry events, and a finished activity never returns to
        # planned: a check-in or leave answer before the end cannot change the ledger.
        return [obj.pk] if obj.activity.state == FINISHED else []
    if isinstance(obj, Activity):
        return list(Attendance.objects.filter(activity_id=obj.pk).values_list("pk", flat=True))
    return None


def _speeches(committee_ids=None, year=None, source_ids=None):
    rows = _narrow(Speech.objects.all(), committee_ids, source_ids).values_list(
        "pk", "member_id", "committee_id", "activity__start"
    )
    for pk, member_id, committee_id, start in rows.iterator(chunk_size=5000):
        yield DutyFact(member_id, committee_id, timezone.localdate(start), pk)


def _speech_facts(committee_ids=None, year=None):
    qs = _narrow(Speech.objects.all(), committee_ids, None)
    return fact_rows(
        qs,
        kind="activities.spoke",
        member="member_id",
        committee="committee_id",
        date=local_date("activity__start"),
        source="pk",
    )


def _speech_affected(obj):
    if isinstance(obj, Speech):
        return [obj.pk]
    if isinstance(obj, Activity):
        return list(Speech.objects.filter(activity_id=obj.pk).values_list("pk", flat=True))
    return None


def _outcomes(committee_ids=None, year=None, source_ids=None):
    outcomes = _narrow(Outcome.objects.all(), committee_ids, source_ids)
    rows = Outcome.authors.through.objects.filter(outcome__in=outcomes).values_list(
        "outcome_id", "member_id", "outcome__committee_id", "outcome__activity__start"
    )
    for pk, member_id, committee_id, start in rows.iterator(chunk_size=5000):
        yield DutyFact(member_id, committee_id, timezone.localdate(start), pk)


def _outcome_facts(committee_ids=None, year=None):
    outcomes = _narrow(Outcome.objects.all(), committee_ids, None)
    return fact_rows(
        Outcome.authors.through.objects.filter(outcome__in=outcomes),
        kind="activities.outcome",
        member="member_id",
        committee="outcome__committee_id",
        date=local_date("outcome__activity__start"),
        source="outcome_id",
    )


def _outcome_affected(obj):
    if isinstance(obj, Outcome):
        return [obj.pk]
    if isinstance(obj, Activity):
        return list(Outcome.objects.filter(activity_id=obj.pk).values_list("pk", flat=True))
    return None


def _organised(committee_ids=None, year=None, source_ids=None):
    qs = _narrow(Activity.objects.exclude(organiser_studio__lead=None), committee_ids, source_ids, activity="")
    rows = qs.values_list("pk", "organiser_studio__lead", "committee_id", "start")
    for pk, member_id, committee_id, start in rows.iterator(chunk_size=5000):
        yield DutyFact(member_id, committee_id, timezone.localdate(start), pk)


def _organised_facts(committee_ids=None, year=None):
    qs = _narrow(Activity.objects.exclude(organiser_studio__lead=None), committee_ids, None, activity="")
    return fact_rows(
        qs,
        kind="activities.organised_studio",
        member="organiser_studio__lead",
        committee="committee_id",
        date=local_date("start"),
        source="pk",
    )


def _organised_affected(obj):
    if isinstance(obj, Activity):
        return [obj.pk]
    if isinstance(obj, Studio):  # its lead changed
        return list(Activity.objects.filter(organiser_studio_id=obj.pk).values_list("pk", flat=True))
    return None


def _describe_via_activity(model):
    return Titles(
        model,
        ("activity_id", "activity__topic"),
        lambda pk, activity, topic: (topic, reverse("activities:detail", args=[activity])),
    )


_describe_outcomes = Titles(
    Outcome, ("title",), lambda pk, title: (title, reverse("activities:outcome_detail", args=[pk]))
)
_describe_activities = Titles(Activity, ("topic",), lambda pk, topic: (topic, reverse("activities:detail", args=[pk])))


# Points of the default scheme for attending each kind of activity, and for an unexcused absence.
ATTENDED_POINTS = {
    "plenary": 20,
    "standing_committee": 5,
    "chairs_meeting": 3,
    "consultation": 8,
    "inspection": 8,
    "study": 5,
    "training": 5,
    "reading": 3,
    "studio": 5,
    "grassroots": 5,
    "briefing": 3,
    "other": 2,
}
ATTENDED_CAPS = {"consultation": 24, "inspection": 24, "study": 15, "training": 10, "reading": 9, "studio": 15}
ABSENT_POINTS = {"plenary": -10, "standing_committee": -5}

ATTENDANCE = "activities.Attendance"
ATTENDANCE_STATES = [AttendanceState.PRESENT, AttendanceState.EXCUSED, AttendanceState.ABSENT]
PRODUCERS = [
    *[
        DutyProducer(
            f"activities.attended.{kind.value}",
            format_lazy("{}{}", _("出席"), kind.label),
            ATTENDANCE,
            _attendance(AttendanceState.PRESENT, kind.value),
            _attendance_affected,
            ATTENDED_POINTS.get(kind.value, 2),
            ATTENDED_CAPS.get(kind.value),
            _describe_via_activity(Attendance),
            _attendance_facts,
        )
        for kind in ActivityKind
    ],
    DutyProducer(
        "activities.excused",
        _("请假（已准假）"),
        ATTENDANCE,
        _attendance(AttendanceState.EXCUSED),
        _attendance_affected,
        0,
        describe=_describe_via_activity(Attendance),
        facts_query=_attendance_facts,
    ),
    *[
        DutyProducer(
            f"activities.absent.{kind.value}",
            format_lazy("{}{}", _("无故缺席"), kind.label),
            ATTENDANCE,
            _attendance(AttendanceState.ABSENT, kind.value),
            _attendance_affected,
            ABSENT_POINTS.get(kind.value, -2),
            describe=_describe_via_activity(Attendance),
            facts_query=_attendance_facts,
        )
        for kind in ActivityKind
    ],
    DutyProducer(
        "activities.spoke",
        _("大会或活动发言"),
        "activities.Speech",
        _speeches,
        _speech_affected,
        5,
        20,
        _describe_via_activity(Speech),
        _speech_facts,
    ),
    DutyProducer(
        "activities.outcome",
        _("执笔活动成果"),
        "activities.Outcome",
        _outcomes,
        _outcome_affected,
        8,
        24,
        _describe_outcomes,
        _outcome_facts,
    ),
    DutyProducer(
        "activities.organised_studio",
        _("组织委员工作室活动"),
        "activities.Activity",
        _organised,
        _organised_affected,
        5,
        15,
        _describe_activities,
        _organised_facts,
    ),
]
