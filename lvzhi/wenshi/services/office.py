"""The office's registers: 征编 plans with their yearly themes, calls for material, publications and
their contents, the collection and its loan / exchange register."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.models import User
from lvzhi.core import audit, registry
from lvzhi.core.attachments import store_attachment
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.org.audience import AudienceKind, audience_members
from lvzhi.wenshi.choices import CallState, CirculationKind, ItemKind, ManuscriptState, PublicationKind
from lvzhi.wenshi.models import (
    Call,
    Circulation,
    CollectionItem,
    Manuscript,
    Plan,
    PlanYear,
    Series,
    Volume,
    VolumeEntry,
)
from lvzhi.wenshi.services.base import CALL_FLOW, require_manage

YEAR_MIN, YEAR_MAX = 1949, 2100


def _cid(committee):
    return getattr(committee, "pk", committee)


def _years(clean, raw, start, end):
    """Yearly themes from [{"year", "theme", "target"}] (the API) or lines "2024 主题 30" (the page)."""
    rows = []
    if isinstance(raw, str):
        for line in raw.splitlines():
            parts = line.split()
            if not parts:
                continue
            counted = len(parts) > 2 and parts[-1].isascii() and parts[-1].isdigit()  # the last word a number
            target = parts[-1] if counted else "0"
            theme = " ".join(parts[1:-1] if counted else parts[1:])
            rows.append({"year": parts[0], "theme": theme, "target": target})
    else:
        rows = [dict(r) for r in raw or []]
    result, seen = [], set()
    for row in rows:
        year = Cleaner(row).integer("year", required=True, low=YEAR_MIN, high=YEAR_MAX)
        theme = str(row.get("theme") or "").strip()
        target = Cleaner(row).integer("target", low=0, high=100_000) or 0
        if year is None or not theme or len(theme) > 200:
            clean.error("years", _("每行写“年度 主题 目标篇数”，如“2024 凉州文化 30”。"))
            continue
        if start and end and not start <= year <= end:
            clean.error("years", _("%(y)s 年不在计划的年度内。") % {"y": year})
            continue
        if year in seen:
            clean.error("years", _("%(y)s 年重复。") % {"y": year})
            continue
        seen.add(year)
        result.append((year, theme, target))
    return result


PLAN_FIELDS = ("title", "start_year", "end_year", "adopted_on", "summary")
CALL_FIELDS = ("title", "body", "opens_on", "closes_on", "include_lower", "plan")
ITEM_FIELDS = ("kind", "title", "volume", "provenance", "location", "acquired_on", "copies", "note")


def _merged(data: dict, current, fields) -> dict:
    """What an edit leaves: the given fields over the record's own values (a PATCH gives only some)."""
    return {name: data[name] if name in data else getattr(current, name) for name in fields}


def _clean_plan(data: dict, years_raw):
    clean = Cleaner(data)
    fields = {
        "title": clean.text("title", required=True, max_length=200, label=_("名称")),
        "start_year": clean.integer("start_year", required=True, low=YEAR_MIN, high=YEAR_MAX),
        "end_year": clean.integer("end_year", required=True, low=YEAR_MIN, high=YEAR_MAX),
        "adopted_on": clean.date("adopted_on", required=True),
        "summary": clean.text("summary", max_length=20_000, label=_("主要内容")),
    }
    start, end = fields["start_year"], fields["end_year"]
    if start and end and end < start:
        clean.error("end_year", _("终止年度不能早于起始年度。"))
    years = _years(clean, years_raw, start, end)
    clean.done()
    return fields, years


@transaction.atomic
def create_plan(*, actor, committee, data: dict) -> Plan:
    require_manage(actor, committee)
    fields, years = _clean_plan(data, data.get("years"))
    plan = Plan.objects.create(committee_id=_cid(committee), created_by=actor, **fields)
    PlanYear.objects.bulk_create(
        [PlanYear(committee_id=plan.committee_id, plan=plan, year=y, theme=t, target=n) for y, t, n in years]
    )
    audit.record("wenshi.plan.create", actor=actor, obj=plan, after={**audit.snapshot(plan), "years": years})
    return plan


@transaction.atomic
def update_plan(*, actor, plan: Plan, data: dict) -> Plan:
    """Edit a plan; `years`, when given, replaces the yearly themes (kept ones must still fit)."""
    require_manage(actor, plan.committee_id)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    kept = [{"year": y.year, "theme": y.theme, "target": y.target} for y in plan.years.order_by("year")]
    fields, years = _clean_plan(_merged(data, plan, PLAN_FIELDS), data.get("years", kept))
    before = {**audit.snapshot(plan, PLAN_FIELDS), "years": [(r["year"], r["theme"], r["target"]) for r in kept]}
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    if "years" in data:
        plan.years.all().delete()
        PlanYear.objects.bulk_create(
            [PlanYear(committee_id=plan.committee_id, plan=plan, year=y, theme=t, target=n) for y, t, n in years]
        )
    audit.record(
        "wenshi.plan.update",
        actor=actor,
        obj=plan,
        before=before,
        after={**audit.snapshot(plan, PLAN_FIELDS), "years": years},
    )
    return plan


