"""Every write of the message channels: routing messages to deliveries, sending them, the daily
digests, the users' preferences and the committees' policy."""

from lvzhi.delivery.services.digests import open_digests
from lvzhi.delivery.services.preferences import POLICY_PERMISSION, policy_of, set_policy, set_preferences
from lvzhi.delivery.services.routing import route_notifications, subject_of
from lvzhi.delivery.services.sending import due_delivery_ids, message_for, send_delivery

__all__ = [
    "POLICY_PERMISSION",
    "due_delivery_ids",
    "message_for",
    "open_digests",
    "policy_of",
    "route_notifications",
    "send_delivery",
    "set_policy",
    "set_preferences",
    "subject_of",
]
