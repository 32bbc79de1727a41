"""Meeting materials (会议材料): documents of the meeting or of one agenda item, for the attendees
only (marked 内部资料 where needed); each attendee's reading is recorded once."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.meetings.models import AgendaItem, Material, MaterialRead, Meeting
from lvzhi.meetings.services.base import can_manage, is_attendee, require_manage


@transaction.atomic
def add_material(*, actor, meeting: Meeting, upload, data: dict) -> Material:
    require_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    title = clean.text("title", max_length=200)
    internal = str(data.get("internal", "")).lower() in ("1", "true", "on", "yes")
    item = None
    raw_item = data.get("agenda_item")
    if raw_item not in (None, ""):
        item = AgendaItem.objects.filter(meeting=meeting, pk=as_id(raw_item) or 0)
        item = item.first()
        if item is None:
            clean.error("agenda_item", _("请选择本次会议的议程。"))
    if upload is None:
        clean.error("file", _("请选择文件。"))
    clean.done()
    attachment = store_attachment(actor=actor, committee=meeting.committee, upload=upload)
    material = Material.objects.create(
        committee_id=meeting.committee_id,
        meeting=meeting,
        agenda_item=item,
        title=title or attachment.name,
        attachment=attachment,
        internal=internal,
        created_by=actor,
    )
    audit.record("material.create", actor=actor, obj=material, after=audit.snapshot(material))
    return material


def may_read(user, material: Material) -> bool:
    return can_manage(user, material.committee_id) or is_attendee(user, material.meeting)


@transaction.atomic
def mark_read(*, actor, material: Material) -> bool:
    """An attendee opened the material. Returns True the first time. Staff reading it record
    nothing (they are not attendees)."""
    if not may_read(actor, material):
        raise Forbidden(_("会议材料仅供参会委员阅读。"))
    if not is_attendee(actor, material.meeting):
        return False
    try:
        with transaction.atomic():
            MaterialRead.objects.create(material=material, member_id=actor.member_id)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def delete_material(*, actor, material: Material) -> None:
    require_manage(actor, material.committee_id)
    if material.reads.exists():
        raise Invalid(errors={"material": [_("已有委员阅读，不能删除。")]})
    audit.record("material.delete", actor=actor, obj=material, before=audit.snapshot(material))
    material.delete()
