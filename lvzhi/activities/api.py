"""Meetings and activities over the API: the same visibility (`visible_to`) and the same services
as the pages. Members read their committee's activities and their invitations, answer them and
check in; staff with the activities permission do the rest within their scope."""

import datetime
from typing import Literal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, UploadedFile

from lvzhi.activities import services
from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState, OutcomeKind, OutcomeState, SpeechMode
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech
from lvzhi.activities.subkinds import save_subkinds, subkind_table
from lvzhi.activities.views.common import can_read, filter_activities, is_member
from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    In,
    PageQuery,
    QueryIn,
    Ref,
    get_in,
    get_visible,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.org.models import Committee

router = Router(tags=["activities"])


class ActivityOut(Schema):
    id: int
    committee: int
    kind: ActivityKind
    subkind: str
    topic: str
    organiser: str
    organiser_studio: int | None
    organiser_special_committee: int | None
    organiser_sector: int | None
    organiser_committee: int | None
    start: datetime.datetime
    end: datetime.datetime
    place: str
    description: str
    partner: str
    people_reached: int
    problems_solved: int
    matters_done: int
    state: ActivityState


class InviteeOut(Schema):
    id: int
    member: Ref
    state: AttendanceState
    leave_reason: str
    decision_note: str
    checked_in_at: datetime.datetime | None
    method: str


class StepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class ActivityDetail(ActivityOut):
    invitees: list[InviteeOut]
    attendance: dict[str, int]
    timeline: list[StepOut]


class ActivityIn(Schema):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")
    kind: ActivityKind
    subkind: str = Field("", max_length=50, description="子类名称，如“专题”")
    topic: str = Field(..., max_length=200)
    start: datetime.datetime
    end: datetime.datetime | None = None
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=20000)
    organiser: str = Field("", max_length=100)
    organiser_studio: Id | None = None
    organiser_special_committee: Id | None = None
    organiser_sector: Id | None = None
    organiser_committee: Id | None = None
    partner: str = Field("", max_length=100)
    people_reached: int = Field(0, ge=0, le=10_000_000)
    problems_solved: int = Field(0, ge=0, le=10_000_000)
    matters_done: int = Field(0, ge=0, le=10_000_000)


class ActivityFilter(Schema):
    kind: str = ""
    subkind: str = ""
    committee: str = Field("", description="委员会 id 或行政区划代码")
    date_from: str = Field("", description="YYYY-MM-DD")
    date_to: str = Field("", description="YYYY-MM-DD")
    state: str = ""
    q: str = Field("", max_length=100)


class InviteIn(Schema):
    members: list[Id] = Field(..., min_length=1, max_length=2000)


class RespondIn(Schema):
    answer: Literal["attend", "leave"]
    reason: str = Field("", max_length=500)


class LeaveDecisionIn(Schema):
    member: Id
    approved: bool
    note: str = Field("", max_length=500)


class CheckinTokenOut(Schema):
    token: str
    expires_at: datetime.datetime
    url: str


class CheckinIn(Schema):
    token: str = Field(..., max_length=500)


class CheckinOut(Schema):
    already: bool
    attendance: InviteeOut


class AttendeeIn(Schema):
    member: Id


class ActivityNoteIn(Schema):
    note: str = Field("", max_length=500)


class ActivityAttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class SpeechOut(Schema):
    id: int
    committee: int
    activity: int
    member: Ref
    title: str
    mode: SpeechMode
    text: str
    attachment: ActivityAttachmentOut | None


class SpeechIn(Schema):
    member: Id | None = None
    title: str = Field(..., max_length=200)
    mode: SpeechMode = SpeechMode.ORAL
    text: str = Field("", max_length=100_000)


class OutcomeOut(Schema):
    id: int
    committee: int
    activity: int
    title: str
    kind: OutcomeKind
    text: str
    authors: list[Ref]
    suggestions_count: int
    sent_to: str
    sent_on: datetime.date | None
    instructions: str
    follow_up: str
    state: OutcomeState
    attachment: ActivityAttachmentOut | None


class OutcomeIn(Schema):
    title: str = Field(..., max_length=200)
    kind: OutcomeKind = OutcomeKind.CONSULTATION
    text: str = Field("", max_length=200_000)
    suggestions_count: int = Field(0, ge=0, le=100_000)
    authors: list[Id] = Field(default_factory=list, max_length=500)


