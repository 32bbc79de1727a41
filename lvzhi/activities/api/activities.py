"""Activities over the API: list, plan, read, edit, and the activity's steps (its action table)."""

from django.utils.translation import gettext as _
from ninja import Query

from lvzhi.activities import services
from lvzhi.activities.actions import ACTIVITY_ACTIONS
from lvzhi.activities.api.common import activity_data, detail, get_activity, require_reader, router
from lvzhi.activities.models import Activity
from lvzhi.activities.schemas import ActivityDetail, ActivityFilter, ActivityIn, ActivityOut, ActivityPatchIn
from lvzhi.activities.selectors import filter_activities
from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, page_of, paginate
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.scope import committee_ids, committee_named


@router.get("/activities/", response={200: page_of(ActivityOut), **READ_ERRORS})
def list_activities(request, filters: Query[ActivityFilter], paging: PageQuery):
    require_reader(request.auth)
    qs = Activity.objects.visible_to(request.auth)
    qs = filter_activities(qs, filters.dict(), request.auth)
    page = paginate(qs.order_by("-start", "-id"), paging.page, paging.page_size)
    return {"items": [activity_data(a) for a in page["items"]], "count": page["count"]}


@router.post("/activities/", response={201: ActivityDetail, **WRITE_ERRORS})
def create_activity(request, payload: ActivityIn):
    committee = committee_named(payload.committee, committee_ids(request.auth))
    if committee is None:
        if not request.auth.has_module_perm("activities"):
            raise Forbidden()
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    data = payload.dict(exclude={"committee"})
    activity = services.create_activity(actor=request.auth, committee=committee, data=data)
    return 201, detail(request.auth, activity)


@router.get("/activities/{id}", response={200: ActivityDetail, **READ_ERRORS})
def get_activity_detail(request, id: Id):
    return detail(request.auth, get_activity(request.auth, id))


@router.patch("/activities/{id}", response={200: ActivityDetail, **WRITE_ERRORS})
def update_activity(request, id: Id, payload: ActivityPatchIn):
    """Edit an activity, as its edit page does: only the fields sent change. A cancelled one is 409."""
    activity = get_activity(request.auth, id)
    services.update_activity(actor=request.auth, activity=activity, data=payload.model_dump(exclude_unset=True))
    return detail(request.auth, activity)


# `POST /activities/{id}/<action>` from the activity's action table (the note may be left out)
mount_api(
    router,
    ACTIVITY_ACTIONS,
    load=get_activity,
    out=ActivityDetail,
    render=lambda activity, user: detail(user, activity),
    errors=WRITE_ERRORS,
    param="id",
)
