"""Attachments: size limit, type checked from the content (not the name), stored under media/,
served only as downloads, and only to those who may see a record that holds them.

Who may open a file is decided by the records that hold it, never by the file alone: every module
registers its holding records (`registry.FileHolder`: the model, its attachment field and who may
see its records). A file held by some record is served to a user who may see one of those records;
a file no record holds (an import's uploaded list, a draft's file that was removed) only to the
person who uploaded it. Everyone else gets 404, exactly as for the record."""

import hashlib
from pathlib import PurePath

import filetype
from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from lvzhi.core import audit, registry
from lvzhi.core.errors import Invalid
from lvzhi.core.models import Attachment

# Extension -> the MIME types its content may have.
ALLOWED = {
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    "doc": {"application/msword", "application/x-ole-storage"},
    "xls": {"application/vnd.ms-excel", "application/x-ole-storage"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "zip": {"application/zip"},
    "mp4": {"video/mp4"},  # study materials' video
    "mp3": {"audio/mpeg"},  # study materials' audio
}
OOXML_MARKERS = {"docx": b"word/", "xlsx": b"xl/"}


def detect(head: bytes, ext: str) -> str | None:
    """The content type of these bytes if they are what the extension says, else None."""
    if ext in ("doc", "xls"):
        return "application/x-ole-storage" if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") else None
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED.get(ext, set()):
        return None
    if ext in OOXML_MARKERS and OOXML_MARKERS[ext] not in head:
        return None
    return kind.mime


def store_attachment(*, actor, committee, upload) -> Attachment:
    name = PurePath(upload.name or "").name[:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise Invalid(
            errors={"file": [_("文件过大，上限为 %(mb)d MB。") % {"mb": settings.ATTACHMENT_MAX_BYTES // 1048576}]}
        )
    if ext not in ALLOWED:
        raise Invalid(errors={"file": [_("不支持的文件类型：%(ext)s。") % {"ext": ext or "?"}]})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = detect(head, ext)
    if mime is None:
        raise Invalid(errors={"file": [_("文件内容与扩展名不符。")]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        committee=committee,
        name=name,
        content_type=mime,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(f"{digest.hexdigest()[:16]}.{ext}", upload, save=False)
    attachment.save()
    audit.record("attachment.create", actor=actor, obj=attachment, after={"name": name, "size": upload.size})
    return attachment


def attachment_for(user, pk) -> Attachment | None:
    """The attachment if `user` may open it (see the module docstring), else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        return None
    held = False
    for holder in registry.file_holders():
        if not holder.holding(attachment.pk).exists():
            continue
        held = True
        if holder.visible_holding(user, attachment.pk).exists():
            return attachment
    if held:
        return None
    return attachment if attachment.uploaded_by_id == user.pk else None


def download_response(attachment: Attachment) -> FileResponse:
    """A file as a download, never rendered inline: the one way files leave the platform."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
