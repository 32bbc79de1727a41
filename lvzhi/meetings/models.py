"""Meeting services (会务): a meeting is an activity (plenary, standing committee, …) with an agenda,
registration, seating, discussion groups, materials and votes.

Anonymous votes keep two things apart (see docs/meetings.md): `Participation` says THAT a member
voted; `AnonymousTally` holds only the counts per choice. No row, key, timestamp or order links
the two. Open (named) votes keep each member's choice in `OpenBallot`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.activities.models import Attendance
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.meetings.choices import Half, Ratio, RegistrationMethod, VoteBase, VoteChoice, VoteMode, VoteState


def reads_all_in_scope(user) -> bool:
    """Staff with the activities permission, and leaders: every meeting of their scope."""
    return bool(user and user.is_authenticated and user.can_read_module(Permission.ACTIVITIES))


class MeetingQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff and leaders: the meetings of their scope. A member: the meetings they are invited
        to (an attendee of the meeting's activity). Anyone else: nothing."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if reads_all_in_scope(user):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id and user.has_role("member"):
            invited = Attendance.objects.filter(activity=OuterRef("activity_id"), member_id=user.member_id)
            condition |= Q(Exists(invited))
        return self.filter(condition)


class Meeting(models.Model):
    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    activity = models.OneToOneField(
        "activities.Activity", verbose_name=_("会议活动"), on_delete=models.CASCADE, related_name="meeting"
    )
    agenda_version = models.PositiveIntegerField(_("议程版本"), default=0)
    agenda_published_at = models.DateTimeField(_("议程发布时间"), null=True, blank=True)
    speech_deadline = models.DateTimeField(_("大会发言截止时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-activity__start", "-id"]
        verbose_name = _("会议会务")
        verbose_name_plural = _("会议会务")

    def __str__(self):
        return self.activity.topic

    @property
    def agenda_published(self) -> bool:
        return self.agenda_version > 0


class AgendaItem(models.Model):
    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="agenda")
    day = models.DateField(_("日期"))
    half = models.CharField(_("时段"), max_length=10, choices=Half.choices, default=Half.MORNING)
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"), null=True, blank=True)
    title = models.CharField(_("议题"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    presider = models.CharField(_("主持人"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "day", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")), name="agenda_item_end_after"
            )
        ]
        verbose_name = _("议程")
        verbose_name_plural = _("议程")

    def __str__(self):
        return self.title


class AgendaRevision(models.Model):
    """One published version of the agenda: what the attendees were sent."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本"))
    items = models.JSONField(_("议程内容"), default=list)
    note = models.CharField(_("变更说明"), max_length=500, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agenda_revision_unique")]
        verbose_name = _("议程版本")
        verbose_name_plural = _("议程版本")

    def __str__(self):
        return f"{self.meeting} v{self.number}"


class Registration(models.Model):
    """A member's arrival (报到), with where they stay and what they eat."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("报到方式"), max_length=8, choices=RegistrationMethod.choices)
    hotel = models.CharField(_("住宿酒店"), max_length=100, blank=True)
    room = models.CharField(_("房间号"), max_length=20, blank=True)
    meal_note = models.CharField(_("用餐说明"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("报到时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "member__name_pinyin", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="registration_unique_member")]
        verbose_name = _("报到")
        verbose_name_plural = _("报到")

    def __str__(self):
        return f"{self.member} · {self.meeting}"


class Room(models.Model):
    """A hall of the meeting with rows of seats (排、座)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("会场"), max_length=100)
    rows = models.PositiveSmallIntegerField(_("排数"))
    seats_per_row = models.PositiveSmallIntegerField(_("每排座位数"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="room_unique_name"),
            models.CheckConstraint(condition=Q(rows__gte=1, seats_per_row__gte=1), name="room_has_seats"),
        ]
        verbose_name = _("会场")
        verbose_name_plural = _("会场")

    def __str__(self):
        return self.name

    @property
    def capacity(self) -> int:
        return self.rows * self.seats_per_row


