"""Files of a proposal: the member's attachments on a draft, the supervision records' attachments
and the units' signed reply letters. They are stored through lvzhi.core.attachments (size limit,
type checked from the content) and downloaded through `proposals:file`, which serves a file to
whoever may see the proposal it belongs to (a unit user included, whom the core download's
committee scope does not cover)."""

from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import Attachment
from lvzhi.proposals.choices import ProposalState
from lvzhi.proposals.models import Assignment, Supervision

MAX_DRAFT_FILES = 10


def _check_draft(actor, proposal):
    from lvzhi.proposals.services import _author

    if not _author(actor, proposal):
        raise Forbidden(_("只有第一提案人或提案工作人员可以管理附件。"))
    if proposal.state != ProposalState.DRAFT:
        raise IllegalTransition(_("只有草稿可以添加或删除附件。"))


def add_draft_attachment(*, actor, proposal, upload) -> Attachment:
    """A file attached to a draft by its first proposer (or the office entering a paper proposal)."""
    _check_draft(actor, proposal)
    if proposal.attachments.count() >= MAX_DRAFT_FILES:
        raise Invalid(errors={"file": [_("每件提案最多 %(n)d 个附件。") % {"n": MAX_DRAFT_FILES}]})
    with transaction.atomic():
        attachment = store_attachment(actor=actor, committee=proposal.committee, upload=upload)
        proposal.attachments.add(attachment)
        audit.record(
            "proposal.attach", actor=actor, obj=proposal, after={"attachment": attachment.pk, "name": attachment.name}
        )
    return attachment


def remove_draft_attachment(*, actor, proposal, attachment_id) -> None:
    _check_draft(actor, proposal)
    attachment = proposal.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Invalid(errors={"file": [_("这件提案没有这个附件。")]})
    with transaction.atomic():
        proposal.attachments.remove(attachment)
        audit.record(
            "proposal.detach", actor=actor, obj=proposal, before={"attachment": attachment.pk, "name": attachment.name}
        )


def add_supervision_attachment(*, actor, supervision: Supervision, upload) -> Attachment:
    """A file (minutes, photos of an onsite visit) attached to a supervision record by the office."""
    from lvzhi.proposals.services import is_office

    if not is_office(actor, supervision):
        raise Forbidden()
    with transaction.atomic():
        attachment = store_attachment(actor=actor, committee=supervision.proposal.committee, upload=upload)
        supervision.attachments.add(attachment)
        audit.record(
            "supervision.attach",
            actor=actor,
            obj=supervision,
            after={"attachment": attachment.pk, "name": attachment.name},
        )
    return attachment


def file_of(proposal, attachment_id, user) -> Attachment | None:
    """The attachment if it belongs to this (visible) proposal: its own files, its supervision
    records' files, or the reply letter of an assignment the user may see."""
    own = proposal.attachments.filter(pk=attachment_id).first()
    if own is not None:
        return own
    if Supervision.objects.filter(proposal=proposal, attachments__pk=attachment_id).exists():
        return Attachment.objects.filter(pk=attachment_id).first()
    if Assignment.objects.visible_to(user).filter(proposal=proposal, reply_letter_id=attachment_id).exists():
        return Attachment.objects.filter(pk=attachment_id).first()
    return None


def serve(attachment) -> FileResponse:
    """Like the core download: always as a download, never rendered inline."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
