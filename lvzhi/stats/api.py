"""Statistics over the API: the figures catalogue, a figure's value and its records, summary
templates (CRUD and rendering), the register of regulations (and, in lvzhi.stats.library_api, the
library). Same permissions and scope as the pages: staff with the statistics permission and leaders
read within their scope (another committee is 404), staff with the permission write; members and
unit users get 403."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Day, Id, In, PageQuery, QueryIn, get_visible, page_of, paginate
from lvzhi.core.errors import Invalid, NotFound
from lvzhi.core.scope import committee_ids
from lvzhi.stats import selectors, services
from lvzhi.stats.actions import REGULATION_ACTIONS
from lvzhi.stats.choices import RegulationKind
from lvzhi.stats.library_api import router as library_router
from lvzhi.stats.models import Regulation, SummaryTemplate
from lvzhi.stats.summary import default_period, records_url
from lvzhi.stats.summary import render as render_summary

router = Router(tags=["stats"])
router.add_router("", library_router)  # the library: /library/… and the versions of a rule
Number = int | float | None


class FigureOut(Schema):
    key: str
    label: str
    definition: str
    unit: str
    kind: Literal["count", "sum", "rate", "average"]
    module: str
    scopes: list[str]
    periods: list[str]


class FigureQuery(QueryIn):
    committee: str | None = Field(None, max_length=20, description="委员会 id 或行政区划代码；默认本人所在委员会")
    scope: str = Field("self", max_length=10, description="self 本级，tree 含下级，lower 仅下级")
    period: str | None = Field(
        None, max_length=60, description="current、cumulative、term、year、year:YYYY、since:YYYY-MM-DD、range:A..B"
    )
    as_of: str | None = Field(None, max_length=20, description="统计日 YYYY-MM-DD，默认今天")


class RecordsQuery(FigureQuery):
    by: str = Field("", max_length=30, description="按此细分（state、kind、category、unit、committee…）")
    v: str = Field("", max_length=60, description="细分的取值")


class ValueOut(Schema):
    key: str
    label: str
    unit: str
    kind: str
    value: Number
    committee: str
    scope: str
    period: str
    start: datetime.date | None
    end: datetime.date
    as_of: datetime.date
    records_url: str


class RecordOut(Schema):
    id: int
    text: str
    type: str
    date: datetime.date | None
    committee: str | None


def _figure_out(figure) -> dict:
    return {
        "key": figure.key,
        "label": str(figure.label),
        "definition": str(figure.definition),
        "unit": str(figure.unit),
        "kind": figure.measure,
        "module": figure.module_key,
        "scopes": list(figure.scopes),
        "periods": list(figure.periods),
    }


def _compute(request, key, query: FigureQuery):
    figure = selectors.get_figure(key)
    return selectors.compute(
        user=request.auth,
        key=key,
        committee=query.committee,
        scope=query.scope,
        period=query.period or default_period(figure),
        as_of=query.as_of,
    )


@router.get("/figures/", response={200: list[FigureOut], **READ_ERRORS})
def figure_catalogue(request: HttpRequest):
    """Every registered figure: key, label, one-sentence definition, unit, kind, scopes, periods."""
    selectors.require_reader(request.auth)
    return [_figure_out(f) for f in selectors.catalogue()]


@router.get("/figures/{key}", response={200: ValueOut, **READ_ERRORS})
def figure_value(request: HttpRequest, key: str, query: Query[FigureQuery]):
    """A figure computed from the records now, for a committee, scope, period and as-of date."""
    result = _compute(request, key, query)
    return {
        "key": result.figure.key,
        "label": str(result.figure.label),
        "unit": str(result.figure.unit),
        "kind": result.figure.measure,
        "value": result.value,
        "committee": result.committee.code,
        "scope": result.scope,
        "period": result.period.text,
        "start": result.period.start,
        "end": result.period.end,
        "as_of": result.as_of,
        "records_url": records_url(result),
    }


def _day(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@router.get("/figures/{key}/records", response={200: page_of(RecordOut), **READ_ERRORS})
def figure_records(request: HttpRequest, key: str, query: Query[RecordsQuery], paging: PageQuery):
    """The records behind a figure (the same queryset the value is computed from)."""
    result = _compute(request, key, query)
    qs = selectors.ordered(selectors.records(result, by=query.by, value=query.v))
    page = paginate(qs, paging.page, paging.page_size)
    rows = selectors.record_rows(page["items"])
    items = [
        {
            "id": r["id"],
            "text": r["text"],
            "type": r["type"],
            "date": _day(r["date"]),
            "committee": r["committee"].code if r["committee"] is not None else None,
        }
        for r in rows
    ]
    return {"items": items, "count": page["count"]}


# --- summary templates -------------------------------------------------------------------------


class TemplateOut(Schema):
    id: int
    committee: str
    slug: str
    title: str
    subtitle: str


class TemplateDetail(TemplateOut):
    body: str
    updated_at: datetime.datetime


class TemplateIn(In):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")
    slug: str = Field(..., max_length=60)
    title: str = Field(..., max_length=200)
    subtitle: str = Field("", max_length=200)
    body: str = Field(..., max_length=100_000)


class TemplatePatch(In):
    slug: str | None = Field(None, max_length=60)
    title: str | None = Field(None, max_length=200)
    subtitle: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=100_000)


class RenderIn(In):
    committee: int | str | None = Field(None, description="委员会 id 或代码；默认模板所属委员会")
    as_of: Day | None = Field(None, description="统计日，默认今天")
    format: Literal["html", "txt"] = "txt"


class RenderQuery(QueryIn):
    committee: str | None = Field(None, max_length=20)
    as_of: str | None = Field(None, max_length=20)
    format: Literal["html", "txt"] = "txt"


class MissingOut(Schema):
    keys: list[str]
    name: str
    reason: str


class FilledOut(Schema):
    keys: list[str]
    name: str
    value: Number
    text: str


class RenderOut(Schema):
    template: str
    committee: str
    as_of: datetime.date
    format: str
    text: str
    figures: list[FilledOut]
    missing: list[MissingOut]


def _template_out(t) -> dict:
    return {"id": t.pk, "committee": t.committee.code, "slug": t.slug, "title": t.title, "subtitle": t.subtitle}


def _templates(user):
    selectors.require_reader(user)
    return SummaryTemplate.objects.visible_to(user).select_related("committee")


@router.get("/summary-templates/", response={200: page_of(TemplateOut), **READ_ERRORS})
def list_templates(request: HttpRequest, paging: PageQuery):
    qs = _templates(request.auth).order_by("committee__path", "slug")
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_template_out(t) for t in page["items"]], "count": page["count"]}


@router.get("/summary-templates/{template_id}", response={200: TemplateDetail, **READ_ERRORS})
def get_template(request: HttpRequest, template_id: Id):
    t = get_visible(_templates(request.auth), request.auth, template_id)
    return {**_template_out(t), "body": t.body, "updated_at": t.updated_at}


@router.post("/summary-templates/", response={201: TemplateDetail, **WRITE_ERRORS})
def create_template(request: HttpRequest, payload: TemplateIn):
    selectors.require_reader(request.auth)
    committee = selectors.visible_committee(request.auth, payload.committee)
    t = services.create_summary_template(
        actor=request.auth, committee=committee, data=payload.model_dump(exclude={"committee"})
    )
    return Status(201, {**_template_out(t), "body": t.body, "updated_at": t.updated_at})


class TemplateDraftIn(In):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")
    period: str = Field("year", max_length=40, description="year、term、year:2024、since:2024-01-01 等")
    as_of: Day | None = None
    modules: list[str] = Field([], max_length=50, description="所用工作模块（不填即全部）")
    title: str = Field("", max_length=200)


@router.post("/summary-drafts/", response={201: TemplateDetail, **WRITE_ERRORS})
def draft_template(request: HttpRequest, payload: TemplateDraftIn):
    """Draft from records: a new template whose paragraphs are built from the figures and names the
    committee's records hold for the period (one paragraph per line of work); staff then edit it."""
    selectors.require_reader(request.auth)
    committee = selectors.visible_committee(request.auth, payload.committee)
    t = services.draft_summary_template(
        actor=request.auth, committee=committee, data=payload.model_dump(exclude={"committee"})
    )
    return Status(201, {**_template_out(t), "body": t.body, "updated_at": t.updated_at})


