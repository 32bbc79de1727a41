"""Clues and manuscripts: sending in, editing (every edit keeps the earlier text as a version), files
(scans, photos, oral-history audio) and the review steps."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit, registry
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.core.workflow import log_step
from lvzhi.org.models import Member
from lvzhi.wenshi.choices import AuthorKind, CallState, ManuscriptForm, ManuscriptKind, ManuscriptState
from lvzhi.wenshi.models import Call, Manuscript, ManuscriptVersion
from lvzhi.wenshi.services.base import MANUSCRIPT_FLOW, can_manage, is_author, is_member_user

FIELDS = (
    "kind",
    "form",
    "title",
    "text",
    "transcript",
    "author_kind",
    "member_id",
    "author_name",
    "narrator",
    "call_id",
)
MAX_FILES = 20
TEXT_MAX = 200_000


def _member_of(committee, value, clean):
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    member = None
    if as_id(pk):
        member = Member.objects.filter(pk=as_id(pk), memberships__committee=committee).distinct().first()
    if member is None:
        clean.error("member", _("请选择本会的委员。"))
    return member


def _call_of(committee, value, clean):
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    call = None
    if as_id(pk):
        call = Call.objects.filter(pk=as_id(pk), committee=committee).exclude(state=CallState.DRAFT).first()
    if call is None:
        clean.error("call", _("请选择本会已发布的征稿启事。"))
    return call


def _clean_content(data, clean, *, current=None) -> dict:
    def pick(name):
        return data[name] if name in data else (getattr(current, name) if current is not None else None)

    fields = {
        "title": clean.text("title", required=True, max_length=200, label=_("题目"), value=pick("title")),
        "text": clean.text("text", max_length=TEXT_MAX, label=_("正文"), value=pick("text") or "", strip=False),
        "transcript": clean.text(
            "transcript", max_length=TEXT_MAX, label=_("口述整理稿"), value=pick("transcript") or "", strip=False
        ),
        "narrator": clean.text("narrator", max_length=100, label=_("口述人"), value=pick("narrator") or ""),
    }
    fields["text"] = fields["text"].strip()
    fields["transcript"] = fields["transcript"].strip()
    return fields


@transaction.atomic
def submit_manuscript(*, actor, committee, data: dict, uploads=()) -> Manuscript:
    """A member sends in their own clue or manuscript (they are its author); the office registers one
    from a member, a 文史 expert or an outside author of its committee."""
    office = can_manage(actor, committee)
    own = is_member_user(actor) and actor.committee_id == getattr(committee, "pk", committee)
    if not office and not own:
        raise Forbidden(_("只有委员本人或文史工作人员可以报送。"))
    clean = Cleaner(data)
    fields = _clean_content(data, clean)
    fields["kind"] = clean.choice("kind", ManuscriptKind.values) or ManuscriptKind.MANUSCRIPT
    fields["form"] = clean.choice("form", ManuscriptForm.values) or ManuscriptForm.TEXT
    fields["call"] = _call_of(committee, data.get("call"), clean)
    if office:
        fields["author_kind"] = clean.choice("author_kind", AuthorKind.values) or AuthorKind.MEMBER
        member = _member_of(committee, data.get("member"), clean)
        if fields["author_kind"] == AuthorKind.MEMBER and member is None and "member" not in clean.errors:
            clean.error("member", _("委员来稿请选择委员。"))
        fields["member"] = member if fields["author_kind"] == AuthorKind.MEMBER else None
        name = clean.text("author_name", max_length=100, label=_("作者"))
        if not name and member is not None:
            name = member.name
        if not name:
            clean.error("author_name", _("作者必填。"))
        fields["author_name"] = name
        fields["submitted_on"] = clean.date("submitted_on") or timezone.localdate()
    else:
        fields["author_kind"] = AuthorKind.MEMBER
        fields["member"] = actor.member
        fields["author_name"] = actor.member.name
        fields["submitted_on"] = timezone.localdate()
    if fields["form"] == ManuscriptForm.ORAL and not fields["narrator"]:
        clean.error("narrator", _("口述史请填写口述人。"))
    if not (fields["text"] or fields["transcript"] or uploads):
        clean.error("text", _("请填写正文（线索内容），或上传稿件文件。"))
    clean.done()
    manuscript = Manuscript.objects.create(
        committee_id=getattr(committee, "pk", committee), submitted_by=actor, **fields
    )
    for upload in uploads:
        _attach(actor, manuscript, upload)
    _version(manuscript, actor, _("原稿"))
    audit.record("wenshi.manuscript.create", actor=actor, obj=manuscript, after=audit.snapshot(manuscript))
    log_step(manuscript, "submit", actor=actor, note=_("来稿登记"))
    registry.sync_derived(manuscript)
    return manuscript


def _version(manuscript, actor, note) -> ManuscriptVersion:
    number = (manuscript.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ManuscriptVersion.objects.create(
        committee_id=manuscript.committee_id,
        manuscript=manuscript,
        number=number,
        title=manuscript.title,
        text=manuscript.text,
        transcript=manuscript.transcript,
        note=str(note)[:500],
        edited_by=actor if getattr(actor, "pk", None) else None,
    )


def may_edit(user, manuscript) -> bool:
    """The office edits anything not refused; the author edits their own only after 退改."""
    if can_manage(user, manuscript.committee_id):
        return manuscript.state != ManuscriptState.REJECTED
    return is_author(user, manuscript) and manuscript.state == ManuscriptState.RETURNED


@transaction.atomic
def edit_manuscript(*, actor, manuscript: Manuscript, data: dict) -> Manuscript:
    """A new version of the title and text; the earlier versions stay as they were."""
    if not may_edit(actor, manuscript):
        if manuscript.state == ManuscriptState.REJECTED or is_author(actor, manuscript):
            raise IllegalTransition(_("“%(state)s”状态下不能修改稿件。") % {"state": manuscript.get_state_display()})
        raise Forbidden()
    clean = Cleaner(data)
    fields = _clean_content(data, clean, current=manuscript)
    note = clean.text("note", max_length=500, label=_("修改说明"))
    clean.done()
    if all(getattr(manuscript, k) == v for k, v in fields.items()):
        raise Invalid(errors={"text": [_("内容没有变化。")]})
    before = audit.snapshot(manuscript, fields=list(fields))
    for name, value in fields.items():
        setattr(manuscript, name, value)
    manuscript.updated_at = timezone.now()
    manuscript.save()
    _version(manuscript, actor, note or _("修改"))
    registry.sync_derived(manuscript)
    audit.record(
        "wenshi.manuscript.update",
        actor=actor,
        obj=manuscript,
        before=before,
        after=audit.snapshot(manuscript, fields=list(fields)),
    )
    return manuscript


def _attach(actor, manuscript, upload):
    if manuscript.attachments.count() >= MAX_FILES:
        raise Invalid(errors={"file": [_("每篇稿件最多 %(n)s 个附件。") % {"n": MAX_FILES}]})
    attachment = store_attachment(actor=actor, committee=manuscript.committee, upload=upload)
    manuscript.attachments.add(attachment)
    return attachment


@transaction.atomic
def add_manuscript_file(*, actor, manuscript: Manuscript, upload):
    """A scan, photo, audio recording (mp3) or document, checked by its content."""
    if not (
        may_edit(actor, manuscript) or (is_author(actor, manuscript) and manuscript.state == ManuscriptState.SUBMITTED)
    ):
        raise Forbidden(_("现在不能为这篇稿件添加附件。"))
    attachment = _attach(actor, manuscript, upload)
    audit.record("wenshi.manuscript.file", actor=actor, obj=manuscript, after={"attachment": attachment.pk})
    return attachment


def _review(action, *, actor, manuscript, note, required_note=False):
    clean = Cleaner({"note": note})
    note = clean.text("note", required=required_note, max_length=2000, label=_("审稿意见"))
    clean.done()

    def apply(obj):
        if action == "pass":
            obj.first_reviewer = actor
        elif action == "adopt":
            obj.second_reviewer = actor
            obj.decided_on = timezone.localdate()
        elif action in ("return", "reject"):
            if obj.state == ManuscriptState.REJECTED or obj.first_reviewer_id is None:
                obj.first_reviewer = actor
            else:
                obj.second_reviewer = actor
        obj.updated_at = timezone.now()

    with transaction.atomic():
        MANUSCRIPT_FLOW.perform(manuscript, action, actor=actor, note=note, apply=apply)
        registry.sync_derived(manuscript)
    if manuscript.submitted_by_id and manuscript.submitted_by_id != getattr(actor, "pk", None):
        notify(
            [manuscript.submitted_by],
            title=_("您的来稿《%(t)s》：%(s)s") % {"t": manuscript.title, "s": manuscript.get_state_display()},
            body=note,
            url=manuscript.get_absolute_url(),
            committee=manuscript.committee,
            kind="wenshi.manuscript",
        )
    return manuscript


def pass_manuscript(*, actor, manuscript, note=""):
    return _review("pass", actor=actor, manuscript=manuscript, note=note)


def adopt_manuscript(*, actor, manuscript, note=""):
    return _review("adopt", actor=actor, manuscript=manuscript, note=note)


def return_manuscript(*, actor, manuscript, note=""):
    """退改: the author is told what to change (the note is required)."""
    return _review("return", actor=actor, manuscript=manuscript, note=note, required_note=True)


def reject_manuscript(*, actor, manuscript, note=""):
    return _review("reject", actor=actor, manuscript=manuscript, note=note, required_note=True)


def resubmit_manuscript(*, actor, manuscript, note=""):
    return _review("resubmit", actor=actor, manuscript=manuscript, note=note)
