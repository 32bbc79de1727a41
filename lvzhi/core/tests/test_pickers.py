"""One searchable picker everywhere a user chooses among many: every multiple choice and every single
choice among more than PICKER_MIN_OPTIONS options renders as `<select data-picker>` whose options carry
their pinyin and initials (lvzhi/templates/django/forms/widgets/, lvzhi/static/lvzhi/widgets.js).

The walk opens every page of the platform that needs no record id, and the pages with the long
choices of people the office uses most (inviting members, writing a proposal, registering for a
meeting), as the office and as a member, and fails on any plain multiple select, any long single
select of a form without the picker, and any list of more than PICKER_MIN_OPTIONS checkboxes of one
name. (A long <select> a template writes by hand, a list's filter, becomes the picker in the browser
all the same: lvzhi/static/lvzhi/widgets.js picks up every select of more than PICKER_MIN_OPTIONS
options; the browser test shows it.)"""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.test import Client

from lvzhi.accounts.models import User
from lvzhi.activities.forms import InviteForm
from lvzhi.activities.models import Activity
from lvzhi.activities.services import seated_members
from lvzhi.core.forms import PICKER_MIN_OPTIONS, pinyin_keys
from lvzhi.core.tests.test_deny_by_default import PAGES
from lvzhi.meetings.models import Meeting


class Selects(HTMLParser):
    """The <select>s of a page (attributes, option count) and the checkboxes per name."""

    def __init__(self):
        super().__init__()
        self.selects: list[dict] = []
        self.checkboxes: dict[str, int] = {}
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._open = {"attrs": attrs, "options": 0, "pinyin": 0}
            self.selects.append(self._open)
        elif tag == "option" and self._open is not None:
            self._open["options"] += 1
            self._open["pinyin"] += "data-pinyin" in attrs
        elif tag == "input" and attrs.get("type") == "checkbox" and attrs.get("name"):
            self.checkboxes[attrs["name"]] = self.checkboxes.get(attrs["name"], 0) + 1

    def handle_endtag(self, tag):
        if tag == "select":
            self._open = None


def plain_long_choices(html: str) -> list[str]:
    page = Selects()
    page.feed(html)
    problems = []
    for select in page.selects:
        attrs, name = select["attrs"], select["attrs"].get("name", "?")
        if "data-picker" in attrs:
            continue
        if "multiple" in attrs:
            problems.append(f"plain multiple select {name}")
        elif select["options"] > PICKER_MIN_OPTIONS and attrs.get("id", "").startswith("id_"):
            problems.append(f"plain select {name} of {select['options']} options")  # a form's field
    problems += [f"{n} checkboxes {name}" for name, n in page.checkboxes.items() if n > PICKER_MIN_OPTIONS]
    return problems


# checkbox lists that stay lists, and why
CHECKLISTS = {
    ("/duties/targets/new/", "kinds"): "the platform's own kinds of duty event a target counts, most often all ticked",
    ("/delivery/policy/", "mandatory_kinds"): "the platform's own kinds of message, ticked one by one",
}


def test_the_pinyin_keys_are_the_full_pinyin_and_the_initials():
    assert pinyin_keys("张三") == "zhangsan zs"
    assert pinyin_keys("凉州区农业农村局") == "liangzhouqunongyenongcunju lzqnyncj"
    assert pinyin_keys("A 已经解决") == "ayijingjiejue ayjjj"
    assert pinyin_keys("Annual") == ""


def _render(field) -> str:
    class F(forms.Form):
        choice = field

    return str(F()["choice"])


def test_a_multiple_choice_is_always_a_picker_and_a_single_one_only_when_long():
    few = [(i, f"委员{i}") for i in range(3)]
    assert "data-picker" in _render(forms.MultipleChoiceField(choices=few))
    assert "data-picker" not in _render(forms.ChoiceField(choices=few))
    many = [(i, f"委员{i}") for i in range(PICKER_MIN_OPTIONS + 1)]
    html = _render(forms.ChoiceField(choices=many))
    assert "data-picker" in html
    assert 'data-pinyin="weiyuan0 wy0"' in html
    exactly = [(i, f"委员{i}") for i in range(PICKER_MIN_OPTIONS)]
    assert "data-picker" not in _render(forms.ChoiceField(choices=exactly))
    off = forms.MultipleChoiceField(choices=few, widget=forms.SelectMultiple(attrs={"data-picker": "off"}))
    assert "data-picker" not in _render(off).replace('data-picker="off"', "")


@pytest.mark.django_db
def test_the_invitation_picker_offers_each_member_by_sector_special_committee_and_studio(shared_demo):
    activity = Activity.objects.filter(committee__code="620600").order_by("pk").first()
    form = InviteForm(activity=activity)
    html = str(form["members"])
    assert html.split("</select>")[0].count("<option") == form.fields["members"].queryset.count() > PICKER_MIN_OPTIONS
    member = seated_members(activity.committee).exclude(sector=None).first()
    option = re.search(rf'<option value="{member.member_id}"[^>]*>', html).group(0)
    assert f"sector:{member.sector_id}" in option
    assert "data-pinyin=" in option
    for kind in ("sector", "sc", "studio"):
        assert f'data-bulk-kind="{kind}"' in html
    assert "data-bulk-all" in html and "data-bulk-clear" in html


def _detail_pages() -> list[str]:
    activity = Activity.objects.filter(committee__code="620600").order_by("pk").first()
    meeting = Meeting.objects.filter(activity__committee__code="620600").order_by("pk").first()
    return [f"/activities/{activity.pk}/invite/", f"/meetings/{meeting.pk}/", "/proposals/new/"]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["wuwei_staff", "wuwei_member"])
def test_no_page_offers_a_long_choice_without_the_searchable_picker(shared_demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    pages = [p for p in PAGES if "<" not in p and not re.search(r"/1(/|$)|/x(/|$)", p)]
    assert len(pages) > 100
    problems, seen = [], 0
    for path in pages + _detail_pages():
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        problems += [
            f"{path}: {p}"
            for p in plain_long_choices(response.content.decode())
            if not any(path == page and p.endswith(f" checkboxes {name}") for page, name in CHECKLISTS)
        ]
    assert seen > 25
    assert problems == []
