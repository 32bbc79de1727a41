"""Every write to proposals. Each service checks permission, input and state, writes in one
transaction, records the audit entry and the transition, and notifies after the commit.

Two workflows (`flows.py`): PROPOSAL_FLOW (draft → submitted → filed → assigned → replied → closed,
with the review outcomes rejected / converted / merged / withdrawn) and ASSIGNMENT_FLOW (pending →
signed → replied, or objected → reassigned). Extension requests have a small flow of their own.

The sections: `drafting` (drafts and co-proposers), `review` (submit … withdraw), `handling`
(assignment, units' replies, extensions), `closing` (rating, reopening, closing), `key` (key
proposals and supervision), `files` (a draft's files), `rules` (the committee's rules and lists).
"""

from lvzhi.proposals.rules import default_deadline
from lvzhi.proposals.services.closing import close_proposal, evaluate_assignment, reopen_assignment
from lvzhi.proposals.services.common import (
    TEXT_MAX,
    TITLE_MAX,
    current_session,
    detail_url,
    member_users,
    office_users,
    unit_users,
)
from lvzhi.proposals.services.drafting import (
    DRAFT_FIELDS,
    confirm_coproposal,
    create_proposal,
    record_paper_signature,
    require_editable,
    update_proposal,
)
from lvzhi.proposals.services.files import add_draft_attachment, remove_draft_attachment
from lvzhi.proposals.services.flows import (
    ASSIGNMENT_FLOW,
    EXTENSION_FLOW,
    PROPOSAL_FLOW,
    is_author,
    is_first_proposer,
    is_office,
    is_unit_of,
    member_of,
    raters_of,
)
from lvzhi.proposals.services.handling import (
    assign_proposal,
    attach_reply_letter,
    decide_extension,
    object_assignment,
    reassign_assignment,
    reply_assignment,
    request_extension,
    send_opinion,
    sign_assignment,
)
from lvzhi.proposals.services.key import add_supervision, add_supervision_attachment, set_flags
from lvzhi.proposals.services.review import (
    convert_proposal,
    file_proposal,
    merge_proposal,
    reject_proposal,
    return_proposal,
    submit_proposal,
    withdraw_proposal,
)
from lvzhi.proposals.services.rules import policy_for, save_list_item, update_policy

__all__ = [
    "ASSIGNMENT_FLOW",
    "DRAFT_FIELDS",
    "EXTENSION_FLOW",
    "PROPOSAL_FLOW",
    "TEXT_MAX",
    "TITLE_MAX",
    "add_draft_attachment",
    "add_supervision",
    "add_supervision_attachment",
    "assign_proposal",
    "attach_reply_letter",
    "close_proposal",
    "confirm_coproposal",
    "convert_proposal",
    "create_proposal",
    "current_session",
    "decide_extension",
    "default_deadline",
    "detail_url",
    "evaluate_assignment",
    "file_proposal",
    "is_author",
    "is_first_proposer",
    "is_office",
    "is_unit_of",
    "member_of",
    "member_users",
    "merge_proposal",
    "object_assignment",
    "office_users",
    "policy_for",
    "raters_of",
    "reassign_assignment",
    "record_paper_signature",
    "require_editable",
    "reject_proposal",
    "remove_draft_attachment",
    "reopen_assignment",
    "reply_assignment",
    "request_extension",
    "return_proposal",
    "save_list_item",
    "send_opinion",
    "set_flags",
    "sign_assignment",
    "submit_proposal",
    "unit_users",
    "update_policy",
    "update_proposal",
    "withdraw_proposal",
]
