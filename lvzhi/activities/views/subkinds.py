"""The page where staff edit their committee's subkind lists (活动子类目录), one kind at a time."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.activities.services import can_manage, save_subkinds
from lvzhi.activities.subkinds import subkind_table
from lvzhi.activities.views.common import reader_required
from lvzhi.core.errors import ServiceError
from lvzhi.core.scope import committee_ids, form_committee
from lvzhi.org.models import Committee


def _committee(request, committees):
    return form_committee(request, committees)


@reader_required
@require_http_methods(["GET", "POST"])
def subkind_settings(request):
    """Readers see the lists; staff with the activities permission edit those of their committees."""
    committees = Committee.objects.filter(id__in=committee_ids(request.user)).order_by("path")
    committee = _committee(request, committees)
    if committee is None:
        raise PermissionDenied
    manages = can_manage(request.user, committee.pk)
    errors, posted = {}, {}
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        names = request.POST.get("names", "").splitlines()
        if request.POST.get("reset"):
            names = []
        try:
            save_subkinds(actor=request.user, committee=committee, kind=kind, names=names)
        except ServiceError as exc:
            errors = {kind: [str(m) for v in (exc.errors or {}).values() for m in v] or [str(exc.message)]}
            posted = {kind: request.POST.get("names", "")}
        else:
            messages.success(request, _("子类目录已保存。"))
            return redirect(f"{reverse('activities:subkinds')}?committee={committee.pk}#kind-{kind}")
    rows = subkind_table(committee)
    for row in rows:
        row["errors"] = errors.get(row["kind"], [])
        row["text"] = posted.get(row["kind"], "\n".join(row["names"]))
    return render(
        request,
        "activities/subkinds.html",
        {"committees": committees, "committee": committee, "rows": rows, "manages": manages},
        status=422 if errors else 200,
    )
