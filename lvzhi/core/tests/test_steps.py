"""Irreversible steps and form messages, walked over every action table and every form.

- every step that cannot be undone (提交, 立案, 答复, 报送, 发布, 办结, 撤回, 删除 …) declares the
  question it asks, stating its consequence, and that question reaches the page by the step's URL
  (`lvzhi.core.confirms`), whichever template draws the form;
- every step's success message says what happened, not a generic "操作已完成";
- every form of the platform names its field and limit in length and required messages
  ("标题不能超过200字"), with no doubled punctuation.
"""

import json
import re
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

from lvzhi.core import registry
from lvzhi.core.actions import success_message
from lvzhi.core.confirms import action_confirms, confirm_for
from lvzhi.core.errors import Invalid
from lvzhi.core.forms import error_line

# Labels of steps that cannot be undone. A step that only records something (登记…) can be corrected.
IRREVERSIBLE = re.compile(
    "|".join(
        [
            "提交",
            "立案",
            "答复",
            "报送",
            "发布",
            "办结",
            "撤回",
            "撤案",
            "删除",
            "不予",
            "不用",
            "不采用",
            "废止",
            "并案",
            "交办",
            "编发",
            "合并",
            "上报",
            "移送",
            "终止",
            "调结",
            "结束",
            "改办",
            "重办",
            "评价",
            "同意",
            "采用",
            "投票",
            "截止",
            "转办",
            "形成成果",
            "退回法院",
            "问题已解决",
        ]
    )
)
DOUBLED = re.compile(r"[。；，：！？][。；，：！？]")


def _actions():
    return [(table, action) for table in registry.action_tables() for action in table.actions]


def test_every_irreversible_step_asks_its_consequence_first():
    missing = []
    for table, action in _actions():
        label = str(action.label)
        if not IRREVERSIBLE.search(label) or label.startswith("登记"):
            continue
        question = str(action.confirm)
        # a consequence ("…后…" or "将…") and a question, not just "确定？"
        if not (question.endswith("？") and ("后" in question or "将" in question)):
            missing.append(f"{table.key}.{action.name} {label}: {question!r}")
    assert not missing, "\n".join(missing)
    assert len([a for _, a in _actions() if a.confirm]) >= 50


def test_every_question_reaches_the_page_by_the_steps_url():
    routes = action_confirms()
    assert routes and all(isinstance(p, str) and isinstance(q, str) for p, q in routes)
    for table, action in _actions():
        path = reverse(table.page_url, args=[4711, action.name])
        assert confirm_for(path) == (str(action.confirm) if action.confirm else ""), f"{table.key}.{action.name}"


@pytest.mark.django_db
def test_a_logged_in_page_carries_the_questions_and_the_script(client, personas):
    client.force_login(personas.staff)
    html = client.get(reverse("core:home")).content.decode()
    assert "lvzhi/steps" in html
    blob = re.search(r'<script id="action-confirms" type="application/json">(.*?)</script>', html).group(1)
    assert any(q.startswith("立案后将编定案号") for _, q in json.loads(blob))


def test_every_step_says_what_happened():
    generic = []
    for table, action in _actions():
        if not action.done:
            generic.append(f"{table.key}.{action.name}")
            continue
        if not callable(action.done):
            message = success_message(action)
            assert message.endswith("。") and not DOUBLED.search(message), message
    assert not generic, "steps without their own success message: " + ", ".join(generic)


def test_filing_says_the_number_it_gave():
    table = registry.action_tables()
    file = next(a for t in table if t.key == "proposal" for a in t.actions if a.name == "file")

    class Filed:
        number = "五届五次会议第0058号"

    assert success_message(file, Filed()) == "已立案，案号 五届五次会议第0058号。"


class _Sample(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="内容：", min_length=10, required=False)
    note = forms.CharField(label="说明", max_length=50, required=False, error_messages={"max_length": "说明太长了"})


def test_length_and_required_messages_name_the_field_and_the_limit():
    form = _Sample({"title": "长" * 201, "text": "短"})
    assert not form.is_valid()
    assert form.errors["title"] == ["标题不能超过200字"]
    assert form.errors["text"] == ["内容不能少于10字"]
    assert _Sample({}).errors["title"] == ["标题必填。"]
    assert _Sample({"title": "可", "note": "长" * 51}).errors["note"] == ["说明太长了"]  # a form's own message stays


def _project_forms():
    seen, stack = [], [forms.Form, forms.ModelForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("lvzhi.") and ".tests" not in sub.__module__ and sub not in seen:
                seen.append(sub)
    return seen


@pytest.mark.django_db
def test_every_form_of_the_platform_names_its_field_in_length_messages():
    checked, wrong = 0, []
    for cls in _project_forms():
        try:
            form = cls()
        except Exception:  # a form that needs its record, committee or user: built by its page's tests
            continue
        for name, field in form.fields.items():
            limit = getattr(field, "max_length", None)
            if limit is None or not isinstance(field, forms.CharField):
                continue
            checked += 1
            message = str(field.error_messages.get("max_length", ""))
            if f"不能超过{limit}字" not in message and "确保" in message:
                wrong.append(f"{cls.__module__}.{cls.__name__}.{name}: {message}")
    assert not wrong, "\n".join(wrong)
    assert checked >= 30, checked


def test_a_refusal_reads_without_doubled_punctuation():
    line = error_line(Invalid(errors={"title": ["标题必填。"], "date": ["日期格式应为 YYYY-MM-DD；"]}))
    assert not DOUBLED.search(line), line
    assert line == "输入有误，请检查后重试：标题必填；日期格式应为 YYYY-MM-DD。"


def test_every_deletion_in_a_template_asks_first():
    """A form that posts to a delete / remove / detach URL carries its question (data-confirm)."""
    root = Path(__file__).resolve().parents[2]
    form = re.compile(r"<form\b[^>]*>", re.S)
    missing = []
    for template in root.glob("**/templates/**/*.html"):
        for tag in form.findall(template.read_text()):
            if re.search(r"url '[\w:]*(delete|remove|detach)", tag) and "data-confirm" not in tag:
                missing.append(f"{template.relative_to(root)}: {tag[:120]}")
    assert not missing, "\n".join(missing)
