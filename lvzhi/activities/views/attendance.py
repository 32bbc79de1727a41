"""Invitations, answers, leave decisions, QR and manual check-in, attendance and sign-in sheets."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lvzhi.activities import services
from lvzhi.activities.choices import Answer, AttendanceState
from lvzhi.activities.forms import InviteForm, LeaveForm
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.views.common import (
    get_activity_for_user,
    get_managed_activity,
    is_member,
    participant_required,
    reader_required,
)
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import Column, choice_label, xlsx_response
from lvzhi.core.forms import apply_service_error, error_line


@reader_required
def invite(request, pk):
    activity = get_managed_activity(request, pk)
    form = InviteForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invite(
                actor=request.user, activity=activity, by=form.cleaned_data["by"], values=form.values()
            )
            messages.success(request, _("已邀请 %(n)d 名委员。") % {"n": len(created)})
            return redirect("activities:detail", activity.pk)
        except ServiceError as exc:
            if "values" in exc.errors:
                exc.errors.setdefault(form.FIELD_OF.get(form.cleaned_data["by"], "by"), exc.errors.pop("values"))
            apply_service_error(form, exc)
    return render(request, "activities/invite.html", {"activity": activity, "form": form})


def _back(request, activity):
    target = request.POST.get("next") or ""
    if target == "my":
        return redirect("activities:my")
    return redirect("activities:detail", activity.pk)


@login_required
@require_POST
def respond(request, pk):
    """A member answers: attend, or ask leave with a reason."""
    activity = get_activity_for_user(request, pk)
    answer = request.POST.get("answer", "")
    try:
        services.respond(actor=request.user, activity=activity, answer=answer, reason=request.POST.get("reason", ""))
        messages.success(request, _("已确认参加。") if answer == Answer.ATTEND else _("请假申请已提交，等待审批。"))
    except ServiceError as exc:
        messages.error(request, error_line(exc))
    return _back(request, activity)


@reader_required
@require_POST
def leave_decision(request, pk, attendance_id):
    activity = get_managed_activity(request, pk)
    row = Attendance.objects.filter(activity=activity, pk=attendance_id).select_related("activity", "member").first()
    if row is None:
        raise Http404
    approved = request.POST.get("approved") == "1"
    try:
        services.decide_leave(actor=request.user, attendance=row, approved=approved, note=request.POST.get("note", ""))
        messages.success(
            request, _("已准假：%(m)s") % {"m": row.member} if approved else _("未准假：%(m)s") % {"m": row.member}
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    return redirect("activities:detail", activity.pk)


@reader_required
@require_POST
def manual_checkin(request, pk):
    activity = get_managed_activity(request, pk)
    try:
        row, already = services.manual_check_in(
            actor=request.user, activity=activity, member=request.POST.get("member")
        )
        messages.info(
            request, _("%(m)s 已签到过。") % {"m": row.member} if already else _("%(m)s 已签到。") % {"m": row.member}
        )
    except ServiceError as exc:
        messages.error(request, error_line(exc))
    return redirect("activities:detail", activity.pk)


def _qr_context(request, activity):
    token, expires = services.issue_checkin_token(actor=request.user, activity=activity)
    url = request.build_absolute_uri(reverse("activities:checkin", args=[activity.pk, token]))
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True)
    present = Attendance.objects.filter(activity=activity, state=AttendanceState.PRESENT).count()
    invited = Attendance.objects.filter(activity=activity).count()
    return {
        "activity": activity,
        "qr_svg": svg,
        "checkin_url": url,
        "expires_at": expires,
        "present": present,
        "invited": invited,
        "rotation": services.TOKEN_ROTATION,
    }


@reader_required
@never_cache
def checkin_screen(request, pk):
    """The organiser's screen: a QR code that changes every 30 seconds (htmx polls the fragment)."""
    activity = get_managed_activity(request, pk)
    context = _qr_context(request, activity)
    if request.headers.get("HX-Request") == "true":
        return render(request, "activities/checkin_screen.html#qr", context)
    return render(request, "activities/checkin_screen.html", context)


