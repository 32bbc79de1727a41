"""The organisation's staff pages, split by subject."""

from lvzhi.org.views.affiliations import affiliation_add, affiliation_end, affiliation_list
from lvzhi.org.views.committees import committee_edit, committee_list, session_edit, term_edit
from lvzhi.org.views.dashboard import dashboard
from lvzhi.org.views.imports import import_review, import_template, import_upload
from lvzhi.org.views.lists import KINDS, item_create, item_edit, item_list
from lvzhi.org.views.members import (
    member_create,
    member_detail,
    member_edit,
    member_list,
    member_reveal,
    membership_add,
    membership_edit,
    membership_end,
)

__all__ = [
    "KINDS",
    "affiliation_add",
    "affiliation_end",
    "affiliation_list",
    "committee_edit",
    "committee_list",
    "dashboard",
    "import_review",
    "import_template",
    "import_upload",
    "item_create",
    "item_edit",
    "item_list",
    "member_create",
    "member_detail",
    "member_edit",
    "member_list",
    "member_reveal",
    "membership_add",
    "membership_edit",
    "membership_end",
    "session_edit",
    "term_edit",
]
