"""Demo data of the plenary's further parts (part of demo.py): plenary speeches called for, submitted
and reviewed before the session, the speakers' list of the second day (every oral speaker heard), an
election at the closing (增选常务委员) counted and confirmed by two officers, the resolutions of the
two votes, and the minutes drafted, approved and published in the days after the closing. Each step
is dated with its event (demo_dates.py).

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
from lvzhi.meetings.demo_dates import at, dated, stamp
from lvzhi.meetings.models import Candidate, ElectionParticipation, ElectionTally, PlenarySpeech
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


DAY = datetime.timedelta(days=1)


def call_for_speeches(meeting, staff, when, *, deadline) -> None:
    """The call for plenary speeches (征集大会发言), with its deadline."""
    with dated(when):
        services.set_speech_deadline(actor=staff, meeting=meeting, data={"deadline": deadline})


def speeches(meeting, staff, rng, demo_members, first) -> list:
    """Ten members' drafts and one party's, submitted over the two weeks of the call; the decisions
    of DECISIONS taken three days before the session."""
    present = [m for m in _present(meeting) if m not in demo_members]
    authors = rng.sample(present, min(len(SPEECHES), len(present)))
    made = []
    for i, (member_id, title, decision) in enumerate(zip(authors, SPEECHES, DECISIONS, strict=False)):
        submitted = at(first - 19 * DAY, 10) + i * 36 * datetime.timedelta(hours=1)
        with dated(submitted):
            speech = services.submit_speech(
                actor=staff,
                meeting=meeting,
                data={"title": title, "member": member_id, "text": f"{title}。\n一、现状与问题。\n二、对策建议。"},
            )
        made.append((speech, decision))
    party = Party.objects.filter(committee_id=meeting.committee_id).order_by("sort", "id").first()
    if party is not None:
        submitted = at(first - 5 * DAY, 16)
        with dated(submitted):
            speech = services.submit_speech(
                actor=staff,
                meeting=meeting,
                data={"title": f"{party.name}界别联组发言", "party": party.pk, "text": "围绕高质量发展建言献策。"},
            )
        made.append((speech, "adopt_oral"))
    for i, (speech, decision) in enumerate(made):
        if decision:
            reviewed = at(first - 3 * DAY, 9, 10 * i)
            note = "内容与其他发言重复，转为提案办理" if decision == "reject" else ""
            with dated(reviewed):
                services.review_speech(actor=staff, speech=speech, action=decision, note=note)
            stamp(speech, reviewed_at=reviewed)
    return made[: len(authors)]


def speakers(meeting, staff, item, day) -> list:
    """The members' oral speeches on the '大会发言' item's list, asked for before it began and heard
    one after another, ten minutes each."""
    oral = list(
        PlenarySpeech.objects.filter(meeting=meeting, state="oral", member__isnull=False)
        .order_by("pk")
        .values_list("member_id", flat=True)
    )
    made = []
    for i, member_id in enumerate(oral):
        asked = at(day, 14, 30 + i)
        with dated(asked):
            speaker = services.request_to_speak(
                actor=staff, meeting=meeting, data={"agenda_item": item.pk, "member": member_id}
            )
        started = at(day, 15, 5 + 12 * i)
        stopped = started + datetime.timedelta(minutes=10)
        with dated(started):
            services.start_speaker(actor=staff, speaker=speaker)
        with dated(stopped):
            services.stop_speaker(actor=staff, speaker=speaker)
        stamp(speaker, started_at=started, stopped_at=stopped)
        made.append(speaker)
    return made


def election(meeting, staff, item, rng, day):
    """An election at the closing (增选常务委员, 差额: four candidates for three seats), voted by
    phone by most of those present, the rest on paper, counted, confirmed by the counting officer."""
    officer = counting_officer(meeting.committee, staff)
    present = _present(meeting)
    standing = set(
        Membership.objects.filter(committee_id=meeting.committee_id, role="standing").values_list(
            "member_id", flat=True
        )
    )
    pool = [m for m in present if m not in standing] or present
    candidates = rng.sample(pool, min(4, len(pool)))
    with dated(at(day - DAY, 17)):
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
    opened, closed = at(day, 9, 30), at(day, 10)
    with dated(opened):
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
    with dated(closed):
        services.close_election(actor=staff, election=e)
    stamp(e, opened_at=opened, closed_at=closed, sync=True)
    paper = max(len(present) - len(phone), 0)
    returned = max(paper - 1, 0)
    invalid = 1 if returned else 0
    valid = returned - invalid
    with dated(at(day, 10, 30)):
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
    with dated(at(day, 10, 45)):
        services.confirm_count(actor=officer, election=e)
    return e


RESOLUTIONS = {
    "关于常委会工作报告的决议": "会议同意常委会工作报告。",
    "政治决议": "会议通过政治决议，号召全体委员围绕中心、服务大局，认真履行职能。",
}


def resolutions(meeting, staff, votes, when) -> None:
    """The resolution of each vote that passed, entered after the votes."""
    for i, vote in enumerate(votes):
        made = when + datetime.timedelta(minutes=5 * i)
        with dated(made):
            data = {"vote": vote.pk, "title": vote.title, "text": RESOLUTIONS[vote.title]}
            services.add_resolution(actor=staff, meeting=meeting, data=data)


def minutes(meeting, staff, last, after: int):
    """Drafted from the records the day after the closing, approved by the counting officer the day
    after, published `after` days after the closing."""
    officer = counting_officer(meeting.committee, staff)
    drafted, approved, published = at(last + DAY, 10), at(last + 2 * DAY, 15), at(last + after * DAY, 10)
    with dated(drafted):
        m = services.draft_minutes(actor=staff, meeting=meeting)
    with dated(approved):
        services.approve_minutes(actor=officer, minutes=m)
    with dated(published):
        services.publish_minutes(actor=staff, minutes=m)
    stamp(m, published_at=published)
    return m
