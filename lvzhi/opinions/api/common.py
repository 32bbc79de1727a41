"""What the opinions API's endpoints share: the router, a report's rendering (list row and detail
with its timeline), the lookups within the caller's scope."""

import difflib

from django.utils.translation import gettext as _
from ninja import Router

from lvzhi.accounts.choices import Permission
from lvzhi.accounts.models import User
from lvzhi.core.api import (
    get_visible,
)
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import timeline_steps
from lvzhi.opinions import services
from lvzhi.opinions.models import (
    OpinionReport,
    reads_all_in_scope,
)
from lvzhi.org.models import Committee, Party

router = Router(tags=["opinions"])


def _credits(report):
    return [
        {"kind": c.kind, "name": c.name, "member": c.member_id, "party": c.party_id, "committee": c.source_committee_id}
        for c in report.credits.all()
    ]


def report_row(r: OpinionReport) -> dict:
    return {
        "id": r.pk,
        "committee": r.committee_id,
        "state": r.state,
        "submitter_kind": r.submitter_kind,
        "title": r.title,
        "category": r.category,
        "content": r.content,
        "suggestions": r.suggestions,
        "area": r.area,
        "urgency": r.urgency,
        "submitted_at": r.submitted_at,
        "issue": r.issue_id,
        "issue_label": r.issue.label if r.issue_id else "",
        "sent_on": r.sent_on,
        "feedback": r.feedback_text,
        "closed_at": r.closed_at,
        "source": r.source_id,
        "from_proposal": r.from_proposal_id,
        "combined_into": r.combined_into_id,
        "credits": _credits(r),
    }


def _instructions(report):
    return [
        {"leader": i.leader, "position": i.position, "level": i.level, "date": i.given_on, "text": i.text}
        for i in report.instructions.all()
    ]


def _adoptions(report):
    return [
        {"by": a.level, "body": a.body, "reference": a.reference, "date": a.adopted_on} for a in report.adoptions.all()
    ]


def file_row(report, f) -> dict:
    return {"id": f.pk, "name": f.name, "size": f.size, "url": f"/api/v1/opinions/{report.pk}/attachments/{f.pk}"}


def _files(report) -> list[dict]:
    return [file_row(report, f) for f in report.attachments.all()]


def report_detail(report: OpinionReport) -> dict:
    diff = "\n".join(
        difflib.unified_diff(
            f"{report.original_title}\n\n{report.original_content}\n\n{report.original_suggestions}".splitlines(),
            f"{report.title}\n\n{report.content}\n\n{report.suggestions}".splitlines(),
            "original",
            "edited",
            lineterm="",
        )
    )
    forward = report.forwards.first()
    return {
        **report_row(report),
        "original": {
            "title": report.original_title,
            "content": report.original_content,
            "suggestions": report.original_suggestions,
        },
        "attachments": _files(report),
        "edited": report.is_edited,
        "diff": diff,
        "warning": services.length_warning(report.committee_id, report.content),
        "instructions": _instructions(report),
        "adoptions": _adoptions(report),
        "handlings": [
            {"unit": h.unit_id, "unit_name": h.unit_name, "date": h.handled_on, "result": h.result}
            for h in report.handlings.all()
        ],
        "sendings": [
            {"recipient": s.recipient_id, "name": s.recipient.name, "level": s.recipient.level, "date": s.sent_on}
            for s in report.sendings.select_related("recipient")
        ],
        "forwarded": {
            "id": forward.pk,
            "committee": forward.committee_id,
            "state": forward.state,
            "instructions": _instructions(forward),
            "adoptions": _adoptions(forward),
            "timeline": timeline_steps(forward),
        }
        if forward
        else None,
        "timeline": timeline_steps(report),
    }


def load_report(user, pk) -> OpinionReport:
    return get_visible(
        OpinionReport.objects.select_related("committee", "committee__parent", "issue", "source"), user, pk
    )


def visible_report(request, pk) -> OpinionReport:
    return load_report(request.auth, pk)


def committee_in_scope(user, value) -> Committee:
    """The committee named by id or GB/T 2260 code within the caller's scope (default: their own)."""
    found = committee_named(user.committee_id if value in (None, "") else value, committee_ids(user))
    if found is None:
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    return found


def require_office(user):
    if not user.has_module_perm(Permission.OPINIONS):
        raise Forbidden()


def managed_rows(user, model):
    """The rows of committees this user's office manages."""
    return model.objects.filter(committee_id__in=[c for c in committee_ids(user) if services.can_manage(user, c)])


def reader_rows(user, model, committee):
    if not reads_all_in_scope(user):
        raise Forbidden()
    qs = model.objects.visible_to(user)
    if committee:
        qs = qs.filter(committee=committee_in_scope(user, committee))
    return qs


def party_of(committee_id, pk):
    if pk is None:
        return None
    party = Party.objects.filter(committee_id=committee_id, pk=pk).first()
    if party is None:
        raise Invalid(errors={"party": [_("请选择本委员会的参加单位。")]})
    return party


def account_of(committee, username):
    user = User.objects.filter(committee=committee, username=str(username or "").strip()).first()
    if user is None:
        raise Invalid(errors={"username": [_("请选择本委员会的账号。")]})
    return user
