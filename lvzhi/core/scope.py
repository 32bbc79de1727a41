"""Committee scope: which committees' records a user may see.

Every domain queryset has `visible_to(user)`, built on `committee_ids(user)`. Staff and leaders see
their own committee, and its descendants where their account says so; a member sees their own
committee; unit users and the administrator roles see no committee's business data through this
path (modules grant unit users their assigned records explicitly).
"""

from django.db import models

from lvzhi.core.errors import NotFound

SCOPE_SESSION_KEY = "lvzhi_scope"


def committee_ids(user) -> frozenset[int]:
    """All committee ids in the user's scope (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_lvzhi_scope_ids", None)
    if cached is not None:
        return cached
    from lvzhi.org.models import Committee

    ids: frozenset[int] = frozenset()
    if user.committee_id and (user.has_role("staff") or user.has_role("leader")):
        if user.scope_descendants:
            ids = frozenset(
                Committee.objects.descendants_of(user.committee_id, include_self=True).values_list("id", flat=True)
            )
        else:
            ids = frozenset([user.committee_id])
    elif user.committee_id and user.has_role("member"):
        ids = frozenset([user.committee_id])
    user._lvzhi_scope_ids = ids
    return ids


def active_committee_ids(request) -> frozenset[int]:
    """The committees the scope switcher narrows the view to (default: the whole scope)."""
    ids = committee_ids(request.user)
    chosen = request.session.get(SCOPE_SESSION_KEY) if hasattr(request, "session") else None
    if chosen and chosen in ids:
        from lvzhi.org.models import Committee

        return frozenset(
            Committee.objects.descendants_of(chosen, include_self=True).filter(id__in=ids).values_list("id", flat=True)
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
