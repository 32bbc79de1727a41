"""What the 文史 pages share: who may open them, fetching a visible record, the committees a user
manages, serving a record's file."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

from lvzhi.core.errors import NotFound
from lvzhi.core.scope import active_committee_ids
from lvzhi.org.models import Committee
from lvzhi.wenshi import services

PAGE_SIZE = 30


def participant_required(view):
    """The office and leaders, and members (403 for anyone else: units, administrators)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (services.can_read(request.user) or services.is_member_user(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def office_required(view):
    """Staff holding the 文史 permission and leaders."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def get_visible(queryset, request, pk):
    obj = queryset.visible_to(request.user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def managed_committees(request):
    ids = [pk for pk in active_committee_ids(request) if services.can_manage(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


def require_managed(request):
    committees = managed_committees(request)
    if not committees.exists():
        raise PermissionDenied
    return committees


def office_scope(request):
    return (
        active_committee_ids(request)
        if services.can_read(request.user)
        else frozenset([request.user.committee_id] if request.user.committee_id else [])
    )


def file_response(attachment):
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
