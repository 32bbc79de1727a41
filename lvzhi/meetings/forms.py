"""The page forms of the meeting actions. They only collect input (the services validate); their
field names are the API bodies' (lvzhi/meetings/schemas.py), so both run the same code.
Builders taking the meeting list its invitees, rooms and agenda items as choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.models import Attendance
from lvzhi.core.forms import DayField, MomentField
from lvzhi.meetings.choices import Half, Ratio, VoteBase, VoteChoice, VoteMode
from lvzhi.meetings.models import AgendaItem, Group, Room

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT))


class EmptyForm(forms.Form):
    pass


class AgendaItemForm(forms.Form):
    day = DayField(label=_("日期"), widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    half = forms.ChoiceField(label=_("时段"), choices=Half.choices, widget=forms.Select(attrs=SELECT))
    starts_at = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={**TEXT, "type": "time"}))
    ends_at = forms.TimeField(
        label=_("结束时间"), required=False, widget=forms.TimeInput(attrs={**TEXT, "type": "time"})
    )
    title = forms.CharField(label=_("议题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    place = forms.CharField(label=_("地点"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT))
    presider = forms.CharField(label=_("主持人"), required=False, max_length=100, widget=forms.TextInput(attrs=TEXT))


def _invitees(meeting):
    rows = Attendance.objects.filter(activity_id=meeting.activity_id).select_related("member")
    return [(r.member_id, r.member.name) for r in rows.order_by("member__name_pinyin", "id")]


class LodgingFields(forms.Form):
    hotel = forms.CharField(label=_("住宿酒店"), required=False, max_length=100, widget=forms.TextInput(attrs=TEXT))
    room = forms.CharField(label=_("房间号"), required=False, max_length=20, widget=forms.TextInput(attrs=TEXT))
    meal_note = forms.CharField(label=_("用餐说明"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT))


def register_form(meeting, user, data=None, files=None):
    form = LodgingFields(data, files)
    form.fields = {
        "member": forms.TypedChoiceField(
            label=_("委员"), coerce=int, choices=_invitees(meeting), widget=forms.Select(attrs=SELECT)
        ),
        **form.fields,
    }
    return form


def register_bulk_form(meeting, user, data=None, files=None):
    form = LodgingFields(data, files)
    form.fields = {
        "members": forms.TypedMultipleChoiceField(
            label=_("委员"), coerce=int, choices=_invitees(meeting), widget=forms.SelectMultiple(attrs=SELECT)
        ),
        **form.fields,
    }
    return form


lodging_form = register_form


class RoomForm(forms.Form):
    name = forms.CharField(label=_("会场名称"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    rows = forms.IntegerField(label=_("排数"), min_value=1, max_value=200, widget=forms.NumberInput(attrs=TEXT))
    seats_per_row = forms.IntegerField(
        label=_("每排座位数"), min_value=1, max_value=200, widget=forms.NumberInput(attrs=TEXT)
    )


def _rooms(meeting):
    return [(r.pk, r.name) for r in Room.objects.filter(meeting=meeting)]


def auto_seat_form(meeting, user, data=None, files=None):
    form = forms.Form(data, files)
    form.fields["room"] = forms.TypedChoiceField(
        label=_("会场"), coerce=int, choices=_rooms(meeting), widget=forms.Select(attrs=SELECT)
    )
    return form


def move_seat_form(meeting, user, data=None, files=None):
    form = forms.Form(data, files)
    form.fields["member"] = forms.TypedChoiceField(
        label=_("委员"), coerce=int, choices=_invitees(meeting), widget=forms.Select(attrs=SELECT)
    )
    form.fields["room"] = forms.TypedChoiceField(
        label=_("会场"), coerce=int, choices=_rooms(meeting), widget=forms.Select(attrs=SELECT)
    )
    form.fields["row"] = forms.IntegerField(label=_("排"), min_value=1, widget=forms.NumberInput(attrs=TEXT))
    form.fields["number"] = forms.IntegerField(label=_("座"), min_value=1, widget=forms.NumberInput(attrs=TEXT))
    return form


def group_form(meeting, user, data=None, files=None):
    form = forms.Form(data, files)
    people = _invitees(meeting)
    optional = [("", "—"), *people]
    form.fields.update(
        name=forms.CharField(label=_("组名"), max_length=100, widget=forms.TextInput(attrs=TEXT)),
        convener=forms.TypedChoiceField(
            label=_("召集人"),
            coerce=int,
            empty_value=None,
            required=False,
            choices=optional,
            widget=forms.Select(attrs=SELECT),
        ),
        secretary=forms.TypedChoiceField(
            label=_("记录人（秘书）"),
            coerce=int,
            empty_value=None,
            required=False,
            choices=optional,
            widget=forms.Select(attrs=SELECT),
        ),
        place=forms.CharField(label=_("讨论地点"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)),
        starts_at=MomentField(
            label=_("讨论时间"), required=False, widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"})
        ),
        members=forms.TypedMultipleChoiceField(
            label=_("组员"), coerce=int, choices=people, widget=forms.SelectMultiple(attrs=SELECT)
        ),
    )
    return form


def vote_form(meeting, user, data=None, files=None):
    form = forms.Form(data, files)
    items = [(i.pk, f"{i.day:%m-%d} {i.starts_at:%H:%M} {i.title}") for i in AgendaItem.objects.filter(meeting=meeting)]
    form.fields.update(
        agenda_item=forms.TypedChoiceField(
            label=_("议程"), coerce=int, choices=items, widget=forms.Select(attrs=SELECT)
        ),
        title=forms.CharField(label=_("表决事项"), max_length=200, widget=forms.TextInput(attrs=TEXT)),
        mode=forms.ChoiceField(label=_("表决方式"), choices=VoteMode.choices, widget=forms.Select(attrs=SELECT)),
        base=forms.ChoiceField(label=_("计算基数"), choices=VoteBase.choices, widget=forms.Select(attrs=SELECT)),
        quorum=forms.ChoiceField(
            label=_("法定人数（出席占应到）"),
            choices=Ratio.choices,
            initial=Ratio.HALF,
            widget=forms.Select(attrs=SELECT),
        ),
        majority=forms.ChoiceField(
            label=_("通过票数（赞成占基数）"),
            choices=Ratio.choices,
            initial=Ratio.HALF,
            widget=forms.Select(attrs=SELECT),
        ),
        allow_change=forms.BooleanField(label=_("表决中允许改票（仅记名表决）"), required=False),
    )
    return form


class CastForm(forms.Form):
    choice = forms.ChoiceField(label=_("选择"), choices=VoteChoice.choices, widget=forms.RadioSelect)


def paper_form(vote, user, data=None, files=None):
    form = CastForm(data, files)
    form.fields = {
        "member": forms.TypedChoiceField(
            label=_("委员"), coerce=int, choices=_invitees(vote.meeting), widget=forms.Select(attrs=SELECT)
        ),
        **form.fields,
    }
    return form


def discussion_form(group: Group, user, data=None, files=None):
    form = forms.Form(data, files)
    people = [(m.pk, m.name) for m in group.members.order_by("name_pinyin")]
    form.fields.update(
        speaker=forms.TypedChoiceField(
            label=_("发言人"), coerce=int, choices=people, widget=forms.Select(attrs=SELECT)
        ),
        points=forms.CharField(label=_("发言要点"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})),
    )
    return form


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("标题"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT))
    agenda_item = forms.TypedChoiceField(
        label=_("所属议程"), coerce=int, empty_value=None, required=False, widget=forms.Select(attrs=SELECT)
    )
    internal = forms.BooleanField(label=_("内部资料"), required=False)
    file = forms.FileField(label=_("文件"), widget=forms.ClearableFileInput(attrs=TEXT))

    def __init__(self, meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", _("整个会议"))] + [
            (i.pk, i.title) for i in AgendaItem.objects.filter(meeting=meeting)
        ]


class MeetingCreateForm(forms.Form):
    activity = forms.TypedChoiceField(label=_("会议活动"), coerce=int, widget=forms.Select(attrs=SELECT))
