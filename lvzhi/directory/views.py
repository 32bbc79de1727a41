"""The directory's pages: the list (htmx fragment, xlsx for the office), a member's card, the photo,
the member's own profile with their change requests, the office's request list and detail, and the
figures. Permissions are checked here and in the services, never only in the templates."""

import itertools
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.figure_pages import FigurePage, figure_page
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import committee_ids, committee_model, get_visible_or_404
from lvzhi.core.workflow import timeline
from lvzhi.directory import selectors, services
from lvzhi.directory.actions import CHANGE_ACTIONS
from lvzhi.directory.choices import ChangeState
from lvzhi.directory.figures import FIGURES
from lvzhi.directory.forms import ChangeRequestForm, PhotoForm, ProfileForm
from lvzhi.directory.models import Profile, ProfileChangeRequest
from lvzhi.directory.selectors import HIGHLIGHTS, DirectoryFilter
from lvzhi.org.models import Sector


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def browse_required(view):
    """Logged in (else the login page) and with members to browse (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.can_browse(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def member_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.is_member_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def office_reader_required(view):
    """The office and leaders (who read the members module)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_read(request.user, Permission.MEMBERS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def requests_reader_required(view):
    """The office and leaders, and members (their own requests)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (permissions.can_read(user, Permission.MEMBERS) or permissions.is_member_user(user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _columns():
    def contact(key):
        return lambda card: card.contacts.get(key, "")

    return [
        Column(_("姓名"), lambda c: c.member.name, 10),
        Column(_("委员会"), lambda c: c.seat.committee.short_name if c.seat else "", 10),
        Column(_("委员职务"), lambda c: choice_label(c.seat, "role") if c.seat else "", 10),
        Column(_("界别"), lambda c: c.seat.sector.name if c.seat and c.seat.sector else "", 14),
        Column(_("参加单位"), lambda c: c.seat.party.name if c.seat and c.seat.party else "", 14),
        Column(_("职务"), lambda c: c.member.title, 20),
        Column(_("委员工作室"), lambda c: "、".join(s.name for s in c.studios), 24),
        *[Column(str(label), (lambda k: lambda c: c.highlights.get(k, 0))(key), 8) for key, label, _q in HIGHLIGHTS],
        Column(_("手机号（本人公开）"), contact("mobile"), 14),
        Column(_("电子邮箱（本人公开）"), contact("email"), 20),
        Column(_("工作单位（本人公开）"), contact("workplace"), 24),
    ]


def _members_listing() -> Listing:
    return Listing(
        key="directory.members",
        columns=(
            ListColumn(_("姓名"), "name", order=("name_pinyin",)),
            ListColumn(_("委员会"), "committee", order=("committee__path", "name_pinyin")),
        ),
        default_sort="name",
        page_size=selectors.PAGE_SIZE,
        page_sizes=tuple(sorted({selectors.PAGE_SIZE, 48, 96})),
        export_name=_("委员风采"),
        export_columns=tuple(_columns()),
    )


EXPORT_BATCH = 1000  # members read, and their cards built, at a time for the export

REQUESTS = Listing(
    key="directory.change_requests",
    columns=(
        ListColumn(_("委员"), "member", order=("member__name_pinyin",)),
        ListColumn(_("委员会"), "committee", order=("committee__path",)),
        ListColumn(_("申请时间"), "created", order=("created_at",)),
        ListColumn(_("状态"), "state"),
    ),
    default_sort="-created",
    page_size=50,
    export_name=_("资料变更申请"),
    export_columns=(
        Column(_("委员"), lambda r: r.member.name, 10),
        Column(_("委员会"), lambda r: r.committee.short_name, 10),
        Column(
            _("申请变更"),
            lambda r: "；".join(f"{x['label']}：{x['after']}" for x in selectors.change_rows(r)),
            40,
        ),
        Column(_("申请说明"), lambda r: r.reason, 30),
        Column(_("状态"), lambda r: choice_label(r, "state"), 10),
        Column(_("申请时间"), lambda r: r.created_at.strftime("%Y-%m-%d %H:%M"), 16),
        Column(_("审核意见"), lambda r: r.decision_note, 30),
    ),
)


def _export_cards(members, ids):
    """The export's cards, a thousand members at a time (their seats and highlights per batch)."""
    rows = members.iterator(chunk_size=EXPORT_BATCH)
    while batch := list(itertools.islice(rows, EXPORT_BATCH)):
        yield from selectors.cards(batch, ids)


@browse_required
def directory_list(request):
    """One view for the page, its htmx fragment (#results) and, for the office, the xlsx export."""
    flt = DirectoryFilter.from_params(request.GET)
    ids = selectors.directory_committee_ids(request.user)
    members = selectors.filter_members(request.user, flt)
    if request.GET.get("export") == "xlsx" and not permissions.can_read(request.user, Permission.MEMBERS):
        raise PermissionDenied
    listing = _members_listing().run(
        request,
        selectors.with_cards(members, ids),
        filters=flt.as_dict(),
        export_rows=lambda qs: _export_cards(qs, ids),
    )
    if listing.response:
        return listing.response
    page = listing.page
    page.object_list = selectors.cards(page.object_list, ids)
    context = {
        "listing": listing,
        "page": page,
        "flt": flt,
        "options": selectors.filter_options(ids),
        "highlight_labels": [(key, label) for key, label, _q in HIGHLIGHTS],
        "can_export": permissions.can_read(request.user, Permission.MEMBERS),
        "is_member": permissions.is_member_user(request.user),
    }
    template = "directory/list.html#results" if is_htmx(request) else "directory/list.html"
    return render(request, template, context)


@browse_required
def directory_detail(request, pk):
    card = selectors.card_for(request.user, pk)
    context = {
        "card": card,
        "highlight_labels": [(key, label) for key, label, _q in HIGHLIGHTS],
        "is_self": request.user.member_id == card.member.pk,
    }
    return render(request, "directory/detail.html", context)


def _photo_response(attachment):
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=300"
    return response


@browse_required
def photo(request, pk):
    """A member's photo, to those who may browse them (served inline: a checked JPEG or PNG)."""
    card = selectors.card_for(request.user, pk)
    if not card.has_photo:
        raise NotFound()
    return _photo_response(card.profile.photo)


# --- The member's own profile --------------------------------------------------------------------


def _profile_context(request, **forms):
    user = request.user
    profile = selectors.own_profile(user)
    seat = selectors.home_seat(user)
    sectors = Sector.objects.filter(committee_id=seat.committee_id, is_active=True) if seat else Sector.objects.none()
    initial = {
        "bio": profile.bio if profile else "",
        **{name: bool(profile and getattr(profile, name)) for name in services.SHARE_FIELDS},
    }
    return {
        "profile": profile,
        "seat": seat,
        "member": seat.member if seat else None,
        "profile_form": forms.get("profile_form") or ProfileForm(initial=initial),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "change_form": forms.get("change_form") or ChangeRequestForm(sectors=sectors),
        "requests": selectors.filter_requests(user).filter(member_id=user.member_id)[:10],
        "has_pending": ProfileChangeRequest.objects.filter(
            member_id=user.member_id, state=ChangeState.PENDING
        ).exists(),
    }


@member_required
def my_profile(request):
    return render(request, "directory/profile.html", _profile_context(request))


def _run_form(request, form, run, key, done):
    """Run one service from a form of the profile page; redisplay the page with the errors."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("directory:profile")
    return render(request, "directory/profile.html", _profile_context(request, **{key: form}), status=422)


@require_POST
@member_required
def profile_edit(request):
    return _run_form(
        request,
        ProfileForm(request.POST),
        lambda data: services.update_profile(actor=request.user, data=data),
        "profile_form",
        _("风采资料已保存。"),
    )


@require_POST
@member_required
def photo_upload(request):
    return _run_form(
        request,
        PhotoForm(request.POST, request.FILES),
        lambda data: services.set_profile_photo(actor=request.user, upload=data["photo"]),
        "photo_form",
        _("照片已更新。"),
    )


@require_POST
@member_required
def photo_remove(request):
    services.remove_profile_photo(actor=request.user)
    messages.success(request, _("照片已删除。"))
    return redirect("directory:profile")


@member_required
def own_photo(request):
    """The member's own photo (also before anyone may browse them)."""
    profile = Profile.objects.filter(member_id=request.user.member_id, photo__isnull=False).select_related("photo")
    profile = profile.first()
    if profile is None:
        raise NotFound()
    return _photo_response(profile.photo)


@require_POST
@member_required
def request_create(request):
    seat = selectors.home_seat(request.user)
    sectors = Sector.objects.filter(committee_id=seat.committee_id, is_active=True) if seat else Sector.objects.none()
    return _run_form(
        request,
        ChangeRequestForm(request.POST, sectors=sectors),
        lambda data: services.request_profile_change(actor=request.user, data=data),
        "change_form",
        _("变更申请已提交，待机关审核。"),
    )


# --- Change requests: the office's list and the detail -------------------------------------------


@requests_reader_required
def request_list(request):
    state = selectors.clean_param(request.GET.get("state"))
    committee = selectors.clean_param(request.GET.get("committee"))
    q = selectors.clean_param(request.GET.get("q"))
    rows = selectors.filter_requests(request.user, state=state, committee=committee, q=q)
    if request.GET.get("export") == "xlsx" and not permissions.can_read(request.user, Permission.MEMBERS):
        raise PermissionDenied
    listing = REQUESTS.run(request, rows, filters={"state": state, "committee": committee, "q": q})
    if listing.response:
        return listing.response
    page = listing.page
    ids = committee_ids(request.user)
    context = {
        "listing": listing,
        "page": page,
        "state": state,
        "committee": committee,
        "q": q,
        "states": ChangeState.choices,
        "committees": committee_model().objects.filter(id__in=ids).order_by("path") if len(ids) > 1 else [],
        "can_export": permissions.can_read(request.user, Permission.MEMBERS),
    }
    template = "directory/requests.html#results" if is_htmx(request) else "directory/requests.html"
    return render(request, template, context)


def _change_for(request, pk) -> ProfileChangeRequest:
    change = get_visible_or_404(ProfileChangeRequest.objects.select_related("member", "committee"), request.user, pk=pk)
    return change


@requests_reader_required
def request_detail(request, pk):
    change = _change_for(request, pk)
    context = {
        "change": change,
        "rows": selectors.change_rows(change),
        "timeline": timeline(change),
        "actions": [(a, a.build_form(change, request.user)) for a in CHANGE_ACTIONS.for_user(change, request.user)],
        "action_url": lambda name: reverse("directory:request_action", args=[change.pk, name]),
    }
    return render(request, "directory/request_detail.html", context)


@require_POST
@requests_reader_required
def request_action(request, pk, action):
    change = _change_for(request, pk)
    perform_page_action(request, CHANGE_ACTIONS, change, action)  # queues the success or refusal message
    return redirect("directory:request_detail", change.pk)


# --- Figures -------------------------------------------------------------------------------------


def _figure_row(record) -> dict:
    if isinstance(record, ProfileChangeRequest):
        return {
            "url": reverse("directory:request_detail", args=[record.pk]),
            "text": str(record),
            "when": record.decided_at,
        }
    return {
        "url": reverse("directory:detail", args=[record.member_id]),
        "text": str(record.member),
        "when": record.completed_at,
    }


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="directory/figures.html",
    records_template="directory/figure_records.html",
    row=_figure_row,
    default_scope="tree",
    related=("member",),
)


@office_reader_required
def figures(request):
    return figure_page(request, FIGURE_PAGE)
