"""Every write of the duty records: scoring schemes, baseline targets, annual reports (述职) and
assessments. Each checks permission, state and input, writes in one transaction and audits. The
ledger itself is written only by `lvzhi.duties.ledger`, which the source modules' services reach
through `registry.sync_derived` (the duties module registers `ledger.sync` as a derived store)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.accounts.models import User
from lvzhi.core import audit, permissions
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.notifications import notify
from lvzhi.core.scope import committee_named
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.duties import ledger, scoring, selectors
from lvzhi.duties.choices import Grade, ReportState
from lvzhi.duties.models import AnnualReport, Assessment, DutyEvent, ScoringRule, ScoringScheme, Talk, Target
from lvzhi.org.models import Committee, Membership

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_POINTS = Decimal("1000")

# --- Who may do what ---------------------------------------------------------------------------


def can_manage(user, committee) -> bool:
    """Staff with the members permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, Permission.MEMBERS)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, Permission.MEMBERS)


is_member_user = permissions.is_member_user


def check_year(value, field="year") -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(errors={field: [_("年度应为 %(a)d 至 %(b)d 之间的四位数。") % {"a": MIN_YEAR, "b": MAX_YEAR}]})
    return year


def _decimal(value, field, errors, *, allow_blank=False, low=-MAX_POINTS, high=MAX_POINTS):
    if value in (None, "") and allow_blank:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite() or not low <= number <= high or number != round(number, 1):
        errors[field] = [_("请填写 %(a)s 至 %(b)s 之间的数，最多一位小数。") % {"a": low, "b": high}]
        return None
    return number


# --- Scoring schemes ---------------------------------------------------------------------------


