"""Every write of the meeting services. Each checks permission, state and input, writes in one
transaction, records the audit entry (and the transition), keeps the derived stores current and
notifies after the commit.

- `base`: who may do what, the attendees, the vote workflow;
- `agenda`: the meeting on an activity, agenda items, published versions;
- `registration`: 报到 by QR, by search, in bulk, with lodging and meals;
- `seating`: rooms, automatic placement by rule, moves and swaps;
- `groups`: discussion groups and their records;
- `materials`: documents for the attendees and who read them;
- `votes`: votes, ballots (named and anonymous) and results;
- `speeches`: plenary speech drafts (大会发言), their review and the booklet;
- `speakers`: the speakers' list of an agenda item and its timer;
- `elections`: elections by secret ballot, paper counts and two-person confirmation;
- `minutes`: the minutes (纪要), their approval and publication, and resolutions.
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
from lvzhi.meetings.services.elections import (
    ELECTION_FLOW,
    cast_election_ballot,
    close_election,
    confirm_count,
    create_election,
    enter_paper_count,
    has_cast,
    open_election,
    reject_count,
)
from lvzhi.meetings.services.groups import can_record, create_group, groups_by_sector, record_discussion
from lvzhi.meetings.services.materials import add_material, delete_material, mark_read, may_read
from lvzhi.meetings.services.minutes import (
    MINUTES_FLOW,
    add_resolution,
    approve_minutes,
    draft_minutes,
    edit_minutes,
    minutes_lines,
    publish_minutes,
    return_minutes,
)
from lvzhi.meetings.services.registration import (
    register_bulk,
    register_by_qr,
    register_member,
    search_attendees,
    update_lodging,
)
from lvzhi.meetings.services.seating import (
    SEATING_PAPER,
    add_room,
    auto_seat,
    move_seat,
    my_seat,
    seating_chart,
    seating_order,
)
from lvzhi.meetings.services.speakers import (
    SPEAKER_FLOW,
    move_speaker,
    request_to_speak,
    speakers_of,
    start_speaker,
    stop_speaker,
    withdraw_speaker,
)
from lvzhi.meetings.services.speeches import (
    SPEECH_FLOW,
    can_edit_speech,
    deadline_passed,
    edit_speech,
    review_speech,
    set_speech_deadline,
    speech_booklet,
    submit_speech,
)
from lvzhi.meetings.services.votes import (
    cast_vote,
    close_vote,
    create_vote,
    enter_paper_ballot,
    has_voted,
    my_ballots,
    my_choice,
    open_vote,
    tally,
    vote_for_ballot,
)

__all__ = [
    "ELECTION_FLOW",
    "MINUTES_FLOW",
    "SPEAKER_FLOW",
    "SPEECH_FLOW",
    "VOTE_FLOW",
    "add_agenda_item",
    "add_material",
    "add_resolution",
    "add_room",
    "agenda_snapshot",
    "approve_minutes",
    "attendance_of",
    "auto_seat",
    "can_manage",
    "can_record",
    "cast_election_ballot",
    "cast_vote",
    "close_election",
    "close_vote",
    "confirm_count",
    "create_election",
    "create_group",
    "create_meeting",
    "create_vote",
    "deadline_passed",
    "delete_agenda_item",
    "delete_material",
    "draft_minutes",
    "edit_minutes",
    "enter_paper_ballot",
    "enter_paper_count",
    "groups_by_sector",
    "has_cast",
    "has_voted",
    "is_attendee",
    "is_member_user",
    "mark_read",
    "may_read",
    "minutes_lines",
    "move_seat",
    "move_speaker",
    "my_ballots",
    "my_choice",
    "my_seat",
    "open_election",
    "open_vote",
    "publish_agenda",
    "publish_minutes",
    "record_discussion",
    "register_bulk",
    "register_by_qr",
    "register_member",
    "reject_count",
    "request_to_speak",
    "require_manage",
    "return_minutes",
    "review_speech",
    "can_edit_speech",
    "edit_speech",
    "search_attendees",
    "seating_order",
    "seating_chart",
    "SEATING_PAPER",
    "set_speech_deadline",
    "speakers_of",
    "speech_booklet",
    "start_speaker",
    "stop_speaker",
    "submit_speech",
    "tally",
    "update_agenda_item",
    "update_lodging",
    "vote_for_ballot",
    "withdraw_speaker",
]
