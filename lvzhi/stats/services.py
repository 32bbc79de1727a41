"""Every write of the statistics module: summary templates and the register of regulations.
Each checks permission and input, writes in one transaction and records the audit entry."""

import datetime

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.scope import committee_ids
from lvzhi.stats.choices import RegulationKind
from lvzhi.stats.models import Regulation, RegulationRevision, SummaryTemplate
from lvzhi.stats.summary import check_body

TEMPLATE_FIELDS = ("slug", "title", "subtitle", "body")
REGULATION_FIELDS = ("title", "kind", "adopted_on", "document_number", "note")


def can_manage(user, committee) -> bool:
    """Staff with the statistics permission, for a committee in their scope."""
    committee_id = getattr(committee, "pk", committee)
    return bool(
        user
        and user.is_authenticated
        and user.has_module_perm(Permission.STATISTICS)
        and committee_id in committee_ids(user)
    )


def require_manage(user, committee) -> None:
    if not can_manage(user, committee):
        if committee is not None and getattr(committee, "pk", committee) not in committee_ids(user):
            raise NotFound()
        raise Forbidden(_("只有具有统计权限的工作人员可以修改。"))


def _text(data, name, *, required=False, max_length=None, errors=None):
    value = data.get(name)
    value = "" if value is None else str(value).strip()
    if "\x00" in value:
        errors.setdefault(name, []).append(_("不能包含空字符。"))
    if required and not value:
        errors.setdefault(name, []).append(_("必填。"))
    if max_length and len(value) > max_length:
        errors.setdefault(name, []).append(_("不能超过 %(n)s 个字符。") % {"n": max_length})
    return value


def _date(data, name, *, required=False, errors=None):
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors.setdefault(name, []).append(_("必填。"))
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(_("日期格式应为 YYYY-MM-DD。"))
        return None


# --- summary templates -------------------------------------------------------------------------


def _clean_template(data, committee, instance=None) -> dict:
    errors: dict = {}
    slug = _text(data, "slug", required=True, max_length=60, errors=errors)
    if slug and slugify(slug) != slug:
        errors.setdefault("slug", []).append(_("标识只能由小写字母、数字、连字符组成，如 wuwei-highlights。"))
    clean = {
        "slug": slug,
        "title": _text(data, "title", required=True, max_length=200, errors=errors),
        "subtitle": _text(data, "subtitle", max_length=200, errors=errors),
        "body": _text(data, "body", required=True, errors=errors),
    }
    if clean["body"] and "\x00" not in clean["body"]:
        try:
            check_body(clean["body"])
        except Invalid as exc:
            errors.setdefault("body", []).extend(exc.errors["body"])
    if slug and not errors.get("slug"):
        taken = SummaryTemplate.objects.filter(committee=committee, slug=slug)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors.setdefault("slug", []).append(_("本委员会已有这个标识的模板。"))
    if errors:
        raise Invalid(errors=errors)
    return clean


@transaction.atomic
def create_summary_template(*, actor, committee, data) -> SummaryTemplate:
    require_manage(actor, committee)
    clean = _clean_template(data, committee)
    template = SummaryTemplate.objects.create(committee=committee, created_by=actor, **clean)
    audit.record("stats.summary_template.create", actor=actor, obj=template, after=audit.snapshot(template))
    return template


@transaction.atomic
def update_summary_template(*, actor, template, data) -> SummaryTemplate:
    require_manage(actor, template.committee_id)
    merged = {name: data.get(name, getattr(template, name)) for name in TEMPLATE_FIELDS}
    clean = _clean_template(merged, template.committee_id, instance=template)
    before = audit.snapshot(template, TEMPLATE_FIELDS)
    for name, value in clean.items():
        setattr(template, name, value)
    template.save()
    audit.record(
        "stats.summary_template.update",
        actor=actor,
        obj=template,
        before=before,
        after=audit.snapshot(template, TEMPLATE_FIELDS),
    )
    return template


@transaction.atomic
def delete_summary_template(*, actor, template) -> None:
    require_manage(actor, template.committee_id)
    before = audit.snapshot(template)
    audit.record("stats.summary_template.delete", actor=actor, obj=template, before=before)
    template.delete()


