"""Every write of the statistics module: summary templates and the register of regulations.
Each checks permission and input, writes in one transaction and records the audit entry."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit, permissions
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import IllegalTransition, Invalid
from lvzhi.stats.choices import RegulationKind
from lvzhi.stats.models import Regulation, RegulationRevision, SummaryTemplate
from lvzhi.stats.summary import check_body

TEMPLATE_FIELDS = ("slug", "title", "subtitle", "body")
REGULATION_FIELDS = ("title", "kind", "adopted_on", "document_number", "note")


def can_manage(user, committee) -> bool:
    """Staff with the statistics permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, Permission.STATISTICS)


def require_manage(user, committee) -> None:
    """Forbidden unless `can_manage`; a committee outside the user's scope is NotFound."""
    permissions.require_manage(
        user,
        committee,
        Permission.STATISTICS,
        message=_("只有具有统计权限的工作人员可以修改。"),
        hide_out_of_scope=True,
    )


# --- summary templates -------------------------------------------------------------------------


def _clean_template(data, committee, instance=None) -> dict:
    clean = Cleaner(data)
    slug = clean.text("slug", required=True, max_length=60)
    if slug and slugify(slug) != slug:
        clean.error("slug", _("标识只能由小写字母、数字、连字符组成，如 wuwei-highlights。"))
    cleaned = {
        "slug": slug,
        "title": clean.text("title", required=True, max_length=200),
        "subtitle": clean.text("subtitle", max_length=200),
        "body": clean.text("body", required=True),
    }
    if cleaned["body"]:
        try:
            check_body(cleaned["body"])
        except Invalid as exc:
            for message in exc.errors["body"]:
                clean.error("body", message)
    if slug and not clean.errors.get("slug"):
        taken = SummaryTemplate.objects.filter(committee=committee, slug=slug)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            clean.error("slug", _("本委员会已有这个标识的模板。"))
    clean.done()
    return cleaned


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
    clean = Cleaner(data)
    cleaned = {
        "title": clean.text("title", required=True, max_length=200),
        "kind": clean.text("kind", required=True),
        "adopted_on": clean.date("adopted_on", required=True),
        "document_number": clean.text("document_number", max_length=100),
        "note": clean.text("note", max_length=5000),
    }
    if cleaned["kind"] and cleaned["kind"] not in RegulationKind.values:
        clean.error("kind", _("类别应为工作机制或制度。"))
    clean.done()
    return cleaned


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
    clean = Cleaner(data)
    revised_on = clean.date("revised_on", required=True)
    note = clean.text("note", max_length=500)
    if revised_on and revised_on < regulation.adopted_on:
        clean.error("revised_on", _("修订日期不能早于建立日期。"))
    if revised_on and regulation.repealed_on and revised_on > regulation.repealed_on:
        clean.error("revised_on", _("已废止的制度不能再修订。"))
    clean.done()
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
    clean = Cleaner(data)
    repealed_on = clean.date("repealed_on", required=True)
    if repealed_on and repealed_on < regulation.adopted_on:
        clean.error("repealed_on", _("废止日期不能早于建立日期。"))
    last = regulation.revisions.order_by("-revised_on").values_list("revised_on", flat=True).first()
    if repealed_on and last and repealed_on < last:
        clean.error("repealed_on", _("废止日期不能早于最后一次修订日期。"))
    clean.done()
    regulation.repealed_on = repealed_on
    regulation.save(update_fields=["repealed_on", "updated_at"])
    audit.record("stats.regulation.repeal", actor=actor, obj=regulation, after={"repealed_on": str(repealed_on)})
    return regulation
