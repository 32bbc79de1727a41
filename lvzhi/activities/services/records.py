"""Speeches and outcomes of an activity: record, edit, delete, attach a file; an outcome is then
sent, instructed on and acted on (the outcome workflow)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState, OutcomeKind, OutcomeState, SpeechMode
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech
from lvzhi.activities.services.base import OUTCOME_FLOW, can_manage, is_member_user, require_manage
from lvzhi.activities.services.invitations import seated_members
from lvzhi.core import audit, registry
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import MAX_ID, Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid

SPEECH_FIELDS = ("member", "title", "mode", "text")
OUTCOME_FIELDS = ("title", "kind", "text", "authors")


def attending_member(clean: Cleaner, activity, value, field):
    """The member `value` names if they attend the activity (invited, or seated in its committee)."""
    pk = getattr(value, "pk", value)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    if not 0 < pk <= MAX_ID:
        clean.error(field, _("请选择委员。"))
        return None
    if not (
        Attendance.objects.filter(activity=activity, member_id=pk).exists()
        or seated_members(activity.committee).filter(member_id=pk).exists()
    ):
        clean.error(field, _("该委员不是本活动的参加人员。"))
        return None
    return Speech._meta.get_field("member").related_model.objects.get(pk=pk)


def _open(activity) -> None:
    if activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("活动已取消。"))


def _may_edit_speech(actor, speech_committee_id, member_id) -> bool:
    """Staff of the committee, or the member who gave the speech."""
    own = member_id is not None and is_member_user(actor) and actor.member_id == member_id
    return can_manage(actor, speech_committee_id) or own


def _clean_speech(clean: Cleaner) -> dict:
    title = clean.text("title", max_length=200)
    if not title and "title" not in clean.errors:
        clean.error("title", _("请填写题目。"))
    text = clean.text("text", max_length=100_000)
    mode = str(clean.data.get("mode") or SpeechMode.ORAL)
    if mode not in SpeechMode.values:
        clean.error("mode", _("请选择书面发言或口头发言。"))
    return {"title": title, "text": text, "mode": mode}


@transaction.atomic
def record_speech(*, actor, activity: Activity, data: dict, upload=None) -> Speech:
    """A speech (发言): staff record it; a member may submit their own written speech."""
    clean = Cleaner(data)
    member_value = data.get("member")
    if member_value in (None, "") and is_member_user(actor):
        member_value = actor.member_id
    member = attending_member(clean, activity, member_value, "member")
    if not _may_edit_speech(actor, activity.committee_id, member.pk if member else None):
        raise Forbidden()
    _open(activity)
    fields = _clean_speech(clean)
    clean.done()
    attachment = store_attachment(actor=actor, committee=activity.committee, upload=upload) if upload else None
    speech = Speech.objects.create(
        committee_id=activity.committee_id,
        activity=activity,
        member=member,
        attachment=attachment,
        created_by=actor,
        **fields,
    )
    audit.record("speech.create", actor=actor, obj=speech, after=audit.snapshot(speech))
    registry.sync_derived(speech)
    return speech


@transaction.atomic
def update_speech(*, actor, speech: Speech, data: dict) -> Speech:
    """Change a speech (the fields `data` names; the rest stay): staff of its committee, or the member
    who gave it (who cannot hand it to another member)."""
    if not _may_edit_speech(actor, speech.committee_id, speech.member_id):
        raise Forbidden()
    activity = speech.activity
    _open(activity)
    current = {f: getattr(speech, f) for f in SPEECH_FIELDS if f != "member"}
    clean = Cleaner({**current, **{k: v for k, v in data.items() if k in SPEECH_FIELDS}})
    member = speech.member
    wanted = getattr(data.get("member"), "pk", data.get("member"))
    if wanted not in (None, "") and str(wanted) != str(speech.member_id):
        if not can_manage(actor, speech.committee_id):
            raise Forbidden()
        member = attending_member(clean, activity, data["member"], "member")
    fields = _clean_speech(clean)
    clean.done()
    before = audit.snapshot(speech)
    speech.member = member
    for key, value in fields.items():
        setattr(speech, key, value)
    speech.save()
    audit.record("speech.update", actor=actor, obj=speech, before=before, after=audit.snapshot(speech))
    registry.sync_derived(speech)
    return speech


@transaction.atomic
def delete_speech(*, actor, speech: Speech) -> None:
    """Remove a speech (and its duty event): staff of its committee, or the member who gave it."""
    if not _may_edit_speech(actor, speech.committee_id, speech.member_id):
        raise Forbidden()
    _open(speech.activity)
    before = audit.snapshot(speech)
    pk = speech.pk
    audit.record("speech.delete", actor=actor, obj=speech, before=before)
    speech.delete()
    speech.pk = pk  # the derived stores drop what this speech gave
    registry.sync_derived(speech)


def _clean_outcome(clean: Cleaner, activity) -> dict:
    title = clean.text("title", max_length=200)
    if not title and "title" not in clean.errors:
        clean.error("title", _("请填写标题。"))
    text = clean.text("text", max_length=200_000)
    kind = str(clean.data.get("kind") or OutcomeKind.CONSULTATION)
    if kind not in OutcomeKind.values:
        clean.error("kind", _("请选择成果类别。"))
    author_ids = []
    for value in clean.data.get("authors") or []:
        member = attending_member(clean, activity, value, "authors")
        if member:
            author_ids.append(member.pk)
    return {
        "title": title,
        "text": text,
        "kind": kind,
        "authors": author_ids,
    }


@transaction.atomic
def record_outcome(*, actor, activity: Activity, data: dict, upload=None) -> Outcome:
    """An outcome (协商成果/调研报告/视察报告) of an activity, as a draft to be sent and tracked."""
    require_manage(actor, activity.committee_id)
    _open(activity)
    clean = Cleaner(data)
    fields = _clean_outcome(clean, activity)
    clean.done()
    author_ids = fields.pop("authors")
    attachment = store_attachment(actor=actor, committee=activity.committee, upload=upload) if upload else None
    outcome = Outcome.objects.create(
        committee_id=activity.committee_id, activity=activity, attachment=attachment, created_by=actor, **fields
    )
    outcome.authors.set(author_ids)
    audit.record("outcome.create", actor=actor, obj=outcome, after={**audit.snapshot(outcome), "authors": author_ids})
    registry.sync_derived(outcome)
    return outcome


@transaction.atomic
def update_outcome(*, actor, outcome: Outcome, data: dict) -> Outcome:
    """Change an outcome's content (the fields `data` names; the rest stay). Its tracking (sent to,
    instructions, follow-up) changes only through the outcome workflow."""
    require_manage(actor, outcome.committee_id)
    activity = outcome.activity
    _open(activity)
    current = {f: getattr(outcome, f) for f in OUTCOME_FIELDS if f != "authors"}
    current["authors"] = list(outcome.authors.values_list("pk", flat=True))
    clean = Cleaner({**current, **{k: v for k, v in data.items() if k in OUTCOME_FIELDS}})
    fields = _clean_outcome(clean, activity)
    clean.done()
    author_ids = fields.pop("authors")
    before = {**audit.snapshot(outcome), "authors": current["authors"]}
    for key, value in fields.items():
        setattr(outcome, key, value)
    outcome.save()
    outcome.authors.set(author_ids)
    audit.record(
        "outcome.update",
        actor=actor,
        obj=outcome,
        before=before,
        after={**audit.snapshot(outcome), "authors": author_ids},
    )
    registry.sync_derived(outcome)
    return outcome


@transaction.atomic
def delete_outcome(*, actor, outcome: Outcome) -> None:
    """Remove an outcome that has not been sent yet (a sent one is on record)."""
    require_manage(actor, outcome.committee_id)
    _open(outcome.activity)
    if outcome.state != OutcomeState.DRAFT:
        raise IllegalTransition(_("已报送的成果不能删除。"))
    before = {**audit.snapshot(outcome), "authors": list(outcome.authors.values_list("pk", flat=True))}
    pk = outcome.pk
    audit.record("outcome.delete", actor=actor, obj=outcome, before=before)
    outcome.delete()
    outcome.pk = pk  # the derived stores drop what this outcome gave
    registry.sync_derived(outcome)


def send_outcome(*, actor, outcome: Outcome, sent_to: str, sent_on=None) -> Outcome:
    clean = Cleaner({"sent_to": sent_to, "sent_on": sent_on})
    sent_to = clean.text("sent_to", max_length=200)
    if not sent_to and "sent_to" not in clean.errors:
        clean.error("sent_to", _("请填写报送对象。"))
    sent_on = clean.date("sent_on")
    clean.done()

    def apply(obj):
        obj.sent_to, obj.sent_on = sent_to, sent_on or timezone.localdate()

    OUTCOME_FLOW.perform(outcome, "send", actor=actor, note=sent_to, apply=apply)
    return outcome


def _required_text(name, value, limit, message) -> str:
    clean = Cleaner({name: value})
    text = clean.text(name, max_length=limit)
    if not text and name not in clean.errors:
        clean.error(name, message)
    clean.done()
    return text


def record_instruction(*, actor, outcome: Outcome, instructions: str) -> Outcome:
    text = _required_text("instructions", instructions, 5000, _("请填写批示内容。"))

    def apply(obj):
        obj.instructions = f"{obj.instructions}\n{text}".strip() if obj.instructions else text

    OUTCOME_FLOW.perform(outcome, "instruct", actor=actor, note=text, apply=apply)
    return outcome


def record_follow_up(*, actor, outcome: Outcome, follow_up: str) -> Outcome:
    text = _required_text("follow_up", follow_up, 5000, _("请填写落实情况。"))

    def apply(obj):
        obj.follow_up = text

    OUTCOME_FLOW.perform(outcome, "act", actor=actor, note=text, apply=apply)
    return outcome


@transaction.atomic
def attach_file(*, actor, record: Speech | Outcome, upload) -> Speech | Outcome:
    """Attach (or replace) the file of a speech or an outcome: who may record it may attach to it —
    staff of its committee, and for a speech also the member who gave it."""
    own_speech = isinstance(record, Speech) and is_member_user(actor) and actor.member_id == record.member_id
    if not (can_manage(actor, record.committee_id) or own_speech):
        raise Forbidden()
    _open(record.activity)
    if upload is None:
        raise Invalid(errors={"file": [_("请选择要上传的文件。")]})
    before = {"attachment_id": record.attachment_id}
    record.attachment = store_attachment(actor=actor, committee=record.activity.committee, upload=upload)
    record.save(update_fields=["attachment"])
    audit.record(
        f"{record._meta.model_name}.attach",
        actor=actor,
        obj=record,
        before=before,
        after={"attachment_id": record.attachment_id},
    )
    return record
