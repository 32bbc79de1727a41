"""What every supervision service shares: who may write, committee resolution, input cleaning,
and the audit entry of a create or an update."""

import datetime
import decimal

from django.db.models import Q
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.scope import committee_ids
from lvzhi.org.models import Committee, Member, Membership


def can_manage(user, committee) -> bool:
    """Staff with the supervision permission, for a committee in their scope."""
    committee_id = getattr(committee, "pk", committee)
    return bool(
        user
        and user.is_authenticated
        and user.has_module_perm(Permission.SUPERVISION)
        and committee_id in committee_ids(user)
    )


def require_manage(user, committee) -> None:
    if not can_manage(user, committee):
        raise Forbidden()


def manages(user, obj) -> bool:
    return can_manage(user, obj.committee_id)


def resolve_committee(actor, committee) -> Committee:
    """The committee a new record belongs to: an object, an id or a GB/T 2260 code, in the actor's
    scope. A committee the actor does not manage is bad input (it is not theirs to choose)."""
    if not (actor and actor.is_authenticated and actor.has_module_perm(Permission.SUPERVISION)):
        raise Forbidden()
    if isinstance(committee, Committee):
        found = committee
    else:
        text = str(committee or "").strip()
        found = None
        if text:
            query = Q(code=text)
            if text.isdigit() and len(text) < 12:
                query |= Q(pk=int(text))
            found = Committee.objects.filter(query, id__in=committee_ids(actor)).first()
    if found is None or not can_manage(actor, found):
        raise Invalid(errors={"committee": [_("请选择您所管理的委员会。")]})
    return found


class Cleaner:
    """Collects the errors of one input, field by field, so one Invalid names them all."""

    def __init__(self, data: dict, instance=None):
        self.data = data or {}
        self.instance = instance
        self.errors: dict[str, list[str]] = {}
        self.cleaned: dict = {}

    def _raw(self, field):
        if field in self.data:
            return self.data[field]
        if self.instance is not None:
            return getattr(self.instance, field, None)
        return None

    def error(self, field, message):
        self.errors.setdefault(field, []).append(str(message))

    def text(self, field, max_length, *, required=False, label=None):
        value = self._raw(field)
        value = "" if value is None else value
        if not isinstance(value, str):
            self.error(field, _("应为文字。"))
            return ""
        value = value.strip()
        if "\x00" in value:
            self.error(field, _("不能包含空字符。"))
        elif required and not value:
            self.error(field, _("必填。"))
        elif len(value) > max_length:
            self.error(field, _("不能超过 %(n)s 个字符。") % {"n": max_length})
        self.cleaned[field] = value
        return value

    def date(self, field, *, required=False, not_after_today=True):
        value = self._raw(field)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, str):
            text = value.strip()
            try:
                value = parse_date(text) if text else None
            except ValueError:
                value = None
            if text and value is None:
                self.error(field, _("日期格式应为 YYYY-MM-DD。"))
                self.cleaned[field] = None
                return None
        if value is not None and not isinstance(value, datetime.date):
            self.error(field, _("日期格式应为 YYYY-MM-DD。"))
            value = None
        if value is None and required:
            self.error(field, _("必填。"))
        if value is not None and value.year < 1949:
            self.error(field, _("日期不合理。"))
        if value is not None and not_after_today and value > datetime.date.today() + datetime.timedelta(days=1):
            self.error(field, _("不能晚于今天。"))
        self.cleaned[field] = value
        return value

    def choice(self, field, choices, *, required=True):
        value = self._raw(field)
        value = "" if value is None else str(value)
        if value not in choices.values:
            if value or required:
                self.error(field, _("请从列表中选择。"))
            value = ""
        self.cleaned[field] = value
        return value

    def decimal(self, field, *, required=True, maximum=decimal.Decimal("999999999999")):
        value = self._raw(field)
        if value in (None, ""):
            if required:
                self.error(field, _("必填。"))
            self.cleaned[field] = None
            return None
        try:
            number = decimal.Decimal(str(value).strip())
        except (decimal.InvalidOperation, ValueError):
            self.error(field, _("应为数字。"))
            return None
        if not number.is_finite() or number < 0:
            self.error(field, _("应为不小于 0 的数。"))
            return None
        if number > maximum:
            self.error(field, _("数额过大。"))
            return None
        number = number.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
        self.cleaned[field] = number
        return number

    def order(self, first, second, message):
        a, b = self.cleaned.get(first), self.cleaned.get(second)
        if a and b and b < a:
            self.error(second, message)

    def raise_if_invalid(self):
        if self.errors:
            raise Invalid(errors=self.errors)


def _ids(values, field, cleaner):
    ids = []
    for value in values or []:
        pk = getattr(value, "pk", value)
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            cleaner.error(field, _("委员选择有误。"))
            return None
        if not 0 < pk < 2**63:
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