class Seat(models.Model):
    """One member's seat in one room: row and number."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="seats")
    room = models.ForeignKey(Room, verbose_name=_("会场"), on_delete=models.CASCADE, related_name="seats")
    row = models.PositiveSmallIntegerField(_("排"))
    number = models.PositiveSmallIntegerField(_("座"))
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["room", "row", "number"]
        constraints = [
            models.UniqueConstraint(fields=["room", "row", "number"], name="seat_unique_place"),
            models.UniqueConstraint(fields=["room", "member"], name="seat_unique_member"),
        ]
        verbose_name = _("座次")
        verbose_name_plural = _("座次")

    def __str__(self):
        return f"{self.room} {self.row}排{self.number}座"


class Group(models.Model):
    """A discussion group (分组讨论) with its convener, secretary, room and time."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("组名"), max_length=100)
    convener = models.ForeignKey(
        "org.Member", verbose_name=_("召集人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.ForeignKey(
        "org.Member",
        verbose_name=_("记录人（秘书）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("讨论地点"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("讨论时间"), null=True, blank=True)
    members = models.ManyToManyField("org.Member", through="GroupMember", related_name="+", verbose_name=_("组员"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="group_unique_name")]
        verbose_name = _("讨论组")
        verbose_name_plural = _("讨论组")

    def __str__(self):
        return self.name


class GroupMember(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["group", "member__name_pinyin"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="group_member_one_group")]
        verbose_name = _("组员")
        verbose_name_plural = _("组员")


class Discussion(models.Model):
    """One speaker's points in a group's discussion, entered by the group's secretary."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, verbose_name=_("讨论组"), on_delete=models.CASCADE, related_name="discussions")
    speaker = models.ForeignKey("org.Member", verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="+")
    points = models.TextField(_("发言要点"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["group", "id"]
        verbose_name = _("讨论记录")
        verbose_name_plural = _("讨论记录")

    def __str__(self):
        return f"{self.speaker}：{self.points[:20]}"


class Material(models.Model):
    """A document for the attendees, of the meeting or of one agenda item."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="materials")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), null=True, blank=True, on_delete=models.SET_NULL, related_name="materials"
    )
    title = models.CharField(_("标题"), max_length=200)
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )
    internal = models.BooleanField(_("内部资料"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")

    def __str__(self):
        return self.title


class MaterialRead(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["material", "member"], name="material_read_once")]
        verbose_name = _("材料阅读")
        verbose_name_plural = _("材料阅读")


class Vote(models.Model):
    """A vote (表决) on an agenda item, with its rules and, once closed, its result."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="votes")
    agenda_item = models.ForeignKey(AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="votes")
    title = models.CharField(_("表决事项"), max_length=200)
    mode = models.CharField(_("表决方式"), max_length=10, choices=VoteMode.choices, default=VoteMode.OPEN)
    base = models.CharField(_("计算基数"), max_length=10, choices=VoteBase.choices, default=VoteBase.ALL)
    quorum = models.CharField(_("法定人数"), max_length=10, choices=Ratio.choices, default=Ratio.HALF)
    majority = models.CharField(_("通过票数"), max_length=10, choices=Ratio.choices, default=Ratio.HALF)
    allow_change = models.BooleanField(_("表决中可改票"), default=False)
    state = models.CharField(_("状态"), max_length=10, choices=VoteState.choices, default=VoteState.DRAFT)
    eligible_count = models.PositiveIntegerField(_("应到人数"), default=0)
    present_count = models.PositiveIntegerField(_("出席人数"), default=0)
    voters_count = models.PositiveIntegerField(_("参加表决人数"), default=0)
    yes_count = models.PositiveIntegerField(_("赞成"), default=0)
    no_count = models.PositiveIntegerField(_("反对"), default=0)
    abstain_count = models.PositiveIntegerField(_("弃权"), default=0)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    decision = models.CharField(_("表决结果"), max_length=200, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode="anonymous", allow_change=True), name="vote_anonymous_cannot_change"
            )
        ]
        verbose_name = _("表决")
        verbose_name_plural = _("表决")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return VoteState(self.state).color

    @property
    def anonymous(self) -> bool:
        return self.mode == VoteMode.ANONYMOUS


class Participation(models.Model):
    """THAT a member voted (for every vote, named or anonymous). No choice, no time."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey("org.Committee", on_delete=models.PROTECT, related_name="+")
    on_paper = models.BooleanField(_("纸质票"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="participation_once")]
        verbose_name = _("参加表决")
        verbose_name_plural = _("参加表决")


class OpenBallot(models.Model):
    """A named vote's ballot: who chose what."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="open_ballots")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("选择"), max_length=8, choices=VoteChoice.choices)
    changed = models.PositiveSmallIntegerField(_("改票次数"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="open_ballot_once")]
        verbose_name = _("记名票")
        verbose_name_plural = _("记名票")


class AnonymousTally(models.Model):
    """An anonymous vote's count of one choice. The three rows are made when the vote opens; a
    ballot only adds one to a count, so what a member chose is never stored."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(_("选择"), max_length=8, choices=VoteChoice.choices)
    count = models.PositiveIntegerField(_("票数"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "choice"], name="tally_unique_choice")]
        verbose_name = _("无记名计票")
        verbose_name_plural = _("无记名计票")


# The plenary's further records (speeches, speakers, elections, minutes) live in a module of their own.
from lvzhi.meetings.models_plenary import (  # noqa: E402
    Candidate,
    Election,
    ElectionParticipation,
    ElectionTally,
    ElectionWriteIn,
    Minutes,
    PlenarySpeech,
    PlenarySpeechVersion,
    Resolution,
    SpeakerRequest,
)

__all__ = [
    "AgendaItem",
    "AgendaRevision",
    "AnonymousTally",
    "Candidate",
    "Discussion",
    "Election",
    "ElectionParticipation",
    "ElectionTally",
    "ElectionWriteIn",
    "Group",
    "GroupMember",
    "Material",
    "MaterialRead",
    "Meeting",
    "Minutes",
    "OpenBallot",
    "Participation",
    "PlenarySpeech",
    "PlenarySpeechVersion",
    "Registration",
    "Resolution",
    "Room",
    "Seat",
    "SpeakerRequest",
    "Vote",
    "reads_all_in_scope",
]
