"""Every write of the statistics module: summary templates, the register of regulations with the
text of each version, and the library's reference documents. Each checks permission and input,
writes in one transaction and records the audit entry."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit, permissions, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import IllegalTransition, Invalid
from lvzhi.org.audience import AudienceKind
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Member, Party, Sector, SpecialCommittee, Studio
from lvzhi.stats import drafts
from lvzhi.stats.choices import ReferenceKind, RegulationKind
from lvzhi.stats.models import ReferenceDocument, Regulation, RegulationRevision, SummaryTemplate
from lvzhi.stats.selectors import parse_as_of, resolve_period
from lvzhi.stats.summary import check_body

TEMPLATE_FIELDS = ("slug", "title", "subtitle", "body")
REGULATION_FIELDS = ("title", "kind", "adopted_on", "document_number", "note", "adopted_by", "text")
REVISION_FIELDS = ("revised_on", "note", "adopted_by", "text")
REFERENCE_FIELDS = ("title", "kind", "issuer", "issued_on", "document_number", "text", "audience", "include_lower")
MAX_TEXT = 200_000  # a rule's full text (the longest 条例 are some 30,000 characters)


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


def draft_summary_template(*, actor, committee, data) -> SummaryTemplate:
    """A new template drafted from the records (`lvzhi.stats.drafts`): for the committee, the period
    (`period`, default this year) as of a date (`as_of`, default today) and the modules it uses
    (`modules`, keys; default every module with figures). Staff then edit it."""
    require_manage(actor, committee)
    committee = committee if isinstance(committee, Committee) else Committee.objects.get(pk=committee)
    as_of = parse_as_of(data.get("as_of"))
    period = str(data.get("period") or "year").strip()
    resolve_period(period, committee, as_of)  # Invalid naming the period when it is not one
    modules = [str(m) for m in data.get("modules") or []]
    known = {m.key for m in registry.modules() if m.figures}
    if any(m not in known for m in modules):
        raise Invalid(errors={"modules": [_("请选择本平台有统计口径的工作模块。")]})
    body = drafts.draft_body(committee, period, as_of, modules or None)
    base = slugify(f"draft-{period.replace(':', '-')}-{as_of:%Y%m%d}")[:50]
    slug, n = base, 1
    while SummaryTemplate.objects.filter(committee=committee, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    title = str(data.get("title") or "").strip() or _("%(c)s工作综述（初稿）") % {"c": committee.short_name}
    return create_summary_template(
        actor=actor,
        committee=committee,
        data={"slug": slug, "title": title[:200], "subtitle": _("由记录起草，请编辑"), "body": body},
    )


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
        "adopted_by": clean.text("adopted_by", max_length=200),
        "text": clean.text("text", max_length=MAX_TEXT),
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
    clean = _clean_revision(data, regulation)
    revision = RegulationRevision.objects.create(
        committee_id=regulation.committee_id, regulation=regulation, created_by=actor, **clean
    )
    audit.record(
        "stats.regulation.revise",
        actor=actor,
        obj=regulation,
        after={"revision": revision.pk, **audit.snapshot(revision, REVISION_FIELDS)},
    )
    return revision


def _clean_revision(data, regulation) -> dict:
    clean = Cleaner(data)
    cleaned = {
        "revised_on": clean.date("revised_on", required=True),
        "note": clean.text("note", max_length=500),
        "adopted_by": clean.text("adopted_by", max_length=200),
        "text": clean.text("text", max_length=MAX_TEXT),
    }
    revised_on = cleaned["revised_on"]
    if revised_on and revised_on < regulation.adopted_on:
        clean.error("revised_on", _("修订日期不能早于建立日期。"))
    if revised_on and regulation.repealed_on and revised_on > regulation.repealed_on:
        clean.error("revised_on", _("已废止的制度不能再修订。"))
    clean.done()
    return cleaned


@transaction.atomic
def update_revision(*, actor, revision, data) -> RegulationRevision:
    """Correct a version: its date, who adopted it, its note or its text (given fields only)."""
    require_manage(actor, revision.committee_id)
    revision = RegulationRevision.objects.select_for_update().select_related("regulation").get(pk=revision.pk)
    merged = {name: data.get(name, getattr(revision, name)) for name in REVISION_FIELDS}
    clean = _clean_revision(merged, revision.regulation)
    before = audit.snapshot(revision, REVISION_FIELDS)
    for name, value in clean.items():
        setattr(revision, name, value)
    revision.save()
    audit.record(
        "stats.regulation_revision.update",
        actor=actor,
        obj=revision,
        before=before,
        after=audit.snapshot(revision, REVISION_FIELDS),
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


# --- the library's reference documents ---------------------------------------------------------

AUDIENCE_LISTS = {
    AudienceKind.SECTORS: "sectors",
    AudienceKind.SPECIAL_COMMITTEES: "special_committees",
    AudienceKind.PARTIES: "parties",
    AudienceKind.STUDIOS: "studios",
    AudienceKind.MEMBERS: "members",
}
LIST_MODELS = {
    "sectors": Sector,
    "special_committees": SpecialCommittee,
    "parties": Party,
    "studios": Studio,
    "members": Member,
}


def _ids(clean: Cleaner, name: str) -> list[int]:
    value = clean.data.get(name) or []
    value = [value] if isinstance(value, (str, int)) else value
    ids = []
    for item in value:
        try:
            ids.append(int(getattr(item, "pk", item)))
        except (TypeError, ValueError):
            clean.error(name, _("无效的选项。"))
            return []
    return sorted(set(ids))


def _clean_reference(data, committee, current=None) -> tuple[dict, dict]:
    """The document's fields and its audience lists; what `data` does not give keeps its value."""
    clean = Cleaner(data)

    def value(name):
        return data[name] if name in data else getattr(current, name, None)

    fields = {
        "title": clean.text("title", required=True, max_length=200, value=value("title")),
        "kind": clean.choice("kind", ReferenceKind.values, required=True, value=value("kind")),
        "issuer": clean.text("issuer", max_length=200, value=value("issuer")),
        "issued_on": clean.date("issued_on", value=value("issued_on")),
        "document_number": clean.text("document_number", max_length=100, value=value("document_number")),
        "text": clean.text("text", max_length=MAX_TEXT, value=value("text")),
        "audience": clean.choice("audience", AudienceKind.values, value=value("audience")) or AudienceKind.ALL,
        "include_lower": bool(value("include_lower")),
    }
    roles = data["roles"] if "roles" in data else getattr(current, "role_list", [])
    roles = [roles] if isinstance(roles, str) else list(roles or [])
    if any(str(r) not in MemberRole.values for r in roles):
        clean.error("roles", _("不是可选的职务。"))
    fields["roles"] = ReferenceDocument.roles_value([str(r) for r in roles])
    tree = Committee.objects.filter(path__startswith=committee.path) if fields["include_lower"] else None
    lists = {}
    for name, model in LIST_MODELS.items():
        if name not in data:
            continue
        ids = _ids(clean, name)
        rows = model.objects.filter(pk__in=ids)
        rows = rows.filter(committee__in=tree) if tree is not None else rows.filter(committee=committee)
        if ids and rows.count() != len(ids):
            clean.error(name, _("所选项不属于该委员会。"))
        lists[name] = ids
    required = AUDIENCE_LISTS.get(fields["audience"])
    if required:
        chosen = lists.get(required)
        if chosen is None and current is not None:
            chosen = list(getattr(current, required).values_list("pk", flat=True))
        if not chosen:
            clean.error(required, _("请选择阅读范围。"))
    if fields["audience"] == AudienceKind.ROLES and not roles:
        clean.error("roles", _("请选择职务。"))
    clean.done()
    return fields, lists


