"""Every write of the notices module: draft, edit (keeping the previous text), publish (now or at a
set time), withdraw, remind, read receipts, replies and attachments.

Reading marks read through `mark_notice_read`, which the detail page calls when a recipient opens
it (a service call from the GET view: the write itself stays here) and the API exposes as
`POST /api/v1/notices/{id}/read`.
"""

import datetime

import nh3
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import audit, permissions
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import DATE_MAX, DATE_MIN, Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.notifications import notify
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.notices.choices import NoticeKind, NoticeState, ReplyFieldKind
from lvzhi.notices.models import PERMISSION, Notice, NoticeRead, NoticeReply, NoticeRevision, reads_notices
from lvzhi.org.audience import AudienceKind, audience_members
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Member, Party, Sector, SpecialCommittee, Studio, Unit

# The rich text a notice may carry: structure, emphasis, lists, tables, links and images by URL.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "span", "div", "pre", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_REPLY_FIELDS = 10
MAX_CHOICES = 20
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
    "units": Unit,
}


NEW_NOTICE_DEFAULTS = {"kind": NoticeKind.NOTICE, "audience": AudienceKind.ALL, "body": ""}


def can_manage(user, committee) -> bool:
    return permissions.can_manage(user, committee, PERMISSION)


def can_read(user) -> bool:
    return reads_notices(user)


def is_recipient_user(user) -> bool:
    return bool(user and user.is_authenticated and (user.member_id or user.unit_id))


def sanitize_body(text: str) -> str:
    """Safe HTML from what the office typed: plain text becomes paragraphs; HTML keeps only the
    allowed tags and attributes (no scripts, styles, event handlers or javascript: links)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if "<" not in text:
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer"
    ).strip()


def _is_live(notice) -> bool:
    return notice.is_live


NOTICE_FLOW = Workflow(
    field="state",
    rules=[
        Rule(
            "publish",
            sources=[NoticeState.DRAFT],
            target=NoticeState.PUBLISHED,
            allowed=lambda user, n: can_manage(user, n.committee_id),
            label=gettext_lazy("发布"),
        ),
        Rule(
            "withdraw",
            sources=[NoticeState.PUBLISHED],
            target=NoticeState.WITHDRAWN,
            allowed=lambda user, n: can_manage(user, n.committee_id),
            label=gettext_lazy("撤回"),
        ),
    ],
)


# --- input ---------------------------------------------------------------------------------------


def _datetime(clean: Cleaner, name: str, *, required=False):
    value = clean.data.get(name)
    if value in (None, ""):
        if required:
            clean.error(name, _("必填。"))
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(23, 59))
    if not isinstance(value, datetime.datetime):
        try:
            value = datetime.datetime.fromisoformat(str(value).strip())
        except ValueError:
            clean.error(name, _("时间格式应为 YYYY-MM-DD HH:MM。"))
            return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    if not DATE_MIN <= timezone.localtime(value).date() <= DATE_MAX:
        clean.error(name, _("日期须在 %(a)s 至 %(b)s 之间。") % {"a": DATE_MIN, "b": DATE_MAX})
        return None
    return value


def _ids(clean: Cleaner, name: str) -> list[int]:
    value = clean.data.get(name) or []
    if isinstance(value, (str, int)):
        value = [value]
    ids = []
    for item in value:
        item = getattr(item, "pk", item)
        try:
            ids.append(int(item))
        except (TypeError, ValueError):
            clean.error(name, _("无效的选项。"))
            return []
    return sorted(set(ids))


def clean_reply_fields(clean: Cleaner, value) -> list[dict]:
    """The reply form's definition: a few fields, each {name, kind, required, choices}."""
    if value in (None, ""):
        return []
    if not isinstance(value, (list, tuple)):
        clean.error("reply_fields", _("回执项目应为列表。"))
        return []
    if len(value) > MAX_REPLY_FIELDS:
        clean.error("reply_fields", _("回执项目最多 %(n)s 项。") % {"n": MAX_REPLY_FIELDS})
        return []
    fields, names = [], set()
    for item in value:
        if not isinstance(item, dict):
            clean.error("reply_fields", _("回执项目格式不正确。"))
            return []
        name = str(item.get("name") or "").strip()
        kind = str(item.get("kind") or ReplyFieldKind.TEXT).strip()
        choices = [str(c).strip() for c in (item.get("choices") or []) if str(c).strip()]
        if not name or len(name) > 40 or "\x00" in name:
            clean.error("reply_fields", _("每个回执项目须有名称（不超过40字）。"))
        elif name in names:
            clean.error("reply_fields", _("回执项目“%(n)s”重复。") % {"n": name})
        if kind not in ReplyFieldKind.values:
            clean.error("reply_fields", _("回执项目“%(n)s”的类型不正确。") % {"n": name})
        if kind == ReplyFieldKind.CHOICE and not choices:
            clean.error("reply_fields", _("选项类回执项目“%(n)s”须列出选项。") % {"n": name})
        if len(choices) > MAX_CHOICES or any(len(c) > 50 for c in choices):
            clean.error("reply_fields", _("回执项目“%(n)s”的选项过多或过长。") % {"n": name})
        names.add(name)
        fields.append(
            {
                "name": name,
                "kind": kind,
                "required": bool(item.get("required")),
                "choices": choices if kind == ReplyFieldKind.CHOICE else [],
            }
        )
    return fields


