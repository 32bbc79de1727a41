"""Demo meeting services: the plenary session of 武威 and of 平凉 held this year (agenda,
registration, seating, groups by sector, materials, two named votes, and — demo_plenary.py — speeches,
a speakers' list, an election, resolutions and the published minutes), finished and in the archive,
and a standing-committee meeting of 武威 on the day of the load with an anonymous vote still open
and registration under way, so the demo members can register and vote on their phones.

The plenary is held on the dates of the year's session (`org.Session` of the current term; without
one, a January day from the committee's generator) and its minutes are published three days after
the closing. When that day is not yet past (a load in January), the plenary of the demo is the
previous year's, which the activities calendar has held: the meeting services are set up on that
activity. No plenary in the future is ever finished. The activities calendar leaves the current
year's session to this loader (lvzhi/activities/demo_calendar.py).

Every step is done through the services, as the office would do it, and dated with its event
(demo_dates.py): the meeting set up three weeks ahead, the agenda published two weeks ahead, speeches
submitted and reviewed, seating and materials in the last week, registration the day before, the
speeches on the second day, votes and the election at the closing, the minutes approved and
published in the days after. The figures of seed-figures.md (as of 2024-12-31) stay as they are: the
meetings and their duty events fall in the year of the load (or the year before, in January).
Everything else is drawn from a generator seeded per committee. Rows are written in bulk where many.
"""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.activities import services as activity_services
from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState, CheckinMethod
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core import audit
from lvzhi.core.exports import docx_bytes, new_document
from lvzhi.meetings import demo_plenary, services
from lvzhi.meetings.choices import RegistrationMethod, VoteChoice
from lvzhi.meetings.demo_dates import at, dated, stamp
from lvzhi.meetings.models import AgendaItem, Meeting, OpenBallot, Participation, Registration
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Committee, Membership, Session

PLENARIES = {
    "620600": ("wuwei_staff", ["wuwei_member", "wuwei_member2"], "武威会议中心", "凉州宾馆"),
    "620800": ("pingliang_staff", ["pingliang_member"], "平凉市会议中心", "崆峒宾馆"),
}
HOTEL_ROOMS = 120
EXCUSED_SHARE, ABSENT_SHARE = 0.04, 0.06  # on leave; did not come (marked absent when the meeting ends)
MINUTES_AFTER = 3  # days from the closing to the minutes' publication
DAY = datetime.timedelta(days=1)


def _document(title: str, paragraphs: list[str]) -> SimpleUploadedFile:
    doc = new_document(title)
    for text in paragraphs:
        doc.add_paragraph(text)
    return SimpleUploadedFile(f"{title}.docx", docx_bytes(doc))


def _seated(committee):
    seats = Membership.objects.filter(committee=committee, status=MembershipStatus.ACTIVE)
    term = committee.current_term()
    if term is not None:
        seats = seats.filter(term=term)
    ids = seats.order_by("member__name_pinyin", "member_id").values_list("member_id", flat=True)
    return list(dict.fromkeys(ids)), term


def held_session(committee, term, today, rng):
    """The plenary session the demo shows as held: (its number, first day, last day, the calendar's
    activity or None). This year's session (its `Session` row, else a January day drawn from `rng`)
    once its minutes' day (closing + MINUTES_AFTER) is past; else last year's, which the activities
    calendar has held (None when there is none)."""
    first_year = term.start_date.year if term is not None else today.year - 4
    number = today.year - first_year + 1
    row = Session.objects.filter(committee=committee, term=term, number=number).first() if term else None
    if row is not None:
        first, last = row.start_date, row.end_date
    else:
        first = datetime.date(today.year, 1, 5) + rng.randint(0, 20) * DAY
        last = first + 3 * DAY
    if last + MINUTES_AFTER * DAY < today:
        return number, first, last, None
    activity = (
        Activity.objects.filter(committee=committee, kind=ActivityKind.PLENARY, start__year=today.year - 1)
        .order_by("-start")
        .first()
    )
    if activity is None:
        return None
    start, end = timezone.localdate(activity.start), timezone.localdate(activity.end)
    return number - 1, start, end, activity


