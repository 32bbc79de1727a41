"""Forms of the supervision pages. They only shape input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, remote_choices
from lvzhi.supervision.choices import (
    PROPOSAL_DRAFT,
    ClueSource,
    DisputeKind,
    PartnerKind,
    PostRole,
    ServiceKind,
    SupportKind,
)
from lvzhi.supervision.models import InvestmentVisit, LitigationClue

DATE = {"type": "date"}


def date_field(label, required=True):
    return DayField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RecordForm(forms.Form):
    """A register's form: the committee first (it decides whose members may be chosen)."""

    committee = forms.ModelChoiceField(queryset=None, label=_("委员会"), empty_label=None)
    member_fields: tuple[str, ...] = ()

    def __init__(self, *args, committees, committee, members, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["committee"].queryset = committees
        self.fields["committee"].widget.attrs["data-reload"] = "committee"
        for name in self.member_fields:
            # `members(committee)`: a registered source (core.pickers), searched remotely when long
            remote_choices(self.fields[name], members, committee)
        self.setup(committee)
        if "note" in self.fields:
            self.fields["note"].widget.attrs.setdefault("rows", 2)
        for name in self.member_fields:
            if isinstance(self.fields[name], forms.ModelMultipleChoiceField):
                self.fields[name].widget.attrs["size"] = 8

    def setup(self, committee):
        pass

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("committee", None)
        return data


def note_field():
    return forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MediationForm(RecordForm):
    court = forms.CharField(label=_("委托法院"), max_length=100)
    case_number = forms.CharField(label=_("法院案号"), max_length=60)
    dispute_kind = forms.ChoiceField(label=_("纠纷类型"), choices=DisputeKind.choices)
    received_on = date_field(_("受理日期"))
    parties = forms.CharField(
        label=_("当事人"),
        max_length=1000,
        help_text=_("各方当事人姓名，用顿号分隔；保存后加密存储，页面上只显示“张*”。"),
    )
    mediators = MembersChoice(
        queryset=None, label=_("调解委员"), required=False, help_text=_("可多选：输入姓名或拼音首字母查找。")
    )
    summary = forms.CharField(label=_("案情摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = note_field()
    member_fields = ("mediators",)


class ClueForm(RecordForm):
    title = forms.CharField(label=_("线索名称"), max_length=200)
    recorded_on = date_field(_("发现日期"))
    source_kind = forms.ChoiceField(label=_("来源"), choices=[])
    proposal = forms.ModelChoiceField(queryset=None, label=_("来源提案"), required=False)
    opinion_report = forms.ModelChoiceField(queryset=None, label=_("来源社情民意信息"), required=False)
    source_reference = forms.CharField(
        label=_("来源信息"),
        required=False,
        max_length=200,
        help_text=_("来源为社情民意信息而未在上方选择时，填写期号或标题。"),
    )
    contributors = MembersChoice(queryset=None, label=_("提供线索的委员"), required=False)
    summary = forms.CharField(label=_("线索内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    note = note_field()
    member_fields = ("contributors",)

    def setup(self, committee):
        # The source models are reached through the clue's foreign keys: supervision imports neither
        # the proposals nor the opinions module.
        Proposal = LitigationClue._meta.get_field("proposal").related_model
        OpinionReport = LitigationClue._meta.get_field("opinion_report").related_model
        self.fields["source_kind"].choices = ClueSource.choices
        self.fields["proposal"].queryset = (
            Proposal.objects.filter(committee=committee)
            .exclude(state=PROPOSAL_DRAFT)
            .order_by("-id")
            .only("id", "title")
        )
        reports = OpinionReport.objects.visible_to(self.user) if self.user is not None else OpinionReport.objects.none()
        self.fields["opinion_report"].queryset = (
            reports.filter(committee=committee, submitted_at__isnull=False).order_by("-id").only("id", "title")
        )


class PostForm(RecordForm):
    member = MemberChoice(queryset=None, label=_("委员"))
    body = forms.CharField(label=_("推荐到的单位"), max_length=100)
    role = forms.ChoiceField(label=_("担任（参与）"), choices=PostRole.choices)
    recommended_on = date_field(_("推荐日期"))
    start_on = date_field(_("开始日期"), required=False)
    end_on = date_field(_("结束日期"), required=False)
    note = note_field()
    member_fields = ("member",)


class VisitForm(RecordForm):
    started_on = date_field(_("出发日期"))
    ended_on = date_field(_("返回日期"), required=False)
    destination = forms.CharField(label=_("考察地"), max_length=100)
    purpose = forms.CharField(label=_("考察事项"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    delegation = MembersChoice(queryset=None, label=_("考察团委员"), required=False)
    enterprises = forms.CharField(
        label=_("对接企业"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("每行一家。")
    )
    note = note_field()
    member_fields = ("delegation",)


class ProjectForm(RecordForm):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    investor = forms.CharField(label=_("投资方"), max_length=200)
    amount_wan = forms.DecimalField(label=_("投资额（万元）"), min_value=0, max_digits=14, decimal_places=2)
    signed_on = date_field(_("签约日期"))
    industry = forms.CharField(label=_("产业"), max_length=50, required=False)
    visit = forms.ModelChoiceField(queryset=None, label=_("来自招商考察"), required=False)
    note = note_field()

    def setup(self, committee):
        self.fields["visit"].queryset = InvestmentVisit.objects.filter(committee=committee).order_by("-started_on")


class PairForm(RecordForm):
    leader = MemberChoice(queryset=None, label=_("包抓领导"))
    enterprise = forms.CharField(label=_("联系企业"), max_length=100)
    started_on = date_field(_("建立联系日期"))
    note = note_field()
    member_fields = ("leader",)


class SupportForm(RecordForm):
    kind = forms.ChoiceField(label=_("类别"), choices=SupportKind.choices)
    kind_name = forms.CharField(label=_("自定类别"), max_length=50, required=False, help_text=_("类别为“其他”时填写。"))
    title = forms.CharField(label=_("事项"), max_length=200)
    amount = forms.DecimalField(label=_("数额"), min_value=0, max_digits=14, decimal_places=2)
    unit = forms.CharField(
        label=_("单位"),
        max_length=10,
        required=False,
        help_text=_("帮扶资金为万元；其他类别自填。创城宣传示范点逐处登记在“创城示范点”。"),
    )
    occurred_on = date_field(_("日期"))
    note = note_field()


class PartnerForm(RecordForm):
    partner = forms.CharField(label=_("协作政协"), max_length=100)
    kind = forms.ChoiceField(label=_("协作形式"), choices=PartnerKind.choices)
    agreement_on = date_field(_("建立日期"))
    note = note_field()


class ServiceForm(RecordForm):
    kind = forms.ChoiceField(label=_("类别"), choices=ServiceKind.choices)
    title = forms.CharField(label=_("事项"), max_length=200, help_text=_("办了什么事、解决了什么问题。"))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    requester = forms.CharField(
        label=_("服务对象（反映人）"),
        max_length=100,
        help_text=_("写明群体或单位，如“凉州区某社区居民”；不写个人姓名。"),
    )
    members = MembersChoice(queryset=None, label=_("办理委员"), help_text=_("可多选（Ctrl/⌘ 点选）。"))
    activity = forms.IntegerField(
        label=_("所在活动编号"),
        required=False,
        min_value=1,
        help_text=_("在基层协商、工作室等活动中办理的，填写活动编号。"),
    )
    raised_on = date_field(_("登记日期"))
    done_on = date_field(_("办结日期"), required=False)
    done_on.help_text = _("登记时已办结的填写；之后办结的在详情页“办结”。")
    result = forms.CharField(label=_("办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = note_field()
    member_fields = ("members",)


class DemoPointForm(RecordForm):
    name = forms.CharField(label=_("示范点名称"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200)
    built_on = date_field(_("建成日期"))
    ended_on = date_field(_("撤销日期"), required=False)
    supervisors = MembersChoice(queryset=None, label=_("督导委员"), help_text=_("可多选（Ctrl/⌘ 点选）。"))
    note = note_field()
    member_fields = ("supervisors",)
