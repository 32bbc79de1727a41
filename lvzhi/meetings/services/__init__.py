"""Every write of the meeting services. Each checks permission, state and input, writes in one
transaction, records the audit entry (and the transition), keeps the derived stores current and
notifies after the commit.

- `base`: who may do what, the attendees, the vote workflow;
- `agenda`: the meeting on an activity, agenda items, published versions;
- `registration`: 报到 by QR, by search, in bulk, with lodging and meals;
- `seating`: rooms, automatic placement by rule, moves and swaps;
- `groups`: discussion groups and their records;
- `materials`: documents for the attendees and who read them;
- `votes`: votes, ballots (named and anonymous) and results.
"""

from lvzhi.meetings.services.agenda import (
    add_agenda_item,
    agenda_snapshot,
    create_meeting,
    delete_agenda_item,
    publish_agenda,
    update_agenda_item,
)
from lvzhi.meetings.services.base import (
    VOTE_FLOW,
    attendance_of,
    can_manage,
    is_attendee,
    is_member_user,
    require_manage,
)
from lvzhi.meetings.services.groups import can_record, create_group, groups_by_sector, record_discussion
from lvzhi.meetings.services.materials import add_material, delete_material, mark_read, may_read
from lvzhi.meetings.services.registration import (
    register_bulk,
    register_by_qr,
    register_member,
    search_attendees,
    update_lodging,
)
from lvzhi.meetings.services.seating import add_room, auto_seat, move_seat, my_seat, seating_order
from lvzhi.meetings.services.votes import (
    cast_vote,
    close_vote,
    create_vote,
    enter_paper_ballot,
    has_voted,
    my_choice,
    open_vote,
    tally,
)

__all__ = [
    "VOTE_FLOW",
    "add_agenda_item",
    "add_material",
    "add_room",
    "agenda_snapshot",
    "attendance_of",
    "auto_seat",
    "can_manage",
    "can_record",
    "cast_vote",
    "close_vote",
    "create_group",
    "create_meeting",
    "create_vote",
    "delete_agenda_item",
    "delete_material",
    "enter_paper_ballot",
    "groups_by_sector",
    "has_voted",
    "is_attendee",
    "is_member_user",
    "mark_read",
    "may_read",
    "move_seat",
    "my_choice",
    "my_seat",
    "open_vote",
    "publish_agenda",
    "record_discussion",
    "register_bulk",
    "register_by_qr",
    "register_member",
    "require_manage",
    "search_attendees",
    "seating_order",
    "tally",
    "update_agenda_item",
    "update_lodging",
]
