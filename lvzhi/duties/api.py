"""Duty records over the API: a member's record, annual reports, assessments and scoring schemes —
the same scopes and services as the pages. A member reads only their own record; staff with the
members permission (and leaders, read-only) the records of their scope."""

import datetime
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Day, Id, In, PageQuery, QueryIn, Ref, page_of, paginate
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import timeline_steps
from lvzhi.duties import scoring, selectors, services
from lvzhi.duties.choices import Grade, ReportState
from lvzhi.duties.models import AnnualReport, Assessment, ScoringScheme
from lvzhi.duties.selectors import can_read, is_member
from lvzhi.org.models import Committee, Member, Membership

router = Router(tags=["duties"])


# --- schemas -----------------------------------------------------------------------------------


class DutyTargetOut(Schema):
    name: str
    required: int
    done: int
    met: bool
    counted: bool


class DutySourceOut(Schema):
    type: str
    id: int


class DutyEventOut(Schema):
    kind: str
    label: str
    date: datetime.date
    points: float
    source: DutySourceOut
    title: str
    url: str | None = Field(None, description="该记录的页面；登记簿等不向委员开放的记录为空")


class DutyRecordOut(Schema):
    member: Ref
    committee: int
    year: int
    score: float
    grade: Grade
    events_count: int
    reports_required: bool
    targets: list[DutyTargetOut]
    events: list[DutyEventOut]


class DutyRecordQuery(QueryIn):
    year: int | None = Field(None, ge=services.MIN_YEAR, le=services.MAX_YEAR)
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码（默认：委员所在委员会）")


class DutyStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class ReportOut(Schema):
    id: int
    committee: int
    member: Ref
    year: int
    text: str
    state: ReportState
    submitted_at: datetime.datetime | None
    review_note: str


class ReportDetailOut(ReportOut):
    timeline: list[DutyStepOut]


class ReportFilter(QueryIn):
    committee: str = Field("", max_length=20)
    year: int | None = Field(None, ge=services.MIN_YEAR, le=services.MAX_YEAR)
    state: ReportState | None = None


class ReportIn(In):
    year: int = Field(..., ge=services.MIN_YEAR, le=services.MAX_YEAR)
    text: str = Field(..., min_length=1, max_length=50_000)
    committee: int | str | None = Field(None, description="委员会 id 或代码（默认：账号所在委员会）")


class ReportNoteIn(In):
    note: str = Field("", max_length=500)


class AssessmentOut(Schema):
    id: int
    committee: int
    member: Ref
    year: int
    score: float
    computed_grade: Grade
    grade: Grade
    adjusted: bool
    reason: str
    targets_missing: list[str]
    below_baseline: bool
    published: bool
    talks: int


