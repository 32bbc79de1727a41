"""Study materials: staff write, publish and withdraw them; topics are configured per committee."""

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit, registry
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import IllegalTransition, Invalid
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.learning.choices import DEFAULT_TOPICS, MaterialKind, MaterialState
from lvzhi.learning.models import StudyMaterial, Topic
from lvzhi.learning.services.common import can_manage, require_manage
from lvzhi.org.audience import AudienceKind
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Member, Party, Sector, SpecialCommittee, Studio

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "span",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
MEDIA_EXTENSIONS = {MaterialKind.VIDEO: ("mp4",), MaterialKind.AUDIO: ("mp3",)}


def _office(user, material) -> bool:
    return can_manage(user, material.committee_id)


MATERIAL_FLOW = Workflow(
    field="state",
    rules=[
        Rule("publish", sources=[MaterialState.DRAFT], target=MaterialState.PUBLISHED, allowed=_office, label="发布"),
        Rule(
            "withdraw", sources=[MaterialState.PUBLISHED], target=MaterialState.WITHDRAWN, allowed=_office, label="撤回"
        ),
    ],
)


def sanitise(html: str) -> str:
    """Rich text kept to a short list of tags; links open safely; everything else is dropped."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer")


def topics_of(committee):
    """The committee's active topics; the defaults (not yet stored) when it has none."""
    rows = list(Topic.objects.filter(committee=committee, archived=False))
    return (
        [t.name for t in rows] if rows or Topic.objects.filter(committee=committee).exists() else list(DEFAULT_TOPICS)
    )


def _ensure_defaults(committee) -> None:
    if not Topic.objects.filter(committee=committee).exists():
        Topic.objects.bulk_create(
            [Topic(committee=committee, name=name, position=i) for i, name in enumerate(DEFAULT_TOPICS)]
        )


@transaction.atomic
def add_topic(*, actor, committee, name) -> Topic:
    require_manage(actor, committee)
    clean = Cleaner({"name": name})
    name = clean.text("name", required=True, max_length=30, label=_("专题名称"))
    clean.done()
    _ensure_defaults(committee)
    topic = Topic.objects.filter(committee=committee, name=name).first()
    if topic is not None and not topic.archived:
        raise Invalid(errors={"name": [_("已有同名专题。")]})
    if topic is None:
        topic = Topic.objects.create(
            committee=committee, name=name, position=Topic.objects.filter(committee=committee).count()
        )
        audit.record("learning_topic.create", actor=actor, obj=topic, after=audit.snapshot(topic))
    else:
        topic.archived = False
        topic.save(update_fields=["archived"])
        audit.record(
            "learning_topic.update", actor=actor, obj=topic, before={"archived": True}, after={"archived": False}
        )
    return topic


@transaction.atomic
def archive_topic(*, actor, topic) -> Topic:
    require_manage(actor, topic.committee)
    if topic.archived:
        raise IllegalTransition(_("该专题已停用。"))
    topic.archived = True
    topic.save(update_fields=["archived"])
    audit.record("learning_topic.update", actor=actor, obj=topic, before={"archived": False}, after={"archived": True})
    return topic


def _ids(value) -> list[int]:
    if value in (None, ""):
        return []
    if isinstance(value, (str, int)):
        value = [value]
    out = []
    for v in value:
        text = str(getattr(v, "pk", v)).strip()
        if as_id(text) is None:
            return [-1]
        out.append(as_id(text))
    return out