def _clean_notice(data: dict, *, committee, partial: bool, current=None) -> tuple[dict, dict]:
    """The notice's fields and its audience lists from `data`; with `partial`, only what is given."""
    clean = Cleaner(data)
    fields: dict = {}
    lists: dict = {}

    def given(name):
        return not partial or name in data

    if given("title"):
        fields["title"] = clean.text("title", required=True, max_length=200, label=_("标题"))
    if given("body"):
        raw = clean.text("body", max_length=100_000, label=_("正文"))
        fields["body"] = sanitize_body(raw)
    if given("kind"):
        fields["kind"] = clean.choice("kind", NoticeKind.values, required=True) or NoticeKind.NOTICE
    if given("pinned"):
        fields["pinned"] = bool(data.get("pinned"))
    if given("include_lower"):
        fields["include_lower"] = bool(data.get("include_lower"))
    if given("audience"):
        fields["audience"] = clean.choice("audience", AudienceKind.values, required=True) or AudienceKind.ALL
    if given("roles"):
        roles = data.get("roles") or []
        roles = [roles] if isinstance(roles, str) else list(roles)
        if any(str(r) not in MemberRole.values for r in roles):
            clean.error("roles", _("不是可选的职务。"))
        fields["roles"] = Notice.roles_value([str(r) for r in roles])
    if given("reply_required"):
        fields["reply_required"] = bool(data.get("reply_required"))
    if given("reply_deadline"):
        fields["reply_deadline"] = _datetime(clean, "reply_deadline")
    if given("reply_fields"):
        fields["reply_fields"] = clean_reply_fields(clean, data.get("reply_fields"))

    include_lower = fields.get("include_lower", getattr(current, "include_lower", False))
    tree = Committee.objects.filter(path__startswith=committee.path) if include_lower else None
    for name, model in LIST_MODELS.items():
        if not given(name):
            continue
        ids = _ids(clean, name)
        if ids:
            rows = model.objects.filter(pk__in=ids)
            rows = rows.filter(committee__in=tree) if tree is not None else rows.filter(committee=committee)
            if rows.count() != len(ids):
                clean.error(name, _("所选项不属于该委员会。"))
        lists[name] = ids

    # the audience must name whom it reaches; a reply needs a deadline and at least one field
    audience = fields.get("audience", getattr(current, "audience", AudienceKind.ALL))
    required_list = AUDIENCE_LISTS.get(audience)
    if required_list and (given(required_list) or given("audience")):
        chosen = lists.get(required_list)
        if chosen is None and current is not None:
            chosen = list(getattr(current, required_list).values_list("pk", flat=True))
        units = lists.get("units")
        if units is None and current is not None:
            units = list(current.units.values_list("pk", flat=True))
        if not chosen and not (audience == AudienceKind.MEMBERS and units):
            clean.error(required_list, _("请选择接收范围。"))
    roles_value = fields.get("roles", getattr(current, "roles", ""))
    if audience == AudienceKind.ROLES and not roles_value:
        clean.error("roles", _("请选择职务。"))
    reply_required = fields.get("reply_required", getattr(current, "reply_required", False))
    if reply_required:
        deadline = fields.get("reply_deadline", getattr(current, "reply_deadline", None))
        reply_fields = fields.get("reply_fields", getattr(current, "reply_fields", []))
        if deadline is None and "reply_deadline" not in clean.errors:
            clean.error("reply_deadline", _("需要回执时须设截止时间。"))
        if not reply_fields and "reply_fields" not in clean.errors:
            clean.error("reply_fields", _("需要回执时须至少设一个回执项目。"))
    clean.done()
    return fields, lists


def _set_lists(notice, lists: dict) -> None:
    for name, ids in lists.items():
        getattr(notice, name).set(ids)


def _snapshot(notice) -> dict:
    data = audit.snapshot(notice)
    for name in LIST_MODELS:
        data[name] = sorted(getattr(notice, name).values_list("pk", flat=True))
    return data


# --- the office's writes -------------------------------------------------------------------------


