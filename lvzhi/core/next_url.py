"""Where a form that came from another page sends the user back to: the `next` it carries (the login
page's, the language and scope switchers'), when it is a path on this site — never another site,
and never a word (Django's `redirect("x")` takes a word for a view's name and fails when none has
it)."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_target(request, target, default: str = "/") -> str:
    """`target` when it is a path on this site (`/proposals/?page=2`), else `default`."""
    target = str(target or "")
    on_site = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if on_site and target.startswith("/") and not target.startswith("//") else default


def back_to(request, target, default: str = "/") -> HttpResponseRedirect:
    """A redirect to `local_target(request, target, default)`."""
    return HttpResponseRedirect(local_target(request, target, default))
