"""Writing a report: a submitter's draft and its files, the office's entry of a paper report, and a
proposal converted into a report."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.models import User
from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.opinions.choices import (
    OTHER_CATEGORY,
    OpinionState,
    SubmitterKind,
)
from lvzhi.opinions.models import (
    Credit,
    InformationOfficer,
    OpinionReport,
    PartyContact,
)
from lvzhi.opinions.services.access import _is_creator, _require_manage, can_manage
from lvzhi.opinions.services.config import categories_for, settings_for
from lvzhi.opinions.services.content import TEXT_FIELDS, _date, _office_users, clean_content
from lvzhi.opinions.services.flow import _log, _perform
from lvzhi.opinions.services.loop import submit_report
from lvzhi.opinions.services.submitters import Capacity, _credit_for, _member_party, capacities
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Membership, Party

# The proposal's values this conversion reads: the proposals module's choices, named here, since
# modules do not import each other (the proposal itself arrives through `registry.provided`).
PROPOSAL_CONVERTED = "converted"  # its state once converted
PROPOSAL_TO_OPINION = "opinion"  # its conversion target: an opinion report
PROPOSAL_BY_ORGANISATION = "organisation"  # its kind when an organisation proposed it


def _attach(actor, report, uploads):
    for upload in uploads or ():
        add_attachment(actor=actor, report=report, upload=upload)


def create_report(*, actor, data: dict, capacity: str | None = None, submit=False, uploads=()) -> OpinionReport:
    """A new report in one of the actor's capacities (the first when none is named)."""
    options = capacities(actor)
    if not options:
        raise Forbidden(_("您没有报送社情民意信息的身份（委员、参加单位联络人或特邀信息员）。"))
    chosen = next((c for c in options if c.code == (capacity or options[0].code)), None)
    if chosen is None:
        raise Invalid(errors={"capacity": [_("请选择您的报送身份。")]})
    cleaned = clean_content(chosen.committee, data)
    with transaction.atomic():
        report = OpinionReport.objects.create(
            committee=chosen.committee, submitter_kind=chosen.kind, created_by=actor, **cleaned
        )
        _credit_for(report, chosen, actor).save()
        _attach(actor, report, uploads)
        _log(report, "create", actor=actor)
        audit.record("opinions.report.create", actor=actor, obj=report, after=audit.snapshot(report))
        if submit:
            submit_report(actor=actor, report=report)
    return report


def _received_at(value, errors):
    """When a paper report reached the office (a date, not in the future), as a moment; now by default."""
    day = _date(value, "received_on", errors, default=timezone.localdate())
    if day is None:
        return None
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _submitter_of(committee, kind, value, errors):
    """The credited submitter the office chose for a paper report: (Capacity, the account told)."""
    try:
        pk = int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        pk = None
    if kind == SubmitterKind.MEMBER:
        seat = (
            Membership.objects.filter(committee=committee, member_id=pk or 0, status=MembershipStatus.ACTIVE)
            .select_related("member", "party")
            .order_by("-term__number")
            .first()
        )
        if seat is None:
            errors["member"] = [_("请选择本委员会在职的委员。")]
            return None, None
        member = seat.member
        capacity = Capacity("member", kind, committee, member.name, member.name, member=member, party=seat.party)
        return capacity, User.objects.filter(member=member, is_active=True).first()
    if kind == SubmitterKind.ORGANISATION:
        party = Party.objects.filter(committee=committee, pk=pk or 0, is_active=True).first()
        if party is None:
            errors["party"] = [_("请选择本委员会的参加单位。")]
            return None, None
        contact = PartyContact.objects.filter(party=party, is_active=True).select_related("user").first()
        capacity = Capacity(f"party:{party.pk}", kind, committee, party.name, party.name, party=party)
        return capacity, contact.user if contact else None
    if kind == SubmitterKind.OFFICER:
        officer = (
            InformationOfficer.objects.filter(committee=committee, pk=pk or 0, is_active=True)
            .select_related("user", "party")
            .first()
        )
        if officer is None:
            errors["officer"] = [_("请选择本委员会在聘的特邀信息员。")]
            return None, None
        capacity = Capacity(
            f"officer:{officer.pk}", kind, committee, officer.name, officer.name, officer=officer, party=officer.party
        )
        return capacity, officer.user
    errors["submitter_kind"] = [_("报送方应为委员（member）、参加单位（organisation）或特邀信息员（officer）。")]
    return None, None


