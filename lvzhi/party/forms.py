"""Forms of the party-building pages. They only carry input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, remote_choices
from lvzhi.org.models import PartyBranch, Term
from lvzhi.party.choices import BranchRole, ContactWay, MeetingKind, PairKind
from lvzhi.party.models import BranchMembership

DATE = {"type": "date"}


def date_field(label, required=True):
    return DayField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def note_field(label=_("备注"), rows=2):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class BranchChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        gone = f"（{obj.dissolved_on} 撤销）" if obj.dissolved_on else ""
        return f"{obj.name}{gone}"


class AttendeesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.branch.name}"


class RecordForm(forms.Form):
    """A register's form: the committee first (it decides whose branches and members may be chosen)."""

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

    def setup(self, committee):
        pass

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("committee", None)
        return data


def branches_of(committee):
    return PartyBranch.objects.filter(committee=committee).select_related("parent").order_by("sort", "pk")


class MembershipForm(RecordForm):
    branch = BranchChoice(queryset=None, label=_("党支部（党小组）"))
    name = forms.CharField(label=_("姓名"), max_length=50)
    position = forms.CharField(label=_("职务"), max_length=100, required=False, help_text=_("在机关的职务。"))
    role = forms.ChoiceField(label=_("党内职务"), choices=BranchRole.choices, initial=BranchRole.MEMBER)
    joined_on = date_field(_("编入日期"))
    left_on = date_field(_("转出日期"), required=False)
    note = note_field()

    def setup(self, committee):
        self.fields["branch"].queryset = branches_of(committee)


class MeetingForm(RecordForm):
    branch = BranchChoice(queryset=None, label=_("党支部（党小组）"))
    kind = forms.ChoiceField(label=_("类别"), choices=MeetingKind.choices)
    held_on = date_field(_("日期"))
    topic = forms.CharField(label=_("主题"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    attendees = AttendeesChoice(
        queryset=None,
        label=_("参加党员"),
        required=False,
        help_text=_("会议当日在本支部（及其党小组）的党员；可输入姓名或拼音首字母查找。"),
    )
    minutes = note_field(_("会议记录"), rows=5)
    note = note_field()

    def setup(self, committee):
        self.fields["branch"].queryset = branches_of(committee)
        self.fields["attendees"].queryset = (
            BranchMembership.objects.filter(committee=committee).select_related("branch").order_by("name", "pk")
        )


class TalkForm(RecordForm):
    talked_on = date_field(_("谈话日期"))
    talker = forms.CharField(label=_("谈话人"), max_length=50)
    talkee = forms.CharField(label=_("谈话对象"), max_length=50)
    topic = forms.CharField(label=_("主题"), max_length=200)
    summary = note_field(_("谈话摘要"), rows=3)
    confidential_note = note_field(_("保密记录"), rows=3)
    confidential_note.help_text = _("只有本委员会机关党建工作人员可见。")


class PairForm(RecordForm):
    term = forms.ModelChoiceField(queryset=None, label=_("届"), empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=PairKind.choices)
    contactor = NamedChoice(queryset=None, label=_("联系人"))
    contacted = NamedChoice(queryset=None, label=_("联系对象"))
    assigned_on = date_field(_("结对日期"))
    note = note_field()
    member_fields = ("contactor", "contacted")

    def setup(self, committee):
        self.fields["term"].queryset = Term.objects.filter(committee=committee).order_by("-number")


class ContactForm(RecordForm):
    contacted_on = date_field(_("联系日期"))
    way = forms.ChoiceField(label=_("方式"), choices=ContactWay.choices)
    content = note_field(_("联系内容"), rows=3)
