"""The office's loop: accept, reject or return; edit and combine; publish in an issue; send,
forward to the higher committee; record instructions, adoptions and handling; feed back."""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.notifications import notify
from lvzhi.core.numbering import next_number
from lvzhi.opinions.choices import (
    OTHER_CATEGORY,
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    SubmitterKind,
)
from lvzhi.opinions.models import (
    Adoption,
    Credit,
    Handling,
    Instruction,
    OpinionIssue,
    OpinionReport,
    Recipient,
    Sending,
)
from lvzhi.opinions.services.access import _require_manage, can_manage
from lvzhi.opinions.services.config import categories_for
from lvzhi.opinions.services.content import TEXT_FIELDS, _date, _office_users, _tell, clean_content
from lvzhi.opinions.services.flow import REPORT_FLOW, R, _log, _perform
from lvzhi.org.choices import Level
from lvzhi.org.models import Unit


def submit_report(*, actor, report) -> OpinionReport:
    def apply(obj):
        obj.original_title, obj.original_content, obj.original_suggestions = obj.title, obj.content, obj.suggestions
        obj.submitted_at = timezone.now()

    _perform(report, "submit", actor=actor, apply=apply)
    notify(
        _office_users(report.committee_id),
        title=_("收到社情民意信息：%(t)s") % {"t": report.title},
        url=reverse("opinions:detail", args=[report.pk]),
        committee=report.committee,
        kind="opinions.received",
    )
    return report


def accept_report(*, actor, report) -> OpinionReport:
    def apply(obj):
        obj.accepted_at = timezone.now()

    _perform(report, "accept", actor=actor, apply=apply)
    _tell(report, _("您的社情民意信息已采用，正在编辑：%(t)s") % {"t": report.title})
    return report


def _required_text(value, field, limit=2000):
    clean = Cleaner({field: value})
    text = clean.text(field, required=True, max_length=limit)
    clean.done()
    return text


def reject_report(*, actor, report, reason) -> OpinionReport:
    reason = _required_text(reason, "reason")

    def apply(obj):
        obj.rejected_at, obj.reject_reason = timezone.now(), reason

    _perform(report, "reject", actor=actor, note=reason, apply=apply)
    _tell(report, _("您的社情民意信息未被采用：%(t)s") % {"t": report.title}, reason)
    return report


def return_report(*, actor, report, note) -> OpinionReport:
    note = _required_text(note, "note")

    def apply(obj):
        obj.return_note = note
        obj.accepted_at = None

    _perform(report, "return", actor=actor, note=note, apply=apply)
    _tell(report, _("您的社情民意信息被退回修改：%(t)s") % {"t": report.title}, note)
    return report


def edit_report(*, actor, report, title, content, suggestions) -> OpinionReport:
    """The editor's version; the submitter's original stays beside it."""
    cleaned = clean_content(
        report.committee,
        {"title": title, "content": content, "suggestions": suggestions},
        base={f: getattr(report, f) for f in TEXT_FIELDS},
    )

    def apply(obj):
        obj.title, obj.content, obj.suggestions = cleaned["title"], cleaned["content"], cleaned["suggestions"]
        obj.edited_by, obj.edited_at = actor, timezone.now()

    before = audit.snapshot(report, ["title", "content", "suggestions"])
    with transaction.atomic():
        REPORT_FLOW.perform(report, "edit", actor=actor, apply=apply)
        audit.record("opinions.report.edit", actor=actor, obj=report, before=before,
                     after=audit.snapshot(report, ["title", "content", "suggestions"]))  # fmt: skip
    return report


