"""The message channels beyond the inbox, chosen per deployment in `LVZHI_CHANNELS`.

A channel is a class with a `key` and `send(user, message) -> provider message id`, raising
`TemporaryError` (retried) or `PermanentError`. The inbox (`core.Notification`) is always written.
"""

from django.conf import settings

from lvzhi.delivery.channels import email, sms, wecom
from lvzhi.delivery.channels.base import ChannelError, Message, NoAddress, PermanentError, TemporaryError

CHANNELS = {c.key: c for c in (sms.SmsChannel, wecom.WecomChannel, email.EmailChannel)}
ADDRESS_OF = {"sms": sms.address_of, "wecom": wecom.address_of, "email": email.address_of}

__all__ = [
    "ChannelError",
    "Message",
    "NoAddress",
    "PermanentError",
    "TemporaryError",
    "configured",
    "channel",
    "has_address",
]


def configured() -> list[str]:
    """The channels this deployment sends on, in a stable order."""
    return [key for key in CHANNELS if key in settings.CHANNELS]


def channel(key: str):
    return CHANNELS[key]()


def has_address(key: str, user) -> bool:
    """Whether `user` can be reached on channel `key` (a mobile, a 企业微信 account, an e-mail)."""
    return bool(ADDRESS_OF[key](user))
