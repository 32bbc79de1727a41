"""The suggestions of an outcome, one row each: add (one or many, pasted one per line), edit (text,
members, adoption), delete. Staff of the outcome's committee enter them on the outcome's page; the
suggestion figures (P12, P20) count these rows."""

import re

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState
from lvzhi.activities.models import Outcome, Suggestion
from lvzhi.activities.services.base import require_manage
from lvzhi.activities.services.records import attending_member
from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import IllegalTransition

TEXT_LIMIT = 2000
BATCH_LIMIT = 500
# A pasted list keeps its own numbering out of the text: "1." "2、" "（三）" "四、" "(5)".
NUMBERING = re.compile(
    r"^\s*(?:\d{1,3}\s*[.．、)）]|[（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、)\s*"
)


def split_lines(text: str) -> list[str]:
    """The suggestions of a pasted block: one per non-empty line, without its numbering."""
    lines = (NUMBERING.sub("", line).strip() for line in str(text or "").splitlines())
    return [line for line in lines if line]


def _open(outcome: Outcome) -> None:
    if outcome.activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("活动已取消。"))


def _members(clean: Cleaner, outcome: Outcome, values) -> list[int]:
    ids = []
    for value in values or []:
        member = attending_member(clean, outcome.activity, value, "members")
        if member and member.pk not in ids:
            ids.append(member.pk)
    return ids


def _snapshot(suggestion: Suggestion, member_ids) -> dict:
    return {**audit.snapshot(suggestion), "members": list(member_ids)}


@transaction.atomic
def add_suggestions(*, actor, outcome: Outcome, texts=None, text: str = "", members=()) -> list[Suggestion]:
    """Add suggestions to an outcome: `texts` (a list) or `text` (pasted, one per line), each made by
    `members` (participants of the activity). Empty input or a line too long is refused whole."""
    require_manage(actor, outcome.committee_id)
    _open(outcome)
    clean = Cleaner({})
    items = [str(t or "").strip() for t in texts] if texts is not None else split_lines(text)
    items = [t for t in items if t]
    if not items:
        clean.error("text", _("请填写建议内容，每行一条。"))
    elif len(items) > BATCH_LIMIT:
        clean.error("text", _("一次最多添加 %(n)s 条建议。") % {"n": BATCH_LIMIT})
    for i, item in enumerate(items, start=1):
        if len(item) > TEXT_LIMIT:
            clean.error("text", _("第 %(i)s 条超过 %(n)s 字。") % {"i": i, "n": TEXT_LIMIT})
        if "\x00" in item:
            clean.error("text", _("不能包含空字符。"))
    member_ids = _members(clean, outcome, members)
    clean.done()
    start = (Suggestion.objects.filter(outcome=outcome).aggregate(n=Max("position"))["n"] or 0) + 1
    rows = Suggestion.objects.bulk_create(
        [
            Suggestion(committee_id=outcome.committee_id, outcome=outcome, position=start + i, text=t, created_by=actor)
            for i, t in enumerate(items)
        ]
    )
    if member_ids:
        through = Suggestion.members.through
        through.objects.bulk_create([through(suggestion_id=s.pk, member_id=m) for s in rows for m in member_ids])
    audit.record(
        "suggestion.add",
        actor=actor,
        obj=outcome,
        after={"suggestions": [s.pk for s in rows], "texts": items, "members": member_ids},
    )
    return rows


@transaction.atomic
def update_suggestion(*, actor, suggestion: Suggestion, data: dict) -> Suggestion:
    """Change a suggestion (the fields `data` names; the rest stay): its text, its members, whether it
    was adopted, by whom and when. Not adopted clears who adopted it and when."""
    require_manage(actor, suggestion.committee_id)
    outcome = suggestion.outcome
    _open(outcome)
    current_members = list(suggestion.members.values_list("pk", flat=True))
    clean = Cleaner(data)
    text = suggestion.text
    if "text" in data:
        text = clean.text("text", max_length=TEXT_LIMIT)
        if not text and "text" not in clean.errors:
            clean.error("text", _("请填写建议内容。"))
    member_ids = _members(clean, outcome, data["members"]) if data.get("members") is not None else current_members
    adopted = suggestion.adopted
    if data.get("adopted") is not None:
        adopted = data["adopted"] is True or str(data["adopted"]).strip().lower() in ("1", "true", "on", "yes")
    adopted_by = suggestion.adopted_by
    if data.get("adopted_by") is not None:
        adopted_by = clean.text("adopted_by", max_length=200)
    adopted_on = suggestion.adopted_on
    if "adopted_on" in data:
        adopted_on = clean.date("adopted_on")
    if not adopted:
        adopted_by, adopted_on = "", None
    elif not adopted_by and "adopted_by" not in clean.errors:
        clean.error("adopted_by", _("请填写采纳单位。"))
    if adopted and adopted_on and outcome.sent_on and adopted_on < outcome.sent_on:
        clean.error("adopted_on", _("采纳日期不能早于成果报送日期。"))
    clean.done()
    before = _snapshot(suggestion, current_members)
    suggestion.text, suggestion.adopted = text, adopted
    suggestion.adopted_by, suggestion.adopted_on = adopted_by, adopted_on
    suggestion.save()
    suggestion.members.set(member_ids)
    audit.record(
        "suggestion.update", actor=actor, obj=suggestion, before=before, after=_snapshot(suggestion, member_ids)
    )
    return suggestion


@transaction.atomic
def delete_suggestion(*, actor, suggestion: Suggestion) -> None:
    """Remove a suggestion entered by mistake."""
    require_manage(actor, suggestion.committee_id)
    _open(suggestion.outcome)
    before = _snapshot(suggestion, suggestion.members.values_list("pk", flat=True))
    audit.record("suggestion.delete", actor=actor, obj=suggestion, before=before)
    suggestion.delete()
