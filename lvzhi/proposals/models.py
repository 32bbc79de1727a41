"""Proposals (提案): per-committee policy and lists, the proposal, its co-proposers, the units'
assignments, the proposers' evaluations, key-proposal supervision and extension requests."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.org.models import Committee, ReferenceItem
from lvzhi.proposals.choices import (
    FILED_STATES,
    AssignmentRole,
    AssignmentState,
    ConvertTarget,
    ExtensionState,
    ProposalState,
    ProposerKind,
    Rating,
    SupervisionKind,
)

DEFAULT_PATTERN = "{term}届{session}次会议第{n:04d}号"
DEFAULT_BETWEEN_PATTERN = "{term}届闭会期间第{n:04d}号"


class ProposalPolicy(models.Model):
    """The committee's rules of the proposal work (editable by staff)."""

    committee = models.OneToOneField(Committee, on_delete=models.CASCADE, related_name="proposal_policy")
    deadline_months = models.PositiveSmallIntegerField(_("办理期限（月）"), default=3)
    objection_days = models.PositiveSmallIntegerField(_("申请调整期限（天）"), default=10)
    rating_days = models.PositiveSmallIntegerField(_("评价期限（天）"), default=30)
    number_pattern = models.CharField(_("编号格式"), max_length=100, default=DEFAULT_PATTERN)
    between_sessions_pattern = models.CharField(_("闭会期间编号格式"), max_length=100, default=DEFAULT_BETWEEN_PATTERN)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("提案工作规则")


class ProposalCategory(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="proposalcategory_unique_name")]
        verbose_name = _("提案类别")
        verbose_name_plural = _("提案类别")


class RejectionReason(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="rejectionreason_unique_name")]
        verbose_name = _("不予立案理由")
        verbose_name_plural = _("不予立案理由")


class AnswerCategory(ReferenceItem):
    code = models.CharField(_("代码"), max_length=4)

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "code"], name="answercategory_unique_code")]
        verbose_name = _("答复类别")
        verbose_name_plural = _("答复类别")

    def __str__(self):
        return f"{self.code}类"


def _reads_module(user) -> bool:
    return user.can_read_module(Permission.PROPOSALS)


class ProposalQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Office and leaders: their committees, except a member's own draft that was never
        submitted (drafts are private: docs/security.md). A member: own proposals (first or
        co-proposer, or merged into one of theirs) and the filed ones of their committee. A unit:
        assigned ones."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        ids = committee_ids(user)
        condition = Q(pk__in=[])
        if ids and _reads_module(user):
            condition |= Q(committee_id__in=ids) & ~_private_draft()
        if user.member_id and user.has_role(Role.MEMBER):
            condition |= Q(pk__in=_seen_by_member(user.member_id, ids))
        if user.unit_id and user.has_role(Role.UNIT):
            condition |= Exists(Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=user.unit_id))
        return self.filter(condition)

    def owned_by(self, member_id):
        """First proposer or co-proposer: one IN over a UNION of the two indexed lookups."""
        return self.filter(pk__in=_own_ids(member_id))


def _private_draft() -> Q:
    """A draft never submitted that its creator, a member, made as its first proposer — the creator's
    account read with EXISTS for the drafts alone, not joined to every row in scope."""
    creators = Proposal._meta.get_field("created_by").related_model.objects.filter(pk=OuterRef("created_by_id"))
    return Q(state=ProposalState.DRAFT, submitted_at__isnull=True) & Exists(
        creators.filter(member_id=OuterRef("proposer_id"))
    )


def _seen_by_member(member_id, ids):
    """The ids of the proposals a member sees as a member: own (first or co-proposer), those theirs
    were merged into, and the filed ones of their committees — one UNION of ids, each part read
    through an index (proposer, co-proposer, merged_into, committee and state), rather than ORs that
    make every query scan the table."""
    merged = Proposal.objects.filter(proposer_id=member_id, merged_into__isnull=False).order_by()
    seen = _own_ids(member_id).union(merged.values("merged_into_id"))
    if ids:
        filed = Proposal.objects.filter(committee_id__in=ids, state__in=FILED_STATES).order_by()
        seen = seen.union(filed.values("pk"))
    return seen