def combine_reports(*, actor, report, others) -> OpinionReport:
    """Merge other reports into this item; every submitter of theirs is credited on it."""
    ids = []
    for value in others or []:
        if as_id(value) is None:
            raise Invalid(errors={"others": [_("请选择要合并的信息。")]})
        ids.append(as_id(value))
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise Invalid(errors={"others": [_("请选择要合并的信息。")]})
    if report.pk in ids:
        raise Invalid(errors={"others": [_("不能与自身合并。")]})
    REPORT_FLOW.rule_for(report, "combine")  # the state is checked before the input
    if not can_manage(actor, report.committee_id):
        raise Forbidden()
    found = {r.pk: r for r in OpinionReport.objects.filter(pk__in=ids, committee_id=report.committee_id)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid(errors={"others": [_("找不到本委员会的信息：%(ids)s。") % {"ids": missing}]})
    wrong = [r for r in found.values() if r.state not in (R.SUBMITTED, R.ACCEPTED)]
    if wrong:
        raise Invalid(
            errors={"others": [_("只能合并已提交或编辑中的信息：%(t)s。") % {"t": "、".join(r.title for r in wrong)}]}
        )
    with transaction.atomic():
        have = set(report.credits.values_list("key", flat=True))
        new_credits = []
        for other in found.values():
            REPORT_FLOW.perform(
                other, "merge", actor=actor, note=report.title, apply=lambda o: setattr(o, "combined_into", report)
            )
            for credit in other.credits.all():
                if credit.key not in have:
                    have.add(credit.key)
                    credit.pk, credit.report, credit.via_combine = None, report, True
                    new_credits.append(credit)
        Credit.objects.bulk_create(new_credits)
        titles = "；".join(r.title for r in found.values())
        REPORT_FLOW.perform(report, "combine", actor=actor, note=_("并入：%(t)s") % {"t": titles})
        registry.sync_derived(report, *found.values())
    for other in found.values():
        _tell(other, _("您的社情民意信息已与其他信息合并编辑：%(t)s") % {"t": report.title})
    return report


def create_issue(*, actor, committee, kind=IssueKind.REGULAR, title="", issued_on=None) -> OpinionIssue:
    """A new issue; its number is the next of its kind in its year."""
    _require_manage(actor, committee)
    errors: dict = {}
    if kind not in IssueKind.values:
        errors["kind"] = [_("类别应为 regular（《社情民意》）或 special（专报）。")]
    title = str(title or "").strip()
    if len(title) > 200:
        errors["title"] = [_("不能超过 %(n)s 个字符。") % {"n": 200}]
    day = _date(issued_on, "issued_on", errors, default=timezone.localdate())
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        number = next_number(committee, f"opinions.issue.{kind}.{day.year}")
        issue = OpinionIssue.objects.create(
            committee=committee, kind=kind, year=day.year, number=number, title=title, issued_on=day, created_by=actor
        )
        audit.record("opinions.issue.create", actor=actor, obj=issue, after=audit.snapshot(issue))
    return issue


def _issue_named(actor, report, value, issue_kind):
    """The issue a page form or an API body names: one of the committee's by id, or "new" (the page's
    choice) for the next issue of `issue_kind`."""
    value = str(value or "").strip()
    if value == "new":
        return create_issue(actor=actor, committee=report.committee, kind=issue_kind or IssueKind.REGULAR)
    if as_id(value) is None:
        return None
    return OpinionIssue.objects.filter(committee_id=report.committee_id, pk=as_id(value)).first()


def publish_report(*, actor, report, issue, issue_kind=None) -> OpinionReport:
    """Publish the report in `issue`: an issue, or as a page form or an API body names it (its id, or
    "new" for the next issue of `issue_kind`)."""
    REPORT_FLOW.rule_for(report, "publish")  # the state first: 409 before anything else
    with transaction.atomic():  # a new issue stays only if the report is published in it
        if not isinstance(issue, OpinionIssue):
            if not can_manage(actor, report.committee_id):
                raise Forbidden()
            issue = _issue_named(actor, report, issue, issue_kind)
        if issue is None or issue.committee_id != report.committee_id:
            raise Invalid(errors={"issue": [_("请选择本委员会的期刊。")]})

        def apply(obj):
            last = OpinionReport.objects.filter(issue=issue).aggregate(n=Max("issue_order"))["n"] or 0
            obj.issue, obj.issue_order, obj.published_at = issue, last + 1, timezone.now()

        REPORT_FLOW.perform(report, "publish", actor=actor, note=issue.label, apply=apply)
        if report.source_id:
            # the county's item, taken into the city's bulletin: adopted by the higher committee
            level = AdoptionLevel.PROVINCIAL if report.committee.level == Level.PROVINCE else AdoptionLevel.CITY
            adoption = Adoption.objects.create(
                report_id=report.source_id,
                committee_id=report.source.committee_id,
                level=level,
                body=report.committee.name,
                reference=issue.label,
                adopted_on=timezone.localdate(),
                recorded_by=actor,
            )
            _log(report.source, "adopt", actor=actor, source=report.source.state,
                 note=_("%(c)s采用：%(i)s") % {"c": report.committee.name, "i": issue.label})  # fmt: skip
            audit.record("opinions.adoption.create", actor=actor, obj=adoption.report, after=audit.snapshot(adoption))
            registry.sync_derived(adoption)
        registry.sync_derived(report)
    _tell(report, _("您的社情民意信息已编发：%(i)s") % {"i": issue.label})
    return report


def send_report(*, actor, report, recipients, date=None) -> OpinionReport:
    REPORT_FLOW.rule_for(report, "send")
    if not can_manage(actor, report.committee_id):
        raise Forbidden()
    errors: dict = {}
    ids = []
    for value in recipients or []:
        if as_id(value) is None:
            errors["recipients"] = [_("请选择报送对象。")]
        else:
            ids.append(as_id(value))
    day = _date(date, "date", errors, default=timezone.localdate())
    if not ids and "recipients" not in errors:
        errors["recipients"] = [_("请至少选择一个报送对象。")]
    chosen = list(Recipient.objects.filter(committee_id=report.committee_id, is_active=True, pk__in=ids))
    if ids and len(chosen) != len(set(ids)):
        errors["recipients"] = [_("请从本委员会的报送对象名单中选择。")]
    if day and report.published_at and day < timezone.localtime(report.published_at).date():
        errors["date"] = [_("报送日期不能早于编发日期。")]
    already = set(report.sendings.values_list("recipient_id", flat=True))
    fresh = [r for r in chosen if r.pk not in already]
    if chosen and not fresh and "recipients" not in errors:
        errors["recipients"] = [_("已向所选对象报送过。")]
    if errors:
        raise Invalid(errors=errors)
    names = "、".join(r.name for r in fresh)

    def apply(obj):
        obj.sent_on = obj.sent_on or day

    with transaction.atomic():
        REPORT_FLOW.perform(report, "send", actor=actor, note=f"{day:%Y-%m-%d} {names}", apply=apply)
        Sending.objects.bulk_create(
            [
                Sending(report=report, committee_id=report.committee_id, recipient=r, sent_on=day, created_by=actor)
                for r in fresh
            ]  # fmt: skip
        )
        registry.sync_derived(report)
    _tell(report, _("您的社情民意信息已报送%(n)s").replace("%(n)s", names))
    return report


def forward_report(*, actor, report) -> OpinionReport:
    """A county office sends an item up: the city receives it as a submission from that county.
    Returns the city's copy."""
    with transaction.atomic():
        # the rule's precondition refuses a committee with no parent (409): the note must not fail first
        parent = report.committee.parent
        REPORT_FLOW.perform(report, "forward", actor=actor, note=parent.name if parent else "")
        copy = OpinionReport.objects.create(
            committee_id=report.committee.parent_id,
            submitter_kind=SubmitterKind.COMMITTEE,
            title=report.title,
            category=report.category
            if report.category in categories_for(report.committee.parent_id)
            else OTHER_CATEGORY,
            content=report.content,
            suggestions=report.suggestions,
            area=report.area or report.committee.short_name,
            urgency=report.urgency,
            original_title=report.title,
            original_content=report.content,
            original_suggestions=report.suggestions,
            state=OpinionState.SUBMITTED,
            created_by=actor,
            submitted_at=timezone.now(),
            source=report,
        )
        copy.attachments.set(report.attachments.all())
        Credit.objects.create(
            report=copy,
            committee_id=copy.committee_id,
            kind=SubmitterKind.COMMITTEE,
            key=f"committee:{report.committee_id}",
            name=report.committee.name,
            source_committee_id=report.committee_id,
        )
        _log(copy, "receive", actor=actor, note=_("由%(c)s上报") % {"c": report.committee.name})
        audit.record("opinions.report.forward", actor=actor, obj=copy, after=audit.snapshot(copy))
        registry.sync_derived(copy)
    notify(
        _office_users(copy.committee_id),
        title=_("%(c)s上报社情民意信息：%(t)s") % {"c": report.committee.name, "t": report.title},
        url=reverse("opinions:detail", args=[copy.pk]),
        committee=copy.committee,
        kind="opinions.received",
    )
    return copy


def record_instruction(*, actor, report, leader, position, level, date, text) -> Instruction:
    REPORT_FLOW.rule_for(report, "instruct")
    clean = Cleaner()
    errors = clean.errors
    leader = clean.text("leader", value=leader, required=True, max_length=50)
    position = clean.text("position", value=position, required=True, max_length=100)
    if level not in InstructionLevel.values:
        errors["level"] = [_("层级应为以下之一：%(v)s。") % {"v": "、".join(InstructionLevel.values)}]
    day = _date(date, "date", errors)
    text = clean.text("text", value=text, required=True, max_length=5000)
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        REPORT_FLOW.perform(report, "instruct", actor=actor, note=f"{leader}（{position}）：{text}")
        instruction = Instruction.objects.create(
            report=report,
            committee_id=report.committee_id,
            leader=leader,
            position=position,
            level=level,
            given_on=day,
            text=text,
            recorded_by=actor,
        )
        audit.record("opinions.instruction.create", actor=actor, obj=report, after=audit.snapshot(instruction))
        registry.sync_derived(instruction)
    _tell(
        report, _("您的社情民意信息获%(l)s%(p)s批示") % {"l": leader, "p": position}, text, kind="opinions.instruction"
    )
    return instruction


def _adoption_level(value):
    if value in AdoptionLevel.values:
        return value
    by_label = {str(label): v for v, label in AdoptionLevel.choices}
    return by_label.get(str(value or "").strip())


def record_adoption(*, actor, report, by, reference="", date=None, body="") -> Adoption:
    REPORT_FLOW.rule_for(report, "adopt")
    clean = Cleaner()
    errors = clean.errors
    level = _adoption_level(by)
    if level is None:
        errors["by"] = [_("采用单位应为以下之一：%(v)s。") % {"v": "、".join(AdoptionLevel.values)}]
    reference = clean.text("reference", value=reference, max_length=200)
    body = clean.text("body", value=body, max_length=100)
    day = _date(date, "date", errors, default=timezone.localdate())
    if errors:
        raise Invalid(errors=errors)
    body = body or str(AdoptionLevel(level).label)
    with transaction.atomic():
        REPORT_FLOW.perform(report, "adopt", actor=actor, note=f"{body} {reference}".strip())
        adoption = Adoption.objects.create(
            report=report,
            committee_id=report.committee_id,
            level=level,
            body=body,
            reference=reference,
            adopted_on=day,
            recorded_by=actor,
        )
        audit.record("opinions.adoption.create", actor=actor, obj=report, after=audit.snapshot(adoption))
        registry.sync_derived(adoption)
    _tell(report, _("您的社情民意信息被%(b)s采用") % {"b": body}, reference, kind="opinions.adopted")
    return adoption


def record_handling(*, actor, report, result, unit=None, unit_name="", date=None) -> Handling:
    REPORT_FLOW.rule_for(report, "handle")
    clean = Cleaner()
    errors = clean.errors
    found = None
    if unit not in (None, ""):
        try:
            found = Unit.objects.filter(committee_id=report.committee_id, pk=int(getattr(unit, "pk", unit))).first()
        except (TypeError, ValueError):
            found = None
        if found is None:
            errors["unit"] = [_("请选择本委员会的单位。")]
    unit_name = clean.text("unit_name", value=unit_name or (found.name if found else ""), required=True, max_length=100)
    result = clean.text("result", value=result, required=True, max_length=5000)
    day = _date(date, "date", errors, default=timezone.localdate())
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        REPORT_FLOW.perform(report, "handle", actor=actor, note=f"{unit_name}：{result}")
        handling = Handling.objects.create(
            report=report,
            committee_id=report.committee_id,
            unit=found,
            unit_name=unit_name,
            handled_on=day,
            result=result,
            recorded_by=actor,
        )
        audit.record("opinions.handling.create", actor=actor, obj=report, after=audit.snapshot(handling))
    _tell(report, _("您的社情民意信息有落实情况：%(u)s") % {"u": unit_name}, result)
    return handling


def give_feedback(*, actor, report, text) -> OpinionReport:
    text = _required_text(text, "text", 5000)

    def apply(obj):
        obj.feedback_text, obj.closed_at = text, timezone.now()

    _perform(report, "feedback", actor=actor, note=text, apply=apply)
    _tell(report, _("您的社情民意信息有反馈：%(t)s") % {"t": report.title}, text)
    return report
