"""The office's party building (机关党建): who belongs to which branch or group over time, the
meetings of party life (三会一课 and the others), heart-to-heart talks (谈心谈话), and the pairs of
"两个全覆盖" with their recorded contacts. The branches and groups themselves, with their dates, are
the organisation's (`org.PartyBranch`)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.scope import ScopedQuerySet
from lvzhi.party.choices import BranchRole, ContactWay, MeetingKind, PairKind, PairState


class BranchMembership(models.Model):
    """A party member of the office in a branch or group, from joining until leaving it (a move to
    another branch ends this row and starts another)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        "org.PartyBranch", verbose_name=_("党支部（党小组）"), on_delete=models.PROTECT, related_name="memberships"
    )
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    role = models.CharField(_("党内职务"), max_length=16, choices=BranchRole.choices, default=BranchRole.MEMBER)
    joined_on = models.DateField(_("编入日期"))
    left_on = models.DateField(_("转出日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["branch__sort", "name", "id"]
        verbose_name = _("支部党员")
        verbose_name_plural = _("支部党员")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="party_membership_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.branch.name}）"

    @staticmethod
    def existing_on(day) -> Q:
        return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


class PartyMeeting(models.Model):
    """One meeting of party life of a branch or group: what kind, when, on what, who attended, the
    minutes."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        "org.PartyBranch", verbose_name=_("党支部（党小组）"), on_delete=models.PROTECT, related_name="party_meetings"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        BranchMembership, verbose_name=_("参加党员"), blank=True, related_name="meetings"
    )
    minutes = models.TextField(_("会议记录"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("组织生活")
        verbose_name_plural = _("组织生活")

    def __str__(self):
        return f"{self.get_kind_display()}：{self.topic}"


class Talk(models.Model):
    """A heart-to-heart talk (谈心谈话): who talked with whom, when, on what, a summary anyone reading
    party work may see, and confidential notes only the office's party staff see."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    talked_on = models.DateField(_("谈话日期"))
    talker = models.CharField(_("谈话人"), max_length=50)
    talkee = models.CharField(_("谈话对象"), max_length=50)
    topic = models.CharField(_("主题"), max_length=200)
    summary = models.TextField(_("谈话摘要"), blank=True)
    confidential_note = models.TextField(_("保密记录"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-talked_on", "-id"]
        verbose_name = _("谈心谈话")
        verbose_name_plural = _("谈心谈话")

    def __str__(self):
        return f"{self.talker} — {self.talkee}：{self.topic}"


class CoveragePair(models.Model):
    """A pair of "两个全覆盖", assigned by the office for a term: a member of the Party group (党组) with
    a Party-member member, or a Party-member member with a non-Party member."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("org.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=24, choices=PairKind.choices)
    contactor = models.ForeignKey(
        "org.Member", verbose_name=_("联系人"), on_delete=models.PROTECT, related_name="party_pairs_as_contactor"
    )
    contacted = models.ForeignKey(
        "org.Member", verbose_name=_("联系对象"), on_delete=models.PROTECT, related_name="party_pairs_as_contacted"
    )
    assigned_on = models.DateField(_("结对日期"))
    state = models.CharField(_("状态"), max_length=16, choices=PairState.choices, default=PairState.ACTIVE)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "contactor__name_pinyin", "id"]
        verbose_name = _("联系结对")
        verbose_name_plural = _("联系结对")
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "contactor", "contacted"], name="party_pair_unique"),
            models.CheckConstraint(condition=~Q(contactor=F("contacted")), name="party_pair_two_people"),
            models.CheckConstraint(
                condition=Q(state="active", ended_on__isnull=True) | Q(state="ended", ended_on__isnull=False),
                name="party_pair_end_matches_state",
            ),
        ]

    def __str__(self):
        return f"{self.contactor.name} — {self.contacted.name}"

    @property
    def state_color(self):
        return PairState(self.state).color

    @staticmethod
    def in_force(start, end) -> Q:
        """Pairs assigned by `end` and not ended before `start` (any day of the period)."""
        q = Q(assigned_on__lte=end)
        if start is not None:
            q &= Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        else:
            q &= Q(ended_on__isnull=True) | Q(ended_on__gt=end)
        return q


class Contact(models.Model):
    """One contact within a pair: when, how, about what."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(
        CoveragePair, verbose_name=_("联系结对"), on_delete=models.PROTECT, related_name="contacts"
    )
    contacted_on = models.DateField(_("联系日期"))
    way = models.CharField(_("方式"), max_length=16, choices=ContactWay.choices)
    content = models.TextField(_("联系内容"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()
    # what its name (`__str__`) reads beyond its own fields: a list of records loads them with it
    name_reads = ("pair__contactor", "pair__contacted")

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")

    def __str__(self):
        return f"{self.pair}（{self.contacted_on}）"
