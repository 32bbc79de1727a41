"""The committees' calendar over the current term, up to the day the demo is loaded (part of demo.py).

- **Meetings** of each city committee: the plenary session every spring (January–February, in Gansu,
  on the dates of the term's sessions, `org.Session`; the session of the current year is the meetings demo's,
  held with its meeting services, votes and minutes — in January, before it is over, that loader takes
  last year's session, held here), a standing-committee meeting every quarter and a chairs'
  meeting eight times a year; each county committee holds its plenary session and quarterly
  standing-committee meetings. Every standing-committee and chairs' meeting opens with its
  first-topic study (学习活动 · 第一议题), an activity on the same day, at the same time and place:
  平凉's 36 of the current term up to 2024-12-31 are P5.
- **Activities after 2024** (2025-01-01 to the day before the load): each committee keeps the
  rhythm of its 2022–2024 record (the same kinds and subkinds, about as many a year), with topics
  and places of its own city, so the dashboards of 2025 and 2026 show the work of those years. The
  figures of the summaries are counted up to 2024-12-31, so these records leave them as they are.
  How many there are depends on the day of the load, so they draw from a random generator of
  their own: every record dated before 2025 (meetings, attendance, hosts) is the same whatever the
  load day (tests/test_demo_days.py).
- **Who was there**: the members present, excused or absent at the meetings and at the activities
  after 2024; the member who held each grassroots consultation, all 21k of them since 2016 (one in
  five with one or two others; the members of the current term, the only roster the demo has); two
  to four members at each studio activity before 2025, one or two at each county briefing. The members
  take these in turns (each year each committee's roster goes round), as offices share them out. The
  members who left during the term were invited to its meetings until they left.
  平凉's sign-in at its own plenary, standing-committee and chairs' meetings is recorded from 2025 on:
  P22 (183 attendances of the parties' and organisations' members at the committee's
  meetings and activities in the current term) counts what was recorded before, at consultations,
  inspections and trainings.

The timelines (planned a week ahead, finished at the end) and their audit entries are written in
bulk by `demo.write_timelines`, dated with the events."""

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState, CheckinMethod
from lvzhi.activities.models import Activity, Attendance
from lvzhi.org.models import Session

FIRST_DAY_AFTER_SEED = datetime.date(2025, 1, 1)
PINGLIANG = "620800"
CHAIR_ROLES = ("chair", "vice_chair", "secretary_general")
STANDING_ROLES = (*CHAIR_ROLES, "standing")
STANDING_MONTHS = (3, 6, 9, 12)
CHAIRS_MONTHS = (2, 3, 5, 6, 8, 9, 11, 12)
CALENDAR_KINDS = (ActivityKind.PLENARY, ActivityKind.STANDING_COMMITTEE, ActivityKind.CHAIRS_MEETING)
CN = "〇一二三四五六七八九十"