def _recompute_years(committee_id: int, year: int) -> list[int]:
    """The years whose points follow this year's scheme: it and the later years without their own."""
    later = (
        ScoringScheme.objects.filter(committee_id=committee_id, is_current=True, year__gt=year)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    years = DutyEvent.objects.filter(committee_id=committee_id, year__gte=year)
    if later:
        years = years.filter(year__lt=later)
    return sorted(set(years.values_list("year", flat=True).distinct().order_by()) | {year})


@transaction.atomic
def save_scheme(*, actor, committee: Committee, year, data: dict) -> ScoringScheme:
    """A new version of the committee's scheme for the year (the first for a year copies the scheme
    in force, i.e. the last year's). `data`: excellent_min, competent_min, basic_min,
    reports_from_all, note, rules {kind: {"points", "cap"}} — anything left out keeps its value.
    Recomputes the points of that year (and of later years that follow it)."""
    require_manage(actor, committee)
    year = check_year(year)
    if not isinstance(data, dict):
        raise Invalid(errors={"__all__": [_("格式不正确。")]})
    base = scoring.effective_scheme(committee.pk, year)
    rules = scoring.rules_of(base)
    thresholds = scoring.thresholds_of(base)
    errors: dict = {}
    values = {}
    for key in ("excellent_min", "competent_min", "basic_min"):
        given = data.get(key, thresholds[key])
        values[key] = _decimal(given, key, errors, low=Decimal("-1000"), high=Decimal("10000"))
    if not errors and not values["excellent_min"] >= values["competent_min"] >= values["basic_min"]:
        errors["excellent_min"] = [_("等次分数线须满足：优秀 ≥ 称职 ≥ 基本称职。")]
    new_rules = {k: (r.points, r.cap) for k, r in rules.items()}
    given_rules = data.get("rules") or {}
    if not isinstance(given_rules, dict):
        errors["rules"] = [_("格式不正确。")]
        given_rules = {}
    known = set(ledger.kinds())
    for kind, rule in given_rules.items():
        field = f"rules.{kind}"
        if kind not in known:
            errors[field] = [_("未知的履职事件类别：%(k)s。") % {"k": kind}]
            continue
        if not isinstance(rule, dict):
            errors[field] = [_("格式不正确。")]
            continue
        points = _decimal(rule.get("points", new_rules[kind][0]), f"{field}.points", errors)
        cap = _decimal(
            rule.get("cap"), f"{field}.cap", errors, allow_blank=True, low=Decimal("0.1"), high=Decimal("10000")
        )
        new_rules[kind] = (points, cap)
    note = str(data.get("note") or "").strip()
    if len(note) > 500:
        errors["note"] = [_("不能超过 %(n)d 个字符。") % {"n": 500}]
    if errors:
        raise Invalid(errors=errors)
    reports_from_all = data.get("reports_from_all", base.reports_from_all if base else False)
    if not isinstance(reports_from_all, bool):
        reports_from_all = str(reports_from_all).lower() in ("1", "true", "on", "yes")
    own = ScoringScheme.objects.select_for_update().filter(committee=committee, year=year)
    version = (own.aggregate(n=Max("version"))["n"] or 0) + 1
    previous = own.filter(is_current=True).first()
    own.filter(is_current=True).update(is_current=False)
    scheme = ScoringScheme.objects.create(
        committee=committee,
        year=year,
        version=version,
        is_current=True,
        note=note,
        reports_from_all=reports_from_all,
        created_by=actor,
        **values,
    )
    ScoringRule.objects.bulk_create(
        [ScoringRule(scheme=scheme, kind=k, points=p, cap=c) for k, (p, c) in new_rules.items()]
    )
    changed = ledger.recompute_points(committee.pk, _recompute_years(committee.pk, year))
    audit.record(
        "scoring_scheme.save",
        actor=actor,
        obj=scheme,
        before=_scheme_snapshot(previous) if previous else None,
        after=_scheme_snapshot(scheme),
        note=_("重新计分 %(n)d 条") % {"n": changed},
    )
    return scheme


def _scheme_snapshot(scheme) -> dict:
    data = audit.snapshot(
        scheme, ["year", "version", "excellent_min", "competent_min", "basic_min", "reports_from_all"]
    )
    data["rules"] = {r.kind: [str(r.points), str(r.cap) if r.cap is not None else None] for r in scheme.rules.all()}
    return data


# --- Baseline targets --------------------------------------------------------------------------


def _materialise_targets(committee) -> None:
    """A committee's first edit turns the default template into its own rows."""
    if not Target.objects.filter(committee=committee).exists():
        Target.objects.bulk_create(
            [
                Target(committee=committee, name=t.name, kinds=list(t.kinds), required=t.required, sort=i)
                for i, t in enumerate(scoring.default_targets(), start=1)
            ]
        )


def _clean_target(data: dict) -> dict:
    errors: dict = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("请填写名称。")]
    elif len(name) > 100:
        errors["name"] = [_("不能超过 %(n)d 个字符。") % {"n": 100}]
    kinds = data.get("kinds") or []
    if isinstance(kinds, str):
        kinds = [k.strip() for k in kinds.replace("，", ",").split(",")]
    kinds = [str(k).strip() for k in kinds if str(k).strip()]
    known = set(ledger.kinds())
    if not kinds:
        errors["kinds"] = [_("请至少选择一类履职事件。")]
    else:
        bad = [k for k in kinds if not (k.endswith("*") and len(k) > 1) and k not in known]
        if bad:
            errors["kinds"] = [_("未知的履职事件类别：%(k)s。") % {"k": "、".join(bad)}]
    try:
        required = int(data.get("required") or 0)
    except (TypeError, ValueError):
        required = 0
    if not 1 <= required <= 1000:
        errors["required"] = [_("至少次数应为 1 至 1000 的整数。")]
    try:
        sort = int(data.get("sort") or 0)
    except (TypeError, ValueError):
        sort = -1
    if not 0 <= sort <= 1000:
        errors["sort"] = [_("排序应为 0 至 1000 的整数。")]
    if errors:
        raise Invalid(errors=errors)
    return {"name": name, "kinds": kinds, "required": required, "sort": sort}


