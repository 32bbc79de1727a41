"""Demo meeting services: the plenary sessions of 武威 and 平凉 in the current term (agenda,
registration, seating, groups by sector, materials, a named vote, closed, and — demo_plenary.py —
speeches, a speakers' list, an election and the published minutes) and a standing-committee
meeting of 武威 with an anonymous vote still open, so the demo members can register and vote.

The meetings take place around the day the demo is loaded (a plenary that is under way), as planned
activities: the activities figures count finished activities only, and the duty events of the closed
vote fall in the current year, so the figures of seed-figures.md (as of 2024-12-31) stay as they are.
Everything else is drawn from a generator seeded per committee. Rows are written in bulk where many,
through the services where the audit trail and the notices matter (agenda, seating, groups, votes).
"""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.activities import services as activity_services
from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState, CheckinMethod
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core import audit
from lvzhi.core.exports import docx_bytes, new_document
from lvzhi.meetings import demo_plenary, services
from lvzhi.meetings.choices import RegistrationMethod, VoteChoice
from lvzhi.meetings.models import AgendaItem, Meeting, OpenBallot, Participation, Registration
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Committee, Membership

PLENARIES = {
    "620600": ("wuwei_staff", ["wuwei_member", "wuwei_member2"], "武威会议中心", "凉州宾馆"),
    "620800": ("pingliang_staff", ["pingliang_member"], "平凉市会议中心", "崆峒宾馆"),
}
HOTEL_ROOMS = 120
EXCUSED_SHARE, LATE_SHARE = 0.04, 0.06  # on leave; not yet arrived


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


def _meeting(committee, staff, *, kind, topic, start, days, place, invitees, rng, demo_members, hotel):
    activity = Activity.objects.create(
        committee=committee,
        kind=kind,
        topic=topic,
        start=start,
        end=start + datetime.timedelta(days=days - 1, hours=9),
        place=place,
        state=ActivityState.PLANNED,
        created_by=staff,
    )
    activity_services.record_creation(activity, actor=staff)  # its timeline starts as the service's would
    now = timezone.now()
    rows, registrations = [], []
    for i, member_id in enumerate(invitees):
        draw = rng.random()
        if member_id in demo_members:
            state = AttendanceState.ATTENDING  # the demo members register themselves
        elif draw < EXCUSED_SHARE:
            state = AttendanceState.EXCUSED
        elif draw < EXCUSED_SHARE + LATE_SHARE:
            state = AttendanceState.ATTENDING
        else:
            state = AttendanceState.PRESENT
        rows.append(
            Attendance(
                committee=committee,
                activity=activity,
                member_id=member_id,
                state=state,
                leave_reason="公务出差" if state == AttendanceState.EXCUSED else "",
                checked_in_at=now if state == AttendanceState.PRESENT else None,
                method=CheckinMethod.MANUAL if state == AttendanceState.PRESENT else "",
            )
        )
        if state == AttendanceState.PRESENT:
            registrations.append((member_id, i))
    Attendance.objects.bulk_create(rows, batch_size=1000)
    meeting = services.create_meeting(actor=staff, activity=activity)
    Registration.objects.bulk_create(
        [
            Registration(
                committee=committee,
                meeting=meeting,
                member_id=member_id,
                method=rng.choice([RegistrationMethod.QR, RegistrationMethod.SEARCH, RegistrationMethod.BULK]),
                hotel=hotel if hotel else "",
                room=f"{8 + i // HOTEL_ROOMS}{(i % HOTEL_ROOMS) + 1:03d}" if hotel else "",
                meal_note=rng.choice(["", "", "", "清真餐", "素食"]),
                registered_by=staff,
            )
            for member_id, i in registrations
        ],
        batch_size=1000,
    )
    return meeting


def _agenda(meeting, staff, items):
    first = timezone.localdate(meeting.activity.start)
    made = []
    for day, half, at, title, presider in items:
        made.append(
            services.add_agenda_item(
                actor=staff,
                meeting=meeting,
                data={
                    "day": first + datetime.timedelta(days=day),
                    "half": half,
                    "starts_at": at,
                    "title": title,
                    "place": meeting.activity.place,
                    "presider": presider,
                },
            )
        )
    services.publish_agenda(actor=staff, meeting=meeting, note="")
    return made