SCANS_SESSION_KEY = "activities.checkin_scans"


def _remember_scan(request, pk, token) -> None:
    """A visitor who is not logged in scanned a code that is valid now: remember when, in the session
    (logging in keeps its data), so that after logging in they are checked in without scanning again
    (services.scan_moment: for LOGIN_GRACE seconds)."""
    activity = Activity.objects.filter(pk=pk).first()
    if activity is None or services.checkin_token_activity(token) != activity.pk:
        return
    try:
        services.verify_checkin_token(activity, token)
    except ServiceError:
        return
    scans = dict(list(request.session.get(SCANS_SESSION_KEY, {}).items())[-4:])
    scans[token] = timezone.now().timestamp()
    request.session[SCANS_SESSION_KEY] = scans


@never_cache
def checkin(request, pk, token):
    """What a member's phone opens from the QR code: confirm, and be checked in once. A visitor who
    must log in first is sent to the login page and back here, where the code still counts."""
    if not request.user.is_authenticated:
        _remember_scan(request, pk, token)
        return redirect_to_login(request.get_full_path())
    # the activity with the member's own attendance in one query (invited: the activity is theirs to see)
    activity = services.activity_for_checkin(pk, request.user.member_id if is_member(request.user) else None)
    if activity is None:
        raise Http404
    if (
        services.checkin_token_activity(token) != activity.pk
        and activity.checkin_row is None
        and not Activity.objects.visible_to(request.user).filter(pk=pk).exists()
    ):
        raise Http404  # only the holder of this activity's code, or someone who may see it, learns it exists
    scanned_at = services.scan_moment(request.session.get(SCANS_SESSION_KEY, {}).get(token))
    result = None
    error = None
    if request.method == "POST":
        try:
            row, already = services.check_in(actor=request.user, activity=activity, token=token, scanned_at=scanned_at)
            result = {"row": row, "already": already}
        except ServiceError as exc:
            error = next(iter([m for v in exc.errors.values() for m in v]), None) or exc.message
    else:
        try:
            services.verify_checkin_token(activity, token, now=scanned_at)
        except ServiceError as exc:
            error = next(iter([m for v in exc.errors.values() for m in v]), None) or exc.message
        if error is None and is_member(request.user):
            row = activity.checkin_row
            if row and row.state == AttendanceState.PRESENT:
                result = {"row": row, "already": True}
    status = 200 if error is None else 422
    return render(
        request,
        "activities/checkin.html",
        {"activity": activity, "token": token, "result": result, "error": error},
        status=status,
    )


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


SHEET_COLUMNS = [
    Column(_("姓名"), lambda r: r.member.name, 12),
    Column(_("工作单位及职务"), lambda r: f"{r.member.workplace} {r.member.title}".strip(), 36),
    Column(_("状态"), lambda r: str(choice_label(r, "state")), 10),
    Column(_("签到时间"), lambda r: _local(r.checked_in_at), 18),
    Column(_("签到方式"), lambda r: str(choice_label(r, "method")) if r.method else "", 10),
    Column(_("请假事由"), lambda r: r.leave_reason, 30),
]


@participant_required
def attendance_sheet(request, pk):
    activity = get_managed_activity(request, pk)
    rows = Attendance.objects.filter(activity=activity).select_related("member").order_by("member__name_pinyin")
    return xlsx_response(
        actor=request.user,
        rows=rows,
        columns=SHEET_COLUMNS,
        filename=_("出席情况-%(t)s") % {"t": activity.topic[:30]},
        what="activities.attendance",
        filters={"activity": activity.pk},
        committee=activity.committee,
    )


@participant_required
def signin_sheet(request, pk):
    activity = get_managed_activity(request, pk)
    rows = (
        Attendance.objects.filter(activity=activity)
        .exclude(state=AttendanceState.EXCUSED)
        .select_related("member")
        .order_by("member__name_pinyin")
    )
    return render(request, "activities/signin_sheet.html", {"activity": activity, "rows": rows})


__all__ = ["LeaveForm"]