def _clean_call(data: dict, committee_id):
    clean = Cleaner(data)
    fields = {
        "title": clean.text("title", required=True, max_length=200, label=_("标题")),
        "body": clean.text("body", required=True, max_length=20_000, label=_("启事正文")),
        "opens_on": clean.date("opens_on", required=True),
        "closes_on": clean.date("closes_on", required=True),
        "include_lower": bool(data.get("include_lower")),
    }
    if fields["opens_on"] and fields["closes_on"] and fields["closes_on"] < fields["opens_on"]:
        clean.error("closes_on", _("截止日期不能早于开始日期。"))
    fields["plan"] = None
    if data.get("plan") not in (None, ""):
        pk = as_id(getattr(data["plan"], "pk", data["plan"]))
        fields["plan"] = Plan.objects.filter(pk=pk, committee_id=committee_id).first() if pk else None
        if fields["plan"] is None:
            clean.error("plan", _("请选择本会的征编计划。"))
    clean.done()
    return fields


@transaction.atomic
def create_call(*, actor, committee, data: dict) -> Call:
    """A draft call for material, to all members of the committee (and, if asked, of its lower
    committees); `publish_call` sends it."""
    require_manage(actor, committee)
    fields = _clean_call(data, _cid(committee))
    call = Call.objects.create(committee_id=_cid(committee), audience=AudienceKind.ALL, created_by=actor, **fields)
    audit.record("wenshi.call.create", actor=actor, obj=call, after=audit.snapshot(call))
    return call


@transaction.atomic
def update_call(*, actor, call: Call, data: dict) -> Call:
    """Edit a call while it is a draft or open (a published call's members see the new text; whom it
    reaches is fixed once published); a closed call is history and is not edited."""
    require_manage(actor, call.committee_id)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.state == CallState.CLOSED:
        raise IllegalTransition(_("已截止的征稿启事不能修改。"))
    widened = "include_lower" in data and bool(data["include_lower"]) != call.include_lower
    if call.state == CallState.PUBLISHED and widened:
        raise Invalid(errors={"include_lower": [_("已发布的征稿启事不能改变征集范围。")]})
    fields = _clean_call(_merged(data, call, CALL_FIELDS), call.committee_id)
    before = audit.snapshot(call, CALL_FIELDS)
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    audit.record("wenshi.call.update", actor=actor, obj=call, before=before, after=audit.snapshot(call, CALL_FIELDS))
    return call


def publish_call(*, actor, call: Call, note=""):
    CALL_FLOW.perform(call, "publish", actor=actor, note=note)
    users = User.objects.filter(member__in=audience_members(call), is_active=True).distinct()
    notify(
        list(users),
        title=_("征稿启事：%(t)s") % {"t": call.title},
        url=call.get_absolute_url(),
        committee=call.committee,
        kind="wenshi.call",
    )
    return call


def close_call(*, actor, call: Call, note=""):
    CALL_FLOW.perform(call, "close", actor=actor, note=note)
    return call


@transaction.atomic
def create_series(*, actor, committee, data: dict) -> Series:
    require_manage(actor, committee)
    clean = Cleaner(data)
    name = clean.text("name", required=True, max_length=100, label=_("丛书名")).strip("《》")
    description = clean.text("description", max_length=5000, label=_("简介"))
    if name and Series.objects.filter(committee_id=_cid(committee), name=name).exists():
        clean.error("name", _("本会已有这套丛书。"))
    clean.done()
    series = Series.objects.create(committee_id=_cid(committee), name=name, description=description)
    audit.record("wenshi.series.create", actor=actor, obj=series, after=audit.snapshot(series))
    return series