class AssessmentFilter(QueryIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码")
    year: int | None = Field(None, ge=services.MIN_YEAR, le=services.MAX_YEAR)
    below_baseline: bool | None = None


class AdjustIn(In):
    grade: Grade
    reason: str = Field(..., min_length=1, max_length=500)


class CommitteeYearIn(In):
    committee: int | str
    year: int = Field(..., ge=services.MIN_YEAR, le=services.MAX_YEAR)


class CountOut(Schema):
    count: int


class TalkIn(In):
    held_on: Day
    held_by: str = Field(..., min_length=1, max_length=100)
    notes: str = Field(..., min_length=1, max_length=10_000)


class TalkOut(Schema):
    id: int
    assessment: int
    held_on: datetime.date
    held_by: str
    notes: str


class RuleOut(Schema):
    kind: str
    label: str
    points: float
    cap: float | None


class SchemeOut(Schema):
    id: int | None
    committee: int
    year: int
    version: int | None
    is_current: bool
    inherited_from_year: int | None
    excellent_min: float
    competent_min: float
    basic_min: float
    reports_from_all: bool
    note: str
    rules: list[RuleOut]


class SchemeFilter(QueryIn):
    committee: str = Field("", max_length=20)
    year: int | None = Field(None, ge=services.MIN_YEAR, le=services.MAX_YEAR)


class RuleIn(In):
    points: Decimal = Field(..., ge=-1000, le=1000, decimal_places=1)
    cap: Decimal | None = Field(None, gt=0, le=10000, decimal_places=1)


class SchemeIn(In):
    committee: int | str
    year: int = Field(..., ge=services.MIN_YEAR, le=services.MAX_YEAR)
    excellent_min: Decimal | None = Field(None, ge=-1000, le=10000, decimal_places=1)
    competent_min: Decimal | None = Field(None, ge=-1000, le=10000, decimal_places=1)
    basic_min: Decimal | None = Field(None, ge=-1000, le=10000, decimal_places=1)
    reports_from_all: bool | None = None
    note: str = Field("", max_length=500)
    rules: dict[str, RuleIn] = Field(default_factory=dict, max_length=500)


# --- helpers -----------------------------------------------------------------------------------


def _committee(user, key, *, field="committee") -> Committee:
    """A committee of the user's scope named by id or code; otherwise 404 (never revealing it)."""
    found = committee_named(key, committee_ids(user))
    if found is None:
        raise NotFound()
    return found


def _staff_committee(user, key) -> Committee:
    if not can_read(user):
        raise Forbidden()
    if not str(key or "").strip():
        if user.committee_id and user.committee_id in committee_ids(user):
            return Committee.objects.get(pk=user.committee_id)
        raise Invalid(errors={"committee": [_("请指定委员会。")]})
    return _committee(user, key)


# --- a member's record -------------------------------------------------------------------------


@router.get("/duties/{member_id}", response={200: DutyRecordOut, **READ_ERRORS})
def duty_record(request, member_id: Id, query: Query[DutyRecordQuery]):
    """A member's duty record for a year: score and grade so far, targets, and every event with its
    source. A member may read only their own; staff only members with a seat in their scope."""
    user = request.auth
    own = is_member(user) and user.member_id == member_id
    if own:
        allowed = {c.pk for c in selectors.member_committees(member_id)}
    elif can_read(user):
        allowed = set(
            Membership.objects.filter(member_id=member_id, committee_id__in=committee_ids(user)).values_list(
                "committee_id", flat=True
            )
        )
    else:
        allowed = set()
    if not allowed:
        raise NotFound()
    key = query.committee.strip()
    if key:
        committee = committee_named(key, allowed)
        if committee is None:
            raise NotFound()
    else:
        committee = Committee.objects.filter(pk__in=allowed).order_by(
            "-id" if user.committee_id not in allowed else "id"
        )
        committee = committee.filter(pk=user.committee_id).first() or committee.first()
    member = Member.objects.get(pk=member_id)
    year = query.year or selectors.default_year([committee.pk], member_id)
    events = selectors.timeline(member_id, committee.pk, [year])
    counted = selectors.counted(member_id, events, year)  # the standing counted from the timeline's rows
    s = scoring.standings(committee.pk, year, [member_id], events=counted)[member_id]
    return {
        "member": {"id": member.pk, "name": member.name},
        "committee": committee.pk,
        "year": year,
        "score": float(s.score),
        "grade": s.grade,
        "events_count": s.events,
        "reports_required": s.reports_required,
        "targets": [
            {"name": t.name, "required": t.required, "done": t.done, "met": t.met, "counted": t.counted}
            for t in s.targets
        ],
        "events": [
            {
                "kind": e.kind,
                "label": e.label,
                "date": e.date,
                "points": float(e.points),
                "source": {"type": e.source_type, "id": e.source_id},
                "title": e.title,
                "url": e.url,
            }
            for e in events
        ],
    }


# --- annual reports ----------------------------------------------------------------------------


def _report(r: AnnualReport) -> dict:
    return {
        "id": r.pk,
        "committee": r.committee_id,
        "member": {"id": r.member_id, "name": r.member.name},
        "year": r.year,
        "text": r.text,
        "state": r.state,
        "submitted_at": r.submitted_at,
        "review_note": r.review_note,
    }


def _get_report(request, pk) -> AnnualReport:
    report = AnnualReport.objects.visible_to(request.auth).select_related("member").filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


@router.get("/annual-reports/", response={200: page_of(ReportOut), **READ_ERRORS})
def list_reports(request, filters: Query[ReportFilter], paging: PageQuery):
    qs = AnnualReport.objects.visible_to(request.auth).select_related("member")
    if filters.committee:
        qs = qs.filter(committee=_committee(request.auth, filters.committee))
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.state:
        qs = qs.filter(state=filters.state)
    page = paginate(qs.order_by("-year", "member__name_pinyin", "id"), paging.page, paging.page_size)
    return {"items": [_report(r) for r in page["items"]], "count": page["count"]}


@router.post("/annual-reports/", response={201: ReportDetailOut, **WRITE_ERRORS})
def save_report(request, payload: ReportIn):
    """A member writes (or rewrites, while a draft or returned) their report for a year."""
    report = services.save_report(actor=request.auth, year=payload.year, text=payload.text, committee=payload.committee)
    report = AnnualReport.objects.select_related("member").get(pk=report.pk)
    return 201, {**_report(report), "timeline": timeline_steps(report)}


@router.get("/annual-reports/{id}", response={200: ReportDetailOut, **READ_ERRORS})
def get_report(request, id: Id):
    report = _get_report(request, id)
    return {**_report(report), "timeline": timeline_steps(report)}


@router.post("/annual-reports/{id}/submit", response={200: ReportDetailOut, **WRITE_ERRORS})
def submit_report(request, id: Id):
    report = services.submit_report(actor=request.auth, report=_get_report(request, id))
    return {**_report(report), "timeline": timeline_steps(report)}


@router.post("/annual-reports/{id}/return", response={200: ReportDetailOut, **WRITE_ERRORS})
def return_report(request, id: Id, payload: ReportNoteIn):
    report = services.return_report(actor=request.auth, report=_get_report(request, id), note=payload.note)
    return {**_report(report), "timeline": timeline_steps(report)}


@router.post("/annual-reports/{id}/accept", response={200: ReportDetailOut, **WRITE_ERRORS})
def accept_report(request, id: Id, payload: ReportNoteIn | None = None):
    report = services.accept_report(
        actor=request.auth, report=_get_report(request, id), note=payload.note if payload else ""
    )
    return {**_report(report), "timeline": timeline_steps(report)}


# --- assessments -------------------------------------------------------------------------------


def _assessments(rows) -> list[dict]:
    """Published rows as frozen; the others with the live score and grade."""
    by_key: dict[tuple[int, int], list] = {}
    for r in rows:
        if not r.published_at:
            by_key.setdefault((r.committee_id, r.year), []).append(r.member_id)
    live = {}
    for (committee_id, year), members in by_key.items():
        for mid, s in scoring.standings(committee_id, year, members).items():
            live[(committee_id, year, mid)] = s
    result = []
    for r in rows:
        s = live.get((r.committee_id, r.year, r.member_id))
        computed = s.grade if s else r.computed_grade
        result.append(
            {
                "id": r.pk,
                "committee": r.committee_id,
                "member": {"id": r.member_id, "name": r.member.name},
                "year": r.year,
                "score": float(s.score if s else r.score or 0),
                "computed_grade": computed,
                "grade": r.grade if (r.adjusted_at or not s) else computed,
                "adjusted": bool(r.adjusted_at),
                "reason": r.reason,
                "targets_missing": [t.name for t in s.missing] if s else list(r.targets_missing),
                "below_baseline": s.below_baseline if s else r.below_baseline,
                "published": bool(r.published_at),
                "talks": r.talk_count,
            }
        )
    return result


def _assessment_qs(user):
    return Assessment.objects.visible_to(user).select_related("member").annotate(talk_count=Count("talks"))


@router.get("/assessments/", response={200: page_of(AssessmentOut), **READ_ERRORS})
def list_assessments(request, filters: Query[AssessmentFilter], paging: PageQuery):
    qs = _assessment_qs(request.auth)
    if filters.committee:
        qs = qs.filter(committee=_committee(request.auth, filters.committee))
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.below_baseline is not None:
        # the live flag of unpublished rows is computed, so this filter runs over the page's rows
        rows = _assessments(list(qs.order_by("-year", "member__name_pinyin", "id")))
        rows = [r for r in rows if r["below_baseline"] == filters.below_baseline]
        start = (paging.page - 1) * paging.page_size
        return {"items": rows[start : start + paging.page_size], "count": len(rows)}
    page = paginate(qs.order_by("-year", "member__name_pinyin", "id"), paging.page, paging.page_size)
    return {"items": _assessments(page["items"]), "count": page["count"]}


@router.post("/assessments/open", response={200: CountOut, **WRITE_ERRORS})
def open_assessments(request, payload: CommitteeYearIn):
    committee = _staff_committee(request.auth, payload.committee)
    return {"count": services.open_assessments(actor=request.auth, committee=committee, year=payload.year)}


@router.post("/assessments/publish", response={200: CountOut, **WRITE_ERRORS})
def publish_assessments(request, payload: CommitteeYearIn):
    committee = _staff_committee(request.auth, payload.committee)
    return {"count": services.publish_assessments(actor=request.auth, committee=committee, year=payload.year)}


def _get_assessment(request, pk) -> Assessment:
    row = _assessment_qs(request.auth).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


@router.get("/assessments/{id}", response={200: AssessmentOut, **READ_ERRORS})
def get_assessment(request, id: Id):
    return _assessments([_get_assessment(request, id)])[0]


@router.post("/assessments/{id}/adjust", response={200: AssessmentOut, **WRITE_ERRORS})
def adjust_assessment(request, id: Id, payload: AdjustIn):
    row = _get_assessment(request, id)
    services.adjust_assessment(actor=request.auth, assessment=row, grade=payload.grade, reason=payload.reason)
    return _assessments([_get_assessment(request, id)])[0]


@router.post("/assessments/{id}/talks", response={201: TalkOut, **WRITE_ERRORS})
def record_talk(request, id: Id, payload: TalkIn):
    row = _get_assessment(request, id)
    talk = services.record_talk(
        actor=request.auth, assessment=row, held_on=payload.held_on, held_by=payload.held_by, notes=payload.notes
    )
    return 201, {
        "id": talk.pk,
        "assessment": row.pk,
        "held_on": talk.held_on,
        "held_by": talk.held_by,
        "notes": talk.notes,
    }


# --- scoring schemes ---------------------------------------------------------------------------


def _scheme(committee: Committee, year: int, scheme: ScoringScheme | None) -> dict:
    rules = scoring.rules_of(scheme)
    thresholds = scoring.thresholds_of(scheme)
    own = scheme is not None and scheme.year == year
    return {
        "id": scheme.pk if own else None,
        "committee": committee.pk,
        "year": year,
        "version": scheme.version if own else None,
        "is_current": bool(own and scheme.is_current),
        "inherited_from_year": scheme.year if scheme is not None and not own else None,
        **{k: float(v) for k, v in thresholds.items()},
        "reports_from_all": bool(scheme and scheme.reports_from_all),
        "note": scheme.note if own else "",
        "rules": [
            {"kind": r.kind, "label": r.label, "points": float(r.points), "cap": float(r.cap) if r.cap else None}
            for r in rules.values()
        ],
    }


@router.get("/scoring-schemes/", response={200: page_of(SchemeOut), **READ_ERRORS})
def list_schemes(request, filters: Query[SchemeFilter], paging: PageQuery):
    """The scheme in force for a committee and year first, then every stored version (newest first)."""
    committee = _staff_committee(request.auth, filters.committee)
    year = filters.year or selectors.default_year([committee.pk])
    stored = ScoringScheme.objects.filter(committee=committee, year=year).prefetch_related("rules").order_by("-version")
    items = [_scheme(committee, year, scoring.effective_scheme(committee.pk, year))]
    items += [_scheme(committee, year, s) for s in stored if not s.is_current]
    start = (paging.page - 1) * paging.page_size
    return {"items": items[start : start + paging.page_size], "count": len(items)}


@router.get("/scoring-schemes/{id}", response={200: SchemeOut, **READ_ERRORS})
def get_scheme(request, id: Id):
    if not can_read(request.auth):
        raise Forbidden()
    scheme = ScoringScheme.objects.visible_to(request.auth).filter(pk=id).select_related("committee").first()
    if scheme is None:
        raise NotFound()
    return _scheme(scheme.committee, scheme.year, scheme)


@router.post("/scoring-schemes/", response={201: SchemeOut, **WRITE_ERRORS})
def save_scheme(request, payload: SchemeIn):
    """A new version of a committee's scheme for a year (what is left out keeps its value); the
    year's points are recomputed."""
    committee = _staff_committee(request.auth, payload.committee)
    data = payload.model_dump(exclude={"committee", "year"}, exclude_none=True)
    data["rules"] = {k: r.model_dump() for k, r in payload.rules.items()}
    scheme = services.save_scheme(actor=request.auth, committee=committee, year=payload.year, data=data)
    return 201, _scheme(committee, payload.year, scheme)
