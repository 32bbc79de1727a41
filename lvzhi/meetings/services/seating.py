"""Seating (座次): rooms with rows and seats, automatic placement by rule, manual moves and swaps.

The rule: the leadership first (主席, 副主席, 秘书长, 常委, in that order), then the members by
sector (the committee's order of sectors), and within each by the stroke count of the surname
(姓氏笔画, `lvzhi.meetings.strokes`). Seats are filled from the front row, left to right. Members
who were excused (请假) get no seat."""

from django.db import transaction
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Invalid
from lvzhi.core.exports import new_document
from lvzhi.meetings.models import Meeting, Room, Seat
from lvzhi.meetings.services.base import member_ids, require_manage
from lvzhi.meetings.strokes import stroke_key
from lvzhi.org.choices import MemberRole, MembershipStatus
from lvzhi.org.models import Membership

ROLE_ORDER = {
    MemberRole.CHAIR: 0,
    MemberRole.VICE_CHAIR: 1,
    MemberRole.SECRETARY_GENERAL: 2,
    MemberRole.STANDING: 3,
    MemberRole.MEMBER: 4,
}
SECTOR_LAST = (10**9, "")


@transaction.atomic
def add_room(*, actor, meeting: Meeting, data: dict) -> Room:
    require_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    name = clean.text("name", required=True, max_length=100, label=_("会场名称"))
    rows = clean.integer("rows", required=True, low=1, high=200)
    per_row = clean.integer("seats_per_row", required=True, low=1, high=200)
    if name and Room.objects.filter(meeting=meeting, name=name).exists():
        clean.error("name", _("本次会议已有同名会场。"))
    clean.done()
    room = Room.objects.create(
        committee_id=meeting.committee_id, meeting=meeting, name=name, rows=rows, seats_per_row=per_row
    )
    audit.record("room.create", actor=actor, obj=room, after=audit.snapshot(room))
    return room


def seating_order(meeting: Meeting) -> list[int]:
    """The member ids to seat, in the rule's order (see the module's docstring)."""
    ids = list(
        Attendance.objects.filter(activity_id=meeting.activity_id)
        .exclude(state=AttendanceState.EXCUSED)
        .values_list("member_id", flat=True)
    )
    seats = Membership.objects.filter(
        committee_id=meeting.committee_id, member_id__in=ids, status=MembershipStatus.ACTIVE
    ).select_related("member", "sector")
    term = meeting.activity.committee.current_term()
    if term is not None:
        seats = seats.filter(term=term)
    info = {}
    for m in seats:
        sector = (m.sector.sort, m.sector.name) if m.sector_id else SECTOR_LAST
        info[m.member_id] = (ROLE_ORDER.get(m.role, 5), sector, stroke_key(m.member.name))
    names = dict(
        Attendance.objects.filter(activity_id=meeting.activity_id, member_id__in=ids).values_list(
            "member_id", "member__name"
        )
    )
    for pk in ids:  # an invitee without a seat in the term (a guest): after everyone else
        info.setdefault(pk, (6, SECTOR_LAST, stroke_key(names.get(pk, ""))))
    return sorted(ids, key=lambda pk: (info[pk], pk))


def _room_of(meeting, room) -> Room:
    pk = member_ids([getattr(room, "pk", room)], "room")
    found = Room.objects.filter(meeting=meeting, pk=pk[0] if pk else 0).first()
    if found is None:
        raise Invalid(errors={"room": [_("请选择本次会议的会场。")]})
    return found


@transaction.atomic
def auto_seat(*, actor, meeting: Meeting, room) -> int:
    """Place every expected attendee in the room by the rule, replacing the room's seating.
    Returns the number seated."""
    require_manage(actor, meeting.committee_id)
    room = _room_of(meeting, room)
    order = seating_order(meeting)
    if len(order) > room.capacity:
        raise Invalid(
            errors={"room": [_("座位不足：需要 %(n)s 个，会场只有 %(c)s 个。") % {"n": len(order), "c": room.capacity}]}
        )
    Seat.objects.filter(meeting=meeting, member_id__in=order).exclude(room=room).delete()
    Seat.objects.filter(room=room).delete()
    Seat.objects.bulk_create(
        [
            Seat(
                committee_id=meeting.committee_id,
                meeting=meeting,
                room=room,
                row=i // room.seats_per_row + 1,
                number=i % room.seats_per_row + 1,
                member_id=pk,
            )
            for i, pk in enumerate(order)
        ]
    )
    audit.record("seat.auto", actor=actor, obj=room, after={"seated": len(order)})
    return len(order)


