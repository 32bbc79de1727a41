"""Every write to meetings and activities. Each checks permission, state and input, writes in one
transaction, records the audit entry (and the transition), keeps the derived stores current
(`registry.sync_derived`), and notifies after the commit.

- `base`: who may do what, and the attendance, activity and outcome workflows;
- `activities`: plan, edit, finish, cancel;
- `invitations`: invite, answer, decide leave;
- `checkin`: the QR token, a member's check-in, manual check-in;
- `records`: speeches and outcomes (record, edit, delete, attach, send, instruct, act);
- `suggestions`: the suggestions of an outcome, one row each;
- `subkinds`: a committee's subkind lists.
"""

from lvzhi.activities.services.activities import (
    ACTIVITY_FIELDS,
    COUNT_FIELDS,
    TEXT_LIMITS,
    cancel_activity,
    clean_activity_data,
    create_activity,
    finish_activity,
    record_creation,
    subkinds_for,
    update_activity,
)
from lvzhi.activities.services.base import (
    ACTIVITY_FLOW,
    ATTENDANCE_FLOW,
    OUTCOME_FLOW,
    can_manage,
    can_read,
    is_member_user,
    require_manage,
)
from lvzhi.activities.services.checkin import (
    CHECKIN_SALT,
    LOGIN_GRACE,
    TOKEN_LIFETIME,
    TOKEN_ROTATION,
    activity_for_checkin,
    check_in,
    checkin_token_activity,
    issue_checkin_token,
    make_checkin_token,
    manual_check_in,
    scan_moment,
    verify_checkin_token,
)
from lvzhi.activities.services.invitations import (
    decide_leave,
    guest_links,
    invite,
    own_attendance,
    resolve_invitees,
    respond,
    seated_members,
    takes_part,
)
from lvzhi.activities.services.records import (
    attach_file,
    delete_outcome,
    delete_speech,
    record_follow_up,
    record_instruction,
    record_outcome,
    record_speech,
    send_outcome,
    update_outcome,
    update_speech,
)
from lvzhi.activities.services.subkinds import save_subkinds
from lvzhi.activities.services.suggestions import add_suggestions, delete_suggestion, split_lines, update_suggestion

__all__ = [
    "ACTIVITY_FIELDS",
    "ACTIVITY_FLOW",
    "ATTENDANCE_FLOW",
    "CHECKIN_SALT",
    "COUNT_FIELDS",
    "OUTCOME_FLOW",
    "TEXT_LIMITS",
    "LOGIN_GRACE",
    "TOKEN_LIFETIME",
    "TOKEN_ROTATION",
    "add_suggestions",
    "attach_file",
    "delete_suggestion",
    "split_lines",
    "update_suggestion",
    "can_manage",
    "can_read",
    "cancel_activity",
    "activity_for_checkin",
    "check_in",
    "clean_activity_data",
    "create_activity",
    "decide_leave",
    "delete_outcome",
    "delete_speech",
    "finish_activity",
    "guest_links",
    "invite",
    "is_member_user",
    "issue_checkin_token",
    "make_checkin_token",
    "manual_check_in",
    "own_attendance",
    "record_creation",
    "record_follow_up",
    "record_instruction",
    "record_outcome",
    "record_speech",
    "require_manage",
    "resolve_invitees",
    "respond",
    "save_subkinds",
    "seated_members",
    "send_outcome",
    "subkinds_for",
    "takes_part",
    "update_activity",
    "update_outcome",
    "update_speech",
    "checkin_token_activity",
    "scan_moment",
    "verify_checkin_token",
]