def _clean_volume(committee_id, data, clean, *, current=None):
    def pick(name, default=None):
        return data[name] if name in data else (getattr(current, name) if current is not None else default)

    kind = clean.choice("kind", PublicationKind.values, value=pick("kind")) or PublicationKind.VOLUME
    series = None
    raw = data.get("series", current.series_id if current is not None else None)
    if raw not in (None, ""):
        pk = as_id(getattr(raw, "pk", raw))
        series = Series.objects.filter(pk=pk, committee_id=committee_id).first() if pk else None
        if series is None:
            clean.error("series", _("请选择本会的丛书。"))
    number = clean.integer("number", low=1, high=10_000, value=pick("number"))
    fields = {
        "kind": kind,
        "series": series,
        "number": number,
        "title": clean.text(
            "title", required=kind == PublicationKind.BOOK, max_length=200, label=_("书名"), value=pick("title", "")
        ),
        "editors": clean.text("editors", max_length=300, label=_("编者"), value=pick("editors", "")),
        "publisher": clean.text("publisher", max_length=200, label=_("出版单位"), value=pick("publisher", "")),
        "permit_number": clean.text(
            "permit_number", max_length=100, label=_("准印证号"), value=pick("permit_number", "")
        ),
        "published_on": clean.date("published_on", value=pick("published_on")),
        "print_run": clean.integer("print_run", low=0, high=10_000_000, value=pick("print_run", 0)) or 0,
        "foreword": clean.text("foreword", max_length=50_000, label=_("前言"), value=pick("foreword", "")),
    }
    if kind == PublicationKind.VOLUME:
        if series is None and "series" not in clean.errors:
            clean.error("series", _("丛书分辑请选择丛书。"))
        if number is None and "number" not in clean.errors:
            clean.error("number", _("丛书分辑请填写辑次。"))
        taken = Volume.objects.filter(series=series, number=number)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if series is not None and number and taken.exists():
            clean.error("number", _("这套丛书已有第%(n)s辑。") % {"n": number})
    if fields["published_on"] and not (fields["publisher"] or fields["permit_number"]):
        clean.error("publisher", _("已出版的须填写出版单位或内部资料准印证号。"))
    return fields


@transaction.atomic
def create_volume(*, actor, committee, data: dict) -> Volume:
    require_manage(actor, committee)
    clean = Cleaner(data)
    fields = _clean_volume(_cid(committee), data, clean)
    clean.done()
    volume = Volume.objects.create(committee_id=_cid(committee), created_by=actor, **fields)
    audit.record("wenshi.volume.create", actor=actor, obj=volume, after=audit.snapshot(volume))
    registry.sync_derived(volume)
    return volume


@transaction.atomic
def update_volume(*, actor, volume: Volume, data: dict) -> Volume:
    require_manage(actor, volume.committee_id)
    clean = Cleaner(data)
    fields = _clean_volume(volume.committee_id, data, clean, current=volume)
    clean.done()
    before = audit.snapshot(volume)
    for name, value in fields.items():
        setattr(volume, name, value)
    volume.save()
    audit.record("wenshi.volume.update", actor=actor, obj=volume, before=before, after=audit.snapshot(volume))
    registry.sync_derived(volume)
    return volume


@transaction.atomic
def add_volume_entry(*, actor, volume: Volume, data: dict) -> VolumeEntry:
    """An adopted manuscript of the committee added to the contents (at the end, or at `position`,
    moving the later entries down)."""
    require_manage(actor, volume.committee_id)
    clean = Cleaner(data)
    raw = str(getattr(data.get("manuscript"), "pk", data.get("manuscript")) or "")
    manuscript = None
    if as_id(raw):
        manuscript = Manuscript.objects.filter(pk=as_id(raw), committee_id=volume.committee_id).first()
    if manuscript is None:
        clean.error("manuscript", _("请选择本会的稿件。"))
    elif manuscript.state != ManuscriptState.ADOPTED:
        clean.error("manuscript", _("只有已采用的稿件可以编入目录。"))
    elif volume.entries.filter(manuscript=manuscript).exists():
        clean.error("manuscript", _("这篇稿件已在目录中。"))
    section = clean.text("section", max_length=100, label=_("栏目"))
    last = volume.entries.aggregate(m=Max("position"))["m"] or 0
    position = clean.integer("position", low=1, high=last + 1) or last + 1
    clean.done()
    later = list(volume.entries.filter(position__gte=position).order_by("-position"))
    for entry in later:  # one by one from the end, so the unique position never collides
        entry.position += 1
        entry.save(update_fields=["position"])
    entry = VolumeEntry.objects.create(
        committee_id=volume.committee_id, volume=volume, manuscript=manuscript, position=position, section=section
    )
    audit.record(
        "wenshi.volume.entry",
        actor=actor,
        obj=volume,
        after={"manuscript": manuscript.pk, "position": position, "section": section},
    )
    return entry


@transaction.atomic
def remove_volume_entry(*, actor, volume: Volume, entry_id: int) -> None:
    require_manage(actor, volume.committee_id)
    entry = volume.entries.filter(pk=entry_id).first()
    if entry is None:
        raise Invalid(errors={"entry": [_("目录中没有这一条。")]})
    position = entry.position
    entry.delete()
    for later in volume.entries.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    audit.record("wenshi.volume.entry_remove", actor=actor, obj=volume, before={"entry": entry_id})