@transaction.atomic
def save_target(*, actor, committee: Committee, data: dict, instance: Target | None = None) -> Target:
    if instance is not None:
        committee = instance.committee
    require_manage(actor, committee)
    cleaned = _clean_target(data)
    _materialise_targets(committee)
    before = audit.snapshot(instance) if instance else None
    target = instance or Target(committee=committee)
    for key, value in cleaned.items():
        setattr(target, key, value)
    target.save()
    audit.record(
        "target.update" if instance else "target.create",
        actor=actor,
        obj=target,
        before=before,
        after=audit.snapshot(target),
    )
    return target


@transaction.atomic
def delete_target(*, actor, target: Target) -> None:
    require_manage(actor, target.committee_id)
    before = audit.snapshot(target)
    audit.record("target.delete", actor=actor, obj=target, before=before)
    target.delete()


@transaction.atomic
def reset_targets(*, actor, committee: Committee) -> None:
    """Back to the default template of eight."""
    require_manage(actor, committee)
    Target.objects.filter(committee=committee).delete()
    _materialise_targets(committee)
    audit.record("target.reset", actor=actor, committee=committee, object_type="duties.target")


# --- Annual reports (述职) ----------------------------------------------------------------------


def _is_author(user, report) -> bool:
    return is_member_user(user) and user.member_id == report.member_id


def _manages(user, obj) -> bool:
    return can_manage(user, obj.committee_id)


def _has_text(report):
    if not (report.text or "").strip():
        return _("述职报告不能为空。")
    return None


REPORT_FLOW = Workflow(
    rules=[
        Rule(
            "submit",
            [ReportState.DRAFT, ReportState.RETURNED],
            ReportState.SUBMITTED,
            _is_author,
            _has_text,
            gettext_lazy("提交"),
        ),
        Rule("return", [ReportState.SUBMITTED], ReportState.RETURNED, _manages, None, gettext_lazy("退回")),
        Rule("accept", [ReportState.SUBMITTED], ReportState.ACCEPTED, _manages, None, gettext_lazy("通过")),
    ]
)


def member_committee(user, committee=None) -> Committee:
    """The committee whose record a member user works on: the one given (where they hold a seat),
    else their account's committee."""
    if not is_member_user(user):
        raise Forbidden(_("只有委员本人可以撰写述职报告。"))
    wanted = getattr(committee, "pk", committee) or user.committee_id
    seats = Membership.objects.filter(member_id=user.member_id).values_list("committee_id", flat=True)
    found = committee_named(wanted, set(seats)) if wanted else None  # an id or a code; else None
    if found is not None:
        return found
    raise Invalid(errors={"committee": [_("您不是该委员会的委员。")]})


@transaction.atomic
def save_report(*, actor, year, text: str, committee=None) -> AnnualReport:
    """A member writes (or rewrites) their annual report for a year, as a draft."""
    committee = member_committee(actor, committee)
    year = check_year(year)
    text = str(text or "").strip()
    if not text:
        raise Invalid(errors={"text": [_("请填写述职报告。")]})
    if len(text) > 50_000:
        raise Invalid(errors={"text": [_("不能超过 %(n)d 个字符。") % {"n": 50_000}]})
    report = (
        AnnualReport.objects.select_for_update()
        .filter(committee=committee, member_id=actor.member_id, year=year)
        .first()
    )
    if report is None:
        report = AnnualReport.objects.create(committee=committee, member_id=actor.member_id, year=year, text=text)
        audit.record("annual_report.create", actor=actor, obj=report, after={"year": year})
        return report
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise IllegalTransition(_("述职报告已提交，不能修改。"))
    report.text = text
    report.save(update_fields=["text", "updated_at"])
    audit.record("annual_report.update", actor=actor, obj=report, after={"year": year})
    return report


def _report_url(report) -> str:
    return reverse("duties:report_detail", args=[report.pk])


