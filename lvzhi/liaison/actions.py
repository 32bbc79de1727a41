"""The action table of each register with actions (`lvzhi.core.actions`): declared once in
`registers.py` (label, inputs, service, when available), they serve both the detail page's forms
(`liaison:<register>_action`, args (pk, action)) and `POST /api/v1/liaison/<resource>/{id}/<action>`.
Both routes hand the service the same inputs by name; the service validates them."""

import datetime

from pydantic import Field

from lvzhi.core.api import In
from lvzhi.core.registers import action_tables
from lvzhi.liaison.choices import ReplyOutcome
from lvzhi.liaison.registers import REGISTERS
from lvzhi.liaison.services import can_manage

# register key -> (action table key, API resource)
RESOURCES = {
    "contact": ("liaison_contact", "liaison/contacts"),
    "assignment": ("liaison_assignment", "liaison/assignments"),
    "engagement": ("liaison_engagement", "liaison/engagements"),
    "hosted": ("liaison_hosted_visit", "liaison/hosted-visits"),
    "report": ("liaison_party_report", "liaison/party-reports"),
}


class LiaisonActionIn(In):
    """Every input of the registers' actions; each action's body takes its own (same names as its
    page form)."""

    note: str | None = Field(None, max_length=500)
    sent_on: datetime.date | None = None
    replied_on: datetime.date | None = None
    outcome: ReplyOutcome | None = None
    reply: str | None = Field(None, max_length=5000)
    closed_on: datetime.date | None = None


ACTION_TABLES = action_tables(REGISTERS, RESOURCES, namespace="liaison", inputs=LiaisonActionIn, can_manage=can_manage)
