"""Forms that only collect input; the services validate and write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import MomentField
from lvzhi.notices.choices import NoticeKind, ReplyFieldKind
from lvzhi.org.audience import AudienceKind
from lvzhi.org.audience_choices import audience_choices
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Member, Party, Sector, SpecialCommittee, Studio, Unit

KIND_WORDS = {
    "text": ReplyFieldKind.TEXT,
    "文字": ReplyFieldKind.TEXT,
    "文本": ReplyFieldKind.TEXT,
    "choice": ReplyFieldKind.CHOICE,
    "选项": ReplyFieldKind.CHOICE,
    "选择": ReplyFieldKind.CHOICE,
    "number": ReplyFieldKind.NUMBER,
    "数字": ReplyFieldKind.NUMBER,
}
REQUIRED_WORDS = {"必填", "是", "required", "1", "true", "yes"}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


def fields_to_lines(fields) -> str:
    lines = []
    for f in fields or []:
        parts = [f["name"], str(ReplyFieldKind(f["kind"]).label), _("必填") if f.get("required") else ""]
        if f.get("choices"):
            parts.append("/".join(f["choices"]))
        lines.append("|".join(str(p) for p in parts).rstrip("|"))
    return "\n".join(lines)


def lines_to_fields(text: str) -> list[dict]:
    """One field a line: 名称|类型|必填|选项1/选项2 (type 文字, 选项 or 数字; the rest optional)."""
    result = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        kind = KIND_WORDS.get((parts[1] if len(parts) > 1 else "").lower(), ReplyFieldKind.TEXT)
        if len(parts) > 1 and parts[1] and parts[1].lower() not in KIND_WORDS:
            kind = parts[1]  # the service names the bad type
        required = len(parts) > 2 and parts[2].lower() in REQUIRED_WORDS
        choices = [c.strip() for c in parts[3].replace("／", "/").split("/")] if len(parts) > 3 else []
        result.append({"name": parts[0], "kind": kind, "required": required, "choices": [c for c in choices if c]})
    return result


class NoticeForm(forms.Form):
    # chosen above the form (the audience lists are that committee's), carried here unseen; a notice
    # being edited keeps its own
    committee = forms.ModelChoiceField(
        label=_("发布委员会"), queryset=Committee.objects.none(), widget=forms.HiddenInput
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=NoticeKind.choices)
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("可直接输入文字（空行分段），或粘贴 HTML；脚本、样式等不安全内容会被去除。"),
    )
    pinned = forms.BooleanField(label=_("置顶"), required=False)
    include_lower = forms.BooleanField(label=_("含下级委员会"), required=False)
    audience = forms.ChoiceField(label=_("接收范围"), choices=AudienceKind.choices)
    sectors = forms.ModelMultipleChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False)
    special_committees = forms.ModelMultipleChoiceField(
        label=_("专门委员会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    parties = forms.ModelMultipleChoiceField(label=_("参加单位"), queryset=Party.objects.none(), required=False)
    studios = forms.ModelMultipleChoiceField(label=_("委员工作室"), queryset=Studio.objects.none(), required=False)
    roles = forms.MultipleChoiceField(label=_("职务"), choices=MemberRole.choices, required=False)
    members = forms.ModelMultipleChoiceField(label=_("指定委员"), queryset=Member.objects.none(), required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("所选承办单位的用户也会收到（与上面的委员范围并列）。"),
    )
    reply_required = forms.BooleanField(label=_("需要回执（报名）"), required=False)
    reply_deadline = MomentField(label=_("回执截止时间"), required=False, widget=DateTimeInput())
    reply_fields = forms.CharField(
        label=_("回执项目"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "参加人|文字|必填\n是否参加|选项|必填|参加/不参加"}),
        help_text=_("每行一项：名称|类型（文字、选项或数字）|必填|选项1/选项2"),
    )
    file = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, committees=None, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees if committees is not None else Committee.objects.none()
        if committee is not None:
            self.fields["committee"].initial = committee.pk
            # a province's tree: tens of thousands of members, thousands of units and sectors (searched
            # remotely past a few hundred)
            audience_choices(self, committee)

    def clean_reply_fields(self):
        return lines_to_fields(self.cleaned_data.get("reply_fields", ""))


class PublishForm(forms.Form):
    publish_at = MomentField(
        label=_("发布时间"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("留空即立即发布；填将来的时间则定时发布，届时接收人才能看到。"),
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RemindForm(forms.Form):
    note = forms.CharField(
        label=_("提醒附言"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    """The notice's own reply fields, named as the notice names them."""

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in notice.reply_fields:
            name, kind = spec["name"], spec["kind"]
            if kind == ReplyFieldKind.CHOICE:
                field = forms.ChoiceField(
                    label=name,
                    choices=[(c, c) for c in spec.get("choices", [])],
                    required=False,
                    widget=forms.RadioSelect,
                )
            elif kind == ReplyFieldKind.NUMBER:
                field = forms.CharField(
                    label=name, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
                )
            else:
                field = forms.CharField(label=name, required=False, max_length=500)
            field.widget.attrs.setdefault("data-required", "1" if spec.get("required") else "0")
            self.fields[name] = field
            if spec.get("required"):
                field.label = f"{name} *"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("附件"))
