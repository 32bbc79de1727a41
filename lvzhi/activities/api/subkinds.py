"""The committee's subkind lists over the API."""

from django.utils.translation import gettext as _
from ninja import Query

from lvzhi.activities import services
from lvzhi.activities.api.common import require_reader, router
from lvzhi.activities.choices import ActivityKind
from lvzhi.activities.schemas import SubkindFilter, SubkindListOut, SubkindsIn, SubkindsOut
from lvzhi.activities.subkinds import subkind_table
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids, committee_named


def _scope_committee(user, key, *, field="committee"):
    found = committee_named(key, committee_ids(user))
    if found is None:
        raise Invalid(errors={field: [_("请选择您范围内的委员会。")]})
    return found


def _subkinds(committee) -> dict:
    rows = subkind_table(committee)
    items = [{**{k: r[k] for k in SubkindListOut.model_fields}, "label": str(r["label"])} for r in rows]
    return {"committee": committee.pk, "items": items}


@router.get("/activities/subkinds/", response={200: SubkindsOut, **READ_ERRORS})
def list_subkinds(request, filters: Query[SubkindFilter]):
    """The subkinds of every kind for a committee (default: the caller's own)."""
    require_reader(request.auth)
    key = filters.committee or str(request.auth.committee_id or "")
    return _subkinds(_scope_committee(request.auth, key))


@router.post("/activities/subkinds/{kind}", response={200: SubkindsOut, **WRITE_ERRORS})
def set_subkinds(request, kind: str, payload: SubkindsIn):
    """Replace a kind's subkind list of a committee (staff with the activities permission)."""
    if not request.auth.has_module_perm("activities"):
        raise Forbidden()
    if kind not in ActivityKind.values:
        raise NotFound()
    committee = _scope_committee(request.auth, payload.committee)
    services.save_subkinds(actor=request.auth, committee=committee, kind=kind, names=payload.names)
    return _subkinds(committee)
