"""Online deliberation (网络议政 / 主题议政): a topic the office opens for a period to an audience of
members, the members' posts and replies, and the outcome the office distils from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core.permissions import can_read
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.deliberation.choices import TopicState
from lvzhi.org.audience import Audience, addressed_to_q


def reads_office(user) -> bool:
    """The office (staff with the activities permission) and leaders read every topic in scope."""
    return can_read(user, Permission.ACTIVITIES)


class TopicQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office and leaders: every topic of the committees in scope. A member: the topics
        addressed to them, once opened (a draft is the office's)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        q = Q(pk__in=[])
        if reads_office(user):
            q |= Q(committee_id__in=committee_ids(user))
        if user.member_id:
            addressed = Topic.objects.filter(addressed_to_q(user)).exclude(state=TopicState.DRAFT).values("pk")
            q |= Q(pk__in=addressed)
        return self.filter(q)


class Topic(Audience):
    """A question put to members for a period. `committee` (from Audience) is the topic's committee."""

    title = models.CharField(_("议题"), max_length=200)
    background = models.TextField(_("背景材料"), blank=True, help_text=_("经过清理的富文本"))
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    anonymous = models.BooleanField(_("对其他委员匿名显示"), default=False)
    state = models.CharField(_("状态"), max_length=16, choices=TopicState.choices, default=TopicState.DRAFT)
    attachments = models.ManyToManyField("core.Attachment", verbose_name=_("背景文件"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("议政议题")
        verbose_name_plural = _("议政议题")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="deliberation_topic_closes_after_opens"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return TopicState(self.state).color


class PostQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The posts of the topics this user sees; a member never sees a hidden post."""
        topics = Topic.objects.visible_to(user)
        qs = self.filter(topic__in=topics.values("pk"))
        if not reads_office(user):
            qs = qs.filter(hidden=False)
        return qs


class Post(models.Model):
    """A member's opinion on a topic, or a reply to one (one level: a reply answers a top-level post)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    topic = models.ForeignKey(Topic, verbose_name=_("议题"), on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", verbose_name=_("回复的意见"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("内容"))
    hidden = models.BooleanField(_("已屏蔽"), default=False)
    hidden_reason = models.CharField(_("屏蔽理由"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(_("屏蔽时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发表时间"), default=timezone.now)
    edited_at = models.DateTimeField(_("修改时间"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("议政发言")
        verbose_name_plural = _("议政发言")
        indexes = [models.Index(fields=["topic", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden=False) | ~Q(hidden_reason=""), name="deliberation_post_hidden_has_reason"
            ),
        ]

    def __str__(self):
        return self.text[:40]


class TopicOutcome(models.Model):
    """What the office distilled from a topic: a summary and the posts it draws on; it may then become
    a proposal draft, an opinion report, or an outcome of an activity (each once)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    topic = models.OneToOneField(Topic, verbose_name=_("议题"), on_delete=models.CASCADE, related_name="outcome")
    summary = models.TextField(_("综述"))
    suggestions = models.TextField(_("主要建议"), blank=True)
    posts = models.ManyToManyField(Post, verbose_name=_("所依据的发言"), related_name="outcomes")
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("转为提案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report = models.ForeignKey(
        "opinions.OpinionReport",
        verbose_name=_("转为社情民意信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity_outcome = models.ForeignKey(
        "activities.Outcome",
        verbose_name=_("纳入活动成果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("形成时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("议政成果")
        verbose_name_plural = _("议政成果")

    def __str__(self):
        return str(self.topic)
