"""Every write of the learning corner (re-exported from its sections)."""

from lvzhi.learning.services.common import can_manage, require_manage, seat_under
from lvzhi.learning.services.groups import (
    GROUP_FLOW,
    close_group,
    create_group,
    is_in_group,
    join_group,
    leave_group,
    post_to_group,
    reopen_group,
    schedule_session,
)
from lvzhi.learning.services.materials import (
    MATERIAL_FLOW,
    add_topic,
    archive_topic,
    create_material,
    publish_material,
    sanitise,
    topics_of,
    update_material,
    withdraw_material,
)
from lvzhi.learning.services.study import (
    MIN_REFLECTION,
    REFLECTION_FLOW,
    edit_reflection,
    mark_studied,
    save_reflection,
    submit_reflection,
)

__all__ = [
    "GROUP_FLOW",
    "MATERIAL_FLOW",
    "MIN_REFLECTION",
    "REFLECTION_FLOW",
    "add_topic",
    "archive_topic",
    "can_manage",
    "close_group",
    "create_group",
    "create_material",
    "edit_reflection",
    "is_in_group",
    "join_group",
    "leave_group",
    "mark_studied",
    "post_to_group",
    "publish_material",
    "reopen_group",
    "require_manage",
    "sanitise",
    "save_reflection",
    "schedule_session",
    "seat_under",
    "submit_reflection",
    "topics_of",
    "update_material",
    "withdraw_material",
]
