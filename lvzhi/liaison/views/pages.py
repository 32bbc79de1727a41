"""The pages of every register: list with export, detail with timeline and actions, create, edit
(`core.register_pages`)."""

from lvzhi.core.register_pages import RegisterPages
from lvzhi.liaison import services
from lvzhi.liaison.actions import ACTION_TABLES
from lvzhi.liaison.registers import REGISTERS
from lvzhi.liaison.selectors import can_read
from lvzhi.org.selectors import members_of_committee

PAGES = RegisterPages(
    REGISTERS,
    ACTION_TABLES,
    namespace="liaison",
    can_read=can_read,
    can_manage=services.can_manage,
    members=members_of_committee,
)
