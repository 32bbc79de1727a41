"""A committee's baseline targets (履职基本要求) over the API, as on the targets page: the list in
force (the committee's own, else the default template of eight), create, edit, delete and reset —
through the same services, which allow staff with the members permission for their scope."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, In, QueryIn
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.duties import ledger, scoring, services
from lvzhi.duties.models import Target
from lvzhi.duties.selectors import can_read
from lvzhi.org.models import Committee

router = Router(tags=["duties"])


class TargetOut(Schema):
    id: int | None = Field(description="空：尚在使用默认模板（首次修改时生成本会的条目）")
    name: str
    kinds: list[str]
    kind_labels: list[str]
    required: int
    counted: bool


class TargetList(Schema):
    committee: int
    is_default: bool
    items: list[TargetOut]
    count: int


class TargetFilter(QueryIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码；默认本人所在委员会")


class TargetIn(In):
    name: str = Field(..., min_length=1, max_length=100)
    kinds: list[str] = Field(..., min_length=1, max_length=50, description="计入的履职事件类别（可用 前缀* 匹配）")
    required: int = Field(1, ge=1, le=1000)
    sort: int = Field(0, ge=0, le=1000)


class TargetPatch(In):
    name: str | None = Field(None, min_length=1, max_length=100)
    kinds: list[str] | None = Field(None, min_length=1, max_length=50)
    required: int | None = Field(None, ge=1, le=1000)
    sort: int | None = Field(None, ge=0, le=1000)


class TargetCreate(TargetIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码；默认本人所在委员会")


class TargetsResetIn(In):
    committee: str = Field("", max_length=20)


def _committee(user, key) -> Committee:
    if not can_read(user):
        raise Forbidden()
    key = str(key or "").strip()
    if not key:
        if user.committee_id and user.committee_id in committee_ids(user):
            return Committee.objects.get(pk=user.committee_id)
        raise Invalid(errors={"committee": [_("请指定委员会。")]})
    found = committee_named(key, committee_ids(user))
    if found is None:
        raise NotFound()
    return found


def _listing(committee: Committee) -> dict:
    registered, labels = set(ledger.kinds()), ledger.kinds()
    specs = scoring.targets_for(committee.pk)
    items = [
        {
            "id": t.id,
            "name": t.name,
            "kinds": list(t.kinds),
            "kind_labels": [str(labels.get(k, k)) for k in t.kinds],
            "required": t.required,
            "counted": scoring.counted(t, registered),
        }
        for t in specs
    ]
    return {
        "committee": committee.pk,
        "is_default": all(t.id is None for t in specs),
        "items": items,
        "count": len(items),
    }


def _target(user, pk) -> Target:
    if not can_read(user):
        raise Forbidden()
    target = Target.objects.filter(pk=pk, committee_id__in=committee_ids(user)).select_related("committee").first()
    if target is None:
        raise NotFound()
    return target


@router.get("/duty-targets/", response={200: TargetList, **READ_ERRORS}, operation_id="list_duty_targets")
def list_targets(request, filters: Query[TargetFilter]):
    return _listing(_committee(request.auth, filters.committee))


@router.post("/duty-targets/", response={201: TargetList, **WRITE_ERRORS}, operation_id="create_duty_target")
def create_target(request, payload: TargetCreate):
    committee = _committee(request.auth, payload.committee)
    services.save_target(actor=request.auth, committee=committee, data=payload.model_dump(exclude={"committee"}))
    return Status(201, _listing(committee))


@router.post("/duty-targets/reset", response={200: TargetList, **WRITE_ERRORS}, operation_id="reset_duty_targets")
def reset_targets(request, payload: TargetsResetIn):
    committee = _committee(request.auth, payload.committee)
    services.reset_targets(actor=request.auth, committee=committee)
    return _listing(committee)


@router.patch("/duty-targets/{pk}", response={200: TargetList, **WRITE_ERRORS}, operation_id="update_duty_target")
def update_target(request, pk: Id, payload: TargetPatch):
    """What is left out keeps its value."""
    target = _target(request.auth, pk)
    data = {"name": target.name, "kinds": target.kinds, "required": target.required, "sort": target.sort}
    data.update(payload.model_dump(exclude_none=True))
    services.save_target(actor=request.auth, committee=target.committee, data=data, instance=target)
    return _listing(target.committee)


@router.delete("/duty-targets/{pk}", response={200: TargetList, **WRITE_ERRORS}, operation_id="delete_duty_target")
def delete_target(request, pk: Id):
    target = _target(request.auth, pk)
    committee = target.committee
    services.delete_target(actor=request.auth, target=target)
    return _listing(committee)
