"""Files of a proposal: the member's attachments on a draft, the supervision records' attachments
and the units' signed reply letters. The services store them (`services/files.py`,
`services/key.py`, `services/handling.py`); here they are found and served: `proposals:file`
serves a file to whoever may see the proposal it belongs to (a unit user included, whom the core
download's committee scope does not cover)."""

from django.http import FileResponse

from lvzhi.core import registry
from lvzhi.core.models import Attachment
from lvzhi.proposals.models import Assignment, Proposal, Supervision
from lvzhi.proposals.services.files import MAX_DRAFT_FILES, add_draft_attachment, remove_draft_attachment
from lvzhi.proposals.services.key import add_supervision_attachment

__all__ = [
    "FILE_HOLDERS",
    "MAX_DRAFT_FILES",
    "add_draft_attachment",
    "add_supervision_attachment",
    "file_of",
    "remove_draft_attachment",
    "serve",
]


def visible_supervisions(user):
    return Supervision.objects.filter(proposal__in=Proposal.objects.visible_to(user))


def visible_reply_letters(user):
    return Assignment.objects.visible_to(user).filter(proposal__in=Proposal.objects.visible_to(user))


# Core's download serves a proposal's files as `proposals:file` does (registered from apps.py).
FILE_HOLDERS = [
    registry.FileHolder("proposals.Proposal", "attachments"),
    registry.FileHolder("proposals.Supervision", "attachments", visible=visible_supervisions),
    registry.FileHolder("proposals.Assignment", "reply_letter", visible=visible_reply_letters),
]


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