def _reference_snapshot(document) -> dict:
    data = audit.snapshot(document, (*REFERENCE_FIELDS, "roles"))
    data.pop("text", None)  # the full text is long; its length says whether it changed
    data["text_length"] = len(document.text)
    for name in LIST_MODELS:
        data[name] = sorted(getattr(document, name).values_list("pk", flat=True))
    return data


@transaction.atomic
def create_reference_document(*, actor, committee, data) -> ReferenceDocument:
    """A reference document of `committee`'s library, read by the members it is addressed to."""
    if committee is None:
        raise Invalid(errors={"committee": [_("必填。")]})
    require_manage(actor, committee)
    fields, lists = _clean_reference(data, committee)
    document = ReferenceDocument.objects.create(committee=committee, created_by=actor, **fields)
    for name, ids in lists.items():
        getattr(document, name).set(ids)
    audit.record("stats.reference.create", actor=actor, obj=document, after=_reference_snapshot(document))
    return document


@transaction.atomic
def update_reference_document(*, actor, document, data) -> ReferenceDocument:
    require_manage(actor, document.committee_id)
    document = ReferenceDocument.objects.select_for_update().select_related("committee").get(pk=document.pk)
    fields, lists = _clean_reference(data, document.committee, current=document)
    before = _reference_snapshot(document)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    for name, ids in lists.items():
        getattr(document, name).set(ids)
    audit.record(
        "stats.reference.update", actor=actor, obj=document, before=before, after=_reference_snapshot(document)
    )
    return document
