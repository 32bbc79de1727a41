"""What every duty-record page shares: who may read, the committee and year being looked at."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from lvzhi.core.errors import NotFound
from lvzhi.core.scope import active_committee_ids
from lvzhi.duties import selectors
from lvzhi.duties.selectors import can_read, is_member
from lvzhi.duties.services import MAX_YEAR, MIN_YEAR, can_manage
from lvzhi.org.models import Committee

PAGE_SIZE = 50


def reader_required(view):
    """Staff with the members permission and leaders (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def member_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def manager_required(request, committee) -> None:
    if not can_manage(request.user, committee):
        raise PermissionDenied


def pick_committee(request, committees):
    """The committee named by ?committee= (id or code) among those offered, else the user's own,
    else the first. A committee not offered is 404."""
    committees = list(committees)
    if not committees:
        raise NotFound()
    wanted = (request.GET.get("committee") or request.POST.get("committee") or "").strip()
    if wanted:
        for c in committees:
            if wanted in (str(c.pk), c.code):
                return c
        raise NotFound()
    for c in committees:
        if c.pk == request.user.committee_id:
            return c
    return committees[0]


def staff_committees(request):
    return Committee.objects.filter(id__in=active_committee_ids(request)).order_by("path")


def pick_year(request, default: int) -> int:
    value = (request.GET.get("year") or request.POST.get("year") or "").strip()
    if value.isascii() and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    return default


def staff_context(request):
    """Committee and year of a staff page (committee within the scope switcher's choice)."""
    committees = list(staff_committees(request))
    committee = pick_committee(request, committees)
    latest, years = selectors.record_years([committee.pk])
    year = pick_year(request, latest)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return {"committees": committees, "committee": committee, "year": year, "years": years}


def search(qs, q: str, field="member"):
    q = (q or "").strip()
    if not q:
        return qs
    return qs.filter(
        Q(**{f"{field}__name__icontains": q})
        | Q(**{f"{field}__name_initials__istartswith": q.lower()})
        | Q(**{f"{field}__name_pinyin__istartswith": q.lower()})
    )
