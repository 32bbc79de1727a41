"""Service to the people, as records a reader can check: the practical matters members do for people
(帮办实事) and the problems they solve (解决问题), each with what, where, for whom, which members and
when; and the demonstration points (创城宣传示范点) members supervise. The figures count these rows,
never a typed number."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import audit, registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Invalid
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.supervision.choices import ServiceKind, ServiceState
from lvzhi.supervision.models import DemoPoint, ServiceItem
from lvzhi.supervision.services.common import (
    Cleaner,
    manages,
    members_of,
    record_create,
    record_update,
    require_manage,
    resolve_committee,
)

S = ServiceState
SERVICE_FLOW = Workflow(
    rules=[
        Rule("complete", [S.OPEN], S.DONE, manages, None, gettext_lazy("办结")),
        Rule("reopen", [S.DONE], S.OPEN, manages, None, gettext_lazy("恢复办理")),
    ]
)
SERVICE_FIELDS = ("kind", "title", "place", "requester", "activity", "raised_on", "result", "note")


def _activity_of(committee, value, cleaner):
    """The activity a matter was done at: one of the record's own committee, or an error."""
    if value in (None, ""):
        return None
    Activity = ServiceItem._meta.get_field("activity").related_model
    pk = as_id(getattr(value, "pk", value))
    found = Activity.objects.filter(pk=pk, committee=committee).first() if pk else None
    if found is None:
        cleaner.error("activity", _("请选择本委员会的活动。"))
    return found


def _clean_service(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.choice("kind", ServiceKind)
    c.text("title", 200, required=True)
    c.text("place", 100)
    c.text("requester", 100, required=True)
    raw = data.get("activity", instance.activity_id if instance else None)
    c.cleaned["activity"] = _activity_of(committee, raw, c)
    c.date("raised_on", required=True)
    c.text("result", 5000)
    c.text("note", 5000)
    if "members" in data or instance is None:
        c.cleaned["members"] = members_of(committee, data.get("members"), "members", c, required=True)
    if instance is None:
        done_on = c.date("done_on")
        c.order("raised_on", "done_on", _("办结日期不能早于登记日期。"))
        if done_on and not c.cleaned.get("result"):
            c.error("result", _("已办结的事项请填写办理结果。"))
    c.done()
    return c.cleaned


def create_service_item(*, actor, committee, data: dict) -> ServiceItem:
    """Register a matter or a problem; with a `done_on` it is registered as already done."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_service(committee, data)
    with transaction.atomic():
        item = ServiceItem(committee=committee, created_by=actor)
        for f in SERVICE_FIELDS:
            setattr(item, f, cleaned[f])
        if cleaned.get("done_on"):
            item.state, item.done_on = ServiceState.DONE, cleaned["done_on"]
        item.save()
        item.members.set(cleaned["members"])
        record_create(item, actor, extra={"members": [m.pk for m in cleaned["members"]]})
        registry.sync_derived(item)
    return item


def update_service_item(*, actor, item: ServiceItem, data: dict) -> ServiceItem:
    require_manage(actor, item.committee_id)
    cleaned = _clean_service(item.committee, data, instance=item)
    if item.done_on and cleaned["raised_on"] > item.done_on:
        raise Invalid(errors={"raised_on": [_("登记日期不能晚于办结日期。")]})
    with transaction.atomic():
        before = {**audit.snapshot(item), "members": list(item.members.values_list("pk", flat=True))}
        for f in SERVICE_FIELDS:
            setattr(item, f, cleaned[f])
        item.save()
        if cleaned.get("members") is not None:
            item.members.set(cleaned["members"])
        record_update(item, actor, before, extra={"members": list(item.members.values_list("pk", flat=True))})
        registry.sync_derived(item)
    return item


def complete_service_item(*, actor, item: ServiceItem, data: dict) -> ServiceItem:
    """办结: the date it was done and what came of it."""
    require_manage(actor, item.committee_id)
    SERVICE_FLOW.rule_for(item, "complete")
    c = Cleaner(data)
    text = c.text("result", 5000, required=True)
    day = c.date("done_on", required=True)
    if day and day < item.raised_on:
        c.error("done_on", _("办结日期不能早于登记日期。"))
    c.done()

    def apply(obj):
        obj.result, obj.done_on = text, day

    with transaction.atomic():
        SERVICE_FLOW.perform(item, "complete", actor=actor, note=text[:500], apply=apply)
        registry.sync_derived(item)
    return item


def reopen_service_item(*, actor, item: ServiceItem, note: str = "") -> ServiceItem:
    require_manage(actor, item.committee_id)
    SERVICE_FLOW.rule_for(item, "reopen")
    c = Cleaner({"note": note})
    c.text("note", 500, required=True)
    c.done()

    def apply(obj):
        obj.done_on = None

    with transaction.atomic():
        SERVICE_FLOW.perform(item, "reopen", actor=actor, note=c.cleaned["note"], apply=apply)
        registry.sync_derived(item)
    return item


# --- Demonstration points --------------------------------------------------------------------------

POINT_FIELDS = ("name", "place", "built_on", "ended_on", "note")
POINT_TAKEN = {"name": [_("已登记同名的示范点。")]}


def _clean_point(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.text("name", 200, required=True)
    c.text("place", 200, required=True)
    c.date("built_on", required=True)
    c.date("ended_on")
    c.order("built_on", "ended_on", _("撤销日期不能早于建成日期。"))
    c.text("note", 5000)
    if "supervisors" in data or instance is None:
        c.cleaned["supervisors"] = members_of(committee, data.get("supervisors"), "supervisors", c, required=True)
    c.done()
    return c.cleaned


def _save_point(point, actor, cleaned, *, create):
    with transaction.atomic():
        before = (
            None
            if create
            else {**audit.snapshot(point), "supervisors": list(point.supervisors.values_list("pk", flat=True))}
        )
        for f in POINT_FIELDS:
            setattr(point, f, cleaned[f])
        try:
            with transaction.atomic():
                point.save()
        except IntegrityError:
            raise Invalid(errors=POINT_TAKEN) from None
        if cleaned.get("supervisors") is not None:
            point.supervisors.set(cleaned["supervisors"])
        extra = {"supervisors": list(point.supervisors.values_list("pk", flat=True))}
        if create:
            record_create(point, actor, extra=extra)
        else:
            record_update(point, actor, before, extra=extra)
        registry.sync_derived(point)
    return point


def create_demo_point(*, actor, committee, data: dict) -> DemoPoint:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_point(committee, data)
    return _save_point(DemoPoint(committee=committee, created_by=actor), actor, cleaned, create=True)


def update_demo_point(*, actor, point: DemoPoint, data: dict) -> DemoPoint:
    require_manage(actor, point.committee_id)
    cleaned = _clean_point(point.committee, data, instance=point)
    return _save_point(point, actor, cleaned, create=False)