@router.patch("/summary-templates/{template_id}", response={200: TemplateDetail, **WRITE_ERRORS})
def update_template(request: HttpRequest, template_id: Id, payload: TemplatePatch):
    t = get_visible(_templates(request.auth), request.auth, template_id)
    data = payload.model_dump(exclude_unset=True)
    if any(v is None for v in data.values()):
        raise Invalid(errors={k: [_("不能为空。")] for k, v in data.items() if v is None})
    t = services.update_summary_template(actor=request.auth, template=t, data=data)
    return {**_template_out(t), "body": t.body, "updated_at": t.updated_at}


@router.delete("/summary-templates/{template_id}", response={200: TemplateOut, **WRITE_ERRORS})
def delete_template(request: HttpRequest, template_id: Id):
    t = get_visible(_templates(request.auth), request.auth, template_id)
    out = _template_out(t)
    services.delete_summary_template(actor=request.auth, template=t)
    return out


def _render(user, template, committee, as_of, fmt) -> dict:
    found = selectors.visible_committee(user, committee if committee not in (None, "") else template.committee_id)
    as_of = selectors.parse_as_of(as_of)
    rendered = render_summary(template, found, as_of, within=committee_ids(user))
    return {
        "template": template.slug,
        "committee": found.code,
        "as_of": as_of,
        "format": fmt,
        "text": str(rendered.html()) if fmt == "html" else rendered.text(),
        "figures": [
            {"keys": list(p.placeholder.keys), "name": p.placeholder.name, "value": p.value, "text": p.text}
            for p in rendered.filled
            if not p.marker
        ],
        "missing": [
            {
                "keys": list(p.placeholder.keys),
                "name": p.placeholder.name,
                "reason": "missing" if p.missing else p.error,
            }
            for p in rendered.missing
        ],
    }


