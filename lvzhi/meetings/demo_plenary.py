"""Demo data of the plenary's further parts (part of demo.py): plenary speeches submitted and
reviewed, a speakers' list with one speaker done and one at the lectern, an election at the start
of the term counted and confirmed by two officers, and the minutes drafted, approved and published
with the resolution of the closed vote.

The second officer is the office's counting-group account (`<city>_jipiao`, password as every demo
account), who confirms the count and approves the minutes. Ballots are written in bulk as the
votes' are (participation rows and per-candidate counts, never a ballot row)."""

import datetime

from django.db.models import F

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.models import User, UserPermission, UserRole
from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.meetings import services
from lvzhi.meetings.models import Candidate, ElectionParticipation, ElectionTally
from lvzhi.org.models import Membership, Party

SPEECHES = [
    "关于推动乡村振兴与文旅融合发展的建议",
    "加快构建现代化产业体系的几点思考",
    "关于促进义务教育优质均衡发展的建议",
    "守护河西走廊生态屏障",
    "关于完善基层医疗卫生服务体系的建议",
    "推进数字政府建设，优化营商环境",
    "关于加强非物质文化遗产保护传承的建议",
    "发挥界别优势，助力民营经济发展",
    "关于提升城市精细化管理水平的建议",
    "关于做好高校毕业生就业工作的建议",
]
# what the office decided for each draft, in order: oral, written, not adopted, still under review
DECISIONS = ["adopt_oral"] * 3 + ["adopt_written"] * 4 + ["reject"] * 2 + [None]


def counting_officer(committee, staff) -> User:
    """The office's counting-group officer (计票组), created once with the demo password."""
    username = f"{staff.username.split('_')[0]}_jipiao"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username,
            name="计票组",
            password=staff.password,  # the demo password, hashed once by the accounts demo
            committee=committee,
            must_change_password=False,
        )
        UserRole.objects.create(user=user, role=str(Role.STAFF))
        UserPermission.objects.create(user=user, permission=str(Permission.ACTIVITIES))
    return User.objects.get(pk=user.pk)


def _present(meeting) -> list[int]:
    return list(
        Attendance.objects.filter(activity=meeting.activity, state=AttendanceState.PRESENT)
        .order_by("member__name_pinyin", "member_id")
        .values_list("member_id", flat=True)
    )


def speeches(meeting, staff, items, rng, demo_members) -> list:
    """Ten members' drafts and one party's; the decisions of DECISIONS; the oral speakers on the
    '大会发言' item's list, the first done and the second speaking."""
    services.set_speech_deadline(
        actor=staff, meeting=meeting, data={"deadline": meeting.activity.end + datetime.timedelta(days=-1)}
    )
    present = [m for m in _present(meeting) if m not in demo_members]
    authors = rng.sample(present, min(len(SPEECHES), len(present)))
    made = []
    for member_id, title, decision in zip(authors, SPEECHES, DECISIONS, strict=False):
        speech = services.submit_speech(
            actor=staff,
            meeting=meeting,
            data={"title": title, "member": member_id, "text": f"{title}。\n一、现状与问题。\n二、对策建议。"},
        )
        if decision:
            note = "内容与其他发言重复，转为提案办理" if decision == "reject" else ""
            services.review_speech(actor=staff, speech=speech, action=decision, note=note)
        made.append((speech, decision))
    party = Party.objects.filter(committee_id=meeting.committee_id).order_by("sort", "id").first()
    if party is not None:
        speech = services.submit_speech(
            actor=staff,
            meeting=meeting,
            data={"title": f"{party.name}界别联组发言", "party": party.pk, "text": "围绕高质量发展建言献策。"},
        )
        services.review_speech(actor=staff, speech=speech, action="adopt_oral")
    oral = [s.member_id for s, d in made if d == "adopt_oral"]
    speakers = [
        services.request_to_speak(actor=staff, meeting=meeting, data={"agenda_item": items[3].pk, "member": m})
        for m in oral
    ]
    if speakers:
        services.start_speaker(actor=staff, speaker=speakers[0])
        services.stop_speaker(actor=staff, speaker=speakers[0])
    if len(speakers) > 1:
        services.start_speaker(actor=staff, speaker=speakers[1])
    return made


def election(meeting, staff, officer, item, rng):
    """An election at the start of the term (增选常务委员, 差额: four candidates for three seats),
    voted by phone by most of those present, the rest on paper, counted, confirmed by the officer."""
    present = _present(meeting)
    standing = set(
        Membership.objects.filter(committee_id=meeting.committee_id, role="standing").values_list(
            "member_id", flat=True
        )
    )
    pool = [m for m in present if m not in standing] or present
    candidates = rng.sample(pool, min(4, len(pool)))
    e = services.create_election(
        actor=staff,
        meeting=meeting,
        data={
            "agenda_item": item.pk,
            "title": "增选政协常务委员",
            "seats": max(1, len(candidates) - 1),
            "candidates": candidates,
            "write_in": True,
        },
    )
    services.open_election(actor=staff, election=e)
    phone = [m for m in present if rng.random() < 0.9]
    ElectionParticipation.objects.bulk_create(
        [ElectionParticipation(election=e, member_id=m, committee_id=meeting.committee_id) for m in phone],
        batch_size=1000,
    )
    rows = list(Candidate.objects.filter(election=e).order_by("position"))
    shares = [0.95, 0.9, 0.8, 0.3][: len(rows)]
    for row, share in zip(rows, shares, strict=False):
        n = sum(1 for _ in phone if rng.random() < share)
        ElectionTally.objects.filter(election=e, candidate=row).update(count=F("count") + n)
    services.close_election(actor=staff, election=e)
    paper = max(len(present) - len(phone), 0)
    returned = max(paper - 1, 0)
    invalid = 1 if returned else 0
    valid = returned - invalid
    services.enter_paper_count(
        actor=staff,
        election=e,
        data={
            "paper_issued": paper,
            "paper_returned": returned,
            "paper_invalid": invalid,
            "counts": {str(r.pk): int(valid * s) for r, s in zip(rows, shares, strict=False)},
        },
    )
    services.confirm_count(actor=officer, election=e)
    return e


def minutes(meeting, staff, officer, vote):
    services.add_resolution(
        actor=staff,
        meeting=meeting,
        data={"vote": vote.pk, "title": "关于常委会工作报告的决议", "text": "会议同意常委会工作报告。"},
    )
    m = services.draft_minutes(actor=staff, meeting=meeting)
    services.approve_minutes(actor=officer, minutes=m)
    services.publish_minutes(actor=staff, minutes=m)
    return m


def load(meeting, staff, items, vote, rng, demo_members) -> None:
    officer = counting_officer(meeting.committee, staff)
    speeches(meeting, staff, items, rng, demo_members)
    election(meeting, staff, officer, items[0], rng)
    minutes(meeting, staff, officer, vote)
