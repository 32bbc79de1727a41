"""Forms that only collect input; the services validate (their errors land on these fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, remote_choices
from lvzhi.core.pickers import choice_source
from lvzhi.learning.choices import MaterialKind
from lvzhi.learning.models import StudyMaterial
from lvzhi.learning.services import topics_of
from lvzhi.org.audience import AudienceKind
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Member, Party, Sector, SpecialCommittee, Studio


def _control(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


@choice_source(pinyin="name_pinyin", initials="name_initials")
def registered_members(committee):
    """The members registered with the committee: whom a study plan may name."""
    return Member.objects.filter(committee=committee).order_by("name_pinyin")


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=MaterialKind.choices)
    topics = forms.MultipleChoiceField(label=_("专题"), required=False, widget=forms.CheckboxSelectMultiple)
    author = forms.CharField(label=_("作者或来源"), max_length=100, required=False)
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("可用段落、加粗、列表、表格和链接等简单格式（HTML），其他内容保存时会被清除。"),
    )
    file = forms.FileField(label=_("文件"), required=False, help_text=_("文件：pdf、docx 等；视频：mp4；音频：mp3。"))
    media_url = forms.CharField(label=_("视频、音频或文章链接"), max_length=500, required=False)
    required = forms.BooleanField(label=_("列入必学"), required=False)
    deadline = DayField(label=_("学习截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.ChoiceField(label=_("发送范围"), choices=AudienceKind.choices, initial=AudienceKind.ALL)
    include_lower = forms.BooleanField(label=_("含下级委员会的委员"), required=False)
    sectors = forms.ModelMultipleChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False)
    special_committees = forms.ModelMultipleChoiceField(
        label=_("专门委员会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    parties = forms.ModelMultipleChoiceField(label=_("参加单位"), queryset=Party.objects.none(), required=False)
    studios = forms.ModelMultipleChoiceField(label=_("委员工作室"), queryset=Studio.objects.none(), required=False)
    roles = forms.MultipleChoiceField(label=_("职务"), choices=MemberRole.choices, required=False)
    members = forms.ModelMultipleChoiceField(label=_("指定委员"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(n, n) for n in topics_of(committee)]
        self.fields["sectors"].queryset = Sector.objects.filter(committee=committee)
        self.fields["special_committees"].queryset = SpecialCommittee.objects.filter(committee=committee)
        self.fields["parties"].queryset = Party.objects.filter(committee=committee)
        self.fields["studios"].queryset = Studio.objects.filter(committee=committee)
        remote_choices(self.fields["members"], registered_members, committee)
        _control(self)
        self.fields["topics"].widget.attrs["class"] = ""

    @staticmethod
    def initial_of(material: StudyMaterial) -> dict:
        return {
            "title": material.title,
            "kind": material.kind,
            "topics": [t.name for t in material.topics.all()],
            "author": material.author,
            "body": material.body,
            "media_url": material.media_url,
            "required": material.required,
            "deadline": material.deadline,
            "audience": material.audience,
            "include_lower": material.include_lower,
            "sectors": list(material.sectors.all()),
            "special_committees": list(material.special_committees.all()),
            "parties": list(material.parties.all()),
            "studios": list(material.studios.all()),
            "roles": material.role_list,
            "members": list(material.members.all()),
        }


class NoteForm(forms.Form):
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500)


class StudiedForm(forms.Form):
    seconds = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    measured_by = forms.CharField(required=False, initial="browser", widget=forms.HiddenInput)

    def clean_measured_by(self):
        return self.cleaned_data.get("measured_by") or "browser"


class ReflectionForm(forms.Form):
    text = forms.CharField(label=_("学习心得"), widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}))


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("发言"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class SessionForm(forms.Form):
    date = DayField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    chapters = forms.CharField(label=_("章节"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    note = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("群组名称"), max_length=100)
    book = forms.ModelChoiceField(label=_("书籍"), queryset=StudyMaterial.objects.none())
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    schedule = forms.CharField(
        label=_("读书安排"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一次：日期 章节，例如 2026-03-01 第一章至第三章"),
    )

    def __init__(self, *args, books, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["book"].queryset = books
        _control(self)

    def sessions(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("schedule") or "").splitlines():
            line = line.strip()
            if line:
                day, _sep, chapters = line.partition(" ")
                rows.append({"date": day, "chapters": chapters.strip()})
        return rows


class TopicForm(forms.Form):
    name = forms.CharField(label=_("专题名称"), max_length=30, widget=forms.TextInput(attrs={"class": "form-control"}))
