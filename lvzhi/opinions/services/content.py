"""A report's text fields, cleaned against the committee's limits and categories; who is told about
a report and how."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.models import User
from lvzhi.core.errors import Invalid
from lvzhi.core.notifications import notify
from lvzhi.opinions.choices import (
    OpinionUrgency,
    SubmitterKind,
)
from lvzhi.opinions.services.access import can_manage
from lvzhi.opinions.services.config import categories_for, settings_for

TEXT_FIELDS = ("title", "category", "content", "suggestions", "area", "urgency")


def clean_content(committee, data: dict, *, base: dict | None = None) -> dict:
    """The cleaned text fields of a report, or Invalid naming every bad field."""
    merged = {**(base or {}), **{k: v for k, v in (data or {}).items() if k in TEXT_FIELDS}}
    limits = settings_for(committee)
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for field in TEXT_FIELDS:
        value = merged.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[field] = [_("应为文字。")]
            continue
        if "\x00" in value:
            errors[field] = [_("不能包含空字符。")]
            continue
        cleaned[field] = value.strip() if field in ("title", "category", "area", "urgency") else value.strip("\n ")
    if errors:
        raise Invalid(errors=errors)
    if not cleaned["title"]:
        errors["title"] = [_("请填写标题。")]
    elif len(cleaned["title"]) > 200:
        errors["title"] = [_("标题不能超过 %(n)s 个字。") % {"n": 200}]
    if cleaned["category"] not in categories_for(committee):
        errors["category"] = [_("类别应为以下之一：%(v)s。") % {"v": "、".join(categories_for(committee))}]
    if not cleaned["content"].strip():
        errors["content"] = [_("请填写内容（一事一报）。")]
    elif len(cleaned["content"]) > limits.max_length:
        errors["content"] = [
            _("内容 %(n)s 字，超过 %(max)s 字的上限。") % {"n": len(cleaned["content"]), "max": limits.max_length}
        ]
    if len(cleaned["suggestions"]) > limits.max_length:
        errors["suggestions"] = [_("建议不能超过 %(max)s 字。") % {"max": limits.max_length}]
    if len(cleaned["area"]) > 100:
        errors["area"] = [_("不能超过 %(n)s 个字符。") % {"n": 100}]
    cleaned["urgency"] = cleaned["urgency"] or OpinionUrgency.NORMAL
    if cleaned["urgency"] not in OpinionUrgency.values:
        errors["urgency"] = [_("紧急程度应为以下之一：%(v)s。") % {"v": "、".join(OpinionUrgency.values)}]
    if errors:
        raise Invalid(errors=errors)
    return cleaned


def length_warning(committee, content: str) -> str | None:
    limits = settings_for(committee)
    if len(content or "") > limits.warn_length:
        return _("内容 %(n)s 字，超过建议的 %(w)s 字：社情民意信息宜短小精悍、一事一报。") % {
            "n": len(content),
            "w": limits.warn_length,
        }
    return None


def _office_users(committee_id):
    return list(
        User.objects.filter(
            committee_id=committee_id, is_active=True, roles__role=Role.STAFF, grants__permission=Permission.OPINIONS
        ).distinct()
    )


def _people_of(report) -> list:
    """Who is told about an item: everyone credited, whoever wrote it, and — for an item received
    from a county — the county's own submitters too."""
    users = {c.user for c in report.credits.select_related("user") if c.user_id}
    author = report.created_by if report.submitter_kind != SubmitterKind.COMMITTEE else None
    if author is not None and not users and not can_manage(author, report.committee_id):  # not a paper entry
        users.add(author)
    if report.source_id:
        users |= {c.user for c in report.source.credits.select_related("user") if c.user_id}
    return [u for u in users if u is not None]


def _tell(report, title, body="", *, kind="opinions.progress"):
    notify(
        _people_of(report),
        title=title,
        body=body,
        url=reverse("opinions:detail", args=[report.pk]),
        committee=report.committee,
        kind=kind,
    )


def _date(value, field, errors, *, default=None, not_future=True):
    if value in (None, ""):
        if default is None:
            errors[field] = [_("请填写日期。")]
        return default
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            errors[field] = [_("日期格式应为 YYYY-MM-DD。")]
            return None
    if not isinstance(value, datetime.date):
        errors[field] = [_("日期格式应为 YYYY-MM-DD。")]
        return None
    if not_future and value > timezone.localdate():
        errors[field] = [_("日期不能晚于今天。")]
        return None
    if value.year < 2000:
        errors[field] = [_("日期不能早于 2000 年。")]
        return None
    return value
