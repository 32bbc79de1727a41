"""What every organisation page shares: who may read, scope, htmx, running a service on a form."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core.errors import ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.scope import active_committee_ids, form_committee
from lvzhi.org.models import Committee
from lvzhi.org.services import can_manage_org

PAGE_SIZE = 50


def reader_required(view):
    """Logged in (else the login page) and allowed to read the members module (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.can_read_module(Permission.MEMBERS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def can_write(user) -> bool:
    """Whether to show write buttons at all; the services decide per committee."""
    return user.has_module_perm(Permission.MEMBERS)


def require_manage(request, committee) -> None:
    """The page's refusal (403) when the user may not write in this committee."""
    if not can_manage_org(request.user, committee):
        raise PermissionDenied


def manageable_committees(request):
    """Committees of the active scope in which the user may write, the user's own first."""
    ids = [pk for pk in active_committee_ids(request) if can_manage_org(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


def chosen_committee(request, committees):
    """The committee a create form is for: the posted/queried one if allowed, else the user's own."""
    committee = form_committee(request, committees)
    if committee is None:
        raise PermissionDenied
    return committee


def run_service(forms, call):
    """Call a service; on its errors, show them on the forms' fields and return None."""
    forms = [f for f in forms if f is not None]
    try:
        return call()
    except ServiceError as exc:
        if not exc.errors:
            apply_service_error(forms[0], exc)
        for form in forms:  # each field's messages on the form that has it; the rest on the first
            own = {k: v for k, v in exc.errors.items() if k in form.fields}
            if form is forms[0]:
                own.update({k: v for k, v in exc.errors.items() if not any(k in f.fields for f in forms)})
            if own:
                apply_service_error(form, ServiceError(exc.message, errors=own))
    except IntegrityError:  # a race past the service's checks: a duplicate
        forms[0].add_error(None, _("与已有记录重复，请检查后重试。"))
    return None
