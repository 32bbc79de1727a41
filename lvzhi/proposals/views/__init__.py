from lvzhi.proposals.views.detail import (
    act,
    assignment_act,
    attach,
    confirm,
    decide_extension,
    detach,
    detail,
    download,
    paper_signature,
)
from lvzhi.proposals.views.documents import compilation_docx, proposal_docx
from lvzhi.proposals.views.drafts import create, edit
from lvzhi.proposals.views.lists import all_proposals, dashboard, inbox, mine, review
from lvzhi.proposals.views.reports import overview_xlsx, performance
from lvzhi.proposals.views.rules import rule_item, rules

__all__ = [
    "act",
    "all_proposals",
    "assignment_act",
    "attach",
    "compilation_docx",
    "confirm",
    "create",
    "dashboard",
    "decide_extension",
    "detach",
    "detail",
    "download",
    "edit",
    "inbox",
    "mine",
    "overview_xlsx",
    "paper_signature",
    "performance",
    "proposal_docx",
    "review",
    "rule_item",
    "rules",
]