def _invite(activity, invitees, rng, demo_members, *, arrival, present_demo):
    """The attendance of an activity the demo holds: on leave, not come, or present (checked in at
    `arrival(i)`); the demo members present, or (a live meeting) still to register on their phones."""
    rows = []
    for i, member_id in enumerate(invitees):
        draw = rng.random()
        if member_id in demo_members:
            state = AttendanceState.PRESENT if present_demo else AttendanceState.ATTENDING
        elif draw < EXCUSED_SHARE:
            state = AttendanceState.EXCUSED
        elif draw < EXCUSED_SHARE + ABSENT_SHARE:
            state = AttendanceState.ATTENDING
        else:
            state = AttendanceState.PRESENT
        rows.append(
            Attendance(
                committee_id=activity.committee_id,
                activity=activity,
                member_id=member_id,
                state=state,
                leave_reason="公务出差" if state == AttendanceState.EXCUSED else "",
                checked_in_at=arrival(i) if state == AttendanceState.PRESENT else None,
                method=CheckinMethod.MANUAL if state == AttendanceState.PRESENT else "",
            )
        )
    Attendance.objects.bulk_create(rows, batch_size=1000)  # invited when the activity is set up (`dated`)
    Attendance.objects.filter(activity=activity, state=AttendanceState.PRESENT).update(updated_at=F("checked_in_at"))


def _register(meeting, staff, rng, hotel):
    """Who came registered (报到) when they checked in: lodging and meals, in bulk."""
    present = (
        Attendance.objects.filter(activity=meeting.activity, state=AttendanceState.PRESENT)
        .order_by("member__name_pinyin", "member_id")
        .values_list("member_id", "checked_in_at")
    )
    rows = []
    for i, (member_id, arrived) in enumerate(present):
        rows.append(
            Registration(
                committee_id=meeting.committee_id,
                meeting=meeting,
                member_id=member_id,
                method=rng.choice([RegistrationMethod.QR, RegistrationMethod.SEARCH, RegistrationMethod.BULK]),
                hotel=hotel if hotel else "",
                room=f"{8 + i // HOTEL_ROOMS}{(i % HOTEL_ROOMS) + 1:03d}" if hotel else "",
                meal_note=rng.choice(["", "", "", "清真餐", "素食"]),
                registered_by=staff,
            )
        )
        rows[-1].arrived = arrived
    made = Registration.objects.bulk_create(rows, batch_size=1000)
    for row in made:  # bulk_create stamps "now": each row gets its member's check-in time
        row.registered_at = row.arrived
    Registration.objects.bulk_update(made, ["registered_at"], batch_size=1000)


def _agenda(meeting, staff, items, when):
    first = timezone.localdate(meeting.activity.start)
    made = []
    with dated(when):
        for day, half, starts, title, presider in items:
            made.append(
                services.add_agenda_item(
                    actor=staff,
                    meeting=meeting,
                    data={
                        "day": first + day * DAY,
                        "half": half,
                        "starts_at": starts,
                        "title": title,
                        "place": meeting.activity.place,
                        "presider": presider,
                    },
                )
            )
        services.publish_agenda(actor=staff, meeting=meeting, note="")
    stamp(meeting, agenda_published_at=when)
    return made


def _vote(meeting, staff, item, title, rng, *, opened, closed):
    """A named vote at the closing: created beforehand, opened and closed through the services, the
    phone ballots of those present written in bulk between."""
    with dated(opened - datetime.timedelta(hours=16)):
        vote = services.create_vote(
            actor=staff, meeting=meeting, data={"agenda_item": item.pk, "title": title, "mode": "open"}
        )
    with dated(opened):
        services.open_vote(actor=staff, vote=vote)
    present = list(
        Attendance.objects.filter(activity=meeting.activity, state=AttendanceState.PRESENT).values_list(
            "member_id", flat=True
        )
    )
    voters = [m for m in present if rng.random() < 0.97]
    choices = [
        VoteChoice.YES if (d := rng.random()) < 0.93 else (VoteChoice.ABSTAIN if d < 0.98 else VoteChoice.NO)
        for _ in voters
    ]
    Participation.objects.bulk_create(
        [Participation(vote=vote, member_id=m, committee_id=meeting.committee_id) for m in voters], batch_size=1000
    )
    OpenBallot.objects.bulk_create(
        [OpenBallot(vote=vote, member_id=m, choice=c) for m, c in zip(voters, choices, strict=True)], batch_size=1000
    )
    with dated(closed):
        services.close_vote(actor=staff, vote=vote)
    stamp(vote, opened_at=opened, closed_at=closed, sync=True)
    return vote


