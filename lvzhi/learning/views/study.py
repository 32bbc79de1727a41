"""Reflections (学习心得): a member's own, the office's list of submitted ones."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import get_visible_or_404
from lvzhi.core.workflow import timeline
from lvzhi.learning import forms, selectors
from lvzhi.learning.actions import REFLECTION_ACTIONS
from lvzhi.learning.choices import ReflectionState
from lvzhi.learning.models import Reflection, reads_all
from lvzhi.learning.services.study import MIN_REFLECTION
from lvzhi.learning.views.common import PAGE_SIZE, member_or_reader

COLUMNS = [
    Column(_("学习资料"), lambda r: r.material.title, 30),
    Column(_("委员"), lambda r: r.member.name),
    Column(_("委员会"), lambda r: r.committee.short_name),
    Column(_("状态"), lambda r: choice_label(r, "state")),
    Column(_("提交时间"), lambda r: r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""),
    Column(_("字数"), lambda r: len(r.text), 8),
    Column(_("心得"), lambda r: r.text, 60),
]


REFLECTIONS = Listing(
    key="learning.reflections",
    columns=(
        ListColumn(_("提交时间"), "submitted", order=("submitted_at", "updated_at")),
        ListColumn(_("委员"), "member", order=("member__name_pinyin",)),
        ListColumn(_("学习资料"), "material", order=("material__title",)),
    ),
    default_sort="-submitted",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name="学习心得",
    export_columns=tuple(COLUMNS),
)


@member_or_reader
def reflection_list(request):
    user = request.user
    params = request.GET.dict()
    qs = selectors.reflections_for(user, params)
    if request.GET.get("export") == "xlsx" and not reads_all(user):
        raise PermissionDenied
    listing = REFLECTIONS.run(request, qs, filters=params)
    if listing.response:
        return listing.response
    context = {
        "listing": listing,
        "page": listing.page,
        "office": reads_all(user),
        "states": ReflectionState.choices,
        "params": params,
    }
    return render(request, "learning/reflections.html", context)


def _detail(request, reflection, *, failed=None, status=200):
    user = request.user
    actions = {a.name: a for a in REFLECTION_ACTIONS.for_user(reflection, user)}
    built = {name: a.build_form(reflection, user) for name, a in actions.items()}
    if "edit" in built:
        built["edit"] = forms.ReflectionForm(initial={"text": reflection.text})
    if failed:
        built[failed[0]] = failed[1]
    return render(
        request,
        "learning/reflection.html",
        {
            "reflection": reflection,
            "actions": actions,
            "forms": built,
            "action_forms": [
                (a, built[a.name], reverse("learning:reflection_act", args=[reflection.pk, a.name]))
                for a in actions.values()
            ],
            "timeline": timeline(reflection),
            "min_reflection": MIN_REFLECTION,
        },
        status=status,
    )


def _visible(request, pk):
    return get_visible_or_404(Reflection.objects.select_related("material", "member", "committee"), request.user, pk=pk)


@member_or_reader
def reflection_detail(request, pk):
    return _detail(request, _visible(request, pk))


@require_POST
@member_or_reader
def reflection_act(request, pk, action):
    reflection = _visible(request, pk)
    result = perform_page_action(request, REFLECTION_ACTIONS, reflection, action, keep_form=True)
    if result.done or result.form is None:  # done, or refused with a message: back to the record
        return redirect("learning:reflection", reflection.pk)
    reflection.refresh_from_db()
    return _detail(request, reflection, failed=(action, result.form), status=result.status)
