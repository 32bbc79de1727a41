"""The action table of each register with actions (`lvzhi.core.actions`): declared once in
`registers.py` (label, inputs, service, when available), they serve both the detail page's forms
(`liaison:<register>_action`, args (pk, action)) and `POST /api/v1/liaison/<resource>/{id}/<action>`.
Both routes hand the service the same inputs by name; the service validates them."""

import datetime

from django import forms
from pydantic import Field, create_model

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.core.api import In
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


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in text.replace("-", "_").split("_"))


def _body(table_key, name, fields) -> type[In]:
    chosen = {
        f.name: (LiaisonActionIn.model_fields[f.name].annotation, LiaisonActionIn.model_fields[f.name]) for f in fields
    }
    return create_model(f"{_camel(table_key)}{_camel(name)}In", __base__=In, **chosen)


def _form(table_key, name, fields) -> type[forms.Form]:
    """The page form of one action: it carries the inputs (as typed) to the service, which checks them."""
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
        page_url=f"liaison:{reg.key}_action",
        actions=actions,
    )


ACTION_TABLES = {key: _table(reg) for key, reg in REGISTERS.items() if reg.actions}