def _closed_vote(meeting, staff, item, title, rng):
    vote = services.create_vote(
        actor=staff, meeting=meeting, data={"agenda_item": item.pk, "title": title, "mode": "open"}
    )
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
    services.close_vote(actor=staff, vote=vote)
    return vote


def _plenary(committee, staff, demo_members, place, hotel, rng, today):
    invitees, term = _seated(committee)
    session = 5 if term is None else max(1, min(5, today.year - term.start_date.year + 1))
    number = term.number if term else 5
    topic = f"政协{committee.short_name}第{_cn(number)}届委员会第{_cn(session)}次会议"
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8, 30)))
    meeting = _meeting(
        committee,
        staff,
        kind=ActivityKind.PLENARY,
        topic=topic,
        start=start,
        days=3,
        place=place,
        invitees=invitees,
        rng=rng,
        demo_members=demo_members,
        hotel=hotel,
    )
    items = _agenda(
        meeting,
        staff,
        [
            (0, "morning", "09:00", "开幕会：听取常委会工作报告和提案工作情况报告", "主席"),
            (0, "afternoon", "15:00", "分组讨论常委会工作报告", "各组召集人"),
            (1, "morning", "09:00", "列席政府工作报告会议", "大会主席团"),
            (1, "afternoon", "15:00", "大会发言", "副主席"),
            (2, "morning", "09:00", "闭幕会：表决政治决议", "主席"),
        ],
    )
    hall = services.add_room(
        actor=staff,
        meeting=meeting,
        data={"name": "大礼堂", "rows": (len(invitees) // 30) + 2, "seats_per_row": 30},
    )
    services.auto_seat(actor=staff, meeting=meeting, room=hall.pk)
    services.groups_by_sector(actor=staff, meeting=meeting)
    for title, item, internal in (
        ("常委会工作报告", items[0], False),
        ("提案工作情况报告", items[0], False),
        ("政治决议（草案）", items[4], True),
    ):
        upload = _document(title, [f"{topic}文件", f"{title}全文（演示）。"])
        services.add_material(
            actor=staff,
            meeting=meeting,
            upload=upload,
            data={"title": title, "agenda_item": item.pk, "internal": internal},
        )
    vote = _closed_vote(meeting, staff, items[0], "关于常委会工作报告的决议", rng)
    extras = random.Random(f"meetings-plenary-{committee.code}")  # the draws above stay as they were
    demo_plenary.load(meeting, staff, items, vote, extras, demo_members)
    services.create_vote(
        actor=staff,
        meeting=meeting,
        data={"agenda_item": items[4].pk, "title": "政治决议", "mode": "open", "allow_change": True},
    )
    return meeting


def _standing(committee, staff, demo_members, rng, today):
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
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(14, 30)))
    held = Activity.objects.filter(committee=committee, kind=ActivityKind.STANDING_COMMITTEE)
    if term is not None:
        held = held.filter(start__date__gte=term.start_date)
    number = term.number if term else 5  # named as the calendar names the term's earlier meetings
    meeting = _meeting(
        committee,
        staff,
        kind=ActivityKind.STANDING_COMMITTEE,
        topic=f"政协{committee.short_name}第{_cn(number)}届委员会常务委员会第{held.count() + 1}次会议",
        start=start,
        days=1,
        place="市政协常委会议室",
        invitees=invitees,
        rng=rng,
        demo_members=demo_members,
        hotel="",
    )
    items = _agenda(meeting, staff, [(0, "afternoon", "14:30", "审议人事事项", "主席")])
    room = services.add_room(
        actor=staff, meeting=meeting, data={"name": "常委会议室", "rows": len(invitees) // 12 + 1, "seats_per_row": 12}
    )
    services.auto_seat(actor=staff, meeting=meeting, room=room.pk)
    vote = services.create_vote(
        actor=staff,
        meeting=meeting,
        data={"agenda_item": items[0].pk, "title": "人事事项", "mode": "anonymous", "base": "all"},
    )
    services.open_vote(actor=staff, vote=vote)
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
        meetings = [_plenary(committee, staff, demo_members, place, hotel, rng, today)]
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
