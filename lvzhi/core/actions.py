"""Action tables: one declaration per workflow object drives the page buttons and the API.

A module declares what can be done to one kind of record:

    PROPOSAL_ACTIONS = ActionTable(
        key="proposal",                       # stable name, used in tests and docs
        model="proposals.Proposal",
        api_path="proposals",                 # POST /api/v1/proposals/{id}/<action>
        page_url="proposals:act",             # reverse(page_url, args=[pk, action]) is the page's form
        actions=[
            Action("file", _("立案"), run=lambda actor, obj, data: services.file_proposal(
                       actor=actor, proposal=obj, note=data.get("note", "")),
                   form=forms.NoteForm, body=NoteIn, available=can_file,
                   confirm=_("立案后将编号，不能撤回。"),
                   done=lambda p: _("已立案，案号 %(n)s。") % {"n": p.number}),
            ...
        ],
    )

- `run(actor, obj, data)` calls the service; `data` is the page form's `cleaned_data` or the API
  body as a dict (same field names), so both paths run the same code.
- `form` builds the page form (a Form class, or a callable `(obj, user, data, files) -> Form`);
  `body` is the API's request schema. Both are required: page/API parity holds by construction,
  and `lvzhi/core/tests/test_parity.py` proves every table's every action has both routes.
- `available(user, obj)` decides whether the button is shown; the service still checks.

`mount_api(router, table, load, out)` adds the API endpoints; a page view calls
`perform_page_action(request, table, obj, name)`, which every page's action view uses.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib import messages
from django.utils.translation import gettext as _

from lvzhi.core.api import Id
from lvzhi.core.errors import IllegalTransition, Invalid, NotFound, ServiceError
from lvzhi.core.forms import apply_service_error, error_line


def plain(form_class) -> Callable:
    """A form builder for a form that needs neither the object nor the user."""
    return lambda obj, user, data=None, files=None: form_class(data, files)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    run: Callable  # (actor, obj, data: dict) -> object | None
    form: Callable | None = None  # (obj, user, data, files) -> Form; `plain(FormClass)` for a plain form
    body: type | None = None  # API request schema (lvzhi.core.api.In subclass)
    available: Callable = field(default=lambda user, obj: True)
    confirm: str = ""  # the consequence, asked before an irreversible step
    done: str | Callable = ""  # the success message, or `(record) -> str` to name what happened
    style: str = "outline-primary"
    description: str = ""  # the API operation's description

    def build_form(self, obj, user, data=None, files=None):
        return None if self.form is None else self.form(obj, user, data, files)


@dataclass(frozen=True)
class ActionTable:
    key: str
    model: str  # app_label.ModelName
    api_path: str  # the API resource: POST /api/v1/<api_path>/{id}/<action>
    page_url: str  # URL name of the page's action view, args (pk, action)
    actions: list[Action]

    def __post_init__(self):
        names = [a.name for a in self.actions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.key}: duplicate action names")

    def get(self, name: str) -> Action:
        for action in self.actions:
            if action.name == name:
                return action
        raise NotFound()

    def for_user(self, obj, user) -> list[Action]:
        """The actions this user may take on this object now (the buttons)."""
        return [a for a in self.actions if a.available(user, obj)]

    def run(self, name: str, *, actor, obj, data: dict):
        action = self.get(name)
        return action.run(actor, obj, data)


def mount_api(
    router,
    table: ActionTable,
    *,
    load: Callable,
    out,
    render: Callable,
    errors: dict,
    tags=None,
    param="pk",
    overrides: dict[str, dict] | None = None,
):
    """`POST /<api_path>/{<param>}/<action>` for every action of the table.

    `load(user, pk)` returns the visible object (404 otherwise); `render(obj, user)` its detail. An action
    whose body has no required field may be posted without a body. `overrides` gives one action its own
    `load`, `out` and/or `render` — an action called in bursts (a phone ballot) may load what it needs in
    one query and answer with a small body instead of the whole detail."""
    overrides = overrides or {}
    unknown = set(overrides) - {a.name for a in table.actions}
    if unknown:
        raise ValueError(f"{table.key}: overrides for unknown actions {sorted(unknown)}")
    for action in table.actions:
        if action.body is None:
            raise ValueError(f"{table.key}.{action.name}: an action needs an API body schema")
        own = {"load": load, "out": out, "render": render, **overrides.get(action.name, {})}
        _mount_one(router, table, action, **own, errors=errors, tags=tags, param=param)


def _mount_one(router, table, action, *, load, out, render, errors, tags, param):
    schema = action.body
    optional = not any(f.is_required() for f in schema.model_fields.values())

    def endpoint(request, **kwargs):
        obj = load(request.auth, kwargs[param])
        payload = kwargs.get("payload")
        result = action.run(request.auth, obj, payload.model_dump() if payload is not None else {})
        # an action that yields another record of the same kind (combining reports) answers with it
        return render(result if isinstance(result, type(obj)) else obj, request.auth)

    # ninja reads the parameters from the signature: the path parameter's name is the caller's choice
    endpoint.__signature__ = inspect.Signature(
        [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter(param, inspect.Parameter.KEYWORD_ONLY, annotation=Id),
            inspect.Parameter(
                "payload",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=(schema | None) if optional else schema,
                default=None if optional else inspect.Parameter.empty,
            ),
        ]
    )
    endpoint.__name__ = f"{table.key}_{action.name}".replace("-", "_")
    router.post(
        f"/{table.api_path}/{{{param}}}/{action.name}",
        response={200: out, **errors},
        operation_id=endpoint.__name__,
        summary=str(action.label),
        description=str(action.description or action.label),
        tags=tags,
    )(endpoint)


def success_message(action: Action, record=None) -> str:
    """What happened, in words: the action's `done` (called with the record after the step when it
    is a callable — "已立案，案号 …"), else "<label>：已完成。"."""
    if callable(action.done):
        return str(action.done(record))
    return str(action.done or _("%(action)s：已完成。") % {"action": action.label})


class PageResult(NamedTuple):
    done: bool  # the service ran; a success message is queued
    form: object  # the bound form to show again with its field errors, else None
    status: int  # 200 when done; else the refusal's status (422 bad input, 409 state, 403, 404)


def perform_page_action(request, table: ActionTable, obj, name: str, *, keep_form: bool = False) -> PageResult:
    """Run one action of `table` from its page form, the one way every page does.

    An unknown action is 404. An action the user may not take now (a stale page, a second click) is
    refused with a message, as its button is no longer shown; otherwise the service decides. With
    `keep_form`, field problems (the form's or the service's) stay on the form for the page to show
    again next to their fields; every other refusal becomes one page message (`error_line`) and `form` is
    None, for the page to redirect back to the record."""
    action = table.get(name)
    if not action.available(request.user, obj):
        messages.error(request, str(IllegalTransition.default_message))
        return PageResult(False, None, IllegalTransition.status)
    form = action.build_form(obj, request.user, request.POST, request.FILES)
    try:
        if form is not None and not form.is_valid():
            raise Invalid(errors={field: list(problems) for field, problems in form.errors.items()})
        result = action.run(request.user, obj, dict(form.cleaned_data) if form is not None else {})
    except ServiceError as exc:
        if keep_form and form is not None and exc.errors:
            if form.is_bound and not form.errors:
                apply_service_error(form, exc)
            return PageResult(False, form, exc.status)
        messages.error(request, error_line(exc))
        return PageResult(False, None, exc.status)
    messages.success(request, success_message(action, result if isinstance(result, type(obj)) else obj))
    return PageResult(True, form, 200)