def _clean_item(data: dict, committee_id):
    clean = Cleaner(data)
    fields = {
        "kind": clean.choice("kind", ItemKind.values, required=True),
        "title": clean.text("title", required=True, max_length=200, label=_("名称")),
        "provenance": clean.text("provenance", max_length=300, label=_("来源")),
        "location": clean.text("location", max_length=200, label=_("存放位置")),
        "acquired_on": clean.date("acquired_on", required=True),
        "copies": clean.integer("copies", low=1, high=100_000) or 1,
        "note": clean.text("note", max_length=5000, label=_("说明")),
    }
    raw = str(getattr(data.get("volume"), "pk", data.get("volume")) or "")
    fields["volume"] = None
    if raw:
        volumes = Volume.objects.filter(committee_id=committee_id)
        fields["volume"] = volumes.filter(pk=as_id(raw)).first() if as_id(raw) else None
        if fields["volume"] is None:
            clean.error("volume", _("请选择本会的出版物。"))
    clean.done()
    return fields


@transaction.atomic
def create_item(*, actor, committee, data: dict, uploads=()) -> CollectionItem:
    require_manage(actor, committee)
    fields = _clean_item(data, _cid(committee))
    item = CollectionItem.objects.create(committee_id=_cid(committee), created_by=actor, **fields)
    for upload in uploads:
        item.attachments.add(store_attachment(actor=actor, committee=item.committee, upload=upload))
    audit.record("wenshi.item.create", actor=actor, obj=item, after=audit.snapshot(item))
    return item


@transaction.atomic
def update_item(*, actor, item: CollectionItem, data: dict) -> CollectionItem:
    require_manage(actor, item.committee_id)
    item = CollectionItem.objects.select_for_update().get(pk=item.pk)
    fields = _clean_item(_merged(data, item, ITEM_FIELDS), item.committee_id)
    before = audit.snapshot(item, ITEM_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    audit.record("wenshi.item.update", actor=actor, obj=item, before=before, after=audit.snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def add_item_file(*, actor, item: CollectionItem, upload):
    require_manage(actor, item.committee_id)
    attachment = store_attachment(actor=actor, committee=item.committee, upload=upload)
    item.attachments.add(attachment)
    audit.record("wenshi.item.file", actor=actor, obj=item, after={"attachment": attachment.pk})
    return attachment


@transaction.atomic
def record_circulation(*, actor, committee, data: dict) -> Circulation:
    """A loan, a gift or an exchange of an item of the collection or of one of the committee's
    publications."""
    require_manage(actor, committee)
    cid = _cid(committee)
    clean = Cleaner(data)
    fields = {
        "kind": clean.choice("kind", CirculationKind.values, required=True),
        "counterpart": clean.text("counterpart", required=True, max_length=200, label=_("对方")),
        "happened_on": clean.date("happened_on", required=True),
        "copies": clean.integer("copies", low=1, high=1_000_000) or 1,
        "received": clean.text("received", max_length=300, label=_("回赠资料")),
        "due_on": clean.date("due_on"),
        "note": clean.text("note", max_length=500, label=_("备注")),
    }
    for name, model in (("item", CollectionItem), ("volume", Volume)):
        raw = str(getattr(data.get(name), "pk", data.get(name)) or "")
        fields[name] = None
        if raw:
            fields[name] = model.objects.filter(pk=as_id(raw), committee_id=cid).first() if as_id(raw) else None
            if fields[name] is None:
                clean.error(name, _("请选择本会的记录。"))
    if not fields["item"] and not fields["volume"] and not clean.errors.get("item") and not clean.errors.get("volume"):
        clean.error("volume", _("请选择出版物或馆藏。"))
    if fields["kind"] == CirculationKind.EXCHANGE and not fields["received"]:
        clean.error("received", _("互赠请填写对方回赠的资料。"))
    if fields["kind"] == CirculationKind.LOAN and fields["due_on"] is None:
        clean.error("due_on", _("借阅请填写应还日期。"))
    if fields["due_on"] and fields["happened_on"] and fields["due_on"] < fields["happened_on"]:
        clean.error("due_on", _("应还日期不能早于借出日期。"))
    clean.done()
    row = Circulation.objects.create(committee_id=cid, created_by=actor, **fields)
    audit.record("wenshi.circulation.create", actor=actor, obj=row, after=audit.snapshot(row))
    return row


@transaction.atomic
def return_loan(*, actor, circulation: Circulation, data: dict) -> Circulation:
    require_manage(actor, circulation.committee_id)
    if circulation.kind != CirculationKind.LOAN or circulation.returned_on:
        raise IllegalTransition(_("只有未归还的借阅可以登记归还。"))
    clean = Cleaner(data)
    day = clean.date("returned_on") or timezone.localdate()
    if day < circulation.happened_on:
        clean.error("returned_on", _("归还日期不能早于借出日期。"))
    clean.done()
    circulation.returned_on = day
    circulation.save(update_fields=["returned_on"])
    audit.record("wenshi.circulation.return", actor=actor, obj=circulation, after={"returned_on": day.isoformat()})
    return circulation
