"""Every write of 文史 work. Each service checks permission, input and state, writes in one
transaction, records the audit entry (and the transition), keeps the duty ledger current and
notifies after the commit.

Sections: `base` (who may; the manuscript's and the call's workflows), `manuscripts` (clues and
manuscripts, their versions, files and review), `office` (plans, calls, publications, the
collection and its loan / exchange register)."""

from lvzhi.wenshi.services.base import (
    CALL_FLOW,
    MANUSCRIPT_FLOW,
    can_manage,
    can_read,
    in_flow,
    is_author,
    is_member_user,
    may_submit,
    require_manage,
)
from lvzhi.wenshi.services.manuscripts import (
    add_manuscript_file,
    adopt_manuscript,
    edit_manuscript,
    may_edit,
    pass_manuscript,
    reject_manuscript,
    resubmit_manuscript,
    return_manuscript,
    submit_manuscript,
)
from lvzhi.wenshi.services.office import (
    add_item_file,
    add_volume_entry,
    close_call,
    create_call,
    create_item,
    create_plan,
    create_series,
    create_volume,
    publish_call,
    record_circulation,
    remove_volume_entry,
    return_loan,
    update_volume,
)

__all__ = [
    "CALL_FLOW",
    "MANUSCRIPT_FLOW",
    "add_item_file",
    "add_manuscript_file",
    "add_volume_entry",
    "adopt_manuscript",
    "can_manage",
    "can_read",
    "close_call",
    "create_call",
    "create_item",
    "create_plan",
    "create_series",
    "create_volume",
    "edit_manuscript",
    "in_flow",
    "is_author",
    "is_member_user",
    "may_edit",
    "may_submit",
    "pass_manuscript",
    "publish_call",
    "record_circulation",
    "reject_manuscript",
    "remove_volume_entry",
    "require_manage",
    "resubmit_manuscript",
    "return_loan",
    "return_manuscript",
    "submit_manuscript",
    "update_volume",
]