def submit_report(*, actor, report: AnnualReport, note: str = "") -> AnnualReport:
    """Submit for review; a report still holding the prefilled text's blanks (（请补充）) is refused."""
    if str(selectors.TO_FILL) in (report.text or ""):
        raise Invalid(
            errors={"text": [_("述职报告中还有“%(blank)s”处，请补充后再提交。") % {"blank": selectors.TO_FILL}]}
        )

    def apply(obj):
        obj.submitted_at = timezone.now()

    with transaction.atomic():
        REPORT_FLOW.perform(report, "submit", actor=actor, note=str(note or "")[:500], apply=apply)
        ledger.sync(report)
    return report


def return_report(*, actor, report: AnnualReport, note: str = "") -> AnnualReport:
    note = str(note or "").strip()
    if not note:
        raise Invalid(errors={"note": [_("退回须说明理由。")]})
    if len(note) > 500:
        raise Invalid(errors={"note": [_("不能超过 %(n)d 个字符。") % {"n": 500}]})

    def apply(obj):
        obj.review_note, obj.decided_at = note, timezone.now()

    with transaction.atomic():
        REPORT_FLOW.perform(report, "return", actor=actor, note=note, apply=apply)
        ledger.sync(report)
    _notify_member(report, _("述职报告已退回：%(y)s 年度") % {"y": report.year}, note)
    return report


def accept_report(*, actor, report: AnnualReport, note: str = "") -> AnnualReport:
    note = str(note or "").strip()[:500]

    def apply(obj):
        obj.review_note, obj.decided_at = note, timezone.now()

    with transaction.atomic():
        REPORT_FLOW.perform(report, "accept", actor=actor, note=note, apply=apply)
        ledger.sync(report)
    _notify_member(report, _("述职报告已通过：%(y)s 年度") % {"y": report.year}, note)
    return report


def _notify_member(report, title, body=""):
    notify(
        list(User.objects.filter(member_id=report.member_id, is_active=True)),
        title=title,
        body=body,
        url=_report_url(report),
        committee=report.committee,
        kind="duties.annual_report",
    )


# --- Assessments -------------------------------------------------------------------------------


def _published(committee_id, year) -> bool:
    return Assessment.objects.filter(committee_id=committee_id, year=year, published_at__isnull=False).exists()


@transaction.atomic
def open_assessments(*, actor, committee: Committee, year) -> int:
    """Start (or extend) the year's assessment: one row per member of the year's roster. Returns
    how many rows were added."""
    require_manage(actor, committee)
    year = check_year(year)
    if _published(committee.pk, year):
        raise IllegalTransition(_("本年度考核结果已公布。"))
    members = [m.member_id for m in scoring.roster(committee.pk, year)]
    existing = set(Assessment.objects.filter(committee=committee, year=year).values_list("member_id", flat=True))
    new = [Assessment(committee=committee, member_id=m, year=year) for m in members if m not in existing]
    Assessment.objects.bulk_create(new)
    audit.record(
        "assessment.open",
        actor=actor,
        committee=committee,
        object_type="duties.assessment",
        after={"year": year, "added": len(new)},
    )
    return len(new)


@transaction.atomic
def adjust_assessment(*, actor, assessment: Assessment, grade, reason: str) -> Assessment:
    """Staff change the grade, with a reason; the computed grade stays beside it."""
    require_manage(actor, assessment.committee_id)
    errors: dict = {}
    if grade not in Grade.values:
        errors["grade"] = [_("请选择等次：优秀、称职、基本称职或不称职。")]
    reason = str(reason or "").strip()
    if not reason:
        errors["reason"] = [_("调整等次须说明理由。")]
    elif len(reason) > 500:
        errors["reason"] = [_("不能超过 %(n)d 个字符。") % {"n": 500}]
    if errors:
        raise Invalid(errors=errors)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.published_at:
        raise IllegalTransition(_("考核结果已公布，不能调整等次。"))
    standing = scoring.standings(assessment.committee_id, assessment.year, [assessment.member_id])[assessment.member_id]
    before = {
        "grade": assessment.grade or standing.grade,
        "computed_grade": standing.grade,
        "reason": assessment.reason,
    }
    assessment.grade = grade
    assessment.computed_grade = standing.grade
    assessment.reason = reason
    assessment.adjusted_by = actor
    assessment.adjusted_at = timezone.now()
    assessment.save()
    audit.record(
        "assessment.adjust",
        actor=actor,
        obj=assessment,
        before=before,
        after={"grade": grade, "computed_grade": standing.grade, "reason": reason},
        note=reason,
    )
    return assessment