def enter_report(
    *, actor, committee, submitter_kind, submitter, data: dict, received_on=None, uploads=()
) -> OpinionReport:
    """A paper submission (纸质报送) entered by the information office on a submitter's behalf: the
    office chooses the member, organisation or information officer credited; the report is
    submitted at once (dated when it was received) and the credited submitter is told."""
    _require_manage(actor, committee)
    errors: dict = {}
    capacity, told = _submitter_of(committee, submitter_kind, submitter, errors)
    received = _received_at(received_on, errors)
    try:
        cleaned = clean_content(committee, data)
    except Invalid as exc:
        errors.update(exc.errors)
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        report = OpinionReport.objects.create(
            committee=committee, submitter_kind=capacity.kind, created_by=actor, **cleaned
        )
        credit = _credit_for(report, capacity, told)
        credit.save()
        for upload in uploads or ():
            add_attachment(actor=actor, report=report, upload=upload)
        note = _("信息办代为录入（纸质报送）：%(n)s") % {"n": capacity.name}
        _log(report, "create", actor=actor, note=note)
        audit.record("opinions.report.enter", actor=actor, obj=report, note=note,
                     after={**audit.snapshot(report), "credited": credit.key})  # fmt: skip

        def apply(obj):
            obj.original_title, obj.original_content, obj.original_suggestions = obj.title, obj.content, obj.suggestions
            obj.submitted_at = received

        _perform(report, "submit", actor=actor, note=note, apply=apply)
    if told is not None:
        notify(
            [told],
            title=_("信息办已代您录入社情民意信息：%(t)s") % {"t": report.title},
            url=reverse("opinions:detail", args=[report.pk]),
            committee=report.committee,
            kind="opinions.progress",
        )
    return report


def _proposal_category(committee, proposal) -> str:
    """The report category nearest the proposal's: the same name if the office uses it, else 其他."""
    names = categories_for(committee)
    wanted = proposal.category.name if proposal.category_id else ""
    if wanted in names:
        return wanted
    return OTHER_CATEGORY if OTHER_CATEGORY in names else names[0]


def _proposal_credits(report, proposal) -> list[Credit]:
    """An organisation's proposal is credited to the organisation; any other to its first proposer
    and co-proposers, each a member of the committee."""
    committee = report.committee
    if proposal.kind == PROPOSAL_BY_ORGANISATION and proposal.party_id:
        party = proposal.party
        contact = PartyContact.objects.filter(party=party, is_active=True).select_related("user").first()
        capacity = Capacity(
            f"party:{party.pk}", SubmitterKind.ORGANISATION, committee, party.name, party.name, party=party
        )
        return [_credit_for(report, capacity, contact.user if contact else None)]
    members = [proposal.proposer, *(c.member for c in proposal.coproposers.select_related("member"))]
    credits, seen = [], set()
    for member in members:
        if member.pk in seen:
            continue
        seen.add(member.pk)
        capacity = Capacity(
            "member", SubmitterKind.MEMBER, committee, member.name, member.name,
            member=member, party=_member_party(member.pk, committee.pk),
        )  # fmt: skip
        credits.append(_credit_for(report, capacity, User.objects.filter(member=member, is_active=True).first()))
    return credits