# --- regulations -------------------------------------------------------------------------------


def _clean_regulation(data) -> dict:
    errors: dict = {}
    clean = {
        "title": _text(data, "title", required=True, max_length=200, errors=errors),
        "kind": _text(data, "kind", required=True, errors=errors),
        "adopted_on": _date(data, "adopted_on", required=True, errors=errors),
        "document_number": _text(data, "document_number", max_length=100, errors=errors),
        "note": _text(data, "note", max_length=5000, errors=errors),
    }
    if clean["kind"] and clean["kind"] not in RegulationKind.values:
        errors.setdefault("kind", []).append(_("类别应为工作机制或制度。"))
    if errors:
        raise Invalid(errors=errors)
    return clean


@transaction.atomic
def create_regulation(*, actor, committee, data) -> Regulation:
    require_manage(actor, committee)
    clean = _clean_regulation(data)
    regulation = Regulation.objects.create(committee=committee, created_by=actor, **clean)
    audit.record("stats.regulation.create", actor=actor, obj=regulation, after=audit.snapshot(regulation))
    return regulation


@transaction.atomic
def update_regulation(*, actor, regulation, data) -> Regulation:
    require_manage(actor, regulation.committee_id)
    merged = {name: data.get(name, getattr(regulation, name)) for name in REGULATION_FIELDS}
    clean = _clean_regulation(merged)
    if regulation.repealed_on and clean["adopted_on"] > regulation.repealed_on:
        raise Invalid(errors={"adopted_on": [_("建立日期不能晚于废止日期。")]})
    first = regulation.revisions.order_by("revised_on").values_list("revised_on", flat=True).first()
    if first and clean["adopted_on"] > first:
        raise Invalid(errors={"adopted_on": [_("建立日期不能晚于修订日期。")]})
    before = audit.snapshot(regulation, REGULATION_FIELDS)
    for name, value in clean.items():
        setattr(regulation, name, value)
    regulation.save()
    audit.record(
        "stats.regulation.update",
        actor=actor,
        obj=regulation,
        before=before,
        after=audit.snapshot(regulation, REGULATION_FIELDS),
    )
    return regulation


@transaction.atomic
def revise_regulation(*, actor, regulation, data) -> RegulationRevision:
    require_manage(actor, regulation.committee_id)
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    errors: dict = {}
    revised_on = _date(data, "revised_on", required=True, errors=errors)
    note = _text(data, "note", max_length=500, errors=errors)
    if revised_on and revised_on < regulation.adopted_on:
        errors.setdefault("revised_on", []).append(_("修订日期不能早于建立日期。"))
    if revised_on and regulation.repealed_on and revised_on > regulation.repealed_on:
        errors.setdefault("revised_on", []).append(_("已废止的制度不能再修订。"))
    if errors:
        raise Invalid(errors=errors)
    revision = RegulationRevision.objects.create(
        committee_id=regulation.committee_id, regulation=regulation, revised_on=revised_on, note=note, created_by=actor
    )
    audit.record(
        "stats.regulation.revise", actor=actor, obj=regulation, after={"revised_on": str(revised_on), "note": note}
    )
    return revision


@transaction.atomic
def repeal_regulation(*, actor, regulation, data) -> Regulation:
    require_manage(actor, regulation.committee_id)
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    if regulation.repealed_on:
        raise IllegalTransition(_("该制度机制已于 %(d)s 废止。") % {"d": regulation.repealed_on})
    errors: dict = {}
    repealed_on = _date(data, "repealed_on", required=True, errors=errors)
    if repealed_on and repealed_on < regulation.adopted_on:
        errors.setdefault("repealed_on", []).append(_("废止日期不能早于建立日期。"))
    last = regulation.revisions.order_by("-revised_on").values_list("revised_on", flat=True).first()
    if repealed_on and last and repealed_on < last:
        errors.setdefault("repealed_on", []).append(_("废止日期不能早于最后一次修订日期。"))
    if errors:
        raise Invalid(errors=errors)
    regulation.repealed_on = repealed_on
    regulation.save(update_fields=["repealed_on", "updated_at"])
    audit.record("stats.regulation.repeal", actor=actor, obj=regulation, after={"repealed_on": str(repealed_on)})
    return regulation
