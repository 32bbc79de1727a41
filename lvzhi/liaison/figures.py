"""The figures of liaison work, hosted visits and 请示报告. Each counts records whose date of the
counted event (held, started, sent, replied) falls in the period; `records` is the queryset behind
the value, so every number opens to its list. Rates name their denominator's records."""

from django.db.models import DateField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.liaison.choices import EngagementKind, HostBody
from lvzhi.liaison.models import Assignment, Contact, Engagement, HostedVisit, PartyReport

PERIODS = ("current", "cumulative", "term", "year", "since", "range")
SCOPES = ("self", "tree")


def dated(model, field, **extra):
    def records(committee_ids, period):
        return model.objects.in_committees(committee_ids).filter(period.q(field), **extra)

    return records


engagements = dated(Engagement, "held_on")


def people_reached(committee_ids, period):
    """The contacts reached by a contact made in the period (each person once)."""
    through = Engagement.contacts.through.objects.filter(engagement__in=engagements(committee_ids, period))
    return Contact.objects.filter(pk__in=through.values("contact_id"))


def active_assignments(committee_ids, period):
    """Assignments in force at some time in the period: begun by its end, not ended before it."""
    qs = (
        Assignment.objects.in_committees(committee_ids)
        .filter(started_on__lte=period.end)
        .select_related("leader", "contact")
    )
    if period.start is not None:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    return qs


def covered_assignments(committee_ids, period):
    """Assignments in force in the period whose leader made a contact with their contact in the
    period, while the assignment was in force."""
    contact_made = Engagement.objects.filter(
        period.q("held_on"),
        members=OuterRef("leader_id"),
        contacts=OuterRef("contact_id"),
        held_on__gte=OuterRef("started_on"),
        held_on__lte=Coalesce(OuterRef("ended_on"), Value(period.end), output_field=DateField()),
    )
    return active_assignments(committee_ids, period).filter(Exists(contact_made))


def coverage(committee_ids, period):
    total = active_assignments(committee_ids, period).count()
    if not total:
        return 0
    return round(covered_assignments(committee_ids, period).count() * 100 / total, 1)


def accompanying(committee_ids, period):
    """Member-times of accompanying hosted visits begun in the period."""
    return HostedVisit.members.through.objects.filter(
        hostedvisit__in=dated(HostedVisit, "started_on")(committee_ids, period)
    ).select_related("member", "hostedvisit")


def awaiting(committee_ids, period):
    """Reports sent by the end of the period with no reply and not settled by then."""
    end = period.end
    return (
        PartyReport.objects.in_committees(committee_ids)
        .filter(sent_on__lte=end)
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gt=end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    )


def overdue(committee_ids, period):
    """Awaiting at the end of the period and past their reply period (sent + N days) by then."""
    end = period.end
    rows = awaiting(committee_ids, period).values_list("pk", "sent_on", "reply_days")
    late = [pk for pk, sent_on, days in rows if (end - sent_on).days > days]
    return PartyReport.objects.filter(pk__in=late)


def figure(key, label, definition, unit, records, value=None, names=""):
    return Figure(
        f"liaison.{key}",
        label,
        definition,
        unit,
        records,
        scopes=SCOPES,
        periods=PERIODS,
        value=value,
        records_url="liaison:figures",
        names=names,
    )


FIGURES = [
    figure(
        "engagements",
        _("联系走访谈心"),
        _("期间内开展的走访、谈心谈话和主题活动次数（联系记录条数）。"),
        _("次"),
        engagements,
    ),
    figure("visits", _("走访联系"), _("期间内的走访次数。"), _("次"), dated(Engagement, "held_on", kind="visit")),
    figure(
        "talks",
        _("谈心谈话"),
        _("期间内与代表人士、党外委员的谈心谈话次数。"),
        _("次"),
        dated(Engagement, "held_on", kind=EngagementKind.TALK),
    ),
    figure(
        "themed_activities",
        _("联谊主题活动"),
        _("期间内开展的联谊主题活动次数。"),
        _("次"),
        dated(Engagement, "held_on", kind=EngagementKind.ACTIVITY),
        names="title",
    ),
    figure(
        "people_reached",
        _("联系代表人士和党外人士"),
        _("期间内联系记录涉及的联系对象人数，同一人只计一次。"),
        _("人"),
        people_reached,
    ),
    figure(
        "assignments_covered",
        _("联系安排已落实"),
        _("期间内有效的联系安排中，联系领导在期间内（安排有效时）与其联系对象有联系记录的条数。"),
        _("条"),
        covered_assignments,
    ),
    figure(
        "coverage",
        _("联系安排覆盖率"),
        _("已落实的联系安排 ÷ 期间内有效的联系安排（列出的是期间内有效的安排）。"),
        "%",
        active_assignments,
        value=coverage,
    ),
    figure(
        "hosted_visits",
        _("上级政协来调研视察"),
        _("期间内开始的全国政协、省政协来本地调研视察次数。"),
        _("次"),
        dated(HostedVisit, "started_on"),
        names="visitor",
    ),
    figure(
        "hosted_national",
        _("全国政协来调研视察"),
        _("期间内开始的全国政协来访次数。"),
        _("次"),
        dated(HostedVisit, "started_on", body=HostBody.NATIONAL),
        names="visitor",
    ),
    figure(
        "hosted_provincial",
        _("省政协来调研视察"),
        _("期间内开始的省政协来访次数。"),
        _("次"),
        dated(HostedVisit, "started_on", body=HostBody.PROVINCIAL),
        names="visitor",
    ),
    figure(
        "hosted_accompanying",
        _("委员陪同上级政协调研视察"),
        _("期间内开始的上级政协来访中委员陪同的人次。"),
        _("人次"),
        accompanying,
    ),
    figure(
        "reports_sent",
        _("报送请示报告"),
        _("报送日期在期间内的请示、报告件数。"),
        _("件"),
        dated(PartyReport, "sent_on"),
    ),
    figure(
        "reports_replied",
        _("请示报告获批复"),
        _("批复日期在期间内的请示、报告件数。"),
        _("件"),
        dated(PartyReport, "replied_on"),
    ),
    figure(
        "reports_awaiting",
        _("请示报告待批复"),
        _("期间截止时已报送、尚未批复也未办结的件数。"),
        _("件"),
        awaiting,
    ),
    figure(
        "reports_overdue",
        _("请示报告超期未复"),
        _("期间截止时待批复且自报送起已超过答复期限的件数。"),
        _("件"),
        overdue,
    ),
]
