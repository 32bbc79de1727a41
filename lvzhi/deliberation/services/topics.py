"""Writing a topic: the office creates and edits it (question, background, period, audience, files)."""

import nh3
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.models import User
from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Topic
from lvzhi.deliberation.services.base import TOPIC_FLOW, require_manage
from lvzhi.org.audience import AudienceKind, audience_members, current_memberships
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Party, Sector, SpecialCommittee, Studio

TOPIC_FIELDS = ("title", "background", "opens_on", "closes_on", "anonymous", "include_lower", "audience", "roles")
SELECTIONS = {
    # audience kind: (field, model of the committee's own list)
    AudienceKind.SECTORS: ("sectors", Sector),
    AudienceKind.SPECIAL_COMMITTEES: ("special_committees", SpecialCommittee),
    AudienceKind.PARTIES: ("parties", Party),
    AudienceKind.STUDIOS: ("studios", Studio),
}
BACKGROUND_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h3", "h4", "h5", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div", "hr",
}  # fmt: skip
MAX_ATTACHMENTS = 10


def sanitise(html: str) -> str:
    """Background rich text with only harmless tags kept (no scripts, styles, images or handlers);
    links get rel="noopener noreferrer"."""
    return nh3.clean(
        html or "", tags=BACKGROUND_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener noreferrer"
    )


def _ids(value) -> list[int]:
    if value in (None, ""):
        return []
    if isinstance(value, (str, int)):
        value = str(value).replace("，", ",").split(",")
    result = []
    for item in value:
        item = getattr(item, "pk", item)
        text = str(item).strip()
        if as_id(text):
            result.append(as_id(text))
        elif text:
            result.append(-1)
    return result


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def _clean(committee, data: dict) -> tuple[dict, dict]:
    """The topic's fields and its audience selection ({m2m field: ids}), or Invalid with every problem."""
    clean = Cleaner(data)
    fields = {
        "title": clean.text("title", required=True, max_length=200, label=_("议题")),
        "background": sanitise(clean.text("background", max_length=50_000, label=_("背景材料"))),
        "opens_on": clean.date("opens_on", required=True),
        "closes_on": clean.date("closes_on", required=True),
        "anonymous": _flag(data.get("anonymous")),
        "include_lower": _flag(data.get("include_lower")),
        "audience": clean.choice("audience", AudienceKind.values) or AudienceKind.ALL,
        "roles": "",
    }
    if fields["opens_on"] and fields["closes_on"] and fields["closes_on"] < fields["opens_on"]:
        clean.error("closes_on", _("截止日期不能早于开始日期。"))
    kind = fields["audience"]
    selection = {name: [] for name, _model in SELECTIONS.values()} | {"members": []}
    if kind in SELECTIONS:
        name, model = SELECTIONS[kind]
        wanted = _ids(data.get(name))
        found = set(model.objects.filter(committee=committee, pk__in=wanted).values_list("pk", flat=True))
        if not wanted:
            clean.error(name, _("请至少选择一项。"))
        elif set(wanted) - found:
            clean.error(name, _("只能选择本委员会的%(what)s。") % {"what": model._meta.verbose_name})
        selection[name] = sorted(found)
    elif kind == AudienceKind.ROLES:
        roles = _ids_or_codes(data.get("roles"))
        if not roles:
            clean.error("roles", _("请至少选择一项。"))
        elif set(roles) - set(MemberRole.values):
            clean.error("roles", _("不是可选的值。"))
        fields["roles"] = Topic.roles_value(roles)
    elif kind == AudienceKind.MEMBERS:
        wanted = _ids(data.get("members"))
        where = Committee.objects.filter(path__startswith=committee.path) if fields["include_lower"] else [committee]
        seated = set(
            current_memberships().filter(committee__in=where, member_id__in=wanted).values_list("member_id", flat=True)
        )
        if not wanted:
            clean.error("members", _("请至少选择一位委员。"))
        elif set(wanted) - seated:
            clean.error("members", _("只能选择本委员会的在任委员。"))
        selection["members"] = sorted(seated)
    clean.done()
    return fields, selection


