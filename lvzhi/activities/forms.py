"""Forms of the activity pages. They only shape input; the services validate and write."""

from django import forms
from django.db.models import F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.choices import (
    OUTREACH_KINDS,
    TRAINING_KINDS,
    ActivityKind,
    InviteBy,
    OutcomeKind,
    SpeechMode,
)
from lvzhi.activities.services import guest_links, seated_members
from lvzhi.core.forms import BulkPicker, DayField, MomentField, show_only_for
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Member, Party, Sector, SpecialCommittee, Studio

DT = {"type": "datetime-local", "class": "form-control"}


class ActivityForm(forms.Form):
    committee = forms.ModelChoiceField(queryset=None, label=_("委员会"), empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=ActivityKind.choices)
    subkind = forms.CharField(
        label=_("子类"), required=False, max_length=50, help_text=_("按本委员会的子类目录填写，如“专题”“双月”。")
    )
    topic = forms.CharField(label=_("主题"), max_length=200)
    start = MomentField(label=_("开始时间"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M"))
    end = MomentField(
        label=_("结束时间"), required=False, widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    organiser = forms.CharField(
        label=_("组织单位"), required=False, max_length=100, help_text=_("如机关某处室；也可选下列组织者。")
    )
    organiser_special_committee = forms.ModelChoiceField(queryset=None, label=_("组织专门委员会"), required=False)
    organiser_sector = forms.ModelChoiceField(queryset=None, label=_("组织界别"), required=False)
    organiser_studio = forms.ModelChoiceField(queryset=None, label=_("组织工作室"), required=False)
    organiser_committee = forms.ModelChoiceField(queryset=None, label=_("组织的下级委员会"), required=False)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    partner = forms.CharField(label=_("合作院校（培训）"), required=False, max_length=100)
    people_reached = forms.IntegerField(
        label=_("联系群众人次"),
        required=False,
        min_value=0,
        help_text=_("帮办实事、解决问题逐件登记在“帮办实事与解决问题”中，不在此填写件数。"),
    )
    confirm_people = forms.BooleanField(label=_("确认人次无误（超过 5,000 人次时须勾选）"), required=False)

    def __init__(self, *args, committees, committee, committee_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["organiser_special_committee"].queryset = SpecialCommittee.objects.filter(committee=committee)
        self.fields["organiser_sector"].queryset = Sector.objects.filter(committee=committee)
        self.fields["organiser_studio"].queryset = Studio.objects.filter(committee=committee)
        self.fields["organiser_committee"].queryset = Committee.objects.descendants_of(committee.pk, include_self=False)
        # the options: the committees the view has read (`committee_rows`), the organisers in one query;
        # a value sent is still checked against each field's queryset
        if committee_rows is not None:
            _options(self.fields["committee"], [(c.pk, str(c)) for c in committee_rows])
        groups = _group_options(committee, ("special_committees", "sectors", "studios"))
        _options(self.fields["organiser_special_committee"], groups["special_committees"])
        _options(self.fields["organiser_sector"], groups["sectors"])
        _options(self.fields["organiser_studio"], groups["studios"])
        self.fields["subkind"].widget.attrs["list"] = "subkinds"
        for name, kinds in self.KIND_FIELDS.items():
            show_only_for(self.fields[name], "kind", kinds)

    # fields that only some kinds use: the page shows them for those kinds only (what is in them is
    # kept and saved as the API would save it: page/API parity)
    KIND_FIELDS = {
        "partner": TRAINING_KINDS,
        "people_reached": OUTREACH_KINDS,
    }


def _options(field, pairs) -> None:
    """A model choice field's options from (pk, label) pairs already read, instead of a query each
    time the field is rendered (a required select reads its first option once more)."""
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + list(pairs)


# The committee's groups a form offers: model, the order of its rows (sort, name).
GROUPS = {
    "special_committees": (SpecialCommittee, F("sort"), Value("")),
    "sectors": (Sector, F("sort"), Value("")),
    "parties": (Party, F("sort"), Value("")),
    "studios": (Studio, Value(0), F("name")),
}


def _group_options(committee, names) -> dict[str, list]:
    """(pk, name) of the committee's special committees, sectors, parties (each in its order) and
    studios (by name) — those of `names` —, in one query."""
    parts = [
        model.objects.filter(committee=committee)
        .order_by()
        .annotate(group=Value(name), o1=sort, o2=by_name)
        .values_list("group", "pk", "name", "o1", "o2")
        for name, (model, sort, by_name) in ((n, GROUPS[n]) for n in names)
    ]
    found: dict[str, list] = {name: [] for name in names}
    for group, pk, name, _o1, _o2 in parts[0].union(*parts[1:], all=True).order_by("group", "o1", "o2", "pk"):
        found[group].append((pk, name))
    return found


def _members_picker(committee, seats, guest_rows, options) -> BulkPicker:
    """The members picker of an invitation, with bulk choices by the higher committee of the 驻地委员
    (`guest_rows`: (member, seat committee, its short name) of their links on the activity's day),
    sector, special committee and studio (`options`): each member's option names the groups it
    belongs to (a few queries, whatever the count)."""
    groups: dict[int, list[str]] = {}
    for member_id, sector_id in seats.exclude(sector=None).values_list("member_id", "sector_id"):
        groups.setdefault(member_id, []).append(f"sector:{sector_id}")
    for member_id, sc_id in seats.exclude(special_committees=None).values_list("member_id", "special_committees"):
        groups.setdefault(member_id, []).append(f"sc:{sc_id}")
    studio_rows = Studio.members.through.objects.filter(
        studio__committee=committee, member_id__in=seats.values("member_id")
    )
    for member_id, studio_id in studio_rows.values_list("member_id", "studio_id"):
        groups.setdefault(member_id, []).append(f"studio:{studio_id}")
    for member_id, seat_id, _name in guest_rows:
        groups.setdefault(member_id, []).append(f"guest:{seat_id}")
    seat_names = {seat_id: name for _member, seat_id, name in guest_rows}
    bulk = [
        ("guest", _("驻地委员"), [(pk, _("%(c)s委员") % {"c": name}) for pk, name in sorted(seat_names.items())]),
        ("sector", _("界别"), options["sectors"]),
        ("sc", _("专委会"), options["special_committees"]),
        ("studio", _("工作室"), options["studios"]),
    ]
    return BulkPicker(groups=groups, bulk=bulk)


class InviteForm(forms.Form):
    by = forms.ChoiceField(
        label=_("邀请方式"), choices=InviteBy.choices, widget=forms.RadioSelect, initial=InviteBy.MEMBERS
    )
    members = forms.ModelMultipleChoiceField(queryset=None, label=_("委员"), required=False)
    sectors = forms.ModelMultipleChoiceField(queryset=None, label=_("界别"), required=False)
    parties = forms.ModelMultipleChoiceField(queryset=None, label=_("参加单位"), required=False)
    roles = forms.MultipleChoiceField(label=_("职务"), choices=MemberRole.choices, required=False)
    special_committees = forms.ModelMultipleChoiceField(queryset=None, label=_("专门委员会"), required=False)
    studios = forms.ModelMultipleChoiceField(queryset=None, label=_("委员工作室"), required=False)

    FIELD_OF = {
        InviteBy.MEMBERS: "members",
        InviteBy.SECTOR: "sectors",
        InviteBy.PARTY: "parties",
        InviteBy.ROLE: "roles",
        InviteBy.SPECIAL_COMMITTEE: "special_committees",
        InviteBy.STUDIO: "studios",
    }

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        committee = activity.committee
        seats = seated_members(committee)
        seated = seats.values("member_id")
        guests = guest_links(committee, timezone.localdate(activity.start))
        guest_rows = list(guests.values_list("member_id", "seat_committee_id", "seat_committee__short_name"))
        self.guest_seats = {member_id: name for member_id, _seat, name in guest_rows}
        groups = _group_options(committee, ("special_committees", "sectors", "parties", "studios"))
        self.fields["members"].widget = _members_picker(committee, seats, guest_rows, groups)
        self.fields["members"].queryset = Member.objects.filter(
            Q(pk__in=seated) | Q(pk__in=guests.values("member_id"))
        ).order_by("name_pinyin")
        self.fields["members"].label_from_instance = self._member_label
        self.fields["sectors"].queryset = Sector.objects.filter(committee=committee)
        self.fields["parties"].queryset = Party.objects.filter(committee=committee)
        self.fields["special_committees"].queryset = SpecialCommittee.objects.filter(committee=committee)
        self.fields["studios"].queryset = Studio.objects.filter(committee=committee)
        for name in ("sectors", "parties", "special_committees", "studios"):  # checked against the querysets
            _options(self.fields[name], groups[name])
        self.fields["by"].widget.attrs["class"] = "form-check-input"
        for by, name in self.FIELD_OF.items():  # the choice of the chosen way only
            show_only_for(self.fields[name], "by", [by])

    def _member_label(self, member):
        seat = self.guest_seats.get(member.pk)
        return _("%(n)s（%(c)s委员·驻地）") % {"n": member.name, "c": seat} if seat else member.name

    def values(self):
        field = self.FIELD_OF.get(self.cleaned_data["by"])
        return list(self.cleaned_data.get(field) or []) if field else []


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("请假事由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SpeechForm(forms.Form):
    member = forms.ModelChoiceField(queryset=None, label=_("发言委员"))
    title = forms.CharField(label=_("题目"), max_length=200)
    mode = forms.ChoiceField(label=_("形式"), choices=SpeechMode.choices)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class OutcomeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=OutcomeKind.choices)
    authors = forms.ModelMultipleChoiceField(queryset=None, label=_("执笔委员"), required=False)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = members


class SuggestionsAddForm(forms.Form):
    """Suggestions pasted one per line (their numbering is dropped), made by the members chosen."""

    text = forms.CharField(
        label=_("建议（每行一条）"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("1. 建议加快……\n2. 建议完善……")}),
    )
    members = forms.ModelMultipleChoiceField(queryset=None, label=_("提出委员"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class SuggestionForm(forms.Form):
    text = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 3}))
    members = forms.ModelMultipleChoiceField(queryset=None, label=_("提出委员"), required=False)
    adopted = forms.BooleanField(label=_("已采纳"), required=False)
    adopted_by = forms.CharField(label=_("采纳单位"), max_length=200, required=False)
    adopted_on = DayField(
        label=_("采纳日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class _ActionForm(forms.Form):
    """A step's form: it only shapes input, and the service's own messages (a missing recipient, an
    empty instruction) reach the user, so no field is required here and the service strips."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field, forms.CharField):
                field.strip = False


class SendForm(_ActionForm):
    sent_to = forms.CharField(label=_("报送对象"), max_length=200)
    sent_on = DayField(
        label=_("报送日期"),
        required=False,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class InstructionForm(_ActionForm):
    instructions = forms.CharField(label=_("批示内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(_ActionForm):
    follow_up = forms.CharField(label=_("落实情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    """An optional note to a step (finish, cancel); the pages have always cut it at 500 characters."""

    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_note(self):
        return self.cleaned_data["note"][:500]
