"""Every write to online deliberation. Each service checks permission, input and state, writes in one
transaction, records the audit entry (and the transition), keeps the duty ledger current and
notifies after the commit.

Sections: `base` (who may, the topic's workflow: draft → open → closed → distilled), `topics` (the
office writes a topic), `posts` (members post and reply; the office hides), `outcomes` (distilling,
and what an outcome becomes through the other modules' provided operations).
"""

from lvzhi.deliberation.services.base import (
    EDIT_WINDOW,
    TOPIC_FLOW,
    accepts_posts,
    can_manage,
    can_read,
    in_flow,
    is_addressed,
    is_member_user,
    open_topics_q,
    require_manage,
)
from lvzhi.deliberation.services.outcomes import (
    ACTIVITY_OUTCOME,
    DRAFT_PROPOSAL,
    REPORT,
    attach_to_activity,
    contributors,
    distil_topic,
    propose_from_topic,
    report_from_topic,
)
from lvzhi.deliberation.services.posts import create_post, delete_post, edit_post, hide_post
from lvzhi.deliberation.services.topics import (
    add_topic_attachment,
    close_topic,
    create_topic,
    open_topic,
    remove_topic_attachment,
    sanitise,
    update_topic,
)

__all__ = [
    "ACTIVITY_OUTCOME",
    "DRAFT_PROPOSAL",
    "EDIT_WINDOW",
    "REPORT",
    "TOPIC_FLOW",
    "accepts_posts",
    "add_topic_attachment",
    "attach_to_activity",
    "can_manage",
    "can_read",
    "close_topic",
    "contributors",
    "create_post",
    "create_topic",
    "delete_post",
    "distil_topic",
    "edit_post",
    "hide_post",
    "in_flow",
    "is_addressed",
    "is_member_user",
    "open_topic",
    "open_topics_q",
    "propose_from_topic",
    "remove_topic_attachment",
    "report_from_topic",
    "require_manage",
    "sanitise",
    "update_topic",
]