def _clean_material(clean: Cleaner, committee, data: dict, *, partial=False, existing=None):
    """The material's fields from `data` (only those present when `partial`), checked together."""
    values = {}

    def has(name):
        return not partial or name in data

    if has("title"):
        values["title"] = clean.text("title", required=True, max_length=200, label=_("标题"))
    if has("kind"):
        values["kind"] = clean.choice("kind", MaterialKind.values, required=True)
    if has("body"):
        raw = clean.text("body", max_length=200_000, label=_("正文"))
        values["body"] = sanitise(raw)
    if has("author"):
        values["author"] = clean.text("author", max_length=100, label=_("作者或来源"))
    if has("media_url"):
        url = clean.text("media_url", max_length=500, label=_("链接"))
        if url and not url.lower().startswith(("http://", "https://")):
            clean.error("media_url", _("链接须以 http:// 或 https:// 开头。"))
        values["media_url"] = url
    if has("required"):
        values["required"] = bool(data.get("required"))
    if has("deadline"):
        values["deadline"] = clean.date("deadline")
    if has("topics"):
        names = [str(n).strip() for n in (data.get("topics") or []) if str(n).strip()]
        allowed = topics_of(committee)
        unknown = [n for n in names if n not in allowed]
        if unknown:
            clean.error("topics", _("不是本委员会的专题：%(names)s。") % {"names": "、".join(unknown)})
        values["topics"] = names
    if has("include_lower"):
        values["include_lower"] = bool(data.get("include_lower"))
    if has("audience"):
        values["audience"] = clean.choice("audience", AudienceKind.values) or AudienceKind.ALL
        picks = {
            AudienceKind.SECTORS: ("sectors", Sector),
            AudienceKind.SPECIAL_COMMITTEES: ("special_committees", SpecialCommittee),
            AudienceKind.PARTIES: ("parties", Party),
            AudienceKind.STUDIOS: ("studios", Studio),
            AudienceKind.MEMBERS: ("members", Member),
        }
        for kind, (name, model) in picks.items():
            ids = _ids(data.get(name)) if values["audience"] == kind else []
            found = list(model.objects.filter(pk__in=ids, committee=committee)) if ids else []
            if len(found) != len(set(ids)):
                clean.error(name, _("包含不属于本委员会的选项。"))
            values[name] = found
            if values["audience"] == kind and not ids:
                clean.error(name, _("请至少选择一项。"))
        roles = [str(r) for r in (data.get("roles") or [])] if values["audience"] == AudienceKind.ROLES else []
        if any(r not in MemberRole.values for r in roles):
            clean.error("roles", _("不是可选的值。"))
        if values["audience"] == AudienceKind.ROLES and not roles:
            clean.error("roles", _("请至少选择一项。"))
        values["roles"] = StudyMaterial.roles_value(roles)
    required = values.get("required", existing.required if existing else False)
    deadline = values.get("deadline", existing.deadline if existing else None)
    if deadline and not required:
        clean.error("deadline", _("只有必学资料才设截止日期。"))
    kind = values.get("kind", existing.kind if existing else "")
    media_url = values.get("media_url", existing.media_url if existing else "")
    if (
        kind in (MaterialKind.VIDEO, MaterialKind.AUDIO)
        and not media_url
        and not data.get("file")
        and not (existing and existing.attachment_id)
    ):
        clean.error("media_url", _("视频或音频须提供文件或链接。"))
    return values


M2M = ("topics", "sectors", "special_committees", "parties", "studios", "members")


def _apply(material, values, committee):
    for name, value in values.items():
        if name not in M2M:
            setattr(material, name, value)
    material.save()
    if "topics" in values:
        _ensure_defaults(committee)
        material.topics.set(Topic.objects.filter(committee=committee, name__in=values["topics"]))
    for name in M2M[1:]:
        if name in values:
            getattr(material, name).set(values[name])


def _snapshot(material) -> dict:
    data = audit.snapshot(material)
    data["topics"] = sorted(material.topics.values_list("name", flat=True))
    return data


def _attach(actor, committee, kind, upload):
    attachment = store_attachment(actor=actor, committee=committee, upload=upload)
    ext = attachment.name.rsplit(".", 1)[-1].lower()
    media = MEDIA_EXTENSIONS.get(kind)
    if media and ext not in media:
        raise Invalid(errors={"file": [_("视频请上传 mp4 文件，音频请上传 mp3 文件。")]})
    return attachment


@transaction.atomic
def create_material(*, actor, committee, data: dict, upload=None) -> StudyMaterial:
    require_manage(actor, committee)
    clean = Cleaner(data)
    values = _clean_material(clean, committee, {**data, "file": upload})
    clean.done()
    material = StudyMaterial(committee=committee, created_by=actor)
    if upload is not None:
        material.attachment = _attach(actor, committee, values["kind"], upload)
    _apply(material, values, committee)
    audit.record("learning_material.create", actor=actor, obj=material, after=_snapshot(material))
    return material


@transaction.atomic
def update_material(*, actor, material, data: dict, upload=None) -> StudyMaterial:
    """Edit a draft or a published material (a withdrawn one is history). Only the given fields change."""
    require_manage(actor, material.committee)
    if material.state == MaterialState.WITHDRAWN:
        raise IllegalTransition(_("已撤回的资料不能修改。"))
    clean = Cleaner(data)
    values = _clean_material(clean, material.committee, {**data, "file": upload}, partial=True, existing=material)
    clean.done()
    before = _snapshot(material)
    if upload is not None:
        material.attachment = _attach(actor, material.committee, values.get("kind", material.kind), upload)
    _apply(material, values, material.committee)
    audit.record("learning_material.update", actor=actor, obj=material, before=before, after=_snapshot(material))
    registry.sync_derived(material)
    return material


def publish_material(*, actor, material, note="") -> StudyMaterial:
    with transaction.atomic():
        MATERIAL_FLOW.perform(
            material, "publish", actor=actor, note=note, apply=lambda m: setattr(m, "published_at", timezone.now())
        )
        registry.sync_derived(material)
    return material


def withdraw_material(*, actor, material, reason) -> StudyMaterial:
    clean = Cleaner({"reason": reason})
    reason = clean.text("reason", required=True, max_length=500, label=_("撤回理由"))
    MATERIAL_FLOW.rule_for(material, "withdraw")
    if not _office(actor, material):
        require_manage(actor, material.committee)
    clean.done()
    with transaction.atomic():
        MATERIAL_FLOW.perform(
            material, "withdraw", actor=actor, note=reason, apply=lambda m: setattr(m, "withdraw_reason", reason)
        )
        registry.sync_derived(material)
    return material
