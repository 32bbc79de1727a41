"""Test and demo helpers of 文史 work: real rows through the real services."""

import datetime

from lvzhi.accounts.choices import Role
from lvzhi.org.factories import make_member, make_user
from lvzhi.wenshi import services
from lvzhi.wenshi.choices import PublicationKind


def make_manuscript(*, actor, committee=None, **data):
    base = {"title": "凉州会盟的历史意义", "text": "1247年，阔端与萨迦班智达在凉州会谈。\n史称凉州会盟。"}
    return services.submit_manuscript(actor=actor, committee=committee or actor.committee, data={**base, **data})


def make_adopted(*, actor, author, **data):
    """A manuscript sent in by `author` and adopted by the office `actor`."""
    m = make_manuscript(actor=author, **data)
    services.pass_manuscript(actor=actor, manuscript=m)
    services.adopt_manuscript(actor=actor, manuscript=m)
    return m


def make_series(*, actor, committee, name="武威文史"):
    return services.create_series(actor=actor, committee=committee, data={"name": name})


def make_volume(*, actor, committee, series=None, number=1, **data):
    base = {
        "kind": PublicationKind.VOLUME,
        "series": series.pk if series else None,
        "number": number,
        "title": "凉州文化专辑",
        "editors": "市政协文史委 编",
        "permit_number": "甘内准字（2024）第0616号",
    }
    return services.create_volume(actor=actor, committee=committee, data={**base, **data})


class WenshiWorld:
    """Personas plus a Pingliang member with an account, a 武威 series and volume, a manuscript of the
    Wuwei member awaiting review."""

    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.member = personas.member
        self.other_staff = personas.other_staff
        self.pingliang_member = make_user(
            "pl_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
        )
        self.person2 = make_member(personas.wuwei, "周敏")
        self.member2 = make_user("member2", roles=[Role.MEMBER], committee=personas.wuwei, member=self.person2)
        self.series = make_series(actor=self.staff, committee=personas.wuwei)
        self.volume = make_volume(
            actor=self.staff,
            committee=personas.wuwei,
            series=self.series,
            number=18,
            published_on=datetime.date(2024, 9, 20),
        )
        self.manuscript = make_manuscript(actor=self.member)