# Places and topics of each city: a 平凉 record never names 武威's places, nor the other way round.
PLACES = {
    "620600": {
        "places": ["凉州区", "古浪县", "民勤县", "天祝藏族自治县"],
        "consultation": [
            "石羊河流域综合治理",
            "祁连山生态保护修复",
            "民勤防沙治沙与绿洲保护",
            "凉州区现代寒旱特色农业发展",
            "天祝藏族自治县文旅融合发展",
            "古浪县八步沙“六老汉”精神传承与生态富民",
        ],
        "inspection": [
            "祁连山生态环境问题整改",
            "石羊河流域水资源节约集约利用",
            "民勤县沙漠化防治",
            "武威全国文明城市创建",
            "凉州区九大重点产业链建设",
            "古浪县易地扶贫搬迁后续扶持",
        ],
    },
    "620800": {
        "places": ["崆峒区", "泾川县", "灵台县", "崇信县", "华亭市", "庄浪县", "静宁县"],
        "consultation": [
            "静宁苹果全产业链提质增效",
            "泾河流域生态保护和高质量发展",
            "崆峒山文化旅游融合发展",
            "华亭市煤电化产业转型升级",
            "庄浪县梯田农业与乡村振兴",
            "平凉红牛产业高质量发展",
        ],
        "inspection": [
            "泾河流域水污染防治",
            "崆峒山景区提质升级",
            "静宁苹果产业链建设",
            "平凉全国文明城市创建",
            "灵台县、崇信县县域经济发展",
            "泾川县西王母文化保护传承",
        ],
    },
}
# The study topics after 2024, by subkind (P2/P3-like: what each is counted as)
STUDY_AFTER_2024 = {
    "专题学习": [
        (datetime.date(2025, 1, 1), "学习贯彻习近平总书记视察甘肃重要讲话精神专题学习"),
        (datetime.date(2025, 3, 15), "学习贯彻全国两会精神专题学习"),
        (datetime.date(2025, 10, 25), "学习贯彻党的二十届四中全会精神专题学习"),
    ],
    "研讨": [
        (datetime.date(2025, 1, 1), "学习贯彻党的二十届三中全会精神专题研讨"),
        (datetime.date(2025, 3, 20), "深入贯彻中央八项规定精神学习教育专题研讨"),
        (datetime.date(2025, 10, 25), "学习贯彻党的二十届四中全会精神专题研讨"),
    ],
    "党组理论学习中心组": [
        (datetime.date(2025, 1, 1), "党组理论学习中心组学习：习近平新时代中国特色社会主义思想"),
        (datetime.date(2025, 1, 1), "党组理论学习中心组学习：习近平总书记关于加强和改进人民政协工作的重要思想"),
        (datetime.date(2025, 10, 25), "党组理论学习中心组学习：党的二十届四中全会精神"),
    ],
}
FIRST_TOPICS = [
    "习近平总书记关于加强和改进人民政协工作的重要思想",
    "习近平总书记视察甘肃重要讲话重要指示批示精神",
    "党的二十大精神",
    "习近平新时代中国特色社会主义思想",
    "中共中央关于加强新时代人民政协党的建设工作的若干意见",
    "习近平总书记在全国政协新年茶话会上的重要讲话精神",
]


def cn(n: int) -> str:
    return CN[n] if n <= 10 else f"十{CN[n - 10]}"


