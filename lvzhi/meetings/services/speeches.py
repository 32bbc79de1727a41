"""Plenary speeches (大会发言): members and organisations (the committee's parties and people's
organisations, 参加单位) submit drafts before the meeting's deadline; the office adopts each for
oral delivery, as a written speech (书面发言) or not, with a note, and compiles the booklet.

A member's adopted speech is a duty event (`meetings.speech.oral` / `.written`, duty.py); an
organisation's is not (no member is its author). The office may reopen a decision; the ledger
follows every step through `registry.sync_derived`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.exports import new_document
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.meetings.choices import SpeechState
from lvzhi.meetings.models import Meeting, PlenarySpeech, PlenarySpeechVersion
from lvzhi.meetings.services.base import (
    attendance_of,
    can_manage,
    is_attendee,
    is_member_user,
    member_ids,
    require_manage,
)
from lvzhi.org.models import Membership, Party

S = SpeechState


def _manages(user, speech) -> bool:
    return can_manage(user, speech.committee_id)


def _author(user, speech) -> bool:
    return is_member_user(user) and speech.member_id == user.member_id


SPEECH_FLOW = Workflow(
    rules=[
        Rule("adopt_oral", [S.SUBMITTED], S.ORAL, _manages, None, gettext_lazy("采用为口头发言")),
        Rule("adopt_written", [S.SUBMITTED], S.WRITTEN, _manages, None, gettext_lazy("采用为书面发言")),
        Rule("reject", [S.SUBMITTED], S.NOT_ADOPTED, _manages, None, gettext_lazy("不予采用")),
        Rule("send_back", [S.SUBMITTED], S.RETURNED, _manages, None, gettext_lazy("退回修改")),
        Rule("reopen", [S.ORAL, S.WRITTEN, S.NOT_ADOPTED], S.SUBMITTED, _manages, None, gettext_lazy("重新审核")),
        Rule("withdraw", [S.SUBMITTED, S.RETURNED], S.WITHDRAWN, _author, None, gettext_lazy("撤回")),
        # the author's edit of a returned speech submits it again (edit_speech)
        Rule("resubmit", [S.RETURNED], S.SUBMITTED, _author, None, gettext_lazy("修改后重新提交")),
    ]
)


def deadline_passed(meeting: Meeting, now=None) -> bool:
    return meeting.speech_deadline is not None and (now or timezone.now()) > meeting.speech_deadline


@transaction.atomic
def set_speech_deadline(*, actor, meeting: Meeting, data: dict) -> Meeting:
    require_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    deadline = clean.moment("deadline", required=True)
    clean.done()
    before = {"speech_deadline": meeting.speech_deadline.isoformat() if meeting.speech_deadline else None}
    meeting.speech_deadline = deadline
    meeting.save(update_fields=["speech_deadline"])
    after = {"speech_deadline": deadline.isoformat()}
    audit.record("meeting.speech_deadline", actor=actor, obj=meeting, before=before, after=after)
    return meeting


def _party(clean: Cleaner, meeting: Meeting, value):
    ids = member_ids([getattr(value, "pk", value)] if value not in (None, "") else [], "party")
    if not ids:
        return None
    party = Party.objects.filter(committee_id=meeting.committee_id, pk=ids[0]).first()
    if party is None:
        clean.error("party", _("请选择本委员会的参加单位。"))
    return party


@transaction.atomic
def submit_speech(*, actor, meeting: Meeting, data: dict) -> PlenarySpeech:
    """A member submits their own speech (or their party's, naming it); the office may enter one
    for any member of the meeting or any organisation of the committee, also after the deadline."""
    office = can_manage(actor, meeting.committee_id)
    if not office and not is_attendee(actor, meeting):
        raise Forbidden(_("只有参会委员或会务工作人员可以提交大会发言。"))
    if not office and deadline_passed(meeting):
        raise IllegalTransition(
            _("大会发言征集已于%(t)s截止。") % {"t": f"{timezone.localtime(meeting.speech_deadline):%Y-%m-%d %H:%M}"}
        )
    clean = Cleaner(data)
    title = clean.text("title", required=True, max_length=200, label=_("题目"))
    text = clean.text("text", required=True, max_length=100_000, label=_("发言稿"))
    party = _party(clean, meeting, data.get("party"))
    member_id = None
    if office:
        ids = member_ids([data.get("member")] if data.get("member") not in (None, "") else [], "member")
        if ids:
            if attendance_of(meeting, ids[0]) is None:
                clean.error("member", _("请选择本次会议的参会委员。"))
            member_id = ids[0]
        if member_id is None and party is None:
            clean.error("member", _("请选择发言委员或参加单位。"))
    else:
        member_id = actor.member_id
        if (
            party is not None
            and not Membership.objects.filter(
                member_id=member_id, committee_id=meeting.committee_id, party=party
            ).exists()
        ):
            clean.error("party", _("只能以本人所在的参加单位名义提交。"))
    clean.done()
    speech = PlenarySpeech.objects.create(
        committee_id=meeting.committee_id,
        meeting=meeting,
        member_id=member_id,
        party=party,
        title=title,
        text=text,
        submitted_by=actor,
    )
    audit.record("plenary_speech.submit", actor=actor, obj=speech, after=audit.snapshot(speech))
    return speech


EDITABLE = (S.SUBMITTED, S.RETURNED)


def can_edit_speech(user, speech) -> bool:
    """The author may edit a speech not yet reviewed (before the deadline) or one returned for changes."""
    if not _author(user, speech) or speech.state not in EDITABLE:
        return False
    return speech.state == S.RETURNED or not deadline_passed(speech.meeting)


def edit_speech(*, actor, speech: PlenarySpeech, data: dict) -> PlenarySpeech:
    """The author changes the title and text of their speech before the office has reviewed it, or
    after the office returned it for changes (which submits it again). The text as it was is kept as
    a `PlenarySpeechVersion`. Refused once the speech is reviewed (adopted or not), withdrawn, or —
    for a speech not returned — after the deadline."""
    speech.refresh_from_db()
    if not _author(actor, speech):
        raise Forbidden(_("只有发言稿的提交委员本人可以修改。"))
    clean = Cleaner(data)
    title = clean.text("title", required=True, max_length=200, label=_("题目"))
    text = clean.text("text", required=True, max_length=100_000, label=_("发言稿"))
    note = clean.text("note", max_length=500, label=_("修改说明"))
    clean.done()
    with transaction.atomic():
        locked = PlenarySpeech.objects.select_for_update().select_related("meeting").get(pk=speech.pk)
        if locked.state not in EDITABLE:
            raise IllegalTransition(_("发言稿已%(state)s，不能再修改。") % {"state": locked.get_state_display()})
        if locked.state == S.SUBMITTED and deadline_passed(locked.meeting):
            raise IllegalTransition(_("大会发言征集已截止，发言稿不能再修改。"))
        if title == locked.title and text == locked.text:
            raise Invalid(errors={"text": [_("题目和发言稿都没有改动。")]})
        number = PlenarySpeechVersion.objects.filter(speech=locked).count() + 1
        PlenarySpeechVersion.objects.create(
            committee_id=locked.committee_id,
            speech=locked,
            number=number,
            title=locked.title,
            text=locked.text,
            saved_by=actor,
        )
        before = {"title": locked.title, "text_length": len(locked.text), "version": number}
        after = {"title": title, "text_length": len(text)}

        def apply(obj):
            obj.title, obj.text, obj.review_note = title, text, ""

        if locked.state == S.RETURNED:
            SPEECH_FLOW.perform(speech, "resubmit", actor=actor, note=note, apply=apply)
        else:
            apply(speech)
            speech.save(update_fields=["title", "text", "review_note"])
        audit.record("plenary_speech.edit", actor=actor, obj=speech, before=before, after=after, note=note)
    return speech


def review_speech(*, actor, speech: PlenarySpeech, action: str, note: str = "") -> PlenarySpeech:
    """One step of SPEECH_FLOW (adopt oral / written, reject, send back for changes, reopen,
    withdraw), with its note; sending back needs the note (what to change)."""
    if action == "send_back" and not (note or "").strip():
        raise Invalid(errors={"note": [_("请写明需要修改的内容。")]})
    speech.refresh_from_db()
    with transaction.atomic():

        def apply(obj):
            if action == "withdraw":
                return
            if action == "send_back":
                obj.review_note = (note or "")[:500]
                return
            obj.review_note = "" if action == "reopen" else (note or "")[:500]
            obj.reviewed_at = None if action == "reopen" else timezone.now()

        SPEECH_FLOW.perform(speech, action, actor=actor, note=note, apply=apply)
        registry.sync_derived(speech)
    return speech


def speech_booklet(meeting: Meeting):
    """The booklet (大会发言材料汇编) of the adopted speeches: oral ones first, then written."""
    doc = new_document(_("%(t)s大会发言材料汇编") % {"t": meeting.activity.topic})
    speeches = list(
        PlenarySpeech.objects.filter(meeting=meeting, state__in=[S.ORAL, S.WRITTEN]).select_related("member", "party")
    )
    for heading, state in ((_("一、大会口头发言"), S.ORAL), (_("二、书面发言"), S.WRITTEN)):
        doc.add_heading(heading, level=2)
        chosen = [s for s in speeches if s.state == state]
        if not chosen:
            doc.add_paragraph(_("（无）"))
        for s in chosen:
            doc.add_heading(s.title, level=3)
            doc.add_paragraph(s.author)
            for paragraph in s.text.splitlines():
                if paragraph.strip():
                    doc.add_paragraph(paragraph.strip())
    return doc
