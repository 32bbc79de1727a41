"""Forms of the deliberation pages. They only shape input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, remote_choices
from lvzhi.core.pickers import choice_source
from lvzhi.deliberation.models import Post, TopicOutcome
from lvzhi.deliberation.services import contributors
from lvzhi.org.audience import AudienceKind, current_memberships
from lvzhi.org.audience_choices import audience_choices
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Member, Party, Sector, SpecialCommittee, Studio

DATE = {"type": "date", "class": "form-control"}
# an activity (for "纳入活动成果"), reached through the relation: modules do not import each other
Activity = TopicOutcome._meta.get_field("activity_outcome").related_model._meta.get_field("activity").related_model


@choice_source(pinyin="name_pinyin", initials="name_initials")
def seated_members(committee):
    """The members seated in the committee today: whom a topic may name."""
    seated = current_memberships().filter(committee=committee).values("member_id")
    return Member.objects.filter(pk__in=seated)


class TopicForm(forms.Form):
    # chosen above the form (the audience lists are that committee's), carried here unseen; a topic
    # being edited keeps its own
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("委员会"), widget=forms.HiddenInput)
    title = forms.CharField(label=_("议题"), max_length=200)
    background = forms.CharField(
        label=_("背景材料"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("可使用简单的 HTML 格式（段落、加粗、列表、表格、链接）；其余标记会被清除。"),
    )
    opens_on = DayField(label=_("开始日期"), widget=forms.DateInput(attrs=DATE))
    closes_on = DayField(label=_("截止日期"), widget=forms.DateInput(attrs=DATE))
    anonymous = forms.BooleanField(label=_("对其他委员匿名显示发言人（工作人员仍可看到姓名）"), required=False)
    audience = forms.ChoiceField(label=_("范围"), choices=AudienceKind.choices)
    include_lower = forms.BooleanField(label=_("含下级委员会委员"), required=False)
    sectors = forms.ModelMultipleChoiceField(queryset=Sector.objects.none(), label=_("界别"), required=False)
    special_committees = forms.ModelMultipleChoiceField(
        queryset=SpecialCommittee.objects.none(), label=_("专门委员会"), required=False
    )
    parties = forms.ModelMultipleChoiceField(queryset=Party.objects.none(), label=_("参加单位"), required=False)
    studios = forms.ModelMultipleChoiceField(queryset=Studio.objects.none(), label=_("委员工作室"), required=False)
    roles = forms.MultipleChoiceField(label=_("职务"), choices=MemberRole.choices, required=False)
    members = forms.ModelMultipleChoiceField(queryset=Member.objects.none(), label=_("指定委员"), required=False)
    file = forms.FileField(label=_("背景文件"), required=False, help_text=_("PDF、Word、Excel、图片或压缩包。"))

    def __init__(self, *args, committee, committees=None, **kwargs):
        """`committee`: the one chosen above the form (a new topic, among `committees`) or the topic's."""
        super().__init__(*args, **kwargs)
        if committees is None:
            del self.fields["committee"]
        else:
            self.fields["committee"].queryset = committees
            self.fields["committee"].initial = committee.pk
        audience_choices(self, committee, lower=False)  # a topic's lists are its committee's own
        remote_choices(self.fields["members"], seated_members, committee)


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("我的意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PostEditForm(forms.Form):
    text = forms.CharField(
        label=_("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class HidePostForm(forms.Form):
    post = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("屏蔽理由"), max_length=500)


class DistilForm(forms.Form):
    summary = forms.CharField(label=_("综述"), widget=forms.Textarea(attrs={"rows": 5}))
    suggestions = forms.CharField(label=_("主要建议"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    posts = forms.ModelMultipleChoiceField(
        queryset=Post.objects.none(), label=_("所依据的发言"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["posts"]
        field.queryset = Post.objects.filter(topic=topic, hidden=False).select_related("member")
        field.label_from_instance = lambda p: f"{p.member.name}：{p.text[:60]}"


class ProposeForm(forms.Form):
    proposer = forms.ChoiceField(label=_("提案人"), required=False, help_text=_("其余发言委员为附议人，须各自确认。"))
    title = forms.CharField(label=_("案由"), required=False, max_length=200, help_text=_("默认为议题。"))

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        outcome = getattr(topic, "outcome", None)
        ids = contributors(outcome) if outcome is not None else []
        names = dict(Member.objects.filter(pk__in=ids).values_list("pk", "name"))
        self.fields["proposer"].choices = [(pk, names.get(pk, pk)) for pk in ids]


class ReportForm(forms.Form):
    title = forms.CharField(label=_("标题"), required=False, max_length=200, help_text=_("默认为议题。"))


class AttachForm(forms.Form):
    activity = forms.TypedChoiceField(label=_("活动"), coerce=int)

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        rows = Activity.objects.filter(committee_id=topic.committee_id).order_by("-start").values_list("pk", "topic")
        self.fields["activity"].choices = list(rows[:200])
