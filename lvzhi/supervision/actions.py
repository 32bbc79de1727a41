"""The action table of each register (`lvzhi.core.actions`): the actions a register declares once
(`registers.py`: label, inputs, service, when available) serve both the detail page's forms
(`supervision:<register>_action`, args (pk, action)) and `POST /api/v1/<resource>/{id}/<action>`.

Both routes hand the service the same inputs by name; the service validates them (the page form
only carries them), so a page and an API call meet the same rules and the same messages. An input
left out of an API body is not passed at all, as before."""

import datetime

from django import forms
from pydantic import Field, create_model

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.core.api import In
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


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in text.replace("-", "_").split("_"))


def _body(table_key, name, fields) -> type[In]:
    """The API body of one action: its inputs, typed and bounded as in `ActionIn`."""
    chosen = {f.name: (ActionIn.model_fields[f.name].annotation, ActionIn.model_fields[f.name]) for f in fields}
    return create_model(f"Supervision{_camel(table_key)}{_camel(name)}In", __base__=In, **chosen)


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
    actions = []
    for name, declared in reg.actions.items():
        actions.append(
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
        )
    return ActionTable(
        key=table_key,
        model=reg.model._meta.label,
        api_path=api_path,
        page_url=f"supervision:{reg.key}_action",
        actions=actions,
    )


ACTION_TABLES = {key: _table(reg) for key, reg in REGISTERS.items() if reg.actions}
