"""Page forms. They only shape input; the services validate it and decide."""

from typing import NamedTuple

from django import forms
from django.db.models import F, Value
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, KeyChoiceField, KeysChoiceField, remote_choices, share_options
from lvzhi.core.pickers import choice_source
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Member, Party, Sector, Session, SpecialCommittee, Unit
from lvzhi.proposals.choices import (
    FILED_STATES,
    AssignmentRole,
    ConvertTarget,
    ProposerKind,
    Rating,
    SupervisionKind,
)
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.rules import active_items

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _choices(qs, blank=True, label=str):
    rows = [(str(o.pk) if o.pk else str(o), label(o)) for o in qs]
    return ([("", "—")] if blank else []) + rows


def _active_groups(committee) -> dict[str, list]:
    """The committee's active parties, sectors and special committees, (pk, name) in each list's
    order: one query."""
    models = {"party": Party, "sector": Sector, "special_committee": SpecialCommittee}
    parts = [
        model.objects.filter(committee=committee, is_active=True)
        .order_by()
        .annotate(group=Value(name), o1=F("sort"))
        .values_list("group", "pk", "name", "o1")
        for name, model in models.items()
    ]
    found: dict[str, list] = {name: [] for name in models}
    for group, pk, name, _sort in parts[0].union(*parts[1:], all=True).order_by("group", "o1", "pk"):
        found[group].append((str(pk), name))
    return found


@choice_source(pinyin="name_pinyin", initials="name_initials")
def committee_members(committee, but=None):
    """The committee's seated members (but one: a proposer is not their own co-proposer)."""
    members = (
        Member.objects.filter(memberships__committee=committee, memberships__status=MembershipStatus.ACTIVE)
        .distinct()
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )
    return members.exclude(pk=but) if but else members


