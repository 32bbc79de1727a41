"""The learning corner: study materials addressed to an audience, members' study records and
reflections (学习心得), and reading groups (读书群组) with their schedule and discussion posts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.learning.choices import GroupState, MaterialKind, MaterialState, ReflectionState
from lvzhi.org.audience import Audience, addressed_to_q

# the office of the learning corner is the office of meetings and activities (study is one of them)
PERMISSION = Permission.ACTIVITIES
MAX_SECONDS = 8 * 3600  # one sitting the browser may report, at most


def reads_all(user) -> bool:
    """The office and leaders read every record of the committees in their scope."""
    return permissions.can_read(user, PERMISSION)


class Topic(models.Model):
    """A topic tag (第一议题, 理论学习 …), configurable per committee."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=30)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    archived = models.BooleanField(_("已停用"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="learning_topic_unique_name")]
        verbose_name = _("学习专题")
        verbose_name_plural = _("学习专题")

    def __str__(self):
        return self.name


class MaterialQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office and leaders: every material of their committees; a member or unit user: the
        published materials addressed to them."""
        if reads_all(user):
            return super().visible_to(user)
        if not permissions.is_authenticated(user):
            return self.none()
        addressed = StudyMaterial.objects.filter(state=MaterialState.PUBLISHED).filter(addressed_to_q(user))
        return self.filter(pk__in=addressed.values("pk"))


class StudyMaterial(Audience):
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=MaterialKind.choices, default=MaterialKind.ARTICLE)
    body = models.TextField(_("正文"), blank=True, help_text=_("已按白名单清理的 HTML"))
    author = models.CharField(_("作者或来源"), max_length=100, blank=True)
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name=_("附件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    media_url = models.URLField(_("链接"), max_length=500, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("专题"), blank=True, related_name="materials")
    required = models.BooleanField(_("必学"), default=False)
    deadline = models.DateField(_("学习截止日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=MaterialState.choices, default=MaterialState.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required=True) | Q(deadline__isnull=True), name="learning_deadline_if_required"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False), name="learning_published_has_time"
            ),
        ]
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return MaterialState(self.state).color

    @property
    def kind_color(self):
        return MaterialKind(self.kind).color


class MemberRecordQuerySet(ScopedQuerySet):
    """Records of a member: the member sees their own, the office those of its committees."""

    def visible_to(self, user):
        if reads_all(user):
            ids = committee_ids(user)
            return self.filter(Q(committee_id__in=ids) | Q(material__committee_id__in=ids))
        if permissions.is_authenticated(user) and user.member_id:
            return self.filter(member_id=user.member_id)
        return self.none()


class ReflectionQuerySet(MemberRecordQuerySet):
    """A draft is its author's own: the office sees reflections once submitted."""

    def visible_to(self, user):
        qs = super().visible_to(user)
        if reads_all(user):
            qs = qs.filter(Q(state=ReflectionState.SUBMITTED) | Q(member_id=user.member_id or 0))
        return qs


class StudyRecord(models.Model):
    """A member marked a material studied. `seconds` is what the member's browser measured as visible
    time on the page (or what an API client reported), bounded; the server never infers it."""

    material = models.ForeignKey(
        StudyMaterial, verbose_name=_("学习资料"), on_delete=models.PROTECT, related_name="records"
    )
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员所在委员会"), on_delete=models.PROTECT, related_name="+"
    )
    studied_at = models.DateTimeField(_("学习时间"))
    seconds = models.PositiveIntegerField(_("学习时长（秒，浏览器计时）"), default=0)
    measured_by = models.CharField(_("计时来源"), max_length=16, default="browser")

    objects = MemberRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-studied_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["material", "member"], name="learning_record_once"),
            models.CheckConstraint(condition=Q(seconds__lte=MAX_SECONDS), name="learning_record_seconds_bounded"),
        ]
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")

    def __str__(self):
        return f"{self.member} · {self.material}"


class Reflection(models.Model):
    """学习心得: a text with a minimum length, a draft until the member submits it."""

    material = models.ForeignKey(
        StudyMaterial, verbose_name=_("学习资料"), on_delete=models.PROTECT, related_name="reflections"
    )
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员所在委员会"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撰写人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("心得"))
    state = models.CharField(_("状态"), max_length=16, choices=ReflectionState.choices, default=ReflectionState.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["material", "member"], name="learning_reflection_once"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False), name="learning_reflection_submitted_at"
            ),
        ]
        verbose_name = _("学习心得")
        verbose_name_plural = _("学习心得")

    def __str__(self):
        return f"{self.member} · {self.material}"

    @property
    def state_color(self):
        return ReflectionState(self.state).color


class ReadingGroup(models.Model):
    """A reading group (书香政协) around a book, open to the members of its committee."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("群组名称"), max_length=100)
    book = models.ForeignKey(
        StudyMaterial, verbose_name=_("书籍"), on_delete=models.PROTECT, related_name="reading_groups"
    )
    description = models.TextField(_("简介"), blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=GroupState.choices, default=GroupState.OPEN)
    members = models.ManyToManyField(
        "org.Member", verbose_name=_("成员"), through="GroupMember", related_name="reading_groups"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("读书群组")
        verbose_name_plural = _("读书群组")

    def __str__(self):
        return self.name

    @property
    def state_color(self):
        return GroupState(self.state).color


class GroupMember(models.Model):
    group = models.ForeignKey(ReadingGroup, verbose_name=_("读书群组"), on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(_("加入时间"))

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="learning_group_member_once")]
        verbose_name = _("群组成员")
        verbose_name_plural = _("群组成员")

    def __str__(self):
        return f"{self.member} · {self.group}"


class ReadingSession(models.Model):
    """One date of a reading group's schedule and the chapters read for it."""

    group = models.ForeignKey(
        ReadingGroup, verbose_name=_("读书群组"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("日期"))
    chapters = models.CharField(_("章节"), max_length=200)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("读书安排")
        verbose_name_plural = _("读书安排")

    def __str__(self):
        return f"{self.date} {self.chapters}"


class GroupPostQuerySet(ScopedQuerySet):
    committee_field = "group__committee_id"


class GroupPost(models.Model):
    group = models.ForeignKey(ReadingGroup, verbose_name=_("读书群组"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发言人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("发表时间"))

    objects = GroupPostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("讨论发言")
        verbose_name_plural = _("讨论发言")

    def __str__(self):
        return self.text[:30]