class Calendar:
    """The records dated before 2025 draw from `rng`, those after 2024 from `later` (their number
    depends on the day of the load): every record before 2025 is the same whatever the load day."""

    def __init__(self, make, today: datetime.date):
        self.make, self.rng, self.today = make, make.rng, today
        self.later = random.Random("activities-calendar-after-2024")
        self.rows: list[Activity] = []
        self.attendance: dict = {}
        # (activity, member ids, present share, excused share of the others)
        self._pending: list[tuple[Activity, list, float, float]] = []
        self._rotation: dict[tuple, list[int]] = {}  # (committee id, year) → the members still to take a turn

    # -- helpers -------------------------------------------------------------------------------
    def rng_for(self, day: datetime.date) -> random.Random:
        """The generator of a record dated `day` (see the class's text)."""
        return self.rng if day < FIRST_DAY_AFTER_SEED else self.later

    def local_day(self, at: datetime.datetime) -> datetime.date:
        return at.astimezone(self.make.tz).date()

    def at(self, day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.make.tz)

    def add(self, committee, kind, subkind, topic, start, *, hours=3, place="", invitees=(), **extra):
        present, excused = extra.pop("present", 0.9), extra.pop("excused", 0.8)
        activity = Activity(
            committee=committee,
            kind=kind,
            subkind=subkind,
            topic=topic[:200],
            start=start,
            end=start + datetime.timedelta(hours=hours),
            place=place or f"{committee.short_name}政协机关会议室",
            organiser=extra.pop("organiser", f"{committee.short_name}政协办公室"),
            state=ActivityState.FINISHED,
            **extra,
        )
        self.rows.append(activity)
        if invitees:
            self._pending.append((activity, list(invitees), present, excused))
        return activity

    def recorded(self, committee, day) -> bool:
        """Whether sign-in was recorded (平凉's own meetings from 2025 on; see the module's text)."""
        return not (committee.code == PINGLIANG and day < FIRST_DAY_AFTER_SEED)

    # -- meetings ------------------------------------------------------------------------------
    def meetings(self, committee, term, seats, *, chairs_meetings: bool, former=()):
        """Plenary sessions, standing-committee meetings and (cities) chairs' meetings of the term; the
        members who left during the term (`former`, with `ended_on`) are invited until they left."""
        everyone = [s.member_id for s in seats]
        standing = [s.member_id for s in seats if s.role in STANDING_ROLES]
        chairs = [s.member_id for s in seats if s.role in CHAIR_ROLES]

        def until(people, roles, day):
            return people + [s.member_id for s in former if s.ended_on >= day and (roles is None or s.role in roles)]

        name = f"政协{committee.short_name}第{cn(term.number)}届委员会"
        hall = f"{committee.short_name}会议中心"
        last = self.today - datetime.timedelta(days=1)
        numbers = {"standing": 0, "chairs": 0}
        sessions = dict(Session.objects.filter(committee=committee, term=term).values_list("number", "start_date"))
        for year in range(term.start_date.year, self.today.year + 1):
            session = year - term.start_date.year + 1
            rng = self.rng_for(datetime.date(year, 1, 1))
            if year < self.today.year:  # this year's session is the meetings demo's (lvzhi/meetings/demo.py)
                day = sessions.get(session) or (
                    term.start_date
                    if session == 1
                    else datetime.date(year, 1, 5) + datetime.timedelta(days=rng.randint(0, 40))
                )
                self.add(
                    committee,
                    ActivityKind.PLENARY,
                    "",
                    f"{name}第{cn(session)}次会议",
                    self.at(day, 9),
                    hours=24 * 2 + 8,
                    place=hall,
                    invitees=until(everyone, None, day) if self.recorded(committee, day) else (),
                    present=0.97,
                    excused=0.9,  # hardly anyone misses the plenary session, and hardly anyone without leave
                )
            plans = [(m, "standing") for m in STANDING_MONTHS]
            if chairs_meetings:
                plans += [(m, "chairs") for m in CHAIRS_MONTHS]
            for month, which in sorted(plans, key=lambda p: (p[0], p[1] == "standing")):
                # a chairs' meeting in the first weeks of its month, the standing committee late in it
                first = 8 if which == "chairs" else 20
                day = datetime.date(year, month, first + rng.randint(0, 8))
                if day <= term.start_date or day > last:
                    continue
                numbers[which] += 1
                if which == "standing":
                    kind, title, people = (
                        ActivityKind.STANDING_COMMITTEE,
                        f"{name}常务委员会第{numbers[which]}次会议",
                        until(standing, STANDING_ROLES, day),
                    )
                else:
                    kind, title = ActivityKind.CHAIRS_MEETING, f"{name}第{numbers[which]}次主席会议"
                    people = until(chairs, CHAIR_ROLES, day)
                invitees = people if self.recorded(committee, day) else ()
                meeting = self.add(committee, kind, "", title, self.at(day, 9), hours=3, invitees=invitees, present=0.9)
                # the first-topic study that opens it: same day, time and place (P5)
                self.add(
                    committee,
                    ActivityKind.STUDY,
                    "第一议题",
                    f"{title}第一议题学习：{FIRST_TOPICS[numbers[which] % len(FIRST_TOPICS)]}",
                    meeting.start,
                    hours=1,
                    place=meeting.place,
                )  # who was there is the meeting's attendance

    # -- after 2024 ----------------------------------------------------------------------------
    def after_2024(self, committee, templates, seats, city_code):
        """The committee's activities from 2025-01-01 to the day before today, at the rate of its
        2022–2024 record, kind by kind (drawn from `later`)."""
        rng = self.later
        members = [s.member_id for s in seats]
        places = PLACES.get(city_code, {})
        groups = defaultdict(list)
        for a in templates:
            groups[(a.kind, a.subkind)].append(a)
        last = self.today - datetime.timedelta(days=1)
        for (kind, subkind), group in sorted(groups.items()):
            per_year = len(group) / 3
            for year in range(2025, self.today.year + 1):
                hi = min(datetime.date(year, 12, 28), last)
                lo = datetime.date(year, 1, 6)
                share = (hi - lo).days / 356
                count = int(per_year * share + rng.random())
                for i in range(count):
                    # spread evenly over the year (every quarter has its share), a random day within
                    span = (hi - lo).days
                    day = lo + datetime.timedelta(
                        days=span * i // max(count, 1) + rng.randint(0, max(span // max(count, 1) - 1, 0))
                    )
                    template = rng.choice(group)
                    topic = self._topic(kind, subkind, day, template, places)
                    self.add(
                        committee,
                        kind,
                        subkind,
                        topic,
                        self.at(day, rng.choice([9, 10, 14, 15])),
                        hours=2,
                        place=template.place,
                        organiser=template.organiser,
                        organiser_studio_id=template.organiser_studio_id,
                        partner=template.partner,
                        people_reached=template.people_reached and max(rng.randint(8, 80), 1),
                        invitees=self._who(kind, members, (committee.pk, year)),
                        present=0.92,
                    )

    def _topic(self, kind, subkind, day, template, places):
        if kind == ActivityKind.STUDY and subkind in STUDY_AFTER_2024:
            return self.later.choice([t for since, t in STUDY_AFTER_2024[subkind] if since <= day])
        if kind in (ActivityKind.CONSULTATION, ActivityKind.INSPECTION) and places.get(kind):
            return f"{self.later.choice(places[kind])}{ActivityKind(kind).label}"
        return template.topic

    def _who(self, kind, members, turn):
        if not members:
            return []
        size = {
            ActivityKind.CONSULTATION: (18, 30),
            ActivityKind.INSPECTION: (8, 16),
            ActivityKind.TRAINING: (90, 130),
            ActivityKind.READING: (12, 25),
            ActivityKind.STUDIO: (2, 5),
            ActivityKind.BRIEFING: (1, 2),
        }.get(kind)
        if size is None:
            return []
        n = min(self.later.randint(*size), len(members))
        if kind in (ActivityKind.STUDIO, ActivityKind.BRIEFING):  # held by members in turn, as the grassroots ones
            return self._turns(turn, members, n)
        return self.later.sample(members, n)

    # -- grassroots hosts ----------------------------------------------------------------------
    def hosts(self, activities, members_of, sizes=(1, 2, 3), weights=(16, 3, 1)):
        """The member who held each grassroots consultation, sometimes with one or two others (present,
        signed in by hand). The members take their turns: each year, in date order, the committee's roster
        (shuffled) goes round across its grassroots, studio and briefing activities, so every member
        holds some in a year where there are enough of them."""
        seen = {pk for pk, _member in self.attendance}
        for a in sorted(activities, key=lambda a: (a.start, a.pk)):
            members = members_of.get(a.committee_id)
            if not members or a.pk in seen:
                continue
            n = min(self.rng_for(self.local_day(a.start)).choices(sizes, weights)[0], len(members))
            for member_id in self._turns((a.committee_id, a.start.year), members, n):
                self.attendance[(a.pk, member_id)] = self._row(
                    a, member_id, AttendanceState.PRESENT, CheckinMethod.MANUAL
                )

    def _turns(self, key, members, n):
        """The next `n` distinct members in the committee's rotation of the year (`key`)."""
        queue = self._rotation.setdefault(key, [])
        rng = self.rng_for(datetime.date(key[1], 1, 1))
        chosen = []
        while len(chosen) < n:
            if not queue:
                queue.extend(rng.sample(members, len(members)))
            member_id = queue.pop()
            if member_id not in chosen:
                chosen.append(member_id)
        return chosen

    def attend(self):
        """The attendance of every activity added with invitees (after they have their ids)."""
        for activity, invitees, share, excused in self._pending:
            rng = self.rng_for(self.local_day(activity.start))
            for member_id in invitees:
                draw = rng.random()
                if draw < share:
                    state = AttendanceState.PRESENT
                elif draw < share + (1 - share) * excused:
                    state = AttendanceState.EXCUSED
                else:
                    state = AttendanceState.ABSENT
                self.attendance[(activity.pk, member_id)] = self._row(activity, member_id, state, CheckinMethod.QR)
        self._pending.clear()

    def _row(self, activity, member_id, state, method):
        rng = self.rng_for(self.local_day(activity.start))
        row = Attendance(committee_id=activity.committee_id, activity=activity, member_id=member_id, state=state)
        if state == AttendanceState.PRESENT:
            row.checked_in_at = activity.start - datetime.timedelta(minutes=rng.randint(5, 25))
            row.method = method
        elif state == AttendanceState.EXCUSED:
            row.leave_reason = rng.choice(["因公出差", "单位有重要工作", "身体原因", "外出参加培训"])
        invited = activity.start - datetime.timedelta(days=7)
        row.invited_at = min(invited, timezone.now())
        return row