def _own_ids(member_id):
    """The ids of the proposals a member made, first or co-proposer."""
    first = Proposal.objects.filter(proposer_id=member_id).order_by().values("pk")
    return first.union(CoProposer.objects.filter(member_id=member_id).order_by().values("proposal_id"))


class Proposal(models.Model):
    # no index of its own: the indexes below begin with the committee
    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    term = models.ForeignKey("org.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "org.Session",
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空为闭会期间提案"),
    )
    kind = models.CharField(_("提案类型"), max_length=20, choices=ProposerKind.choices, default=ProposerKind.INDIVIDUAL)
    proposer = models.ForeignKey(
        "org.Member", verbose_name=_("第一提案人"), on_delete=models.PROTECT, related_name="proposals"
    )
    party = models.ForeignKey(
        "org.Party", verbose_name=_("党派团体"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        "org.Sector", verbose_name=_("界别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    special_committee = models.ForeignKey(
        "org.SpecialCommittee",
        verbose_name=_("专门委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("案由"), max_length=100)
    category = models.ForeignKey(
        ProposalCategory, verbose_name=_("类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    situation = models.TextField(_("情况与问题"))
    analysis = models.TextField(_("原因分析"), blank=True)
    suggestions = models.TextField(_("具体建议"))
    state = models.CharField(_("状态"), max_length=16, choices=ProposalState.choices, default=ProposalState.DRAFT)
    number = models.CharField(_("案号"), max_length=60, blank=True)
    serial = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    is_key = models.BooleanField(_("重点提案"), default=False)
    is_excellent = models.BooleanField(_("优秀提案"), default=False)
    supervising_leaders = models.ManyToManyField(
        "org.Member", verbose_name=_("督办领导"), blank=True, related_name="supervised_proposals"
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    converted_target = models.CharField(_("转办去向"), max_length=16, choices=ConvertTarget.choices, blank=True)
    reject_reason = models.ForeignKey(
        RejectionReason,
        verbose_name=_("不予立案理由"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("审查意见"), blank=True)
    attachments = models.ManyToManyField("core.Attachment", verbose_name=_("附件"), blank=True, related_name="+")
    tokens = models.TextField(blank=True, editable=False)  # jieba tokens, space-separated (similarity)
    # False until the similarity index (SimilarityTerm) holds the current tokens; see similarity.py
    tokens_indexed = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"], condition=~Q(number=""), name="proposal_unique_number"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="proposal_title_not_empty"),
        ]
        indexes = [
            # The statistics' counts and breakdowns of the proposals in scope read only this index on
            # PostgreSQL (an index-only scan: a tenth of the table's pages); elsewhere (committee, state).
            models.Index(
                fields=["committee", "state"],
                include=[
                    *("term", "submitted_at", "filed_at", "assigned_at", "is_key", "kind", "category", "party"),
                    *("proposer", "created_by"),  # the office's list: which drafts are private
                ],
                name="proposal_committee_state",
            ),
            models.Index(fields=["committee", "term", "session"]),
            # and on PostgreSQL "proposal_newest_first", the lists' default order (migration 0004)
            # The figures count by committee and date: received, filed, assigned in a period.
            models.Index(fields=["committee", "submitted_at"], name="proposal_committee_submitted"),
            models.Index(fields=["committee", "filed_at"], name="proposal_committee_filed"),
            models.Index(fields=["committee", "assigned_at"], name="proposal_committee_assigned"),
            models.Index(fields=["committee"], condition=Q(tokens_indexed=False), name="proposal_tokens_pending"),
            # the office's to-do of proposals awaiting review, oldest first: read in order and taken
            # while in scope (a province's hundred committees: a few thousand of 100,000 proposals)
            models.Index(
                fields=["submitted_at", "id"], condition=Q(state=ProposalState.SUBMITTED), name="proposal_to_review"
            ),
        ]
        verbose_name = _("提案")
        verbose_name_plural = _("提案")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return ProposalState(self.state).color

    @property
    def proposer_label(self):
        if self.kind == ProposerKind.ORGANISATION and self.party_id:
            return str(self.party)
        if self.kind == ProposerKind.SECTOR and self.sector_id:
            return str(self.sector)
        if self.kind == ProposerKind.SPECIAL_COMMITTEE and self.special_committee_id:
            return str(self.special_committee)
        return str(self.proposer)


class SimilarityTerm(models.Model):
    """The inverted index of the similar-proposal lookup: one row per indexed token of a proposal
    (derived from `Proposal.tokens`, rebuilt by `similarity.refresh_index`)."""

    # derived rows: Django's CASCADE removes them; no database constraint to check on every insert
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    token = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["committee", "token", "proposal"], name="similarityterm_lookup")]


class CoProposer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="coproposers")
    member = models.ForeignKey("org.Member", verbose_name=_("附议人"), on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    paper_signature = models.BooleanField(_("纸质签名"), default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="coproposer_unique")]

    @property
    def is_confirmed(self):
        return bool(self.confirmed_at or self.paper_signature)


class AssignmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Office and leaders: their committees. A unit: its own. A member: those of the proposals they
        see as a member (an assignment is of its proposal's committee: those of the proposals the
        office sees are the committees' already)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        ids = committee_ids(user)
        condition = Q(pk__in=[])
        if ids and _reads_module(user):
            condition |= Q(committee_id__in=ids)
        if user.unit_id and user.has_role(Role.UNIT):
            condition |= Q(unit_id=user.unit_id)
        if user.member_id and user.has_role(Role.MEMBER):
            condition |= Q(proposal__in=_seen_by_member(user.member_id, ids))
        return self.filter(condition)


class Assignment(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("办理方式"), max_length=8, choices=AssignmentRole.choices)
    state = models.CharField(_("状态"), max_length=16, choices=AssignmentState.choices, default=AssignmentState.PENDING)
    assigned_at = models.DateTimeField(_("交办时间"))
    deadline = models.DateField(_("办理期限"))
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    objection_reason = models.TextField(_("调整理由"), blank=True)
    objected_at = models.DateTimeField(null=True, blank=True)
    opinion_text = models.TextField(_("会办意见"), blank=True)
    reply_category = models.ForeignKey(
        AnswerCategory, verbose_name=_("答复类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_text = models.TextField(_("答复内容"), blank=True)
    reply_contact = models.CharField(_("联系人"), max_length=100, blank=True)
    reply_letter = models.ForeignKey(
        "core.Attachment", verbose_name=_("答复函"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    reassigned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reassigned_to"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "id"]
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["committee", "state", "deadline"]),
            # the office's to-do of overdue replies, oldest deadline first (as `proposal_to_review`)
            models.Index(
                fields=["deadline", "id"],
                condition=Q(state__in=[AssignmentState.PENDING, AssignmentState.SIGNED]),
                name="assignment_open_by_deadline",
            ),
        ]
        verbose_name = _("交办")
        verbose_name_plural = _("交办")

    def __str__(self):
        return f"{self.proposal} · {self.unit}"

    @property
    def answers(self) -> bool:
        return self.role in (AssignmentRole.LEAD, AssignmentRole.SPLIT)

    @property
    def is_open(self) -> bool:
        return self.state in (AssignmentState.PENDING, AssignmentState.SIGNED)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.deadline < today


class Evaluation(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="evaluations")
    member = models.ForeignKey("org.Member", verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    rating = models.CharField(_("评价"), max_length=24, choices=Rating.choices)
    comment = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["assignment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "member", "round"], name="evaluation_unique_per_round")
        ]


class Supervision(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supervisions")
    kind = models.CharField(_("督办方式"), max_length=16, choices=SupervisionKind.choices)
    date = models.DateField(_("日期"))
    leader = models.ForeignKey(
        "org.Member", verbose_name=_("督办领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("督办情况"), blank=True)
    attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]


class ExtensionRequest(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    until = models.DateField(_("延期至"))
    reason = models.TextField(_("理由"))
    state = models.CharField(_("状态"), max_length=16, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
