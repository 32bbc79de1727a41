"""Per-committee configuration (limits, feedback period, recipients, categories, information
officers, organisation contacts, the points table), the points page and the figures."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts.models import User
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Invalid, ServiceError
from lvzhi.core.figure_pages import FigurePage, figure_page, statistics_scope
from lvzhi.core.forms import apply_service_error
from lvzhi.opinions import services
from lvzhi.opinions.choices import PointEvent, RecipientLevel
from lvzhi.opinions.figures import FIGURES, breakdown
from lvzhi.opinions.forms import SettingsForm
from lvzhi.opinions.models import Category, InformationOfficer, PartyContact, Recipient
from lvzhi.opinions.selectors import points_table
from lvzhi.opinions.views.common import PAGE_SIZE, chosen_committee, manager_required, reader_required
from lvzhi.org.models import Party


def _back(committee):
    return redirect(reverse("opinions:settings") + f"?committee={committee.pk}")


def _error(request, exc):
    details = [str(m) for v in exc.errors.values() for m in v]
    messages.error(request, "；".join([str(exc.message), *details]))


@manager_required
def opinion_settings(request):
    committee, committees = chosen_committee(request)
    current = services.settings_for(committee)
    form = SettingsForm(
        request.POST or None,
        initial={
            "warn_length": current.warn_length,
            "max_length": current.max_length,
            "feedback_days": current.feedback_days,
        },
    )
    table = services.points_for(committee)
    if request.method == "POST" and form.is_valid():
        try:
            points = {e: request.POST.get(f"points_{e}") for e in PointEvent.values if f"points_{e}" in request.POST}
            services.configure(actor=request.user, committee=committee, points=points, **form.cleaned_data)
            messages.success(request, _("设置已保存。"))
            return _back(committee)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request,
        "opinions/settings.html",
        {
            "committee": committee,
            "committees": committees,
            "form": form,
            "points": [(event, label, table[event]) for event, label in PointEvent.choices],
            "recipients": Recipient.objects.filter(committee=committee),
            "levels": RecipientLevel.choices,
            "categories": services.categories_for(committee),
            "own_categories": list(Category.objects.filter(committee=committee)),
            "officers": InformationOfficer.objects.filter(committee=committee).select_related("user", "party"),
            "contacts": PartyContact.objects.filter(committee=committee).select_related("user", "party"),
            "parties": Party.objects.filter(committee=committee, is_active=True),
        },
    )


@manager_required
@require_POST
def add_recipient(request):
    committee, _c = chosen_committee(request)
    try:
        services.create_recipient(
            actor=request.user,
            committee=committee,
            name=request.POST.get("name", ""),
            level=request.POST.get("level", ""),
            sort=request.POST.get("sort"),  # the service reads and bounds it
        )
        messages.success(request, _("已添加报送对象。"))
    except ServiceError as exc:
        _error(request, exc)
    return _back(committee)


@manager_required
@require_POST
def toggle_recipient(request, pk):
    committee, _c = chosen_committee(request)
    recipient = Recipient.objects.filter(committee=committee, pk=pk).first()
    if recipient is None:
        raise Http404
    services.set_recipient_active(actor=request.user, recipient=recipient, active=not recipient.is_active)
    return _back(committee)


@manager_required
@require_POST
def seed_recipients(request):
    committee, _c = chosen_committee(request)
    services.seed_default_recipients(actor=request.user, committee=committee)
    return _back(committee)


@manager_required
@require_POST
def add_category(request):
    committee, _c = chosen_committee(request)
    try:
        services.create_category(actor=request.user, committee=committee, name=request.POST.get("name", ""))
        messages.success(request, _("已添加类别。"))
    except ServiceError as exc:
        _error(request, exc)
    return _back(committee)


def _user_named(committee, username):
    return User.objects.filter(committee=committee, username=str(username or "").strip()).first()


@manager_required
@require_POST
def add_officer(request):
    committee, _c = chosen_committee(request)
    party_id = request.POST.get("party", "")
    party = Party.objects.filter(committee=committee, pk=as_id(party_id)).first() if as_id(party_id) else None
    try:
        services.appoint_officer(
            actor=request.user,
            committee=committee,
            user=_user_named(committee, request.POST.get("username")),
            name=request.POST.get("name", ""),
            workplace=request.POST.get("workplace", ""),
            party=party,
        )
        messages.success(request, _("已聘任特邀信息员。"))
    except ServiceError as exc:
        _error(request, exc)
    return _back(committee)


@manager_required
@require_POST
def add_contact(request):
    committee, _c = chosen_committee(request)
    party_id = request.POST.get("party", "")
    party = Party.objects.filter(committee=committee, pk=as_id(party_id)).first() if as_id(party_id) else None
    try:
        services.add_party_contact(
            actor=request.user,
            committee=committee,
            party=party,
            user=_user_named(committee, request.POST.get("username")),
        )
        messages.success(request, _("已添加联络人。"))
    except ServiceError as exc:
        _error(request, exc)
    return _back(committee)


def _flag(request):
    """The `active` field of a toggle form ("1"/"0"), or None when the form does not set it."""
    value = request.POST.get("active")
    return None if value is None else value == "1"


def _edit(request, model, pk, call, done):
    committee, _c = chosen_committee(request)
    obj = model.objects.filter(committee=committee, pk=pk).first()
    if obj is None:
        raise Http404
    try:
        call(committee, obj)
        messages.success(request, done)
    except ServiceError as exc:
        _error(request, exc)
    return _back(committee)


@manager_required
@require_POST
def seed_categories(request):
    committee, _c = chosen_committee(request)
    services.seed_default_categories(actor=request.user, committee=committee)
    return _back(committee)


@manager_required
@require_POST
def edit_category(request, pk):
    post = request.POST

    def call(committee, category):
        services.update_category(
            actor=request.user,
            category=category,
            name=post.get("name") if "name" in post else None,
            sort=post.get("sort") or None,
            is_active=_flag(request),
        )

    return _edit(request, Category, pk, call, _("类别已更新。"))


@manager_required
@require_POST
def edit_recipient(request, pk):
    post = request.POST

    def call(committee, recipient):
        services.update_recipient(
            actor=request.user,
            recipient=recipient,
            name=post.get("name") if "name" in post else None,
            level=post.get("level") or None,
            is_active=_flag(request),
        )

    return _edit(request, Recipient, pk, call, _("报送对象已更新。"))


def _party_of(committee, value):
    value = str(value or "")
    return Party.objects.filter(committee=committee, pk=as_id(value)).first() if as_id(value) else None


@manager_required
@require_POST
def edit_officer(request, pk):
    post = request.POST

    def call(committee, officer):
        extra = {"party": _party_of(committee, post.get("party"))} if "party" in post else {}
        services.update_officer(
            actor=request.user,
            officer=officer,
            name=post.get("name") if "name" in post else None,
            workplace=post.get("workplace") if "workplace" in post else None,
            is_active=_flag(request),
            **extra,
        )

    return _edit(request, InformationOfficer, pk, call, _("特邀信息员已更新。"))


@manager_required
@require_POST
def edit_contact(request, pk):
    post = request.POST

    def call(committee, contact):
        user = None
        if post.get("username"):
            user = _user_named(committee, post.get("username"))
            if user is None:
                raise Invalid(errors={"user": [_("请选择本委员会的账号。")]})
        services.update_contact(
            actor=request.user,
            contact=contact,
            party=_party_of(committee, post.get("party")),
            user=user,
            is_active=_flag(request),
        )

    return _edit(request, PartyContact, pk, call, _("联络人已更新。"))


# --- Points and figures --------------------------------------------------------------------------


@reader_required
def points(request):
    context, scope_ids = statistics_scope(request, default_period="year", name_the_year=True, no_committee=Http404)
    context.update(points_table(scope_ids, context["period"]))
    table = services.points_for(context["chosen"])
    context["table"] = [(label, table[e]) for e, label in PointEvent.choices]
    return render(request, "opinions/points.html", context)


def _record_row(obj):
    report = getattr(obj, "report", None)
    if report is not None:
        return {"url": reverse("opinions:detail", args=[obj.report_id]), "text": str(report)}
    if hasattr(obj, "items"):
        return {"url": reverse("opinions:issue_detail", args=[obj.pk]), "text": obj.label}
    return {"url": reverse("opinions:detail", args=[obj.pk]), "text": obj.title}


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="opinions/figures.html",
    records_template="opinions/figure_records.html",
    row=_record_row,
    page_size=PAGE_SIZE,
    related=("report",),
    extra=lambda scope_ids, period: {"breakdown": breakdown(scope_ids, period)},
    name_the_year=True,
    no_committee=Http404,
)


@reader_required
def figure_list(request):
    return figure_page(request, FIGURE_PAGE)
