"""Forms of the organisation pages. They only shape input: the services validate and write."""

from django import forms
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from lvzhi.core import pii
from lvzhi.core.forms import DayField, formfield, remote_choices
from lvzhi.core.pickers import choice_source
from lvzhi.org.choices import AffiliationKind, Gender, MemberRole, MembershipStatus
from lvzhi.org.models import Committee, Member, Party, PartyBranch, Sector, SpecialCommittee, Term
from lvzhi.org.services import affiliable_seats


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def style_fields(fields, *, small=False) -> None:
    """Gives every widget its Bootstrap class (small ones for filter bars)."""
    size = "-sm" if small else ""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", f"form-select form-select{size}")
        else:
            widget.attrs.setdefault("class", f"form-control form-control{size}")


class StyledForm(forms.Form):
    small = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields, small=self.small)


def committee_field(committees, *, label=_("委员会")):
    """A choice of committee that reloads the form (htmx) so that dependent choices follow it."""
    field = forms.ModelChoiceField(queryset=committees, label=label, empty_label=None)
    field.label_from_instance = lambda c: c.name
    field.widget.attrs.update(
        {
            "hx-get": "",
            "hx-trigger": "change",
            "hx-target": "#org-form",
            "hx-select": "#org-form",
            "hx-swap": "outerHTML",
            "data-testid": "committee-select",
        }
    )
    return field


@choice_source(pinyin="name_pinyin", initials="name_initials")
def committee_members(committee):
    """People registered in, or seated in, a committee."""
    return (
        Member.objects.filter(Q(committee=committee) | Q(memberships__committee=committee))
        .distinct()
        .order_by("name_pinyin", "pk")
    )


