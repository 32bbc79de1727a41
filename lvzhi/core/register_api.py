"""The API of a module's registers (`lvzhi/core/registers.py`): one `RegisterApi` per module builds the
schemas every register shares (a timeline step, a create body's committee, the list filter), named
after the module so that the OpenAPI document keeps one component per name, and mounts each
register's list, detail, create, update and action endpoints over the same filter, visibility,
services and action table as its pages."""

import datetime
from collections.abc import Callable

from ninja import Field, Query, Schema, Status
from pydantic import create_model

from lvzhi.core import actions as core_actions
from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    DayText,
    Id,
    In,
    PageQuery,
    QueryIn,
    get_visible,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden
from lvzhi.core.registers import Register, filter_records

COMMITTEE_TEXT = "委员会 id 或行政区划代码"


def plain(obj, names) -> dict:
    """The named attributes of a record, as they are."""
    return {n: getattr(obj, n) for n in names}


def ref(obj) -> dict:
    """A person or a named record as `Ref` (id, name)."""
    return {"id": obj.pk, "name": obj.name}


def refs(rows) -> list[dict]:
    return [ref(r) for r in rows]


def api_payload(payload, *, create):
    """A create or update body as the register's service takes it: the committee (a create's own
    argument) left out; a create drops the inputs sent empty."""
    data = payload.model_dump(exclude_unset=True)
    data.pop("committee", None)
    if not create:
        return data
    return {k: v for k, v in data.items() if v is not None}


class RegisterApi:
    """The API of one module's registers. `prefix` names its shared schemas (`<prefix>StepOut`,
    `<prefix>CreateIn`, `<prefix>RecordFilter`); `resources` maps a register's key to (its action
    table's key, its path under /api/v1/); `filters` names the list filter's choice parameters besides
    q, committee, date_from, date_to and state; `can_read(user)` and `require_manage(user,
    committee_id)` are the module's checks."""

    def __init__(
        self,
        router,
        registers: dict[str, Register],
        *,
        prefix: str,
        resources: dict[str, tuple[str, str]],
        tables: dict,
        filters: tuple[str, ...],
        can_read: Callable,
        require_manage: Callable,
    ):
        self.router = router
        self.registers = registers
        self.resources = resources
        self.tables = tables
        self.can_read = can_read
        self.require_manage = require_manage
        self.StepOut = create_model(
            f"{prefix}StepOut",
            __base__=Schema,
            __module__=__name__,
            from_=(str, Field(..., alias="from")),
            to=(str, ...),
            action=(str, ...),
            actor=(str | None, ...),
            at=(datetime.datetime, ...),
            note=(str, ...),
        )
        self.CreateIn = create_model(
            f"{prefix}CreateIn",
            __base__=In,
            __module__=__name__,
            committee=(int | str, Field(..., description=COMMITTEE_TEXT)),
        )
        self.Filter = create_model(
            f"{prefix}RecordFilter",
            __base__=QueryIn,
            __module__=__name__,
            q=(str, Field("", max_length=100)),
            committee=(str, Field("", description=COMMITTEE_TEXT)),
            date_from=(DayText, Field("", description="YYYY-MM-DD")),
            date_to=(DayText, Field("", description="YYYY-MM-DD")),
            state=(str, Field("", max_length=30)),
            **{name: (str, Field("", max_length=30)) for name in filters},
        )

    def require_reader(self, user):
        if not self.can_read(user):
            raise Forbidden()

    def mount(self, key, to_dict, out, body, *, detail_out=None, name=None, prefetch=()):
        """The endpoints of the register `key`: list, detail, create and update (where the register
        has them) at its resource path, and the routes of its action table. `to_dict(obj, user,
        detail=False)` gives a record as `out` (`detail_out` on its own page, with its timeline);
        operation ids are `list_<name>`, `get_<name>`, … (`name` defaults to the path's words).
        Returns the table's (load, render) for a module that mounts more action routes, or None."""
        register = self.registers[key]
        path = self.resources[key][1]
        name = name or path.replace("/", "_").replace("-", "_")
        detail_out = detail_out or out
        router, require_reader, filter_schema = self.router, self.require_reader, self.Filter

        def records():
            qs = register.queryset()
            return qs.prefetch_related(*prefetch) if prefetch else qs

        def shown(obj, user):
            return to_dict(records().get(pk=obj.pk), user, detail=True)

        @router.get(f"/{path}/", response={200: page_of(out), **READ_ERRORS}, operation_id=f"list_{name}")
        def list_records(request, filters: Query[filter_schema], paging: PageQuery):
            require_reader(request.auth)
            qs = filter_records(register, records().visible_to(request.auth), filters.dict(), request.auth)
            page = paginate(qs.order_by(*register.model._meta.ordering), paging.page, paging.page_size)
            return {"items": [to_dict(o, request.auth) for o in page["items"]], "count": page["count"]}

        @router.get(f"/{path}/{{pk}}", response={200: detail_out, **READ_ERRORS}, operation_id=f"get_{name}")
        def get_record(request, pk: Id):
            require_reader(request.auth)
            return to_dict(get_visible(records(), request.auth, pk), request.auth, detail=True)

        if register.create is not None:
            create_body = type(f"{body.__name__}Create", (body, self.CreateIn), {})

            @router.post(f"/{path}/", response={201: detail_out, **WRITE_ERRORS}, operation_id=f"create_{name}")
            def create_record(request, payload: create_body):
                data = api_payload(payload, create=True)
                obj = register.create(actor=request.auth, committee=payload.committee, data=data)
                return Status(201, shown(obj, request.auth))

        if register.update is not None:

            @router.patch(f"/{path}/{{pk}}", response={200: detail_out, **WRITE_ERRORS}, operation_id=f"update_{name}")
            def update_record(request, pk: Id, payload: body):
                require_reader(request.auth)
                obj = get_visible(records(), request.auth, pk)
                register.update(request.auth, obj, api_payload(payload, create=False))
                return shown(obj, request.auth)

        table = self.tables.get(key)
        if table is None:
            return None

        def load(user, pk):
            require_reader(user)
            obj = get_visible(records(), user, pk)
            self.require_manage(user, obj.committee_id)
            return obj

        core_actions.mount_api(router, table, load=load, out=detail_out, render=shown, errors=WRITE_ERRORS)
        return load, shown