@transaction.atomic
def create_notice(*, actor, committee, data: dict, files=()) -> Notice:
    """A draft notice of `committee` (the office of that committee, in scope)."""
    if committee is None:
        raise Invalid(errors={"committee": [_("必填。")]})
    permissions.require_manage(actor, committee, PERMISSION, hide_out_of_scope=True)
    data = {**NEW_NOTICE_DEFAULTS, **{k: v for k, v in data.items() if v is not None or k == "reply_deadline"}}
    fields, lists = _clean_notice(data, committee=committee, partial=False)
    notice = Notice(committee=committee, created_by=actor, **fields)
    notice.save()
    _set_lists(notice, lists)
    for upload in files or ():
        notice.attachments.add(store_attachment(actor=actor, committee=committee, upload=upload))
    audit.record("notice.create", actor=actor, obj=notice, after=_snapshot(notice))
    return notice


@transaction.atomic
def update_notice(*, actor, notice, data: dict, files=()) -> Notice:
    """Change a draft or a published notice; a published one keeps its previous title and body as a
    revision. A withdrawn notice is closed."""
    permissions.require_manage(actor, notice.committee, PERMISSION, hide_out_of_scope=True)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state == NoticeState.WITHDRAWN:
        raise IllegalTransition(_("已撤回的通知不能修改。"))
    before = _snapshot(notice)
    fields, lists = _clean_notice(data, committee=notice.committee, partial=True, current=notice)
    changed_text = any(k in fields and fields[k] != getattr(notice, k) for k in ("title", "body"))
    if notice.state == NoticeState.PUBLISHED and changed_text:
        NoticeRevision.objects.create(
            committee=notice.committee, notice=notice, title=notice.title, body=notice.body, edited_by=actor
        )
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.updated_at = timezone.now()
    notice.save()
    _set_lists(notice, lists)
    for upload in files or ():
        notice.attachments.add(store_attachment(actor=actor, committee=notice.committee, upload=upload))
    if notice.state == NoticeState.PUBLISHED:
        notice.recipients_count = recipient_users(notice).count()
        notice.save(update_fields=["recipients_count"])
    audit.record("notice.update", actor=actor, obj=notice, before=before, after=_snapshot(notice))
    return notice


@transaction.atomic
def add_notice_attachment(*, actor, notice, upload) -> Notice:
    permissions.require_manage(actor, notice.committee, PERMISSION, hide_out_of_scope=True)
    if notice.state == NoticeState.WITHDRAWN:
        raise IllegalTransition(_("已撤回的通知不能修改。"))
    if upload is None:
        raise Invalid(errors={"file": [_("请选择文件。")]})
    attachment = store_attachment(actor=actor, committee=notice.committee, upload=upload)
    notice.attachments.add(attachment)
    audit.record("notice.attach", actor=actor, obj=notice, after={"attachment": attachment.pk, "name": attachment.name})
    return notice


@transaction.atomic
def remove_notice_attachment(*, actor, notice, attachment_id: int) -> Notice:
    permissions.require_manage(actor, notice.committee, PERMISSION, hide_out_of_scope=True)
    if notice.state == NoticeState.WITHDRAWN:
        raise IllegalTransition(_("已撤回的通知不能修改。"))
    attachment = notice.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    notice.attachments.remove(attachment)
    audit.record(
        "notice.detach", actor=actor, obj=notice, before={"attachment": attachment.pk, "name": attachment.name}
    )
    return notice


def recipient_users(notice):
    """The accounts a notice reaches: member users of its audience and users of its units."""
    User = get_user_model()
    reach = Q(member__in=audience_members(notice)) | Q(unit__in=notice.units.all())
    return User.objects.filter(reach, is_active=True).distinct()


def _notice_url(notice) -> str:
    return reverse("notices:detail", args=[notice.pk])


@transaction.atomic
def publish_notice(*, actor, notice, publish_at=None, note: str = "") -> Notice:
    """Publish now, or at `publish_at` (a scheduled notice stays invisible to its recipients until
    then). Recipients are notified when it is published now."""
    clean = Cleaner({"publish_at": publish_at, "note": note})
    when = _datetime(clean, "publish_at")
    note = clean.text("note", max_length=500)
    clean.done()
    now = timezone.now()
    when = max(when, now) if when else now

    def apply(obj):
        obj.published_at = when
        obj.recipients_count = recipient_users(obj).count()

    NOTICE_FLOW.perform(notice, "publish", actor=actor, note=note, apply=apply)
    notice.refresh_from_db()
    if notice.published_at <= now:
        notify(
            recipient_users(notice),
            title=_("新%(kind)s：%(title)s") % {"kind": notice.get_kind_display(), "title": notice.title},
            url=_notice_url(notice),
            committee=notice.committee,
            kind="notices.published",
            subject=notice,
        )
    return notice


@transaction.atomic
def withdraw_notice(*, actor, notice, reason: str) -> Notice:
    clean = Cleaner({"reason": reason})
    reason = clean.text("reason", required=True, max_length=500, label=_("撤回原因"))
    clean.done()

    def apply(obj):
        obj.withdraw_reason = reason

    NOTICE_FLOW.perform(notice, "withdraw", actor=actor, note=reason, apply=apply)
    notice.refresh_from_db()
    return notice