@transaction.atomic
def move_seat(*, actor, meeting: Meeting, member, room, row, number) -> Seat:
    """Put a member on a seat; if someone sits there, the two swap (the other takes the member's
    old seat, or none if the member had none)."""
    require_manage(actor, meeting.committee_id)
    room = _room_of(meeting, room)
    clean = Cleaner({"row": row, "number": number})
    row = clean.integer("row", required=True, low=1, high=room.rows)
    number = clean.integer("number", required=True, low=1, high=room.seats_per_row)
    ids = member_ids([getattr(member, "pk", member)], "member")
    if not ids or not Attendance.objects.filter(activity_id=meeting.activity_id, member_id=ids[0]).exists():
        clean.error("member", _("该委员未受邀参加本次会议。"))
    clean.done()
    member_id = ids[0]
    mine = Seat.objects.select_for_update().filter(meeting=meeting, member_id=member_id).first()
    theirs = Seat.objects.select_for_update().filter(room=room, row=row, number=number).first()
    if theirs is not None and theirs.member_id == member_id:
        return theirs
    before = {"seat": str(mine) if mine else ""}
    old_place = (mine.room_id, mine.row, mine.number) if mine else None
    if mine is not None:
        mine.delete()
    other = None
    if theirs is not None:
        other = theirs.member_id
        theirs.delete()
    seat = Seat.objects.create(
        committee_id=meeting.committee_id, meeting=meeting, room=room, row=row, number=number, member_id=member_id
    )
    if other is not None and old_place is not None:
        Seat.objects.create(
            committee_id=meeting.committee_id,
            meeting=meeting,
            room_id=old_place[0],
            row=old_place[1],
            number=old_place[2],
            member_id=other,
        )
    audit.record("seat.move", actor=actor, obj=seat, before=before, after={"seat": str(seat), "swapped_with": other})
    return seat


def my_seat(meeting: Meeting, member_id):
    return Seat.objects.filter(meeting=meeting, member_id=member_id or 0).select_related("room", "member").first()


# the printable chart: landscape A4 (a small hall) or A3 (a plenary hall of 20+ seats a row)
SEATING_PAPER = {"a4": (29.7, 21.0, 9), "a3": (42.0, 29.7, 11)}  # width, height (cm), names (pt)


def seating_chart(meeting: Meeting, paper: str = "a4"):
    """The seating chart (座次表) of every room, one room a page, landscape, the rostrum (主席台)
    above the first row, each seat with the member's name, the names in a size that fits the
    paper."""
    width, height, size = SEATING_PAPER[paper]
    doc = new_document(_("%(t)s座次表") % {"t": meeting.activity.topic})
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    seats = list(Seat.objects.filter(meeting=meeting).select_related("member"))
    for index, room in enumerate(Room.objects.filter(meeting=meeting)):
        if index:
            doc.add_page_break()
        heading = doc.add_paragraph(_("%(room)s　　（主席台）") % {"room": room.name})
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        table = doc.add_table(rows=room.rows + 1, cols=room.seats_per_row + 1)
        table.style = "Table Grid"
        # the cells read once, row by row: `table.cell(r, c)` walks the whole table on every call
        cells = [row.cells for row in table.rows]
        for n in range(1, room.seats_per_row + 1):
            cells[0][n].text = _("%(n)s座") % {"n": n}
        for r in range(1, room.rows + 1):
            cells[r][0].text = _("第%(r)s排") % {"r": r}
        for s in seats:
            if s.room_id == room.pk:
                cells[s.row][s.number].text = s.member.name
        for row in cells:
            for cell in row:
                for para in cell.paragraphs:
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in para.runs:
                        run.font.size = Pt(size)
    return doc
