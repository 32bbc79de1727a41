"""The plenary's records beyond the agenda and the votes: speech drafts (大会发言), the speakers'
list on an agenda item (发言名单), elections (选举) and the minutes (纪要) with their resolutions.
Imported by `lvzhi.meetings.models`, so Django sees them as the meetings app's models.

Elections keep ballots secret as the anonymous votes do (docs/meetings.md): `ElectionParticipation`
says THAT a member voted; `ElectionTally` and `ElectionWriteIn` hold only counts. Nothing joins them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.choices import SpeechMode
from lvzhi.core.scope import ScopedQuerySet
from lvzhi.meetings.choices import (
    ElectionKind,
    ElectionState,
    MinutesState,
    SpeakerState,
    SpeechState,
)

USER = settings.AUTH_USER_MODEL


class PlenarySpeech(models.Model):
    """A speech draft for a plenary (大会发言), from a member or an organisation (a party or people's
    organisation of the committee), reviewed by the office."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, related_name="speeches"
    )
    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "org.Party",
        verbose_name=_("参加单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("题目"), max_length=200)
    text = models.TextField(_("发言稿"))
    state = models.CharField(_("状态"), max_length=12, choices=SpeechState.choices, default=SpeechState.SUBMITTED)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(party__isnull=False), name="plenary_speech_has_author"
            )
        ]
        verbose_name = _("大会发言")
        verbose_name_plural = _("大会发言")

    def __str__(self):
        return self.title

    @property
    def author(self) -> str:
        return self.party.name if self.party_id else self.member.name

    @property
    def state_color(self):
        return SpeechState(self.state).color

    @property
    def mode(self) -> str:
        """As the activities' speeches say it: oral or written (for the adopted ones)."""
        return {SpeechState.ORAL: SpeechMode.ORAL, SpeechState.WRITTEN: SpeechMode.WRITTEN}.get(self.state, "")


class PlenarySpeechVersion(models.Model):
    """A speech's earlier text, kept when its author edits it before the review (or after it was
    returned for changes): `number` 1 is the text first submitted."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    speech = models.ForeignKey(
        PlenarySpeech, verbose_name=_("大会发言"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("题目"), max_length=200)
    text = models.TextField(_("发言稿"))
    saved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(_("保存时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["speech", "number"]
        constraints = [models.UniqueConstraint(fields=["speech", "number"], name="plenary_speech_version_once")]
        verbose_name = _("大会发言修改前版本")
        verbose_name_plural = _("大会发言修改前版本")

    def __str__(self):
        return f"{self.title} v{self.number}"


class SpeakerRequest(models.Model):
    """A member's request to speak on an agenda item, in the order the office sets, with the timer
    (started/stopped) the live screen shows."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, related_name="speakers"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name=_("议程"), on_delete=models.CASCADE, related_name="speakers"
    )
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("顺序"), default=0)
    state = models.CharField(_("状态"), max_length=10, choices=SpeakerState.choices, default=SpeakerState.WAITING)
    limit_minutes = models.PositiveSmallIntegerField(_("限时（分钟）"), default=5)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "member"],
                condition=Q(state__in=["waiting", "speaking"]),
                name="speaker_one_request",
            ),
            models.UniqueConstraint(fields=["meeting"], condition=Q(state="speaking"), name="speaker_one_at_a_time"),
        ]
        verbose_name = _("发言申请")
        verbose_name_plural = _("发言名单")

    def __str__(self):
        return f"{self.member} · {self.agenda_item}"


class Election(models.Model):
    """An election (选举): candidates for a number of seats, by secret ballot."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, related_name="elections"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name=_("议程"), on_delete=models.PROTECT, related_name="elections"
    )
    title = models.CharField(_("选举事项"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("应选名额"))
    kind = models.CharField(_("选举方式"), max_length=12, choices=ElectionKind.choices)
    write_in = models.BooleanField(_("可另选他人"), default=False)
    state = models.CharField(_("状态"), max_length=10, choices=ElectionState.choices, default=ElectionState.DRAFT)
    eligible_count = models.PositiveIntegerField(_("应到人数"), default=0)
    present_count = models.PositiveIntegerField(_("出席人数"), default=0)
    # phone ballots are valid by construction; paper ballots are counted by the counting group
    paper_issued = models.PositiveIntegerField(_("发出纸质选票"), default=0)
    paper_returned = models.PositiveIntegerField(_("收回纸质选票"), default=0)
    paper_invalid = models.PositiveIntegerField(_("无效纸质选票"), default=0)
    voters_count = models.PositiveIntegerField(_("投票人数"), default=0)
    valid_count = models.PositiveIntegerField(_("有效票"), default=0)
    invalid_count = models.PositiveIntegerField(_("无效票"), default=0)
    entered_by = models.ForeignKey(
        USER, verbose_name=_("计票录入人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        USER, verbose_name=_("复核确认人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(_("选举结果"), max_length=500, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats")]
        verbose_name = _("选举")
        verbose_name_plural = _("选举")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return ElectionState(self.state).color


class Candidate(models.Model):
    """A candidate on the ballot, with the counts once confirmed: phone votes (a tally) and paper."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("org.Member", verbose_name=_("候选人"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    paper_votes = models.PositiveIntegerField(_("纸质票得票"), default=0)
    votes = models.PositiveIntegerField(_("得票"), default=0)
    elected = models.BooleanField(_("当选"), null=True, blank=True)

    class Meta:
        ordering = ["election", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="candidate_once")]
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")

    def __str__(self):
        return str(self.member)


class ElectionParticipation(models.Model):
    """THAT a member cast a ballot (phone) or was handed a paper one. No choice, no time."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey("org.Committee", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="election_participation_once")]
        verbose_name = _("参加选举")
        verbose_name_plural = _("参加选举")


class ElectionTally(models.Model):
    """The phone ballots' count for one candidate (one row per candidate, made when voting opens)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="tallies")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("票数"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "candidate"], name="election_tally_once")]
        verbose_name = _("选举计票")
        verbose_name_plural = _("选举计票")


class ElectionWriteIn(models.Model):
    """Votes for a person not on the ballot (另选他人), by name: counts only, phone and paper."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="write_ins")
    name = models.CharField(_("另选人姓名"), max_length=50)
    count = models.PositiveIntegerField(_("票数"), default=0)
    paper_count = models.PositiveIntegerField(_("纸质票数"), default=0)

    class Meta:
        ordering = ["election", "-count", "name"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="write_in_once")]
        verbose_name = _("另选他人")
        verbose_name_plural = _("另选他人")


class Minutes(models.Model):
    """The meeting's minutes (纪要): drafted from the records, edited, approved by someone other than
    the last editor, published to the attendees."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.OneToOneField(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, related_name="minutes"
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    state = models.CharField(_("状态"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT)
    edited_by = models.ForeignKey(
        USER, verbose_name=_("起草修改人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        USER, verbose_name=_("审定人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return MinutesState(self.state).color


class Resolution(models.Model):
    """A resolution (决议) of the meeting, with the vote that adopted it."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, related_name="resolutions"
    )
    vote = models.OneToOneField(
        "meetings.Vote", verbose_name=_("表决"), on_delete=models.PROTECT, related_name="resolution"
    )
    title = models.CharField(_("决议标题"), max_length=200)
    text = models.TextField(_("决议内容"))
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("决议")
        verbose_name_plural = _("决议")

    def __str__(self):
        return self.title