@router.post("/summary-templates/{template_id}/render", response={200: RenderOut, **READ_ERRORS})
def render_template(request: HttpRequest, template_id: Id, payload: RenderIn):
    """The template filled in for a committee as of a date; figures not yet registered are listed
    in `missing` and written as 【缺：…】 in the text."""
    t = get_visible(_templates(request.auth), request.auth, template_id)
    return _render(request.auth, t, payload.committee, payload.as_of, payload.format)


@router.get("/summaries/{slug}/render", response={200: RenderOut, **READ_ERRORS})
def render_by_slug(request: HttpRequest, slug: str, query: Query[RenderQuery]):
    """The same by the template's slug: the template of the committee asked for (or of the
    nearest committee above it in scope)."""
    qs = _templates(request.auth).filter(slug=slug)
    committee = selectors.visible_committee(request.auth, query.committee) if query.committee else None
    template = None
    if committee is not None:
        ancestors = list(committee.path.strip("/").split("/"))
        template = (
            qs.filter(committee__code__in=ancestors).order_by("-committee__path").first()
            or qs.order_by("committee__path").first()
        )
    else:
        template = qs.order_by("committee__path").first()
    if template is None:
        raise NotFound()
    return _render(request.auth, template, query.committee, query.as_of, query.format)


# --- regulations -------------------------------------------------------------------------------


class RegulationOut(Schema):
    id: int
    committee: str
    title: str
    kind: RegulationKind
    adopted_on: datetime.date
    repealed_on: datetime.date | None
    document_number: str
    note: str
    adopted_by: str
    revisions: list[datetime.date]


class RegulationIn(In):
    committee: int | str
    title: str = Field(..., max_length=200)
    kind: RegulationKind
    adopted_on: Day
    document_number: str = Field("", max_length=100)
    note: str = Field("", max_length=5000)
    adopted_by: str = Field("", max_length=200, description="制定机关或会议")
    text: str = Field("", max_length=200_000, description="初次制定时的全文")


class RegulationPatch(In):
    title: str | None = Field(None, max_length=200)
    kind: RegulationKind | None = None
    adopted_on: Day | None = None
    document_number: str | None = Field(None, max_length=100)
    note: str | None = Field(None, max_length=5000)
    adopted_by: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=200_000)


class RegulationFilter(QueryIn):
    committee: str | None = Field(None, max_length=20)
    kind: RegulationKind | None = None
    state: Literal["in_force", "repealed"] | None = None
    q: str | None = Field(None, max_length=100)


def _regulation_out(r) -> dict:
    return {
        "id": r.pk,
        "committee": r.committee.code,
        "title": r.title,
        "kind": r.kind,
        "adopted_on": r.adopted_on,
        "repealed_on": r.repealed_on,
        "document_number": r.document_number,
        "note": r.note,
        "adopted_by": r.adopted_by,
        "revisions": sorted(x.revised_on for x in r.revisions.all()),
    }


def _regulations(user):
    selectors.require_reader(user)
    return Regulation.objects.visible_to(user).select_related("committee").prefetch_related("revisions")


@router.get("/regulations/", response={200: page_of(RegulationOut), **READ_ERRORS})
def list_regulations(request: HttpRequest, filters: Query[RegulationFilter], paging: PageQuery):
    params = {k: v for k, v in filters.model_dump().items() if v is not None}
    qs = selectors.filter_regulations(_regulations(request.auth), params, request.auth).order_by(
        "committee__path", "id"
    )
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_regulation_out(r) for r in page["items"]], "count": page["count"]}


@router.get("/regulations/{regulation_id}", response={200: RegulationOut, **READ_ERRORS})
def get_regulation(request: HttpRequest, regulation_id: Id):
    return _regulation_out(get_visible(_regulations(request.auth), request.auth, regulation_id))


@router.post("/regulations/", response={201: RegulationOut, **WRITE_ERRORS})
def create_regulation(request: HttpRequest, payload: RegulationIn):
    selectors.require_reader(request.auth)
    committee = selectors.visible_committee(request.auth, payload.committee)
    r = services.create_regulation(
        actor=request.auth, committee=committee, data=payload.model_dump(exclude={"committee"})
    )
    return Status(201, _regulation_out(_regulations(request.auth).get(pk=r.pk)))


@router.patch("/regulations/{regulation_id}", response={200: RegulationOut, **WRITE_ERRORS})
def update_regulation(request: HttpRequest, regulation_id: Id, payload: RegulationPatch):
    r = get_visible(_regulations(request.auth), request.auth, regulation_id)
    data = payload.model_dump(exclude_unset=True)
    if any(v is None for v in data.values()):
        raise Invalid(errors={k: [_("不能为空。")] for k, v in data.items() if v is None})
    services.update_regulation(actor=request.auth, regulation=r, data=data)
    return _regulation_out(_regulations(request.auth).get(pk=r.pk))


mount_api(
    router,
    REGULATION_ACTIONS,
    load=lambda user, pk: get_visible(_regulations(user), user, pk),
    out=RegulationOut,
    render=lambda r, user: _regulation_out(_regulations(user).get(pk=r.pk)),
    errors=WRITE_ERRORS,
)
