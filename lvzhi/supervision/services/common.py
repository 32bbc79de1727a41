"""What every supervision service shares: who may write, committee resolution, input cleaning,
and the audit entry of a create or an update."""

import decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit, cleaning, permissions
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.org.models import Committee, Member, Membership


def can_manage(user, committee) -> bool:
    """Staff with the supervision permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, Permission.SUPERVISION)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, Permission.SUPERVISION)


def manages(user, obj) -> bool:
    return can_manage(user, obj.committee_id)


def resolve_committee(actor, committee) -> Committee:
    """The committee a new record belongs to: an object, an id or a GB/T 2260 code, in the actor's
    scope. A committee the actor does not manage is bad input (it is not theirs to choose)."""
    if not (permissions.is_authenticated(actor) and actor.has_module_perm(Permission.SUPERVISION)):
        raise Forbidden()
    if isinstance(committee, Committee):
        found = committee
    else:
        found = committee_named(committee, committee_ids(actor))
    if found is None or not can_manage(actor, found):
        raise Invalid(errors={"committee": [_("请选择您所管理的委员会。")]})
    return found


class Cleaner(cleaning.Cleaner):
    """The platform's input cleaner (`lvzhi.core.cleaning`) as the registers use it: an input that
    leaves a field out keeps the record's value (an update names only what changes), and what was
    cleaned is kept in `cleaned` for the service to write."""

    def __init__(self, data: dict, instance=None):
        super().__init__(data)
        self.instance = instance
        self.cleaned: dict = {}

    def _raw(self, field):
        if field in self.data:
            return self.data[field]
        if self.instance is not None:
            return getattr(self.instance, field, None)
        return None

    def text(self, field, max_length, *, required=False, label=None):
        value = self._raw(field)
        if value is not None and not isinstance(value, str):
            self.error(field, _("应为文字。"))
            self.cleaned[field] = ""
            return ""
        value = super().text(field, required=required, max_length=max_length, value=value or "")
        self.cleaned[field] = value
        return value

    def date(self, field, *, required=False, not_after_today=True):
        value = super().date(field, required=required, value=self._raw(field) or "")
        if value is not None and not_after_today and value > timezone.localdate():
            self.error(field, _("不能晚于今天。"))
        self.cleaned[field] = value
        return value

    def choice(self, field, choices, *, required=True):
        value = super().choice(field, choices.values, required=required, value=self._raw(field) or "")
        self.cleaned[field] = value
        return value

    def decimal(self, field, *, required=True, maximum=decimal.Decimal("999999999999")):
        number = super().decimal(field, required=required, low=0, high=maximum, value=self._raw(field))
        if number is not None and field not in self.errors:
            number = number.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
        else:
            number = None
        self.cleaned[field] = number
        return number

    def order(self, first, second, message):
        a, b = self.cleaned.get(first), self.cleaned.get(second)
        if a and b and b < a:
            self.error(second, message)


def _ids(values, field, cleaner):
    ids = []
    for value in values or []:
        pk = as_id(getattr(value, "pk", value))
        if pk is None:
            cleaner.error(field, _("委员选择有误。"))
            return None
        ids.append(pk)
    return list(dict.fromkeys(ids))


def members_of(committee, values, field, cleaner, *, required=False) -> list[Member]:
    """Members holding a membership of this committee (any term), or an error on `field`."""
    if values is None:
        values = []
    if not isinstance(values, (list, tuple, set)) and not hasattr(values, "__iter__"):
        cleaner.error(field, _("委员选择有误。"))
        return []
    ids = _ids(values, field, cleaner)
    if ids is None:
        return []
    if required and not ids:
        cleaner.error(field, _("请至少选择一名委员。"))
        return []
    seated = set(Membership.objects.filter(committee=committee, member_id__in=ids).values_list("member_id", flat=True))
    missing = [pk for pk in ids if pk not in seated]
    if missing:
        cleaner.error(field, _("只能选择本委员会的委员。"))
        return []
    return list(Member.objects.filter(pk__in=ids))


def member_of(committee, value, field, cleaner, *, required=True):
    if value in (None, ""):
        if required:
            cleaner.error(field, _("必填。"))
        return None
    found = members_of(committee, [value], field, cleaner)
    return found[0] if found else None


def record_create(obj, actor, *, extra=None):
    after = audit.snapshot(obj)
    if extra:
        after.update(extra)
    audit.record(f"{obj._meta.label_lower}.create", actor=actor, obj=obj, after=after)


def record_update(obj, actor, before, *, extra=None):
    after = audit.snapshot(obj)
    if extra:
        after.update(extra)
    audit.record(f"{obj._meta.label_lower}.update", actor=actor, obj=obj, before=before, after=after)
