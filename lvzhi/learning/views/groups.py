"""Reading groups (读书群组): the list, the office's form, the detail with schedule and discussion."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column, Listing, paginate
from lvzhi.core.scope import get_visible_or_404
from lvzhi.core.workflow import timeline
from lvzhi.learning import forms, selectors, services
from lvzhi.learning.actions import GROUP_ACTIONS
from lvzhi.learning.choices import MaterialKind, MaterialState
from lvzhi.learning.models import GroupMember, ReadingGroup, StudyMaterial, reads_all
from lvzhi.learning.views.common import PAGE_SIZE, chosen_committee, manager_required, member_or_reader

GROUPS = Listing(
    key="learning.groups",
    columns=(
        Column(_("建立时间"), "created", order=("state", "-created_at")),  # the open groups first, newest first
        Column(_("群组名称"), "name"),
    ),
    default_sort="created",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
)


@member_or_reader
def group_list(request):
    listing = GROUPS.run(request, selectors.groups_for(request.user))
    if listing.response:
        return listing.response
    manages = services.can_manage(request.user, request.user.committee_id or 0)
    return render(request, "learning/groups.html", {"listing": listing, "page": listing.page, "manages": manages})


@manager_required
def group_create(request):
    committee, committees = chosen_committee(request)
    books = StudyMaterial.objects.filter(committee=committee, kind=MaterialKind.BOOK, state=MaterialState.PUBLISHED)
    initial = {"book": request.GET.get("book")} if request.GET.get("book") else None
    form = forms.GroupForm(request.POST or None, books=books, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                actor=request.user,
                committee=committee,
                name=form.cleaned_data["name"],
                book=form.cleaned_data["book"],
                description=form.cleaned_data["description"],
                sessions=form.sessions(),
            )
        except ServiceError as exc:
            if any(k.startswith("sessions.") for k in exc.errors):
                exc.errors = {"schedule": [m for v in exc.errors.values() for m in v]}
            apply_service_error(form, exc)
        else:
            return redirect("learning:group", group.pk)
    return render(request, "learning/group_form.html", {"form": form, "committee": committee, "committees": committees})


def _detail(request, group, *, failed=None, status=200):
    user = request.user
    actions = {a.name: a for a in GROUP_ACTIONS.for_user(group, user)}
    built = {name: a.build_form(group, user) for name, a in actions.items()}
    if failed:
        built[failed[0]] = failed[1]
    posts = group.posts.select_related("author", "member").order_by("-created_at", "-id")
    page = paginate(posts, request.GET.get("page"), 30)
    return render(
        request,
        "learning/group.html",
        {
            "group": group,
            "sessions": list(group.sessions.all()),
            "seats": list(GroupMember.objects.filter(group=group).select_related("member")),
            "page": page,
            "actions": actions,
            "forms": built,
            "action_forms": [
                (a, built[a.name], reverse("learning:group_act", args=[group.pk, a.name])) for a in actions.values()
            ],
            "timeline": timeline(group) if reads_all(user) else [],
        },
        status=status,
    )


def _visible(request, pk):
    return get_visible_or_404(ReadingGroup.objects.select_related("book", "committee"), request.user, pk=pk)


@member_or_reader
def group_detail(request, pk):
    return _detail(request, _visible(request, pk))


@require_POST
@member_or_reader
def group_act(request, pk, action):
    group = _visible(request, pk)
    result = perform_page_action(request, GROUP_ACTIONS, group, action, keep_form=True)
    if result.done or result.form is None:  # done, or refused with a message: back to the record
        return redirect("learning:group", group.pk)
    group.refresh_from_db()
    return _detail(request, group, failed=(action, result.form), status=result.status)
