"""The action table of each register (`core.registers.action_table`), as in supervision: the actions a
register declares once (`registers.py`) serve both the detail page's forms
(`party:<register>_action`, args (pk, action)) and `POST /api/v1/party/<resource>/{id}/<action>`.
Both routes hand the service the same inputs by name; the service validates them."""

from pydantic import Field

from lvzhi.core.api import Day, In
from lvzhi.core.registers import action_tables
from lvzhi.party.choices import ContactWay
from lvzhi.party.registers import REGISTERS
from lvzhi.party.services import can_manage

# register key -> (action table key, API resource under /api/v1/)
RESOURCES = {
    "member": ("party_member", "party/members"),
    "meeting": ("party_meeting", "party/meetings"),
    "talk": ("party_talk", "party/talks"),
    "pair": ("party_pair", "party/pairs"),
    "contact": ("party_contact", "party/contacts"),
}


class PartyActionIn(In):
    """Every input of the registers' actions; each action's body takes its own."""

    note: str | None = Field(None, max_length=500)
    left_on: Day | None = None
    ended_on: Day | None = None
    contacted_on: Day | None = None
    way: ContactWay | None = None
    content: str | None = Field(None, max_length=5000)


ACTION_TABLES = action_tables(REGISTERS, RESOURCES, namespace="party", inputs=PartyActionIn, can_manage=can_manage)
