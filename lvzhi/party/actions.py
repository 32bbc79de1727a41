"""The action table of each register (`lvzhi.core.actions`), as in supervision: the actions a
register declares once (`registers.py`) serve both the detail page's forms
(`party:<register>_action`, args (pk, action)) and `POST /api/v1/party/<resource>/{id}/<action>`.
Both routes hand the service the same inputs by name; the service validates them."""

from django import forms
from pydantic import Field, create_model

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.core.api import Day, In
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


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in text.replace("-", "_").split("_"))


def _body(table_key, name, fields) -> type[In]:
    chosen = {
        f.name: (PartyActionIn.model_fields[f.name].annotation, PartyActionIn.model_fields[f.name]) for f in fields
    }
    return create_model(f"{_camel(table_key)}{_camel(name)}In", __base__=In, **chosen)


def _form(table_key, name, fields) -> type[forms.Form]:
    attrs = {f.name: forms.CharField(label=f.label, required=False, strip=False) for f in fields}
    return type(f"{_camel(table_key)}{_camel(name)}Form", (forms.Form,), attrs)


def _run(call):
    def run(actor, obj, data):
        return call(actor, obj, {k: v for k, v in data.items() if v is not None})

    return run


def _available(available):
    def check(user, obj):
        return can_manage(user, obj.committee_id) and available(user, obj)

    return check


def _table(reg) -> ActionTable:
    table_key, api_path = RESOURCES[reg.key]
    actions = [
        Action(
            name,
            declared.label,
            run=_run(declared.call),
            form=plain(_form(table_key, name, declared.fields)),
            body=_body(table_key, name, declared.fields),
            available=_available(declared.available),
            done=declared.done,
            confirm=declared.confirm,
            style=declared.style,
        )
        for name, declared in reg.actions.items()
    ]
    return ActionTable(
        key=table_key,
        model=reg.model._meta.label,
        api_path=api_path,
        page_url=f"party:{reg.key}_action",
        actions=actions,
    )


ACTION_TABLES = {key: _table(reg) for key, reg in REGISTERS.items() if reg.actions}