@transaction.atomic
def publish_assessments(*, actor, committee: Committee, year) -> int:
    """Freeze and publish the year's assessment: score, computed grade, final grade and missing
    targets of every row. Returns how many rows were published."""
    require_manage(actor, committee)
    year = check_year(year)
    if _published(committee.pk, year):
        raise IllegalTransition(_("本年度考核结果已公布。"))
    rows = list(Assessment.objects.select_for_update().filter(committee=committee, year=year))
    if not rows:
        raise IllegalTransition(_("请先开始本年度考核。"))
    now = timezone.now()
    found = scoring.standings(committee.pk, year, [r.member_id for r in rows])
    for row in rows:
        s = found[row.member_id]
        row.score = s.score
        row.computed_grade = s.grade
        row.grade = row.grade if row.adjusted_at else s.grade
        row.targets_missing = [t.name for t in s.missing]
        row.below_baseline = s.below_baseline
        row.published_at = now
    Assessment.objects.bulk_update(
        rows, ["score", "computed_grade", "grade", "targets_missing", "below_baseline", "published_at"], batch_size=500
    )
    counts = {g: sum(1 for r in rows if r.grade == g) for g in Grade.values}
    audit.record(
        "assessment.publish",
        actor=actor,
        committee=committee,
        object_type="duties.assessment",
        after={"year": year, "rows": len(rows), "grades": counts},
    )
    notify(
        list(User.objects.filter(member_id__in=[r.member_id for r in rows], is_active=True)),
        title=_("%(y)s 年度委员履职考核结果已公布") % {"y": year},
        url=reverse("duties:my_record") + f"?year={year}",
        committee=committee,
        kind="duties.assessment",
    )
    return len(rows)


@transaction.atomic
def record_talk(*, actor, assessment: Assessment, held_on, held_by: str, notes: str) -> Talk:
    """Record a talk (约谈) with a member below the baseline."""
    require_manage(actor, assessment.committee_id)
    clean = Cleaner({"held_on": held_on, "held_by": held_by, "notes": notes})
    day = clean.date("held_on", required=True)
    if day and day > timezone.localdate():
        clean.error("held_on", _("约谈日期不能晚于今天。"))
    held_by = clean.text("held_by", max_length=100)
    if not held_by:
        clean.error("held_by", _("请填写约谈人。"))
    notes = clean.text("notes", max_length=10_000)
    if not notes:
        clean.error("notes", _("请填写约谈情况。"))
    clean.done()
    below = assessment.below_baseline
    if not assessment.published_at:
        below = scoring.standings(assessment.committee_id, assessment.year, [assessment.member_id])[
            assessment.member_id
        ].below_baseline
    if not below:
        raise IllegalTransition(_("该委员已达到履职基本要求，无需约谈。"))
    talk = Talk.objects.create(
        committee_id=assessment.committee_id,
        assessment=assessment,
        member_id=assessment.member_id,
        held_on=day,
        held_by=held_by,
        notes=notes,
        recorded_by=actor,
    )
    audit.record("talk.create", actor=actor, obj=talk, after=audit.snapshot(talk))
    return talk


def get_assessment(user, pk) -> Assessment:
    row = Assessment.objects.visible_to(user).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row
