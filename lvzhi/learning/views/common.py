"""What every learning page shares: who may read, study or manage; the committees managed."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.utils.translation import gettext as _

from lvzhi.core import permissions
from lvzhi.core.scope import active_committee_ids, form_committee
from lvzhi.learning import services
from lvzhi.learning.models import PERMISSION, StudyMaterial, reads_all
from lvzhi.org.models import Committee

PAGE_SIZE = 20


def can_use(user) -> bool:
    """Members (and unit users, to whom a material may be addressed), the office and leaders."""
    return permissions.is_authenticated(user) and (
        reads_all(user) or permissions.is_member_user(user) or bool(user.unit_id)
    )


def can_manage_any(user) -> bool:
    return permissions.is_authenticated(user) and user.has_module_perm(PERMISSION) and bool(user.committee_id)


def is_member(user) -> bool:
    return permissions.is_member_user(user)


def _require(test):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


user_required = _require(can_use)
reader_required = _require(reads_all)
manager_required = _require(can_manage_any)
member_or_reader = _require(lambda u: reads_all(u) or is_member(u))


def managed_committees(request):
    ids = [pk for pk in active_committee_ids(request) if services.can_manage(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


def chosen_committee(request):
    """The committee a staff page works on (?committee=, default the user's own)."""
    committees = list(managed_committees(request))
    found = form_committee(request, committees)
    if found is None:
        raise PermissionDenied
    return found, committees


def serve_attachment(attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def home_panel(request):
    """A member: the required materials they have not studied yet."""
    user = request.user
    if not is_member(user):
        return None
    rows = list(
        StudyMaterial.objects.visible_to(user)
        .filter(required=True)
        .exclude(records__member_id=user.member_id)
        .order_by("deadline", "-published_at")[:5]
    )
    return {
        "key": "learning-required",
        "title": _("待学习的必学资料"),
        "template": "learning/_home.html",
        "rows": rows,
    }