def report_from_proposal(*, actor, proposal) -> OpinionReport:
    """转社情民意信息: the proposals office converted a proposal into a report. The report enters the
    information office's queue as submitted, credited to the proposal's proposer(s), with the
    proposal's title, situation and analysis, and suggestions, and linked to the proposal. Called
    by the proposals service inside its transaction, after the conversion it has checked."""
    if proposal.state != PROPOSAL_CONVERTED or proposal.converted_target != PROPOSAL_TO_OPINION:
        raise IllegalTransition(_("只有转社情民意信息的提案才能生成社情民意信息。"))
    if OpinionReport.objects.filter(from_proposal=proposal).exists():
        raise IllegalTransition(_("这件提案已转为社情民意信息。"))
    committee = proposal.committee
    content = "\n\n".join(part.strip("\n ") for part in (proposal.situation, proposal.analysis) if part.strip())
    limits = settings_for(committee)
    errors = {}
    if len(content) > limits.max_length or len(proposal.suggestions) > limits.max_length:
        errors["target"] = [
            _("提案内容超过社情民意信息 %(n)s 字的上限，请精简后再转，或转为意见建议。") % {"n": limits.max_length}
        ]
    if errors:
        raise Invalid(errors=errors)
    kind = (
        SubmitterKind.ORGANISATION
        if proposal.kind == PROPOSAL_BY_ORGANISATION and proposal.party_id
        else SubmitterKind.MEMBER
    )
    note = _("由提案转来：%(t)s") % {"t": proposal.title}
    with transaction.atomic():
        report = OpinionReport.objects.create(
            committee=committee,
            submitter_kind=kind,
            created_by=actor,
            from_proposal=proposal,
            title=proposal.title[:200],
            category=_proposal_category(committee, proposal),
            content=content,
            suggestions=proposal.suggestions.strip("\n "),
        )
        credits = _proposal_credits(report, proposal)
        Credit.objects.bulk_create(credits)
        _log(report, "create", actor=actor, note=note)
        audit.record("opinions.report.from_proposal", actor=actor, obj=report, note=note,
                     after={**audit.snapshot(report), "credited": [c.key for c in credits]})  # fmt: skip

        def apply(obj):
            obj.original_title, obj.original_content, obj.original_suggestions = obj.title, obj.content, obj.suggestions
            obj.submitted_at = timezone.now()

        _perform(report, "submit", actor=actor, note=note, apply=apply)
        notify(
            _office_users(report.committee_id),
            title=_("收到提案转来的社情民意信息：%(t)s") % {"t": report.title},
            url=reverse("opinions:detail", args=[report.pk]),
            committee=report.committee,
            kind="opinions.received",
        )
    return report


MAX_ATTACHMENTS = 10


def can_attach(user, report) -> bool:
    """The office, while the item is alive; whoever wrote it, until the office takes it in hand."""
    if report.state == OpinionState.COMBINED:
        return False
    if can_manage(user, report.committee_id):
        return True
    return _is_creator(user, report) and report.state in (OpinionState.DRAFT, OpinionState.SUBMITTED)


def add_attachment(*, actor, report, upload):
    """A file on a report (pdf, docx, jpg …, checked from its content by the core store)."""
    if not can_attach(actor, report):
        raise Forbidden(_("此时不能为这条信息添加附件。"))
    if upload is None:
        raise Invalid(errors={"file": [_("请选择文件。")]})
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise Invalid(errors={"file": [_("每条信息最多 %(n)d 个附件。") % {"n": MAX_ATTACHMENTS}]})
    with transaction.atomic():
        attachment = store_attachment(actor=actor, committee=report.committee, upload=upload)
        report.attachments.add(attachment)
        audit.record("opinions.report.attach", actor=actor, obj=report,
                     after={"attachment": attachment.pk, "name": attachment.name})  # fmt: skip
    return attachment


def remove_attachment(*, actor, report, attachment_id):
    if not can_attach(actor, report):
        raise Forbidden(_("此时不能删除这条信息的附件。"))
    attachment = report.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Invalid(errors={"file": [_("这条信息没有这个附件。")]})
    with transaction.atomic():
        report.attachments.remove(attachment)
        audit.record("opinions.report.detach", actor=actor, obj=report,
                     before={"attachment": attachment.pk, "name": attachment.name})  # fmt: skip


def file_of(report, attachment_id):
    """An attachment of this report (the caller has checked that the user may see the report)."""
    try:
        return report.attachments.filter(pk=int(attachment_id)).first()
    except (TypeError, ValueError):
        return None


def update_draft(*, actor, report, data: dict, uploads=()) -> OpinionReport:
    if not _is_creator(actor, report):
        raise Forbidden()
    if report.state != OpinionState.DRAFT:
        raise IllegalTransition(_("只有草稿可以修改；已提交的信息由信息办编辑。"))
    cleaned = clean_content(report.committee, data, base={f: getattr(report, f) for f in TEXT_FIELDS})
    with transaction.atomic():
        before = audit.snapshot(report, TEXT_FIELDS)
        for field, value in cleaned.items():
            setattr(report, field, value)
        report.save()
        _attach(actor, report, uploads)
        audit.record("opinions.report.update", actor=actor, obj=report, before=before,
                     after=audit.snapshot(report, TEXT_FIELDS))  # fmt: skip
    return report
