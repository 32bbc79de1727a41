from lvzhi.proposals.views.detail import act, assignment_act, confirm, decide_extension, detail, paper_signature
from lvzhi.proposals.views.documents import compilation_docx, proposal_docx
from lvzhi.proposals.views.drafts import create, edit
from lvzhi.proposals.views.lists import all_proposals, dashboard, inbox, mine, review

__all__ = [
    "act",
    "all_proposals",
    "assignment_act",
    "compilation_docx",
    "confirm",
    "create",
    "dashboard",
    "decide_extension",
    "detail",
    "edit",
    "inbox",
    "mine",
    "paper_signature",
    "proposal_docx",
    "review",
]
