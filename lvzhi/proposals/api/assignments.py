"""`/assignments/` is a unit's inbox (the office sees those in scope); `POST /assignments/{id}/<action>`
runs one action of the assignment action table, `/assignments/{id}/letter` adds the signed reply
letter; `POST /proposal-extensions/{id}/<action>` decides an extension request."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Query, Router, UploadedFile

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, page_of
from lvzhi.core.errors import Forbidden
from lvzhi.proposals import services
from lvzhi.proposals.actions import ASSIGNMENT_ACTIONS, EXTENSION_ACTIONS
from lvzhi.proposals.api.output import ASSIGNMENT_RELATED, _assignment, _assignment_out, _extension, _extension_out
from lvzhi.proposals.choices import AssignmentState
from lvzhi.proposals.models import Assignment
from lvzhi.proposals.paging import api_page
from lvzhi.proposals.schemas import AssignmentFilterIn, AssignmentOut, ExtensionOut

router = Router(tags=["proposals"])

OPEN = (AssignmentState.PENDING, AssignmentState.SIGNED)


@router.get("/assignments/", response={200: page_of(AssignmentOut), **READ_ERRORS})
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilterIn], paging: PageQuery):
    """A unit user's assignments; the office's within its scope."""
    user = request.auth
    qs = Assignment.objects.visible_to(user)
    if user.unit_id and user.has_role(Role.UNIT):
        qs = qs.filter(unit_id=user.unit_id)
    elif not user.can_read_module(Permission.PROPOSALS):
        raise Forbidden()
    if filters.state == "open":
        qs = qs.filter(state__in=OPEN)
    elif filters.state == "overdue":
        qs = qs.filter(state__in=OPEN, deadline__lt=timezone.localdate())
    elif filters.state:
        qs = qs.filter(state=filters.state)
    if filters.proposal:
        qs = qs.filter(proposal_id=filters.proposal)
    qs = qs.select_related(*ASSIGNMENT_RELATED).prefetch_related("evaluations").order_by("deadline", "id")
    page = api_page(qs, paging.page, paging.page_size)
    page["items"] = [_assignment_out(a) for a in page["items"]]
    return page


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **READ_ERRORS})
def get_assignment(request: HttpRequest, assignment_id: Id):
    return _assignment_out(_assignment(request.auth, assignment_id))


@router.post("/assignments/{assignment_id}/letter", response={200: AssignmentOut, **WRITE_ERRORS})
def attach_letter(request: HttpRequest, assignment_id: Id, file: File[UploadedFile]):
    """The signed reply letter (multipart/form-data, field `file`) of a reply the unit has given."""
    a = _assignment(request.auth, assignment_id)
    services.attach_reply_letter(actor=request.auth, assignment=a, upload=file)
    return _assignment_out(_assignment(request.auth, assignment_id))


mount_api(
    router,
    ASSIGNMENT_ACTIONS,
    load=_assignment,
    out=AssignmentOut,
    render=lambda a, user: _assignment_out(_assignment(user, a.pk)),
    errors=WRITE_ERRORS,
    tags=["proposals"],
)


@router.get("/proposal-extensions/{extension_id}", response={200: ExtensionOut, **READ_ERRORS})
def get_extension(request: HttpRequest, extension_id: Id):
    """An extension request of an assignment (the unit that asked, the office that decides)."""
    return _extension_out(_extension(request.auth, extension_id))


mount_api(
    router,
    EXTENSION_ACTIONS,
    load=_extension,
    out=ExtensionOut,
    render=lambda e, user: _extension_out(_extension(user, e.pk)),
    errors=WRITE_ERRORS,
    tags=["proposals"],
)