def _activity(a: Activity) -> dict:
    data = {
        f: getattr(a, f) for f in ActivityOut.model_fields if f not in ("committee",) and not f.startswith("organiser_")
    }
    data["committee"] = a.committee_id
    for f in ("organiser_studio", "organiser_special_committee", "organiser_sector", "organiser_committee"):
        data[f] = getattr(a, f"{f}_id")
    return data


def _invitee(row: Attendance) -> dict:
    return {
        "id": row.pk,
        "member": {"id": row.member_id, "name": row.member.name},
        "state": row.state,
        "leave_reason": row.leave_reason,
        "decision_note": row.decision_note,
        "checked_in_at": row.checked_in_at,
        "method": row.method,
    }


def _detail(request, activity: Activity) -> dict:
    rows = Attendance.objects.filter(activity=activity).select_related("member").order_by("member__name_pinyin", "id")
    if not (can_read(request.auth) and activity.committee_id in committee_ids(request.auth)):
        rows = rows.filter(member_id=request.auth.member_id or 0)
    rows = list(rows)
    counts = dict.fromkeys(AttendanceState.values, 0)
    for r in rows:
        counts[r.state] += 1
    steps = [
        {
            "from": t.from_state,
            "to": t.to_state,
            "action": t.action,
            "actor": str(t.actor) if t.actor else None,
            "at": t.at,
            "note": t.note,
        }
        for t in timeline(activity)
    ]
    return {**_activity(activity), "invitees": [_invitee(r) for r in rows], "attendance": counts, "timeline": steps}


def _require_reader(user):
    if not (can_read(user) or is_member(user)):
        raise Forbidden()


def _get(request, pk) -> Activity:
    _require_reader(request.auth)
    return get_visible(Activity.objects.select_related("committee"), request.auth, pk)


@router.get("/activities/", response={200: page_of(ActivityOut), **READ_ERRORS})
def list_activities(request, filters: Query[ActivityFilter], paging: PageQuery):
    _require_reader(request.auth)
    qs = Activity.objects.visible_to(request.auth)
    try:
        qs = filter_activities(qs, filters.dict(), request.auth)
    except ValueError:
        raise Invalid(errors={"date_from": [_("日期格式应为 YYYY-MM-DD。")]}) from None
    page = paginate(qs.order_by("-start", "-id"), paging.page, paging.page_size)
    return {"items": [_activity(a) for a in page["items"]], "count": page["count"]}


@router.post("/activities/", response={201: ActivityDetail, **WRITE_ERRORS})
def create_activity(request, payload: ActivityIn):
    key = str(payload.committee).strip()
    committee = (
        Committee.objects.filter(id__in=committee_ids(request.auth))
        .filter(Q(code=key) | Q(pk=int(key) if key.isdigit() and len(key) < 10 else 0))
        .first()
    )
    if committee is None:
        if not request.auth.has_module_perm("activities"):
            raise Forbidden()
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    data = payload.dict(exclude={"committee"})
    activity = services.create_activity(actor=request.auth, committee=committee, data=data)
    return 201, _detail(request, activity)


@router.get("/activities/{id}", response={200: ActivityDetail, **READ_ERRORS})
def get_activity(request, id: Id):
    return _detail(request, _get(request, id))


@router.post("/activities/{id}/invite", response={200: ActivityDetail, **WRITE_ERRORS})
def invite(request, id: Id, payload: InviteIn):
    activity = _get(request, id)
    services.invite(actor=request.auth, activity=activity, values=payload.members)
    return _detail(request, activity)


@router.post("/activities/{id}/respond", response={200: ActivityDetail, **WRITE_ERRORS})
def respond(request, id: Id, payload: RespondIn):
    activity = _get(request, id)
    services.respond(actor=request.auth, activity=activity, answer=payload.answer, reason=payload.reason)
    return _detail(request, activity)


@router.post("/activities/{id}/approve_leave", response={200: ActivityDetail, **WRITE_ERRORS})
def approve_leave(request, id: Id, payload: LeaveDecisionIn):
    activity = _get(request, id)
    if not services.can_manage(request.auth, activity.committee_id):
        raise Forbidden()
    row = (
        Attendance.objects.filter(activity=activity, member_id=payload.member)
        .select_related("activity", "member")
        .first()
    )
    if row is None:
        raise Invalid(errors={"member": [_("该委员未受邀参加本活动。")]})
    services.decide_leave(actor=request.auth, attendance=row, approved=payload.approved, note=payload.note)
    return _detail(request, activity)


