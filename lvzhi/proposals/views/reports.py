"""The office's reports: the units' performance per session (page and xlsx) and the proposals
overview of a session (提案总览, xlsx)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import exports
from lvzhi.core.errors import Forbidden
from lvzhi.core.exports import choice_label
from lvzhi.core.scope import active_committee_ids
from lvzhi.org.models import Session
from lvzhi.proposals import selectors
from lvzhi.proposals.choices import Rating


def _require_reader(user):
    if not user.can_read_module(Permission.PROPOSALS):
        raise Forbidden()


def _sessions(ids):
    return list(
        Session.objects.filter(committee_id__in=ids).select_related("term", "committee").order_by("-start_date", "-id")
    )


def _session_ids(ids):
    """The sessions' ids in scope, latest first (what choosing one needs; a province has hundreds)."""
    return list(
        Session.objects.filter(committee_id__in=ids).order_by("-start_date", "-id").values_list("pk", flat=True)
    )


def _chosen_session(request, session_ids):
    """?session=<id> | between | all; default: the latest session in scope."""
    value = request.GET.get("session")
    if value is None:
        return str(session_ids[0]) if session_ids else "all"
    if value in ("between", "all"):
        return value
    return value if value in {str(pk) for pk in session_ids} else "all"


def _session_arg(chosen):
    return None if chosen == "all" else ("between" if chosen == "between" else int(chosen))


def _pct(value):
    return "" if value is None else f"{value}%"


PERFORMANCE_COLUMNS = [
    exports.Column(_("承办单位"), lambda r: str(r.unit) if r.unit else _("合计"), 28),
    exports.Column(_("交办件数"), lambda r: r.assigned, 10),
    exports.Column(_("主办/分办"), lambda r: r.answering, 10),
    exports.Column(_("已答复"), lambda r: r.replied, 10),
    exports.Column(_("按期答复"), lambda r: r.replied_on_time, 10),
    exports.Column(_("逾期未答复"), lambda r: r.overdue, 10),
    exports.Column(_("按期答复率"), lambda r: _pct(r.on_time_rate), 12),
    exports.Column(_("评价数"), lambda r: r.evaluations, 10),
    exports.Column(_("满意及基本满意"), lambda r: r.satisfied, 14),
    exports.Column(_("不满意"), lambda r: r.unsatisfied, 10),
    exports.Column(_("满意率"), lambda r: _pct(r.satisfaction_rate), 10),
    exports.Column(_("申请调整"), lambda r: r.objections, 10),
]


@login_required
def performance(request):
    """承办单位办理情况: on-time reply rate, satisfaction rate and objections per unit, per session."""
    _require_reader(request.user)
    ids = active_committee_ids(request)
    sessions = _sessions(ids)
    chosen = _chosen_session(request, [s.pk for s in sessions])
    rows = selectors.unit_performance(ids, session=_session_arg(chosen))
    total = selectors.totals(rows)
    if request.GET.get("export") == "xlsx":
        return exports.xlsx_response(
            actor=request.user,
            rows=[*rows, total],
            columns=PERFORMANCE_COLUMNS,
            filename=_("承办单位办理情况"),
            what="proposals.performance",
            filters={"session": chosen},
            committee=request.user.committee,
        )
    context = {"rows": rows, "total": total, "sessions": sessions, "chosen": chosen}
    return render(request, "proposals/performance.html", context)


def _ratings(a):
    labels = dict(Rating.choices)
    return "、".join(str(labels.get(e.rating, e.rating)) for e in a.evaluations.all() if e.round == a.round)


OVERVIEW_COLUMNS = [
    exports.Column(_("案号"), lambda p: p.number, 26),
    exports.Column(_("案由"), lambda p: p.title, 48),
    exports.Column(_("提案人"), lambda p: p.proposer_label, 16),
    exports.Column(_("附议人"), lambda p: "、".join(str(c.member) for c in p.coproposers.all()), 24),
    exports.Column(_("提案类型"), lambda p: choice_label(p, "kind"), 14),
    exports.Column(_("类别"), lambda p: str(p.category or ""), 12),
    exports.Column(_("状态"), lambda p: choice_label(p, "state"), 10),
    exports.Column(_("重点提案"), lambda p: _("是") if p.is_key else "", 8),
    exports.Column(
        _("承办单位"),
        lambda p: "；".join(f"{a.unit}（{choice_label(a, 'role')}）" for a in p.assignments.all()),
        36,
    ),
    exports.Column(
        _("答复类别"),
        lambda p: "；".join(f"{a.unit}：{a.reply_category.code}" for a in p.assignments.all() if a.reply_category_id),
        24,
    ),
    exports.Column(
        _("评价"),
        lambda p: "；".join(f"{a.unit}：{_ratings(a)}" for a in p.assignments.all() if a.evaluations.all()),
        30,
    ),
    exports.Column(_("会议"), lambda p: str(p.session) if p.session_id else _("闭会期间"), 18),
]


@login_required
def overview_xlsx(request):
    """提案总览: a session's filed proposals with proposers, category, state, units, replies and ratings."""
    _require_reader(request.user)
    ids = active_committee_ids(request)
    chosen = _chosen_session(request, _session_ids(ids))
    rows = selectors.overview_rows(ids, session=_session_arg(chosen))
    return exports.xlsx_response(
        actor=request.user,
        rows=rows,
        columns=OVERVIEW_COLUMNS,
        filename=_("提案总览"),
        what="proposals.overview",
        filters={"session": chosen},
        committee=request.user.committee,
        kept_for=ids,
    )