def pending_users(notice):
    """Whom a reminder reaches: while replies are open, those who have not replied; otherwise
    those who have not read it."""
    users = recipient_users(notice)
    if notice.reply_open:
        return users.exclude(pk__in=notice.replies.values("user_id"))
    return users.exclude(pk__in=notice.reads.values("user_id"))


@transaction.atomic
def remind_notice(*, actor, notice, note: str = "") -> Notice:
    """Notify the recipients who have not read it (or, while replies are open, not replied)."""
    permissions.require_manage(actor, notice.committee, PERMISSION, hide_out_of_scope=True)
    clean = Cleaner({"note": note})
    note = clean.text("note", max_length=500)
    clean.done()
    if not notice.is_live:
        raise IllegalTransition(_("只有已发布且已到发布时间的通知可以提醒。"))
    users = list(pending_users(notice))
    if notice.reply_open:
        title = _("请回执：%(title)s") % {"title": notice.title}
    else:
        title = _("请阅读：%(title)s") % {"title": notice.title}
    notify(
        users,
        title=title,
        body=note,
        url=_notice_url(notice),
        committee=notice.committee,
        kind="notices.reminder",
        subject=notice,
    )
    notice.reminded_at = timezone.now()
    notice.save(update_fields=["reminded_at"])
    audit.record("notice.remind", actor=actor, obj=notice, after={"reminded": len(users), "note": note})
    return notice


# --- the recipients' writes ----------------------------------------------------------------------


def _require_recipient(actor, notice) -> None:
    if not is_recipient_user(actor) or not Notice.objects.addressed_to(actor).filter(pk=notice.pk).exists():
        if Notice.objects.visible_to(actor).filter(pk=notice.pk).exists():
            raise Forbidden(_("您不是这份通知的接收人。"))
        raise NotFound()


@transaction.atomic
def mark_notice_read(*, actor, notice) -> NoticeRead:
    """Record that a recipient opened the notice (the first time only)."""
    _require_recipient(actor, notice)
    row = NoticeRead.objects.filter(notice=notice, user=actor).first()
    if row is None:
        row = NoticeRead.objects.create(committee_id=notice.committee_id, notice=notice, user=actor)
        audit.record("notice.read", actor=actor, obj=notice, after={"read_at": str(row.read_at)})
    return row


def clean_answers(notice, answers) -> dict:
    clean = Cleaner()
    if not isinstance(answers, dict):
        raise Invalid(errors={"answers": [_("回执内容格式不正确。")]})
    result = {}
    for spec in notice.reply_fields:
        name, kind = spec["name"], spec["kind"]
        value = answers.get(name)
        value = "" if value is None else str(value).strip()
        if not value:
            if spec.get("required"):
                clean.error(name, _("%(f)s必填。") % {"f": name})
            continue
        if "\x00" in value or len(value) > 500:
            clean.error(name, _("不能超过 %(n)s 个字符。") % {"n": 500})
        elif kind == ReplyFieldKind.NUMBER:
            number = clean.decimal(name, value=value, low=-(10**9), high=10**9)
            value = str(number) if number is not None else ""
        elif kind == ReplyFieldKind.CHOICE and value not in spec.get("choices", []):
            clean.error(name, _("不是可选的值。"))
        result[name] = value
    unknown = set(answers) - {spec["name"] for spec in notice.reply_fields}
    if unknown:
        clean.error("answers", _("回执中有未定义的项目：%(n)s。") % {"n": "、".join(sorted(map(str, unknown)))})
    clean.done()
    return result


@transaction.atomic
def reply_to_notice(*, actor, notice, answers: dict) -> NoticeReply:
    """A recipient's reply; it may be changed until the deadline. Replying also marks read."""
    _require_recipient(actor, notice)
    if not notice.reply_required:
        raise IllegalTransition(_("这份通知不需要回执。"))
    if not notice.reply_open:
        raise IllegalTransition(_("回执已截止。"))
    cleaned = clean_answers(notice, answers)
    mark_notice_read(actor=actor, notice=notice)
    reply = NoticeReply.objects.select_for_update().filter(notice=notice, user=actor).first()
    if reply is None:
        reply = NoticeReply.objects.create(committee_id=notice.committee_id, notice=notice, user=actor, answers=cleaned)
        audit.record("notice.reply", actor=actor, obj=notice, after={"answers": cleaned})
    else:
        before = {"answers": reply.answers}
        reply.answers = cleaned
        reply.updated_at = timezone.now()
        reply.save(update_fields=["answers", "updated_at"])
        audit.record("notice.reply_update", actor=actor, obj=notice, before=before, after={"answers": cleaned})
    return reply
