"""Page forms of the plenary's further parts (speeches, speakers, elections, minutes). As in
forms.py they only collect input; the field names are the API bodies'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import MomentField
from lvzhi.meetings.choices import ElectionKind, VoteState
from lvzhi.meetings.forms import SELECT, TEXT, _invitees
from lvzhi.meetings.models import AgendaItem, Candidate, Vote
from lvzhi.meetings.services import can_manage
from lvzhi.org.models import Membership, Party

AREA = {**TEXT, "rows": 8}


def _items(meeting, agenda=None):
    items = agenda if agenda is not None else AgendaItem.objects.filter(meeting=meeting)
    return [(i.pk, f"{i.day:%m-%d} {i.starts_at:%H:%M} {i.title}") for i in items]


def _choice(label, choices, required=True):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        empty_value=None,
        required=required,
        choices=choices if required else [("", "—"), *choices],
        widget=forms.Select(attrs=SELECT),
    )


class DeadlineForm(forms.Form):
    deadline = MomentField(label=_("截止时间"), widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}))


def speech_form(meeting, user, data=None, files=None):
    """A member: title, text and optionally their party's name; the office also picks the author."""
    form = forms.Form(data, files)
    if can_manage(user, meeting.committee_id):
        parties = [(p.pk, p.name) for p in Party.objects.filter(committee_id=meeting.committee_id).order_by("name")]
        form.fields["member"] = _choice(_("发言委员"), _invitees(meeting), required=False)
        form.fields["party"] = _choice(_("或：参加单位"), parties, required=False)
    else:
        own = Membership.objects.filter(
            member_id=user.member_id, committee_id=meeting.committee_id, party__isnull=False
        ).select_related("party")
        parties = list(dict.fromkeys((m.party_id, m.party.name) for m in own))
        if parties:
            form.fields["party"] = _choice(_("以参加单位名义（可不选）"), parties, required=False)
    form.fields["title"] = forms.CharField(label=_("题目"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    form.fields["text"] = forms.CharField(label=_("发言稿"), max_length=100_000, widget=forms.Textarea(attrs=AREA))
    return form


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT))


def speech_edit_form(speech, user, data=None, files=None):
    """The author's edit: the title and text as they stand, and a note on what changed."""
    form = forms.Form(data, files, initial={"title": speech.title, "text": speech.text})
    form.fields["title"] = forms.CharField(label=_("题目"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    form.fields["text"] = forms.CharField(label=_("发言稿"), max_length=100_000, widget=forms.Textarea(attrs=AREA))
    form.fields["note"] = forms.CharField(
        label=_("修改说明"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )
    return form


def speaker_form(meeting, user, data=None, files=None, agenda=None):
    """`agenda`: the meeting's agenda items when the caller has read them already."""
    form = forms.Form(data, files)
    form.fields["agenda_item"] = _choice(_("议程"), _items(meeting, agenda))
    if can_manage(user, meeting.committee_id):
        form.fields["member"] = _choice(_("委员"), _invitees(meeting), required=False)
        form.fields["limit_minutes"] = forms.IntegerField(
            label=_("限时（分钟）"), min_value=1, max_value=60, initial=5, widget=forms.NumberInput(attrs=TEXT)
        )
    return form


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("方向"), choices=[("up", _("上移")), ("down", _("下移"))], widget=forms.Select(attrs=SELECT)
    )


def election_form(meeting, user, data=None, files=None):
    form = forms.Form(data, files)
    form.fields.update(
        agenda_item=_choice(_("议程"), _items(meeting)),
        title=forms.CharField(label=_("选举事项"), max_length=200, widget=forms.TextInput(attrs=TEXT)),
        seats=forms.IntegerField(label=_("应选名额"), min_value=1, max_value=500, widget=forms.NumberInput(attrs=TEXT)),
        kind=forms.ChoiceField(
            label=_("选举方式"),
            required=False,
            choices=[("", _("按候选人数自动确定")), *ElectionKind.choices],
            widget=forms.Select(attrs=SELECT),
        ),
        write_in=forms.BooleanField(label=_("可另选他人"), required=False),
        candidates=forms.TypedMultipleChoiceField(
            label=_("候选人"), coerce=int, choices=_invitees(meeting), widget=forms.SelectMultiple(attrs=SELECT)
        ),
    )
    return form


class BallotForm(forms.Form):
    candidates = forms.TypedMultipleChoiceField(
        label=_("候选人"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    write_ins = forms.CharField(
        label=_("另选他人（姓名，多人以逗号分隔）"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )

    def clean_write_ins(self):
        text = self.cleaned_data.get("write_ins", "").replace("，", ",").replace("、", ",")
        return [n.strip() for n in text.split(",") if n.strip()]


def ballot_form(election, user, data=None, files=None):
    form = BallotForm(data, files)
    form.fields["candidates"].choices = [
        (c.pk, c.member.name) for c in Candidate.objects.filter(election=election).select_related("member")
    ]
    if not election.write_in:
        del form.fields["write_ins"]
    return form


class PaperCountForm(forms.Form):
    paper_issued = forms.IntegerField(
        label=_("发出纸质选票"), min_value=0, initial=0, widget=forms.NumberInput(attrs=TEXT)
    )
    paper_returned = forms.IntegerField(
        label=_("收回纸质选票"), min_value=0, initial=0, widget=forms.NumberInput(attrs=TEXT)
    )
    paper_invalid = forms.IntegerField(label=_("无效票"), min_value=0, initial=0, widget=forms.NumberInput(attrs=TEXT))
    write_in_counts = forms.CharField(
        label=_("另选他人得票（每行：姓名 票数）"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT))

    def clean_write_in_counts(self):
        counts = {}
        for line in self.cleaned_data.get("write_in_counts", "").splitlines():
            parts = line.replace("：", " ").replace(":", " ").split()
            if not parts:
                continue
            if len(parts) != 2 or not (parts[1].isascii() and parts[1].isdigit()) or len(parts[1]) > 9:
                raise forms.ValidationError(_("每行应为“姓名 票数”。"))
            counts[parts[0]] = int(parts[1])
        return counts


def paper_count_form(election, user, data=None, files=None):
    form = PaperCountForm(data, files)
    for c in Candidate.objects.filter(election=election).select_related("member"):
        form.fields[f"count_{c.pk}"] = forms.IntegerField(
            label=_("%(n)s 纸质票得票") % {"n": c.member.name},
            min_value=0,
            initial=0,
            widget=forms.NumberInput(attrs=TEXT),
        )
    if not election.write_in:
        del form.fields["write_in_counts"]
    return form


class MinutesEditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    text = forms.CharField(label=_("正文"), max_length=200_000, widget=forms.Textarea(attrs={**TEXT, "rows": 16}))


def minutes_edit_form(minutes, user, data=None, files=None):
    return MinutesEditForm(data, files, initial={"title": minutes.title, "text": minutes.text})


def resolution_form(meeting, user, data=None, files=None):
    form = forms.Form(data, files)
    votes = Vote.objects.filter(meeting=meeting, state=VoteState.CLOSED, passed=True, resolution__isnull=True)
    form.fields.update(
        vote=_choice(_("表决"), [(v.pk, v.title) for v in votes]),
        title=forms.CharField(label=_("决议标题"), max_length=200, widget=forms.TextInput(attrs=TEXT)),
        text=forms.CharField(label=_("决议内容"), max_length=100_000, widget=forms.Textarea(attrs={**TEXT, "rows": 4})),
    )
    return form
