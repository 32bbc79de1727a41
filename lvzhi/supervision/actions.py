"""The action table of each register (`lvzhi.core.actions`): the actions a register declares once
(`registers.py`: label, inputs, service, when available) serve both the detail page's forms
(`supervision:<register>_action`, args (pk, action)) and `POST /api/v1/<resource>/{id}/<action>`.

Both routes hand the service the same inputs by name; the service validates them (the page form
only carries them), so a page and an API call meet the same rules and the same messages. An input
left out of an API body is not passed at all, as before."""

import datetime

from pydantic import Field

from lvzhi.core.api import In
from lvzhi.core.registers import action_tables
from lvzhi.supervision.registers import REGISTERS
from lvzhi.supervision.services import can_manage

# register key -> (action table key, API resource)
RESOURCES = {
    "mediation": ("mediation_case", "mediation-cases"),
    "clue": ("litigation_clue", "litigation-clues"),
    "post": ("supervisor_post", "supervisor-posts"),
    "visit": ("investment_visit", "investment-visits"),
    "project": ("investment_project", "investment-projects"),
    "pair": ("liaison_pair", "liaison-pairs"),
    "problem": ("enterprise_problem", "enterprise-problems"),
    "support": ("support_item", "support-items"),
    "partner": ("partner_committee", "partner-committees"),
    "service": ("service_item", "service-items"),
    "point": ("demo_point", "demo-points"),
}


class ActionIn(In):
    """Every input of the registers' actions; each action's body takes its own (same names as its
    page form)."""

    note: str | None = Field(None, max_length=500)
    result: str | None = Field(None, max_length=5000)
    closed_on: datetime.date | None = None
    outcome_note: str | None = Field(None, max_length=5000)
    held_on: datetime.date | None = None
    place: str | None = Field(None, max_length=100)
    procuratorate: str | None = Field(None, max_length=100)
    sent_on: datetime.date | None = None
    case_number: str | None = Field(None, max_length=60)
    filed_on: datetime.date | None = None
    suggestion_on: datetime.date | None = None
    suggestion_summary: str | None = Field(None, max_length=5000)
    end_on: datetime.date | None = None
    description: str | None = Field(None, max_length=5000)
    raised_on: datetime.date | None = None
    handling: str | None = Field(None, max_length=5000)
    resolution: str | None = Field(None, max_length=5000)
    resolved_on: datetime.date | None = None
    title: str | None = Field(None, max_length=200)
    done_on: datetime.date | None = None


ACTION_TABLES = action_tables(
    REGISTERS, RESOURCES, namespace="supervision", inputs=ActionIn, can_manage=can_manage, body_prefix="Supervision"
)
