"""Reads of 文史 work: one filter per list (the page, its export and the API share it)."""

from django.db.models import Count, Q

from lvzhi.core.errors import ServiceError
from lvzhi.core.periods import parse_period
from lvzhi.core.registry import figures
from lvzhi.core.scope import committee_named
from lvzhi.wenshi.choices import ManuscriptKind, ManuscriptState
from lvzhi.wenshi.models import Call, Circulation, CollectionItem, Manuscript, Plan, Volume


def _text(params, name) -> str:
    return str(params.get(name) or "").strip()[:100]


def _committee(qs, params, allowed_ids):
    wanted = _text(params, "committee")
    if wanted:
        committee = committee_named(wanted, allowed_ids)
        qs = qs.filter(committee=committee) if committee else qs.none()
    return qs


def _figure(qs, params, allowed_ids, prefix):
    """`?figure=wenshi.x&period=...`: exactly the records behind that figure (for the committees
    shown)."""
    key = _text(params, "figure")
    if not key.startswith(prefix):
        return qs
    figure = figures().get(key)
    if figure is None:
        return qs.none()
    try:
        period = parse_period(_text(params, "period") or "cumulative")
    except ServiceError:
        return qs.none()
    return qs.filter(pk__in=figure.records(allowed_ids, period).values("pk"))


def manuscript_list(user, params, *, committee_scope):
    """The office (committee_scope given): every clue and manuscript of those committees; a member:
    their own."""
    qs = Manuscript.objects.visible_to(user).select_related("committee")
    if committee_scope is not None:
        qs = qs.filter(committee_id__in=committee_scope)
        qs = _committee(qs, params, committee_scope)
        qs = _figure(qs, params, committee_scope, "wenshi.")
    if params.get("mine") in ("1", "true", "on", True):
        qs = qs.filter(submitted_by=user)
    q = _text(params, "q")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(author_name__icontains=q))
    state = _text(params, "state")
    if state:
        qs = qs.filter(state=state) if state in ManuscriptState.values else qs.none()
    kind = _text(params, "kind")
    if kind:
        qs = qs.filter(kind=kind) if kind in ManuscriptKind.values else qs.none()
    period = _text(params, "period")
    if period:
        try:
            qs = qs.filter(parse_period(period).q("submitted_on"))
        except ServiceError:
            qs = qs.none()
    return qs.order_by("-submitted_on", "-id")


def _register(qs, user, params, scope, search):
    qs = qs.visible_to(user).filter(committee_id__in=scope).select_related("committee")
    qs = _committee(qs, params, scope)
    qs = _figure(qs, params, scope, "wenshi.")
    q = _text(params, "q")
    if q:
        condition = Q()
        for field in search:
            condition |= Q(**{f"{field}__icontains": q})
        qs = qs.filter(condition)
    return qs


def plan_list(user, params, scope):
    return _register(Plan.objects.prefetch_related("years"), user, params, scope, ("title",))


def call_list(user, params, scope, *, office: bool):
    qs = Call.objects.visible_to(user).select_related("committee")
    if office:
        qs = _committee(qs.filter(committee_id__in=scope), params, scope)
    q = _text(params, "q")
    return qs.filter(title__icontains=q) if q else qs


def volume_list(user, params, scope):
    qs = _register(Volume.objects.select_related("series"), user, params, scope, ("title", "series__name", "editors"))
    return qs.annotate(entry_count=Count("entries")).order_by("-published_on", "series__name", "-number", "-id")


def item_list(user, params, scope):
    return _register(CollectionItem.objects.all(), user, params, scope, ("title", "provenance", "location"))


def circulation_list(user, params, scope):
    qs = _register(
        Circulation.objects.select_related("volume__series", "item"), user, params, scope, ("counterpart", "note")
    )
    kind = _text(params, "kind")
    return qs.filter(kind=kind) if kind else qs
