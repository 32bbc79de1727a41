"""Writing the committee's proposal rules and lists (proposals office), and creating them with
their defaults when a service first needs them. Reads are in `lvzhi.proposals.rules`."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit, permissions
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.proposals.models import AnswerCategory, ProposalPolicy
from lvzhi.proposals.rules import LIST_MODELS, POLICY_FIELDS, POLICY_LIMITS, default_lists, read_policy


def policy_for(committee, *, actor=None) -> ProposalPolicy:
    """The committee's rules row, created with the default rules and lists the first time a
    service needs them (audited)."""
    committee_id = getattr(committee, "pk", committee)
    policy = ProposalPolicy.objects.filter(committee_id=committee_id).first()
    if policy is None:
        with transaction.atomic():
            policy, created = ProposalPolicy.objects.get_or_create(committee_id=committee_id)
            if created:
                ensure_lists(committee_id)
                audit.record(
                    "proposal_policy.create",
                    actor=actor,
                    obj=policy,
                    after=audit.snapshot(policy, POLICY_FIELDS),
                )
    return policy


def ensure_lists(committee_id) -> None:
    """The default categories, rejection reasons and answer categories, if the committee has none."""
    for kind, rows in default_lists(committee_id).items():
        model = LIST_MODELS[kind]
        if not model.objects.filter(committee_id=committee_id).exists():
            model.objects.bulk_create(rows)


def may_edit_rules(user, committee) -> bool:
    return permissions.can_manage(user, committee, Permission.PROPOSALS)


def _pattern(data, key, errors, *, session: bool):
    value = str(data.get(key) or "").strip()
    if not value:
        errors[key] = [_("请填写编号格式。")]
        return value
    if len(value) > 100:
        errors[key] = [_("编号格式不能超过 100 个字符。")]
        return value
    if "{n" not in value:
        errors[key] = [_("编号格式须包含序号 {n}（如 {n:04d}）。")]
        return value
    try:
        value.format(term="五", session="三" if session else "", n=1)
    except (KeyError, IndexError, ValueError):
        errors[key] = [_("编号格式只能使用 {term}（届）、{session}（次）和 {n}（序号）。")]
    return value


def update_policy(*, actor, committee, data: dict) -> ProposalPolicy:
    """The committee's deadlines, windows and numbering patterns; nothing changes on bad input."""
    if not may_edit_rules(actor, committee):
        raise Forbidden()
    current = read_policy(committee)
    merged = {f: getattr(current, f) for f in POLICY_FIELDS}
    merged.update({k: v for k, v in data.items() if k in POLICY_FIELDS and v is not None})
    clean = Cleaner(merged)
    cleaned = {key: clean.integer(key, required=True, low=low, high=high) for key, (low, high) in POLICY_LIMITS.items()}
    cleaned["number_pattern"] = _pattern(merged, "number_pattern", clean.errors, session=True)
    cleaned["between_sessions_pattern"] = _pattern(merged, "between_sessions_pattern", clean.errors, session=False)
    clean.done()
    with transaction.atomic():
        policy = policy_for(committee, actor=actor)
        policy = ProposalPolicy.objects.select_for_update().get(pk=policy.pk)
        before = audit.snapshot(policy, POLICY_FIELDS)
        for key, value in cleaned.items():
            setattr(policy, key, value)
        policy.save()
        audit.record(
            "proposal_policy.update",
            actor=actor,
            obj=policy,
            before=before,
            after=audit.snapshot(policy, POLICY_FIELDS),
        )
    return policy


@transaction.atomic
def save_list_item(*, actor, committee, kind: str, data: dict, item=None):
    """Add (item=None) or change an entry of a committee list: categories, rejection reasons or
    answer categories. Entries in use are never deleted: `is_active = False` retires one. The
    committee's default lists are created first (and rolled back with a refused entry)."""
    model = LIST_MODELS.get(kind)
    if model is None:
        raise NotFound()
    committee_id = getattr(committee, "pk", committee)
    if not may_edit_rules(actor, committee_id):
        raise Forbidden()
    if item is not None and (not isinstance(item, model) or item.committee_id != committee_id):
        raise NotFound()
    policy_for(committee_id, actor=actor)
    errors: dict = {}
    name = str(data.get("name", item.name if item else "") or "").strip()
    if not name:
        errors["name"] = [_("请填写名称。")]
    elif len(name) > 100:
        errors["name"] = [_("名称不能超过 100 个字符。")]
    elif model.objects.filter(committee_id=committee_id, name=name).exclude(pk=getattr(item, "pk", None)).exists():
        errors["name"] = [_("已有同名条目。")]
    sort = data.get("sort", item.sort if item else None)
    if sort in (None, ""):
        sort = (
            model.objects.filter(committee_id=committee_id).order_by("-sort").values_list("sort", flat=True).first()
            or 0
        ) + 1
    else:
        clean = Cleaner({"sort": sort})
        sort = clean.integer("sort", low=0, high=100000)
        errors.update(clean.errors)
    is_active = data.get("is_active", item.is_active if item else True)
    is_active = is_active if isinstance(is_active, bool) else str(is_active).lower() in ("1", "true", "on", "yes")
    values = {"name": name, "sort": sort, "is_active": is_active}
    if model is AnswerCategory:
        code = str(data.get("code", item.code if item else "") or "").strip().upper()
        if not code or len(code) > 4 or not code.isalnum():
            errors["code"] = [_("请填写 1 到 4 位的字母或数字代码（如 A）。")]
        elif model.objects.filter(committee_id=committee_id, code=code).exclude(pk=getattr(item, "pk", None)).exists():
            errors["code"] = [_("已有相同代码的答复类别。")]
        values["code"] = code
    if errors:
        raise Invalid(errors=errors)
    with transaction.atomic():
        if item is None:
            item = model.objects.create(committee_id=committee_id, **values)
            audit.record(f"{model._meta.model_name}.create", actor=actor, obj=item, after=audit.snapshot(item))
        else:
            before = audit.snapshot(item)
            for key, value in values.items():
                setattr(item, key, value)
            item.save()
            audit.record(
                f"{model._meta.model_name}.update", actor=actor, obj=item, before=before, after=audit.snapshot(item)
            )
    return item
