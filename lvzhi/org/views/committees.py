"""The committee tree with its terms and sessions. System administrators keep the tree; staff
with the members permission keep their committees' terms and sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core.scope import active_committee_ids, get_visible_or_404
from lvzhi.org import services
from lvzhi.org.forms import CommitteeForm, SessionForm, TermForm
from lvzhi.org.models import Committee, Session, Term
from lvzhi.org.views.common import require_manage, run_service

CRUMB = (gettext_lazy("委员会"), "org:committee_list")


def _is_sysadmin(user) -> bool:
    return user.has_role(Role.SYSADMIN)


def _years_since(day, today) -> int:
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


@login_required
def committee_list(request):
    user = request.user
    sysadmin = _is_sysadmin(user)
    if not (sysadmin or user.can_read_module(Permission.MEMBERS)):
        raise PermissionDenied
    committees = Committee.objects.all() if sysadmin else Committee.objects.filter(id__in=active_committee_ids(request))
    sessions = Prefetch("sessions", queryset=Session.objects.order_by("number"))
    terms = Prefetch("terms", queryset=Term.objects.order_by("-number").prefetch_related(sessions))
    committees = list(committees.prefetch_related(terms).order_by("path"))
    top = min((c.path.count("/") for c in committees), default=0)
    today = timezone.localdate()
    for c in committees:
        c.depth = c.path.count("/") - top
        c.can_manage = services.can_manage_org(user, c.pk)
        c.years = _years_since(c.founded_on, today) if c.founded_on else None
    return render(request, "org/committee_list.html", {"committees": committees, "sysadmin": sysadmin})


def _page(request, title, form, cancel=None):
    return render(
        request,
        "org/form.html",
        {
            "title": title,
            "sections": [(None, form, False)],
            "cancel_url": cancel or reverse("org:committee_list"),
            "crumbs": [CRUMB],
            "submit": _("保存"),
        },
    )


def _done(request, obj):
    messages.success(request, _("已保存“%(name)s”。") % {"name": obj})
    return redirect("org:committee_list")


@login_required
def committee_edit(request, pk=None):
    """Create (pk None) or edit a committee: system administrators only."""
    if not _is_sysadmin(request.user):
        raise PermissionDenied
    instance = get_object_or_404(Committee, pk=pk) if pk else None
    data = request.POST if request.method == "POST" else None
    initial = {}
    if instance is not None:
        initial = {k: getattr(instance, k) for k in ("code", "name", "short_name", "level", "founded_on", "sort")}
        initial["parent"] = instance.parent_id
    form = CommitteeForm(data, instance=instance, initial=initial)
    if data is not None and form.is_valid():
        obj = run_service(
            [form], lambda: services.save_committee(actor=request.user, data=form.cleaned_data, instance=instance)
        )
        if obj is not None:
            return _done(request, obj)
    title = _("编辑委员会：%(name)s") % {"name": instance} if instance else _("新增委员会")
    return _page(request, title, form)


@login_required
def term_edit(request, committee_pk=None, pk=None):
    """Create a term of a committee (committee_pk) or edit one (pk)."""
    if pk:
        instance = get_visible_or_404(Term.objects.select_related("committee"), request.user, pk=pk)
        committee = instance.committee
    else:
        instance = None
        committee = get_visible_or_404(Committee.objects, request.user, pk=committee_pk)
    require_manage(request, committee.pk)
    data = request.POST if request.method == "POST" else None
    initial = {k: getattr(instance, k) for k in ("number", "start_date", "end_date")} if instance else {}
    form = TermForm(data, initial=initial)
    if data is not None and form.is_valid():
        obj = run_service(
            [form],
            lambda: services.save_term(
                actor=request.user, committee=committee, data=form.cleaned_data, instance=instance
            ),
        )
        if obj is not None:
            return _done(request, obj)
    if instance:
        title = _("编辑届次：%(c)s %(t)s") % {"c": committee.short_name, "t": instance}
    else:
        title = _("新增届次：%(c)s") % {"c": committee.short_name}
    return _page(request, title, form)


@login_required
def session_edit(request, term_pk=None, pk=None):
    """Create a session of a term (term_pk) or edit one (pk)."""
    if pk:
        instance = get_visible_or_404(Session.objects.select_related("term", "committee"), request.user, pk=pk)
        term = instance.term
    else:
        instance = None
        term = get_visible_or_404(Term.objects.select_related("committee"), request.user, pk=term_pk)
    require_manage(request, term.committee_id)
    data = request.POST if request.method == "POST" else None
    initial = {k: getattr(instance, k) for k in ("number", "start_date", "end_date")} if instance else {}
    form = SessionForm(data, initial=initial)
    if data is not None and form.is_valid():
        obj = run_service(
            [form],
            lambda: services.save_session(actor=request.user, term=term, data=form.cleaned_data, instance=instance),
        )
        if obj is not None:
            return _done(request, obj)
    if instance:
        title = _("编辑会议：%(c)s %(s)s") % {"c": term.committee.short_name, "s": instance}
    else:
        title = _("新增会议：%(c)s %(t)s") % {"c": term.committee.short_name, "t": term}
    return _page(request, title, form)