@router.post("/activities/{id}/checkin_token", response={200: CheckinTokenOut, **WRITE_ERRORS})
def checkin_token(request, id: Id):
    activity = _get(request, id)
    token, expires = services.issue_checkin_token(actor=request.auth, activity=activity)
    url = request.build_absolute_uri(reverse("activities:checkin", args=[activity.pk, token]))
    return {"token": token, "expires_at": expires, "url": url}


@router.post("/activities/{id}/checkin", response={200: CheckinOut, **WRITE_ERRORS})
def checkin(request, id: Id, payload: CheckinIn):
    activity = _get(request, id)
    row, already = services.check_in(actor=request.auth, activity=activity, token=payload.token)
    row = Attendance.objects.select_related("member").get(pk=row.pk)
    return {"already": already, "attendance": _invitee(row)}


@router.post("/activities/{id}/manual_checkin", response={200: CheckinOut, **WRITE_ERRORS})
def manual_checkin(request, id: Id, payload: AttendeeIn):
    activity = _get(request, id)
    row, already = services.manual_check_in(actor=request.auth, activity=activity, member=payload.member)
    row = Attendance.objects.select_related("member").get(pk=row.pk)
    return {"already": already, "attendance": _invitee(row)}


@router.post("/activities/{id}/finish", response={200: ActivityDetail, **WRITE_ERRORS})
def finish(request, id: Id, payload: ActivityNoteIn | None = None):
    activity = _get(request, id)
    services.finish_activity(actor=request.auth, activity=activity, note=payload.note if payload else "")
    return _detail(request, activity)


@router.post("/activities/{id}/cancel", response={200: ActivityDetail, **WRITE_ERRORS})
def cancel(request, id: Id, payload: ActivityNoteIn | None = None):
    activity = _get(request, id)
    services.cancel_activity(actor=request.auth, activity=activity, note=payload.note if payload else "")
    return _detail(request, activity)


def _attachment(a) -> dict | None:
    if a is None:
        return None
    return {"id": a.pk, "name": a.name, "size": a.size, "url": reverse("core:attachment", args=[a.pk])}


def _speech(s: Speech) -> dict:
    return {
        "id": s.pk,
        "committee": s.committee_id,
        "activity": s.activity_id,
        "member": {"id": s.member_id, "name": s.member.name},
        "title": s.title,
        "mode": s.mode,
        "text": s.text,
        "attachment": _attachment(s.attachment),
    }


def _outcome(o: Outcome) -> dict:
    skip = ("committee", "activity", "authors", "attachment")
    data = {f: getattr(o, f) for f in OutcomeOut.model_fields if f not in skip}
    data.update(
        committee=o.committee_id,
        activity=o.activity_id,
        authors=[{"id": m.pk, "name": m.name} for m in o.authors.all()],
        attachment=_attachment(o.attachment),
    )
    return data


def _sees_all(request, activity) -> bool:
    return can_read(request.auth) and activity.committee_id in committee_ids(request.auth)


@router.get("/activities/{id}/speeches/", response={200: page_of(SpeechOut), **READ_ERRORS})
def list_speeches(request, id: Id, paging: PageQuery):
    activity = _get(request, id)
    qs = Speech.objects.filter(activity=activity).select_related("member", "attachment").order_by("id")
    if not _sees_all(request, activity):
        qs = qs.filter(member_id=request.auth.member_id or 0)
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_speech(s) for s in page["items"]], "count": page["count"]}


@router.post("/activities/{id}/speeches/", response={201: SpeechOut, **WRITE_ERRORS})
def create_speech(request, id: Id, payload: SpeechIn):
    activity = _get(request, id)
    speech = services.record_speech(actor=request.auth, activity=activity, data=payload.dict())
    return 201, _speech(Speech.objects.select_related("member", "attachment").get(pk=speech.pk))


@router.get("/activities/{id}/outcomes/", response={200: page_of(OutcomeOut), **READ_ERRORS})
def list_outcomes(request, id: Id, paging: PageQuery):
    activity = _get(request, id)
    if not _sees_all(request, activity):
        raise NotFound()
    qs = (
        Outcome.objects.filter(activity=activity)
        .select_related("attachment")
        .prefetch_related("authors")
        .order_by("id")
    )
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_outcome(o) for o in page["items"]], "count": page["count"]}


