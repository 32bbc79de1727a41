"""What every liaison page shares: who may read, the scoped queryset of a register, the record
fetched for the user (404 for what they may not see), the committees they may write for."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from lvzhi.core.errors import NotFound
from lvzhi.core.registers import Register
from lvzhi.core.scope import active_committee_ids
from lvzhi.liaison.selectors import can_read
from lvzhi.liaison.services import can_manage
from lvzhi.org.models import Committee, Member

PAGE_SIZE = 50
EXPORT_LIMIT = 20000


def reader_required(view):
    """Staff with the members permission and leaders (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def scoped(register: Register, request):
    return register.queryset().visible_to(request.user).filter(committee_id__in=active_committee_ids(request))


def get_record(register: Register, request, pk):
    obj = register.queryset().visible_to(request.user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def manageable_committees(request):
    ids = [pk for pk in active_committee_ids(request) if can_manage(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


def members_of_committee(committee):
    return (
        Member.objects.filter(memberships__committee=committee)
        .distinct()
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )
