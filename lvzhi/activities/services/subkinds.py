"""The committee's own lists of subkinds: staff replace a kind's list (see `lvzhi.activities.subkinds`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.activities.choices import DEFAULT_SUBKINDS, ActivityKind
from lvzhi.activities.models import Subkind
from lvzhi.activities.services.base import require_manage
from lvzhi.activities.subkinds import clean_names
from lvzhi.core import audit
from lvzhi.core.errors import Invalid


@transaction.atomic
def save_subkinds(*, actor, committee, kind: str, names) -> list[str]:
    """Replace the committee's subkinds of a kind (in this order); an empty list restores the defaults.
    A name taken off the list is kept as an inactive row. Returns the list that now applies."""
    require_manage(actor, committee)
    if kind not in ActivityKind.values:
        raise Invalid(errors={"kind": [_("请选择活动类别。")]})
    cleaned = clean_names(names)
    rows = {s.name: s for s in Subkind.objects.select_for_update().filter(committee=committee, kind=kind)}
    before = [s.name for s in sorted(rows.values(), key=lambda s: (s.sort, s.pk)) if s.is_active]
    for sort, name in enumerate(cleaned):
        row = rows.get(name)
        if row is None:
            Subkind.objects.create(committee=committee, kind=kind, name=name, sort=sort)
        elif row.sort != sort or not row.is_active:
            row.sort, row.is_active = sort, True
            row.save(update_fields=["sort", "is_active"])
    Subkind.objects.filter(committee=committee, kind=kind, is_active=True).exclude(name__in=cleaned).update(
        is_active=False
    )
    audit.record(
        "subkind.update",
        actor=actor,
        committee=committee,
        object_type="activities.subkind",
        before={"kind": kind, "names": before},
        after={"kind": kind, "names": cleaned},
    )
    return cleaned or list(DEFAULT_SUBKINDS.get(kind, []))