class MemberForm(StyledForm):
    """A person's own fields. ID number and mobile are never prefilled: blank keeps them."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=[("", "—"), *Gender.choices], required=False)
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False)
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=DateInput())
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    workplace = forms.CharField(label=_("工作单位"), max_length=200, required=False)
    title = forms.CharField(label=_("职务"), max_length=100, required=False)

    def __init__(self, *args, member: Member | None = None, clear_pii: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        # Without the personal-information permission the birth date is kept like the ID number:
        # not prefilled (only its year and month shown), blank keeps it.
        self.kept = ("id_number", "mobile") if clear_pii else ("id_number", "mobile", "birth_date")
        if member is not None:
            shown = {
                "id_number": member.id_number_masked,
                "mobile": member.mobile_masked,
                "birth_date": pii.birth_month(member.birth_date),
            }
            for key in self.kept:
                self.fields[key].help_text = (
                    _("当前：%(v)s。留空则不修改。") % {"v": shown[key]} if shown[key] else _("未登记。留空则不修改。")
                )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for key in self.kept:
            if self.member is not None and not data.get(key):
                data.pop(key)  # keep what is stored
        return data


class SeatForm(StyledForm):
    """A membership: committee (when new), term, role, sector, party, special committees."""

    term = forms.ModelChoiceField(queryset=Term.objects.none(), label=_("届次"), empty_label=None)
    role = forms.ChoiceField(label=_("委员职务"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    sector = forms.ModelChoiceField(queryset=Sector.objects.none(), label=_("界别"), required=False)
    party = forms.ModelChoiceField(queryset=Party.objects.none(), label=_("参加单位"), required=False)
    special_committees = forms.ModelMultipleChoiceField(
        queryset=SpecialCommittee.objects.none(),
        label=_("专门委员会"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = DayField(
        label=_("任职日期"), required=False, widget=DateInput(), help_text=_("留空则为本届开始日期。")
    )

    def __init__(self, *args, committee: Committee, committees=None, with_term=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        if committees is not None:
            self.fields = {"committee": committee_field(committees), **self.fields}
            self.fields["committee"].initial = committee.pk
        if with_term:
            self.fields["term"].queryset = Term.objects.filter(committee=committee).order_by("-number")
            current = committee.current_term()
            self.fields["term"].initial = current.pk if current else None
        else:
            del self.fields["term"]
        self.fields["sector"].queryset = Sector.objects.filter(committee=committee, is_active=True)
        self.fields["party"].queryset = Party.objects.filter(committee=committee, is_active=True)
        self.fields["special_committees"].queryset = SpecialCommittee.objects.filter(
            committee=committee, is_active=True
        )
        style_fields(self.fields)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "committee"}
        if "term" in data:
            data["term"] = data["term"].pk if data["term"] else None
        return data


class EndMembershipForm(StyledForm):
    status = forms.ChoiceField(
        label=_("离任方式"),
        choices=[(MembershipStatus.RESIGNED, MembershipStatus.RESIGNED.label), (MembershipStatus.REMOVED, _("撤销"))],
    )
    ended_on = DayField(label=_("离任日期"), widget=DateInput())
    end_reason = forms.CharField(
        label=_("离任原因"), max_length=200, required=False, widget=forms.Textarea({"rows": 2})
    )


class CommitteeForm(StyledForm):
    code = forms.CharField(label=_("行政区划代码"), max_length=6, min_length=6)
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=50)
    level = forms.ChoiceField(label=_("层级"), choices=Committee._meta.get_field("level").choices)
    parent = forms.ModelChoiceField(queryset=Committee.objects.all(), label=_("上级"), required=False)
    founded_on = DayField(label=_("成立日期"), required=False, widget=DateInput())
    sort = forms.IntegerField(label=_("排序"), min_value=0, initial=0, required=False)

    def clean_sort(self):
        return self.cleaned_data.get("sort") or 0

    def __init__(self, *args, instance: Committee | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["parent"].queryset = Committee.objects.exclude(path__startswith=instance.path)


class TermForm(StyledForm):
    number = forms.IntegerField(label=_("届次"), min_value=1, max_value=99)
    start_date = DayField(label=_("开始日期"), widget=DateInput())
    end_date = DayField(label=_("结束日期"), required=False, widget=DateInput(), help_text=_("本届未结束时留空。"))


class SessionForm(StyledForm):
    number = forms.IntegerField(label=_("次"), min_value=1, max_value=99)
    start_date = DayField(label=_("开始日期"), widget=DateInput())
    end_date = DayField(label=_("结束日期"), widget=DateInput())


class ItemForm(StyledForm):
    """An entry of a per-committee list; its fields come from the model (see views.lists.KINDS)."""

    def __init__(self, *args, kind, committee: Committee, committees=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(kind.model, fields=kind.form_fields, formfield_callback=formfield)
        fields = {"committee": committee_field(committees)} if committees is not None else {}
        fields.update(model_fields)
        self.fields = fields
        if committees is not None:
            self.fields["committee"].initial = committee.pk
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
            if name == "members":
                field.widget = forms.SelectMultiple(attrs={"size": 8})
        querysets = {
            "sector": Sector.objects.filter(committee=committee),
            "parent": PartyBranch.objects.filter(committee=committee, kind="branch"),
            "merged_into": PartyBranch.objects.filter(committee=committee),
        }
        for name in ("lead", "members"):  # a studio's: searched remotely when the committee is large
            if name in self.fields:
                remote_choices(self.fields[name], committee_members, committee)
        for name, queryset in querysets.items():
            if name in self.fields:
                if name in ("parent", "merged_into") and instance is not None:
                    queryset = queryset.exclude(pk=instance.pk)
                self.fields[name].queryset = queryset
        if "sort" in self.fields:
            self.fields["sort"].required = False
        style_fields(self.fields)

    def clean_sort(self):
        return self.cleaned_data.get("sort") or 0


class ImportForm(StyledForm):
    term = forms.ModelChoiceField(queryset=Term.objects.none(), label=_("导入到届次"), empty_label=None)
    file = forms.FileField(label=_("xlsx 文件"), help_text=_("请使用下载的模板填写；第一行为表头。"))

    def __init__(self, *args, committee: Committee, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields = {"committee": committee_field(committees, label=_("导入到委员会")), **self.fields}
        self.fields["committee"].initial = committee.pk
        self.fields["term"].queryset = Term.objects.filter(committee=committee).order_by("-number")
        current = committee.current_term()
        self.fields["term"].initial = current.pk if current else None
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        style_fields(self.fields)


def _seat_label(member) -> str:
    return f"{member.name}（{member.seat_name or ''}）"


@choice_source(pinyin="name_pinyin", initials="name_initials", label=_seat_label)
def affiliable_members(committee):
    """The members with an active seat above the committee (services.affiliable_seats), each with
    the short name of the committee of that seat: whom it may link as its 驻地委员."""
    if not isinstance(committee, Committee):
        committee = Committee.objects.get(pk=committee)
    seats = affiliable_seats(committee)
    seat_name = seats.filter(member_id=OuterRef("pk")).order_by("committee__path").values("committee__short_name")
    return (
        Member.objects.filter(pk__in=seats.values("member_id"))
        .annotate(seat_name=Subquery(seat_name[:1]))
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )


class AffiliationForm(StyledForm):
    """Link a member of a higher committee to this one (驻地委员)."""

    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("委员（上级政协在任委员）"))
    kind = forms.ChoiceField(label=_("关系"), choices=AffiliationKind.choices)
    started_on = DayField(label=_("起始日期"), widget=DateInput())
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        remote_choices(self.fields["member"], affiliable_members, committee)


class EndAffiliationForm(StyledForm):
    ended_on = DayField(label=_("终止日期"), widget=DateInput())
