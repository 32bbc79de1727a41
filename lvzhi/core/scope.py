"""Committee scope: which committees' records a user may see.

Every domain queryset has `visible_to(user)`, built on `committee_ids(user)`. Staff and leaders see
their own committee, and its descendants where their account says so; a member sees their own
committee; unit users and the administrator roles see no committee's business data through this
path (modules grant unit users their assigned records explicitly).
"""

from django.contrib.auth import get_user_model
from django.db import models

from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import NotFound

SCOPE_SESSION_KEY = "lvzhi_scope"


def committee_model():
    """The committee model, as the user model names it (core knows no module: `org` defines it)."""
    return get_user_model()._meta.get_field("committee").related_model


def committee_named(text, allowed_ids):
    """The committee named by its GB/T 2260 code or by its id, if it is in `allowed_ids`; else None.
    Anything that is neither (a word, a 20-digit number, a NUL byte) is simply None."""
    text = str(text or "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    # one statement for both readings (a code is unique: two rows at most), the code's first
    rows = list(committee_model().objects.filter(models.Q(code=text) | models.Q(pk=int(text)), id__in=allowed_ids))
    return next((c for c in rows if c.code == text), None) or next((c for c in rows if c.pk == int(text)), None)


def committee_ids(user) -> frozenset[int]:
    """All committee ids in the user's scope (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_lvzhi_scope_ids", None)
    if cached is not None:
        return cached
    Committee = committee_model()
    ids: frozenset[int] = frozenset()
    if user.committee_id and (user.has_role("staff") or user.has_role("leader")):
        if user.scope_descendants:
            # The rows, not only the ids: the page header's scope switcher lists them (scope_committees).
            rows = list(
                Committee.objects.descendants_of(user.committee_id, include_self=True)
                .only("id", "short_name", "level", "path")
                .order_by("path")
            )
            user._lvzhi_scope_committees = rows
            ids = frozenset(c.id for c in rows)
        else:
            ids = frozenset([user.committee_id])
    elif user.committee_id and user.has_role("member"):
        ids = frozenset([user.committee_id])
    user._lvzhi_scope_ids = ids
    return ids


def form_committee(request, committees, obj=None):
    """The committee a form (or an office page) is for, among `committees` (those the user may act
    for): the one the form or the query names (`committee`, an id), else the record's (`obj`), else
    the user's own, else the first; None when there are none. Read once: a list is taken as it is."""
    rows = list(committees)
    by_id = {c.pk: c for c in rows}
    wanted = as_id(request.POST.get("committee") or request.GET.get("committee"))
    return (
        by_id.get(wanted)
        or by_id.get(getattr(obj, "committee_id", None))
        or by_id.get(request.user.committee_id)
        or (rows[0] if rows else None)
    )


def scope_committees(user) -> list:
    """The committees of the user's scope (id, short name, level, path) in tree order, read once a
    request together with `committee_ids`."""
    ids = committee_ids(user)
    rows = getattr(user, "_lvzhi_scope_committees", None)
    if rows is None:
        rows = list(
            committee_model().objects.filter(id__in=ids).only("id", "short_name", "level", "path").order_by("path")
        )
        user._lvzhi_scope_committees = rows
    return rows


def active_committee_ids(request) -> frozenset[int]:
    """The committees the scope switcher narrows the view to (default: the whole scope)."""
    ids = committee_ids(request.user)
    chosen = request.session.get(SCOPE_SESSION_KEY) if hasattr(request, "session") else None
    if chosen and chosen in ids:
        return frozenset(
            committee_model()
            .objects.descendants_of(chosen, include_self=True)
            .filter(id__in=ids)
            .values_list("id", flat=True)
        )
    return ids


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every domain table with a `committee` column."""

    committee_field = "committee_id"

    def visible_to(self, user):
        ids = committee_ids(user)
        if not ids:
            return self.none()
        return self.filter(**{f"{self.committee_field}__in": ids})

    def in_committees(self, ids):
        return self.filter(**{f"{self.committee_field}__in": ids})


def get_visible_or_404(queryset, user, **lookup):
    """The object the user may see, or NotFound (404) — never revealing that it exists."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
