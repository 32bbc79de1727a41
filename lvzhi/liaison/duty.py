"""The duty events of liaison work (see docs/adding-a-module.md, "Duty events"), derived from the
records: a member made a contact (a visit, a talk or a themed activity; dated by the day it was
held), a member accompanied a visit of the national or provincial committee (dated by its start)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyProducer, member_facts
from lvzhi.liaison.models import Engagement, HostedVisit

PRODUCERS = [
    DutyProducer(
        "liaison.contact",
        _("走访联系、谈心谈话代表人士和党外人士"),
        "liaison.Engagement",
        **member_facts("liaison.contact", Engagement, "members", "held_on", title="title"),
        default_points=1,
    ),
    DutyProducer(
        "liaison.hosted_visit",
        _("陪同全国政协、省政协调研视察"),
        "liaison.HostedVisit",
        **member_facts(
            "liaison.hosted_visit",
            HostedVisit,
            "members",
            "started_on",
            title="topic",
        ),
        default_points=1,
    ),
]
