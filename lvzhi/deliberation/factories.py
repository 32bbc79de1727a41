"""Test and demo helpers for online deliberation: real rows through the real services."""

import datetime

from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.deliberation import services
from lvzhi.org.factories import make_member, make_user


def make_topic(*, actor, committee, opened=True, **data):
    """A topic of the committee for everyone there, open from yesterday for two weeks (unless told)."""
    today = timezone.localdate()
    base = {
        "title": "关于加快县域商业体系建设的意见征集",
        "background": "<p>请围绕<strong>县域商业</strong>提出意见。</p>",
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=14),
    }
    topic = services.create_topic(actor=actor, committee=committee, data={**base, **data})
    if opened:
        services.open_topic(actor=actor, topic=topic)
    return topic


class DeliberationWorld:
    """Personas plus a second Wuwei member with an account, a Pingliang member with an account, and an
    open topic for all Wuwei members."""

    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.member = personas.member
        self.person = personas.member_person
        self.person2 = make_member(personas.wuwei, "周敏")
        self.member2 = make_user("member2", roles=[Role.MEMBER], committee=personas.wuwei, member=self.person2)
        self.pingliang_member = make_user(
            "pl_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
        )
        self.topic = make_topic(actor=self.staff, committee=personas.wuwei)
