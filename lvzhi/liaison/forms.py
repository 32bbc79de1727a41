"""Forms of the liaison pages. They only shape input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, remote_choices
from lvzhi.liaison.choices import ContactGroup, EngagementKind, HostBody, HostedKind, PartyReportKind
from lvzhi.liaison.models import Contact
from lvzhi.org.models import Member, Membership

DATE = {"type": "date"}


def date_field(label, required=True):
    return DayField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NamesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ContactsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def note_field():
    return forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(forms.Form):
    """A register's form: the committee first (it decides whose members and contacts may be chosen)."""

    committee = forms.ModelChoiceField(queryset=None, label=_("委员会"), empty_label=None)
    member_fields: tuple[str, ...] = ()
    contact_fields: tuple[str, ...] = ()

    def __init__(self, *args, committees, committee, members, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["committee"].queryset = committees
        self.fields["committee"].widget.attrs["data-reload"] = "committee"
        for name in self.member_fields:
            # `members(committee)`: a registered source (core.pickers), searched remotely when long
            remote_choices(self.fields[name], members, committee)
        contacts = Contact.objects.filter(committee=committee).order_by("group", "name", "id")
        for name in self.contact_fields:
            self.fields[name].queryset = contacts
        self.setup(committee)
        for name in (*self.member_fields, *self.contact_fields):
            if isinstance(self.fields[name], forms.ModelMultipleChoiceField):
                self.fields[name].widget.attrs["size"] = 8

    def setup(self, committee):
        pass

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("committee", None)
        return data


class ContactForm(RecordForm):
    member = NamedChoice(
        queryset=None, label=_("委员"), required=False, help_text=_("联系对象是本会委员时选择；否则填写姓名。")
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    group = forms.ChoiceField(label=_("类别"), choices=ContactGroup.choices)
    affiliation = forms.CharField(label=_("单位及职务"), max_length=200, required=False)
    listed_on = date_field(_("列入日期"))
    note = note_field()
    member_fields = ("member",)


class AssignmentForm(RecordForm):
    leader = NamedChoice(queryset=None, label=_("联系领导"), help_text=_("主席会议成员：主席、副主席、秘书长。"))
    contact = forms.ModelChoiceField(queryset=None, label=_("联系对象"))
    started_on = date_field(_("开始日期"))
    ended_on = date_field(_("结束日期"), required=False)
    note = note_field()

    def setup(self, committee):
        leaders = Membership.objects.filter(
            committee=committee, role__in=("chair", "vice_chair", "secretary_general")
        ).values("member_id")
        self.fields["leader"].queryset = Member.objects.filter(pk__in=leaders).order_by("name_pinyin", "id")
        self.fields["contact"].queryset = Contact.objects.filter(committee=committee).order_by("group", "name", "id")


class EngagementForm(RecordForm):
    kind = forms.ChoiceField(label=_("方式"), choices=EngagementKind.choices)
    title = forms.CharField(label=_("主题"), max_length=200)
    held_on = date_field(_("日期"))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    members = NamesChoice(queryset=None, label=_("开展联系的委员"), help_text=_("可多选（Ctrl/⌘ 点选）。"))
    contacts = ContactsChoice(queryset=None, label=_("联系对象"), help_text=_("可多选（Ctrl/⌘ 点选）。"))
    activity = forms.IntegerField(
        label=_("所在活动编号"), required=False, min_value=1, help_text=_("作为会议活动开展的主题活动，填写活动编号。")
    )
    summary = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = note_field()
    member_fields = ("members",)
    contact_fields = ("contacts",)


class HostedVisitForm(RecordForm):
    body = forms.ChoiceField(label=_("来访层级"), choices=HostBody.choices)
    visitor = forms.CharField(label=_("来访机构"), max_length=100, help_text=_("如“全国政协农业和农村委员会”。"))
    leader = forms.CharField(label=_("带队领导"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=HostedKind.choices)
    started_on = date_field(_("开始日期"))
    ended_on = date_field(_("结束日期"))
    topic = forms.CharField(label=_("主题"), max_length=200)
    places = forms.CharField(label=_("调研地点"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    members = NamesChoice(queryset=None, label=_("陪同委员"), required=False)
    staff = forms.CharField(label=_("陪同工作人员"), max_length=200, required=False)
    support = forms.CharField(label=_("争取到的支持"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = note_field()
    member_fields = ("members",)


class PartyReportForm(RecordForm):
    kind = forms.ChoiceField(label=_("类别"), choices=PartyReportKind.choices)
    subject = forms.CharField(label=_("事项"), max_length=200)
    recipient = forms.CharField(label=_("报送对象"), max_length=100, initial=_("市委"))
    body = forms.CharField(label=_("主要内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    drafted_on = date_field(_("拟稿日期"))
    reply_days = forms.IntegerField(
        label=_("答复期限（天）"),
        min_value=1,
        max_value=365,
        initial=30,
        help_text=_("报送后超过此天数未批复的，列为超期未复。"),
    )
    note = note_field()
