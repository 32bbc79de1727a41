"""Forms of the 文史 pages. They only shape input (their field names are the services' and the API's);
the services validate and write."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, remote_choices
from lvzhi.core.pickers import choice_source
from lvzhi.org.models import Committee, Member, Membership
from lvzhi.wenshi.choices import AuthorKind, CirculationKind, ItemKind, ManuscriptForm, ManuscriptKind, PublicationKind

DATE = {"type": "date", "class": "form-control"}


@choice_source(pinyin="name_pinyin", initials="name_initials")
def members_of_committees(committee_ids):
    """The people who hold or held a seat in any of the committees: a manuscript's member author."""
    # EXISTS, not a join made distinct: read in name order and stopped at the page's few hundred
    held = Membership.objects.filter(member=OuterRef("pk"), committee__in=committee_ids)
    return Member.objects.filter(Exists(held)).order_by("name_pinyin", "id")


class CommitteeForm(forms.Form):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("委员会"), empty_label=None)

    def __init__(self, *args, committees=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees if committees is not None else Committee.objects.none()
        if editing:  # a record stays in its committee
            del self.fields["committee"]
            self.fields.pop("file", None)  # files are added on the record's page


class ManuscriptSubmitForm(forms.Form):
    """A member's own clue or manuscript (the office's form adds the author and the committee)."""

    kind = forms.ChoiceField(label=_("类别"), choices=ManuscriptKind.choices, initial=ManuscriptKind.MANUSCRIPT)
    form = forms.ChoiceField(label=_("形式"), choices=ManuscriptForm.choices, initial=ManuscriptForm.TEXT)
    title = forms.CharField(label=_("题目"), max_length=200)
    text = forms.CharField(label=_("正文 / 线索内容"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    narrator = forms.CharField(label=_("口述人"), max_length=100, required=False, help_text=_("口述史必填"))
    transcript = forms.CharField(label=_("口述整理稿"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    call = forms.ChoiceField(label=_("应征启事"), required=False)
    file = forms.FileField(
        label=_("附件"), required=False, help_text=_("扫描件、照片（jpg/png/pdf）、录音（mp3）或 Word 文档")
    )

    def __init__(self, *args, calls=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = [("", "—"), *[(c.pk, c.title) for c in calls]]


class OfficeManuscriptForm(CommitteeForm, ManuscriptSubmitForm):
    author_kind = forms.ChoiceField(label=_("作者类别"), choices=AuthorKind.choices)
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("委员作者"), required=False)
    author_name = forms.CharField(label=_("作者"), max_length=100, required=False, help_text=_("委员来稿可不填"))
    submitted_on = DayField(label=_("来稿日期"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:  # the ids of the committees whose members may be the author
            remote_choices(self.fields["member"], members_of_committees, members)
        order = ["committee", "kind", "form", "author_kind", "member", "author_name", "submitted_on"]
        self.order_fields(order)


class ManuscriptEditForm(forms.Form):
    title = forms.CharField(label=_("题目"), max_length=200)
    text = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    transcript = forms.CharField(label=_("口述整理稿"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    note = forms.CharField(label=_("修改说明"), max_length=500, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FileForm(forms.Form):
    file = forms.FileField(label=_("文件"))


class PlanForm(CommitteeForm):
    title = forms.CharField(label=_("名称"), max_length=200)
    start_year = forms.IntegerField(label=_("起始年度"))
    end_year = forms.IntegerField(label=_("终止年度"))
    adopted_on = DayField(label=_("制定日期"), widget=forms.DateInput(attrs=DATE))
    summary = forms.CharField(label=_("主要内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    years = forms.CharField(
        label=_("年度主题"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个年度：年度 主题 目标篇数，如“2024 凉州文化 30”"),
    )


class CallForm(CommitteeForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("启事正文"), widget=forms.Textarea(attrs={"rows": 6}))
    opens_on = DayField(label=_("征集开始"), widget=forms.DateInput(attrs=DATE))
    closes_on = DayField(label=_("征集截止"), widget=forms.DateInput(attrs=DATE))
    include_lower = forms.BooleanField(label=_("含下级委员会委员"), required=False)
    plan = forms.ChoiceField(label=_("征编计划"), required=False)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "—"), *[(p.pk, p.title) for p in plans]]


class SeriesForm(CommitteeForm):
    name = forms.CharField(label=_("丛书名"), max_length=100)
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VolumeForm(CommitteeForm):
    kind = forms.ChoiceField(label=_("类别"), choices=PublicationKind.choices)
    series = forms.ChoiceField(label=_("丛书"), required=False)
    number = forms.IntegerField(label=_("辑次"), required=False, min_value=1)
    title = forms.CharField(label=_("书名 / 本辑题名"), max_length=200, required=False)
    editors = forms.CharField(label=_("编者"), max_length=300, required=False)
    publisher = forms.CharField(label=_("出版单位"), max_length=200, required=False)
    permit_number = forms.CharField(label=_("内部资料准印证号"), max_length=100, required=False)
    published_on = DayField(label=_("出版日期"), required=False, widget=forms.DateInput(attrs=DATE))
    print_run = forms.IntegerField(label=_("印数（册）"), required=False, min_value=0)
    foreword = forms.CharField(label=_("前言"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, series=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [("", "—"), *[(s.pk, str(s)) for s in series]]


class EntryForm(forms.Form):
    manuscript = forms.ChoiceField(label=_("已采用稿件"))
    section = forms.CharField(label=_("栏目"), max_length=100, required=False)
    position = forms.IntegerField(label=_("位置（留空排在最后）"), required=False, min_value=1)

    def __init__(self, *args, manuscripts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manuscript"].choices = [(m.pk, f"{m.title}（{m.author_name}）") for m in manuscripts]


class ItemForm(CommitteeForm):
    kind = forms.ChoiceField(label=_("类别"), choices=ItemKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    volume = forms.ChoiceField(label=_("本会出版物"), required=False)
    provenance = forms.CharField(label=_("来源"), max_length=300, required=False)
    location = forms.CharField(label=_("存放位置"), max_length=200, required=False)
    acquired_on = DayField(label=_("入藏日期"), widget=forms.DateInput(attrs=DATE))
    copies = forms.IntegerField(label=_("数量"), min_value=1, initial=1)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("数字化文件"), required=False)

    def __init__(self, *args, volumes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volume"].choices = [("", "—"), *[(v.pk, str(v)) for v in volumes]]


class CirculationForm(CommitteeForm):
    kind = forms.ChoiceField(label=_("类别"), choices=CirculationKind.choices)
    volume = forms.ChoiceField(label=_("出版物"), required=False)
    item = forms.ChoiceField(label=_("馆藏"), required=False)
    counterpart = forms.CharField(label=_("对方（借阅人 / 受赠单位）"), max_length=200)
    happened_on = DayField(label=_("日期"), widget=forms.DateInput(attrs=DATE))
    copies = forms.IntegerField(label=_("册数"), min_value=1, initial=1)
    received = forms.CharField(label=_("回赠资料"), max_length=300, required=False, help_text=_("互赠必填"))
    due_on = DayField(label=_("应还日期"), required=False, widget=forms.DateInput(attrs=DATE))
    note = forms.CharField(label=_("备注"), max_length=500, required=False)

    def __init__(self, *args, volumes=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volume"].choices = [("", "—"), *[(v.pk, str(v)) for v in volumes]]
        self.fields["item"].choices = [("", "—"), *[(i.pk, i.title) for i in items]]


class LoanReturnForm(forms.Form):
    returned_on = DayField(label=_("归还日期"), required=False, widget=forms.DateInput(attrs=DATE))
