"""The committee's proposal rules (deadlines, windows, numbering) and lists (categories, rejection
reasons, answer categories), edited by the proposals office through the policy services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.errors import Forbidden, NotFound, ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.scope import SCOPE_SESSION_KEY, committee_ids
from lvzhi.org.models import Committee
from lvzhi.proposals import policy
from lvzhi.proposals.forms import ListItemForm, PolicyForm

LIST_LABELS = {
    "categories": gettext_lazy("提案类别"),
    "reasons": gettext_lazy("不予立案理由"),
    "answers": gettext_lazy("答复类别"),
}


def rules_committee(request) -> Committee:
    """The committee whose rules the office edits: the one chosen in the scope switcher, else its own."""
    user = request.user
    chosen = request.session.get(SCOPE_SESSION_KEY)
    committee_id = chosen if chosen in committee_ids(user) else user.committee_id
    if not committee_id or not policy.may_edit_rules(user, committee_id):
        raise Forbidden(_("只有提案工作人员可以修改提案工作规则。"))
    return Committee.objects.get(pk=committee_id)


def _lists(committee):
    """Each list's entries; the defaults (unsaved) while the committee has none."""
    defaults = policy.default_lists(committee.pk)
    result = []
    for kind, model in policy.LIST_MODELS.items():
        items = list(model.objects.filter(committee=committee).order_by("sort", "id")) or defaults[kind]
        result.append((kind, LIST_LABELS[kind], items))
    return result


@login_required
def rules(request):
    committee = rules_committee(request)
    current = policy.read_policy(committee)
    initial = {f: getattr(current, f) for f in policy.POLICY_FIELDS}
    form = PolicyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                policy.update_policy(actor=request.user, committee=committee, data=form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("提案工作规则已保存。"))
                return redirect("proposals:rules")
    context = {
        "committee": committee,
        "form": form,
        "lists": _lists(committee),
        "new_forms": {kind: ListItemForm(kind=kind, prefix=kind) for kind in policy.LIST_MODELS},
    }
    return render(request, "proposals/rules.html", context, status=status)


@login_required
def rule_item(request, kind, pk=None):
    """Add (pk=None) or change one entry of a list."""
    committee = rules_committee(request)
    model = policy.LIST_MODELS.get(kind)
    if model is None:
        raise NotFound()
    item = None
    if pk is not None:
        item = model.objects.filter(committee=committee, pk=pk).first()
        if item is None:
            raise NotFound()
    initial = {"name": item.name, "sort": item.sort, "is_active": item.is_active} if item else {"is_active": True}
    if item is not None and kind == "answers":
        initial["code"] = item.code
    prefix = None if item else kind
    form = ListItemForm(request.POST or None, kind=kind, initial=initial, prefix=prefix)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                policy.save_list_item(actor=request.user, committee=committee, kind=kind, data=data, item=item)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("proposals:rules")
    context = {"committee": committee, "form": form, "item": item, "kind": kind, "label": LIST_LABELS[kind]}
    return render(request, "proposals/rule_item.html", context, status=status)