@router.post("/activities/{id}/outcomes/", response={201: OutcomeOut, **WRITE_ERRORS})
def create_outcome(request, id: Id, payload: OutcomeIn):
    activity = _get(request, id)
    outcome = services.record_outcome(actor=request.auth, activity=activity, data=payload.dict())
    return 201, _outcome(outcome)


@router.post("/activities/{id}/speeches/{speech_id}/attachment", response={200: SpeechOut, **WRITE_ERRORS})
def attach_speech_file(request, id: Id, speech_id: Id, file: File[UploadedFile]):
    """Upload the file of a speech (multipart/form-data, field `file`; pdf, docx, doc, jpg, png, …).
    Staff of the committee, or the member who gave the speech; a second upload replaces the first."""
    activity = _get(request, id)
    speeches = Speech.objects.filter(activity=activity).select_related("activity__committee")
    if not _sees_all(request, activity):
        speeches = speeches.filter(member_id=request.auth.member_id or 0)
    speech = get_in(speeches, speech_id)
    services.attach_file(actor=request.auth, record=speech, upload=file)
    return _speech(Speech.objects.select_related("member", "attachment").get(pk=speech.pk))


@router.post("/activities/{id}/outcomes/{outcome_id}/attachment", response={200: OutcomeOut, **WRITE_ERRORS})
def attach_outcome_file(request, id: Id, outcome_id: Id, file: File[UploadedFile]):
    """Upload the file of an outcome (multipart/form-data, field `file`); staff of the committee."""
    activity = _get(request, id)
    if not _sees_all(request, activity):
        raise NotFound()
    outcome = get_in(Outcome.objects.filter(activity=activity).select_related("activity__committee"), outcome_id)
    services.attach_file(actor=request.auth, record=outcome, upload=file)
    return _outcome(Outcome.objects.select_related("attachment").get(pk=outcome.pk))


# --- The committee's subkind lists ----------------------------------------------------------------


class SubkindListOut(Schema):
    kind: ActivityKind
    label: str
    names: list[str]
    custom: bool = Field(..., description="true：本委员会自定的目录；false：默认目录")
    defaults: list[str]
    counted: list[str] = Field(..., description="统计口径按名称计数的子类")


class SubkindsOut(Schema):
    committee: int
    items: list[SubkindListOut]


class SubkindsIn(In):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")
    names: list[str] = Field(..., max_length=200, description="按顺序的子类名称；空列表恢复默认目录")


def _scope_committee(user, key, *, field="committee") -> Committee:
    key = str(key or "").strip()
    found = (
        Committee.objects.filter(id__in=committee_ids(user))
        .filter(Q(code=key) | Q(pk=int(key) if key.isdigit() and len(key) < 10 else 0))
        .first()
        if key
        else None
    )
    if found is None:
        raise Invalid(errors={field: [_("请选择您范围内的委员会。")]})
    return found


def _subkinds(committee) -> dict:
    rows = subkind_table(committee)
    items = [{**{k: r[k] for k in SubkindListOut.model_fields}, "label": str(r["label"])} for r in rows]
    return {"committee": committee.pk, "items": items}


class SubkindFilter(QueryIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码；默认本人所在委员会")


@router.get("/activities/subkinds/", response={200: SubkindsOut, **READ_ERRORS})
def list_subkinds(request, filters: Query[SubkindFilter]):
    """The subkinds of every kind for a committee (default: the caller's own)."""
    _require_reader(request.auth)
    key = filters.committee or str(request.auth.committee_id or "")
    return _subkinds(_scope_committee(request.auth, key))


@router.post("/activities/subkinds/{kind}", response={200: SubkindsOut, **WRITE_ERRORS})
def set_subkinds(request, kind: str, payload: SubkindsIn):
    """Replace a kind's subkind list of a committee (staff with the activities permission)."""
    if not request.auth.has_module_perm("activities"):
        raise Forbidden()
    if kind not in ActivityKind.values:
        raise NotFound()
    committee = _scope_committee(request.auth, payload.committee)
    save_subkinds(actor=request.auth, committee=committee, kind=kind, names=payload.names)
    return _subkinds(committee)