def _plenary(committee, staff, demo_members, place, hotel, rng, today):
    invitees, term = _seated(committee)
    held = held_session(committee, term, today, rng)
    if held is None:
        return None
    session, first, last, activity = held
    ahead = at(first - 21 * DAY, 10)  # the meeting set up three weeks before
    with dated(ahead):
        if activity is None:
            activity = Activity.objects.create(
                committee=committee,
                kind=ActivityKind.PLENARY,
                topic=f"政协{committee.short_name}第{_cn(term.number if term else 5)}届委员会第{_cn(session)}次会议",
                start=at(first, 8, 30),
                end=at(last, 11, 30),
                place=place,
                state=ActivityState.PLANNED,
                created_by=staff,
            )
            activity_services.record_creation(activity, actor=staff)  # its timeline starts as the service's would
            # on the eve (hotel guests from 14:00) or in the morning before the opening
            _invite(
                activity,
                invitees,
                rng,
                demo_members,
                arrival=lambda i: at(first - DAY, 14) + datetime.timedelta(minutes=i * 7 % 420),
                present_demo=True,
            )
        meeting = services.create_meeting(actor=staff, activity=activity)
    demo_plenary.call_for_speeches(meeting, staff, at(first - 20 * DAY, 9), deadline=at(first - 4 * DAY, 18))
    closing = (last - first).days
    items = _agenda(
        meeting,
        staff,
        [
            (0, "morning", "09:00", "开幕会：听取常委会工作报告和提案工作情况报告", "主席"),
            (0, "afternoon", "15:00", "分组讨论常委会工作报告", "各组召集人"),
            (1, "morning", "09:00", "列席政府工作报告会议", "大会主席团"),
            (1, "afternoon", "15:00", "大会发言", "副主席"),
            (closing, "morning", "09:00", "闭幕会：表决政治决议", "主席"),
        ],
        at(first - 14 * DAY, 10),
    )
    extras = random.Random(f"meetings-plenary-{committee.code}")  # the speeches' and election's draws
    demo_plenary.speeches(meeting, staff, extras, demo_members, first)
    with dated(at(first - 7 * DAY, 15)):
        hall = services.add_room(
            actor=staff,
            meeting=meeting,
            data={"name": "大礼堂", "rows": (len(invitees) // 30) + 2, "seats_per_row": 30},
        )
        services.auto_seat(actor=staff, meeting=meeting, room=hall.pk)
        services.groups_by_sector(actor=staff, meeting=meeting)
    for n, (title, item, internal) in enumerate(
        (
            ("常委会工作报告", items[0], False),
            ("提案工作情况报告", items[0], False),
            ("政治决议（草案）", items[4], True),
        )
    ):
        upload = _document(title, [f"{activity.topic}文件", f"{title}全文（演示）。"])
        uploaded = at(first - 5 * DAY, 10, 10 * n)
        with dated(uploaded):
            services.add_material(
                actor=staff,
                meeting=meeting,
                upload=upload,
                data={"title": title, "agenda_item": item.pk, "internal": internal},
            )
    _register(meeting, staff, rng, hotel)
    demo_plenary.speakers(meeting, staff, items[3], first + DAY)
    report = _vote(
        meeting, staff, items[4], "关于常委会工作报告的决议", rng, opened=at(last, 9, 10), closed=at(last, 9, 20)
    )
    demo_plenary.election(meeting, staff, items[4], extras, last)
    resolution = _vote(meeting, staff, items[4], "政治决议", rng, opened=at(last, 11), closed=at(last, 11, 10))
    demo_plenary.resolutions(meeting, staff, [report, resolution], at(last, 11, 20))
    if activity.state == ActivityState.PLANNED:
        with dated(activity.end):  # who did not come is marked absent as the meeting ends
            activity_services.finish_activity(actor=staff, activity=activity)
        Attendance.objects.filter(activity=activity, state=AttendanceState.ABSENT).update(updated_at=activity.end)
    demo_plenary.minutes(meeting, staff, last, MINUTES_AFTER)
    return meeting


def _standing(committee, staff, demo_members, rng, today):
    """On the day of the load, under way: registration open (the demo members still to register)
    and the anonymous vote open. Set up a week before."""
    seats = Membership.objects.filter(
        committee=committee,
        status=MembershipStatus.ACTIVE,
        role__in=["chair", "vice_chair", "secretary_general", "standing"],
    )
    term = committee.current_term()
    if term is not None:
        seats = seats.filter(term=term)
    invitees = list(dict.fromkeys(seats.order_by("member__name_pinyin").values_list("member_id", flat=True)))
    invitees += [m for m in demo_members if m not in invitees]
    start = at(today, 14, 30)
    now = timezone.now()
    held = Activity.objects.filter(committee=committee, kind=ActivityKind.STANDING_COMMITTEE)
    if term is not None:
        held = held.filter(start__date__gte=term.start_date)
    number = term.number if term else 5  # named as the calendar names the term's earlier meetings
    ahead = at(today - 7 * DAY, 10)
    with dated(ahead):
        activity = Activity.objects.create(
            committee=committee,
            kind=ActivityKind.STANDING_COMMITTEE,
            topic=f"政协{committee.short_name}第{_cn(number)}届委员会常务委员会第{held.count() + 1}次会议",
            start=start,
            end=start + datetime.timedelta(hours=9),
            place="市政协常委会议室",
            state=ActivityState.PLANNED,
            created_by=staff,
        )
        activity_services.record_creation(activity, actor=staff)
        # those already here checked in before the start (or before now, loaded in the morning)
        _invite(
            activity,
            invitees,
            rng,
            demo_members,
            arrival=lambda i: min(start - datetime.timedelta(minutes=5 + i % 20), now),
            present_demo=False,
        )
        meeting = services.create_meeting(actor=staff, activity=activity)
    _register(meeting, staff, rng, "")
    items = _agenda(meeting, staff, [(0, "afternoon", "14:30", "审议人事事项", "主席")], at(today - 6 * DAY, 10))
    with dated(at(today - 2 * DAY, 15)):
        room = services.add_room(
            actor=staff,
            meeting=meeting,
            data={"name": "常委会议室", "rows": len(invitees) // 12 + 1, "seats_per_row": 12},
        )
        services.auto_seat(actor=staff, meeting=meeting, room=room.pk)
        vote = services.create_vote(
            actor=staff,
            meeting=meeting,
            data={"agenda_item": items[0].pk, "title": "人事事项", "mode": "anonymous", "base": "all"},
        )
    opened = min(start + datetime.timedelta(minutes=10), now)  # loaded before the start: opened now
    with dated(opened):
        services.open_vote(actor=staff, vote=vote)
    stamp(vote, opened_at=opened)
    return meeting


def _cn(n: int) -> str:
    return "零一二三四五六七八九十"[n] if 0 <= n <= 10 else str(n)


def load(*, stdout=None, **kwargs) -> dict:
    today = timezone.localdate()
    summary = {}
    for code, (staff_name, member_names, place, hotel) in PLENARIES.items():
        committee = Committee.objects.filter(code=code).first()
        staff = User.objects.filter(username=staff_name).first()
        if committee is None or staff is None:
            continue
        rng = random.Random(f"meetings-{code}")
        demo_members = set(User.objects.filter(username__in=member_names).values_list("member_id", flat=True))
        meetings = [m for m in [_plenary(committee, staff, demo_members, place, hotel, rng, today)] if m]
        if code == "620600":
            meetings.append(_standing(committee, staff, demo_members, rng, today))
        summary[committee.short_name] = [m.pk for m in meetings]
    if summary:
        audit.record("demo.load", object_type="meetings.meeting", note=str(summary))
    if stdout is not None and summary:
        stdout.write(
            f"演示会务：{Meeting.objects.count()} 场会议，议程 {AgendaItem.objects.count()} 项，"
            f"报到 {Registration.objects.count()} 人。"
        )
    return summary