@choice_source
def active_units(committee):
    """The units a proposal of the committee may be handed to."""
    return Unit.objects.filter(committee=committee, is_active=True)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("案由"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    category = forms.ChoiceField(label=_("类别"), widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label=_("提案类型"), choices=ProposerKind.choices, widget=forms.Select(attrs=SELECT))
    session = forms.ChoiceField(label=_("会议"), required=False, initial="default", widget=forms.Select(attrs=SELECT))
    proposer = KeyChoiceField(
        Member.objects.none(), label=_("第一提案人"), required=False, empty_label="—", widget=forms.Select(attrs=SELECT)
    )
    coproposers = KeysChoiceField(
        Member.objects.none(),
        label=_("附议人"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
        help_text=_("联名提案：选择附议委员，他们须在线确认（或由工作人员登记纸质签名）。"),
    )
    party = forms.ChoiceField(label=_("党派团体"), required=False, widget=forms.Select(attrs=SELECT))
    sector = forms.ChoiceField(label=_("界别"), required=False, widget=forms.Select(attrs=SELECT))
    special_committee = forms.ChoiceField(label=_("专门委员会"), required=False, widget=forms.Select(attrs=SELECT))
    situation = forms.CharField(label=_("情况与问题"), widget=forms.Textarea(attrs={**TEXT, "rows": 5}))
    analysis = forms.CharField(label=_("原因分析"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
    suggestions = forms.CharField(label=_("具体建议"), widget=forms.Textarea(attrs={**TEXT, "rows": 5}))

    def __init__(self, *args, committee, office=False, term=None, member_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update(
            {
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#similar",
                "hx-include": "[name=title],[name=suggestions]",
                "autocomplete": "off",
            }
        )
        self.fields["category"].choices = _choices(active_items(committee, "categories"))
        sessions = Session.objects.filter(committee=committee, term=term).select_related("term") if term else []
        self.fields["session"].choices = [("default", _("当前会议（默认）")), ("", _("闭会期间"))] + [
            (str(s.pk), str(s)) for s in sessions
        ]
        remote_choices(self.fields["coproposers"], committee_members, committee, member_id)
        if office:
            remote_choices(self.fields["proposer"], committee_members, committee)
        else:
            del self.fields["proposer"]
        groups = _active_groups(committee)
        for name in ("party", "sector", "special_committee"):
            self.fields[name].choices = [("", "—")] + groups[name]


class _ActionForm(forms.Form):
    """A step's form: it only shapes input. No field is required here and text is not stripped, so the
    service's own messages (a missing reason, a deadline not after today) reach the user, as they reach
    the API's caller."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field, forms.CharField):
                field.strip = False


class ConfirmForm(forms.Form):
    """An action that asks nothing more than the button."""


class PaperSignatureForm(forms.Form):
    member = forms.IntegerField(label=_("附议人"), min_value=1, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class RequiredNoteForm(_ActionForm):
    note = forms.CharField(label=_("修改意见"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class RejectForm(_ActionForm):
    reason = forms.ChoiceField(label=_("不予立案理由"), widget=forms.Select(attrs=SELECT))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = _choices(active_items(committee, "reasons"))


class ConvertForm(_ActionForm):
    target = forms.ChoiceField(label=_("转办去向"), choices=ConvertTarget.choices, widget=forms.Select(attrs=SELECT))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class MergeForm(_ActionForm):
    """并案: the proposal to merge into is chosen by its 案号 and title among the committee's filed
    proposals (never typed as an internal id); the service still checks the choice."""

    into = forms.TypedChoiceField(label=_("并入提案"), coerce=int, widget=forms.Select(attrs=SELECT))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = (
            Proposal.objects.filter(state__in=FILED_STATES, merged_into__isnull=True)
            .filter(committee_id=proposal.committee_id if proposal else None)
            .exclude(pk=proposal.pk if proposal else None)
            .order_by("term_id", "session_id", "serial")
            .only("id", "number", "title")
        )
        self.fields["into"].choices = [("", "—")] + [(str(p.pk), f"{p.number} {p.title}") for p in targets]


class AssignForm(forms.Form):
    lead = KeyChoiceField(
        Unit.objects.none(), label=_("主办单位"), required=False, empty_label="—", widget=forms.Select(attrs=SELECT)
    )
    co = KeysChoiceField(
        Unit.objects.none(),
        label=_("会办单位"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4}),
    )
    split = KeysChoiceField(
        Unit.objects.none(),
        label=_("分办单位"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4}),
        help_text=_("分办时不选主办、会办单位。"),
    )
    deadline = DayField(label=_("办理期限"), required=False, widget=DATE, help_text=_("默认按本会规定期限。"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "co", "split"):
            remote_choices(self.fields[name], active_units, committee)
        share_options(self.fields["lead"], self.fields["co"], self.fields["split"])  # one read of the units

    def clean(self):
        data = super().clean()
        data["units"] = self.units()
        return data

    def units(self):
        data = self.cleaned_data
        if data.get("split"):
            return [{"unit": u, "role": AssignmentRole.SPLIT} for u in data["split"]]
        rows = [{"unit": data["lead"], "role": AssignmentRole.LEAD}] if data.get("lead") else []
        return rows + [{"unit": u, "role": AssignmentRole.CO} for u in data.get("co") or []]


class SuperviseForm(_ActionForm):
    kind = forms.ChoiceField(label=_("督办方式"), choices=SupervisionKind.choices, widget=forms.Select(attrs=SELECT))
    date = DayField(label=_("日期"), widget=DATE)
    leader = forms.ChoiceField(label=_("督办领导"), required=False, widget=forms.Select(attrs=SELECT))
    notes = forms.CharField(label=_("督办情况"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    file = forms.FileField(
        label=_("附件"),
        required=False,
        widget=forms.ClearableFileInput(attrs=TEXT),
        help_text=_("会议纪要、现场照片等（PDF、Word、Excel、图片）。"),
    )

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = _choices(leaders)


class ReasonForm(_ActionForm):
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ReassignForm(_ActionForm):
    unit = KeyChoiceField(Unit.objects.none(), label=_("改办单位"), empty_label="—", widget=forms.Select(attrs=SELECT))
    deadline = DayField(label=_("办理期限"), required=False, widget=DATE)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        remote_choices(self.fields["unit"], active_units, committee)


class OpinionForm(_ActionForm):
    text = forms.CharField(label=_("会办意见"), widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class ReplyForm(_ActionForm):
    category = forms.ChoiceField(label=_("答复类别"), widget=forms.Select(attrs=SELECT))
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
    contact = forms.CharField(label=_("联系人及电话"), required=False, widget=forms.TextInput(attrs=TEXT))
    letter = forms.FileField(label=_("盖章答复函"), required=False, widget=forms.ClearableFileInput(attrs=TEXT))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("— 请选择答复类别 —"))] + [
            (c.code, f"{c.code} {c.name}") for c in active_items(committee, "answers")
        ]


class ExtendForm(_ActionForm):
    until = DayField(label=_("延期至"), widget=DATE)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ReopenForm(_ActionForm):
    deadline = DayField(label=_("新的办理期限"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.TextInput(attrs=TEXT))


class EvaluateForm(_ActionForm):
    rating = forms.ChoiceField(label=_("评价"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class PolicyForm(forms.Form):
    deadline_months = forms.IntegerField(label=_("办理期限（月）"), widget=forms.NumberInput(attrs=TEXT))
    objection_days = forms.IntegerField(
        label=_("申请调整期限（天）"),
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("交办后承办单位可申请调整的天数。"),
    )
    rating_days = forms.IntegerField(
        label=_("评价期限（天）"),
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("答复后提案人评价的天数，期满可办结。"),
    )
    number_pattern = forms.CharField(
        label=_("编号格式"),
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("可用 {term}（届）、{session}（次）、{n:04d}（四位序号），如 {term}届{session}次会议第{n:04d}号。"),
    )
    between_sessions_pattern = forms.CharField(
        label=_("闭会期间编号格式"), widget=forms.TextInput(attrs=TEXT), help_text=_("如 {term}届闭会期间第{n:04d}号。")
    )


class ListItemForm(forms.Form):
    code = forms.CharField(label=_("代码"), required=False, max_length=4, widget=forms.TextInput(attrs=TEXT))
    name = forms.CharField(label=_("名称"), widget=forms.TextInput(attrs=TEXT))
    sort = forms.IntegerField(label=_("排序"), required=False, min_value=0, widget=forms.NumberInput(attrs=TEXT))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != "answers":
            del self.fields["code"]
        else:
            self.fields["code"].required = True


class KeyProposalForm(forms.Form):
    """重点提案 / 优秀提案 with the leaders who supervise a key proposal (督办领导)."""

    is_key = forms.BooleanField(label=_("重点提案"), required=False)
    is_excellent = forms.BooleanField(label=_("优秀提案"), required=False)
    leaders = forms.MultipleChoiceField(
        label=_("督办领导"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 5}),
        help_text=_("主席会议成员中督办这件重点提案的领导，可多选。"),
    )

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].choices = _choices(leaders, blank=False)


class Leaders(NamedTuple):
    committee: list  # chair, vice-chairs and secretary-general of the proposal's committee: who supervise
    supervising: list  # the proposal's supervising leaders (督办领导)


def leaders_of(proposal) -> Leaders:
    """The committee's leaders (the choices of the key-proposal and supervision forms) and the
    proposal's supervising leaders (the key-proposal form's initial choice, the page's names): one
    `UNION ALL`, read once per proposal object. Members with their id and name, each list in name
    order."""
    cached = getattr(proposal, "_lvzhi_leaders", None)
    if cached is not None:
        return cached
    fields = ["id", "name", "name_pinyin"]
    committee = (
        Member.objects.filter(
            memberships__committee_id=proposal.committee_id,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role__in=["chair", "vice_chair", "secretary_general"],
        )
        .distinct()
        .order_by()
        .annotate(group=Value("committee"))
        .values_list("group", *fields)
    )
    supervising = (
        Member.objects.filter(supervised_proposals=proposal.pk)
        .order_by()
        .annotate(group=Value("supervising"))
        .values_list("group", *fields)
    )
    found: dict[str, list] = {"committee": [], "supervising": []}
    for group, *values in committee.union(supervising, all=True).order_by("group", "name_pinyin", "id"):
        found[group].append(Member.from_db(Member.objects.db, fields, values))
    proposal._lvzhi_leaders = Leaders(**found)
    return proposal._lvzhi_leaders


class DraftAttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), widget=forms.ClearableFileInput(attrs=TEXT))
