"""Invitations, answers, leave decisions and check-in over the API."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.activities import services
from lvzhi.activities.api.common import detail, get_activity, invitee_data, router
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.schemas import (
    ActivityDetail,
    AttendeeIn,
    CheckinIn,
    CheckinOut,
    CheckinTokenOut,
    InviteIn,
    LeaveDecisionIn,
    RespondIn,
)
from lvzhi.core.api import WRITE_ERRORS, Id
from lvzhi.core.errors import Forbidden, Invalid


@router.post("/activities/{id}/invite", response={200: ActivityDetail, **WRITE_ERRORS})
def invite(request, id: Id, payload: InviteIn):
    activity = get_activity(request.auth, id)
    services.invite(actor=request.auth, activity=activity, values=payload.members)
    return detail(request.auth, activity)


@router.post("/activities/{id}/respond", response={200: ActivityDetail, **WRITE_ERRORS})
def respond(request, id: Id, payload: RespondIn):
    activity = get_activity(request.auth, id)
    services.respond(actor=request.auth, activity=activity, answer=payload.answer, reason=payload.reason)
    return detail(request.auth, activity)


@router.post("/activities/{id}/approve_leave", response={200: ActivityDetail, **WRITE_ERRORS})
def approve_leave(request, id: Id, payload: LeaveDecisionIn):
    activity = get_activity(request.auth, id)
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
    return detail(request.auth, activity)


@router.post("/activities/{id}/checkin_token", response={200: CheckinTokenOut, **WRITE_ERRORS})
def checkin_token(request, id: Id):
    activity = get_activity(request.auth, id)
    token, expires = services.issue_checkin_token(actor=request.auth, activity=activity)
    url = request.build_absolute_uri(reverse("activities:checkin", args=[activity.pk, token]))
    return {"token": token, "expires_at": expires, "url": url}


def load_activity_for_checkin(user, pk) -> Activity:
    """The activity a member checks in to, with their attendance, in one query (a burst of a thousand
    phones comes here): a member invited to it sees it. Everyone else — a walk-in, staff, another
    committee's member — goes the general way (404 for what they do not see; then the service)."""
    if services.is_member_user(user):
        activity = services.activity_for_checkin(pk, user.member_id)
        if activity is not None and activity.checkin_row is not None:
            return activity
    return get_activity(user, pk)


@router.post("/activities/{id}/checkin", response={200: CheckinOut, **WRITE_ERRORS})
def checkin(request, id: Id, payload: CheckinIn):
    activity = load_activity_for_checkin(request.auth, id)
    row, already = services.check_in(actor=request.auth, activity=activity, token=payload.token)
    return {"already": already, "attendance": invitee_data(row)}


@router.post("/activities/{id}/manual_checkin", response={200: CheckinOut, **WRITE_ERRORS})
def manual_checkin(request, id: Id, payload: AttendeeIn):
    activity = get_activity(request.auth, id)
    row, already = services.manual_check_in(actor=request.auth, activity=activity, member=payload.member)
    row = Attendance.objects.select_related("member").get(pk=row.pk)
    return {"already": already, "attendance": invitee_data(row)}