def _ids_or_codes(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace("，", ",").split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def _apply_selection(topic, selection: dict) -> None:
    for name, ids in selection.items():
        getattr(topic, name).set(ids)


def _selection_of(topic) -> dict:
    return {
        name: sorted(getattr(topic, name).values_list("pk", flat=True))
        for name in ("sectors", "special_committees", "parties", "studios", "members")
    }


def _attach(actor, topic, uploads) -> list:
    uploads = [u for u in uploads or () if u]
    if topic.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
        raise Invalid(errors={"file": [_("每个议题最多 %(n)s 个背景文件。") % {"n": MAX_ATTACHMENTS}]})
    stored = [store_attachment(actor=actor, committee=topic.committee, upload=upload) for upload in uploads]
    topic.attachments.add(*stored)
    return stored


@transaction.atomic
def create_topic(*, actor, committee, data: dict, uploads=()) -> Topic:
    """A draft topic of the committee (the office of its deliberation work); published with `open`."""
    require_manage(actor, committee)
    fields, selection = _clean(committee, data)
    topic = Topic.objects.create(committee=committee, created_by=actor, **fields)
    _apply_selection(topic, selection)
    _attach(actor, topic, uploads)
    audit.record("deliberation.topic.create", actor=actor, obj=topic, after={**audit.snapshot(topic), **selection})
    return topic


@transaction.atomic
def update_topic(*, actor, topic: Topic, data: dict, uploads=()) -> Topic:
    """Change a draft or open topic (the fields `data` names; the rest stay); add background files."""
    require_manage(actor, topic.committee)
    if topic.state not in (TopicState.DRAFT, TopicState.OPEN):
        raise IllegalTransition(_("议题已结束征集，不能再修改。"))
    current = {f: getattr(topic, f) for f in TOPIC_FIELDS}
    current["roles"] = topic.role_list
    before = {**audit.snapshot(topic), **_selection_of(topic)}
    merged = {**current, **_selection_of(topic), **{k: v for k, v in data.items() if v is not None}}
    fields, selection = _clean(topic.committee, merged)
    for key, value in fields.items():
        setattr(topic, key, value)
    topic.updated_at = timezone.now()
    topic.save()
    _apply_selection(topic, selection)
    _attach(actor, topic, uploads)
    audit.record("deliberation.topic.update", actor=actor, obj=topic, before=before,
                 after={**audit.snapshot(topic), **selection})  # fmt: skip
    return topic


@transaction.atomic
def add_topic_attachment(*, actor, topic: Topic, upload) -> Topic:
    """Add one background file to a draft or open topic: the page's file field without the other
    fields (the same checks, the same limit and the same core validation of the file)."""
    require_manage(actor, topic.committee)
    if topic.state not in (TopicState.DRAFT, TopicState.OPEN):
        raise IllegalTransition(_("议题已结束征集，不能再修改。"))
    if not upload:
        raise Invalid(errors={"file": [_("请选择文件。")]})
    (attachment,) = _attach(actor, topic, [upload])
    audit.record("deliberation.topic.attach", actor=actor, obj=topic, after={"attachment": attachment.pk})
    return topic


@transaction.atomic
def remove_topic_attachment(*, actor, topic: Topic, attachment_id) -> Topic:
    require_manage(actor, topic.committee)
    if topic.state not in (TopicState.DRAFT, TopicState.OPEN):
        raise IllegalTransition(_("议题已结束征集，不能再修改。"))
    found = topic.attachments.filter(pk=as_id(attachment_id)).first() if as_id(attachment_id) else None
    if found is None:
        raise Invalid(errors={"attachment": [_("没有这个背景文件。")]})
    topic.attachments.remove(found)
    audit.record("deliberation.topic.detach", actor=actor, obj=topic, before={"attachment": found.pk})
    return topic


def open_topic(*, actor, topic: Topic, note: str = "") -> Topic:
    """Publish: the audience may read and post until the closing date; they are told."""
    TOPIC_FLOW.perform(topic, "open", actor=actor, note=note)
    users = User.objects.filter(member__in=audience_members(topic), is_active=True)
    notify(
        users,
        title=_("网络议政：%(t)s") % {"t": topic.title},
        body=_("征集意见至 %(d)s。") % {"d": topic.closes_on.isoformat()},
        url=reverse("deliberation:detail", args=[topic.pk]),
        committee=topic.committee,
        kind="deliberation.topic",
    )
    return topic


def close_topic(*, actor, topic: Topic, note: str = "") -> Topic:
    """End the call for opinions: no more posts."""
    TOPIC_FLOW.perform(topic, "close", actor=actor, note=note)
    return topic
