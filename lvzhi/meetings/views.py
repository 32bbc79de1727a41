"""The meeting pages: the list, the office's page of one meeting (agenda, registration, seating,
groups, materials, votes), the member's phone page 我的会议, the QR registration, the seating chart
(docx) and the material downloads. Thin views over the services and the action tables."""

from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services import (
    TOKEN_ROTATION,
    checkin_token_activity,
    issue_checkin_token,
    verify_checkin_token,
)
from lvzhi.core import audit
from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.exports import DOCX, docx_bytes, download, new_document
from lvzhi.core.forms import apply_service_error, error_line
from lvzhi.core.scope import active_committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.meetings import services
from lvzhi.meetings.actions import GROUP_ACTIONS, MATERIAL_ACTIONS, MEETING_ACTIONS, VOTE_ACTIONS
from lvzhi.meetings.choices import VoteChoice, VoteState
from lvzhi.meetings.forms import MaterialForm, MeetingCreateForm
from lvzhi.meetings.models import (
    AgendaItem,
    Discussion,
    Group,
    GroupMember,
    Material,
    MaterialRead,
    Meeting,
    Minutes,
    OpenBallot,
    Participation,
    Registration,
    Room,
    Seat,
    Vote,
    reads_all_in_scope,
)
from lvzhi.meetings.plenary_context import member_context, office_context
from lvzhi.meetings.selectors import live_state, own_rows, with_own_rows
from lvzhi.meetings.services.base import is_member_user

MEETING_KINDS = (ActivityKind.PLENARY, ActivityKind.STANDING_COMMITTEE, ActivityKind.CHAIRS_MEETING)


def participant_required(view):
    """The office and leaders (in scope), and members (their own meetings)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (reads_all_in_scope(request.user) or is_member_user(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def get_meeting(request, pk, meetings=None) -> Meeting:
    """The meeting the user may see (else 404), from `meetings` when given (a read with more)."""
    meetings = Meeting.objects.all() if meetings is None else meetings
    meeting = meetings.visible_to(request.user).select_related("activity", "committee").filter(pk=pk).first()
    if meeting is None:
        raise NotFound()
    return meeting


def get_managed(request, pk) -> Meeting:
    meeting = get_meeting(request, pk)
    if not services.can_manage(request.user, meeting.committee_id):
        raise PermissionDenied
    return meeting


@participant_required
def meeting_list(request):
    user = request.user
    meetings = Meeting.objects.visible_to(user).select_related("activity", "committee")
    if reads_all_in_scope(user):
        meetings = meetings.filter(committee_id__in=active_committee_ids(request))
    meetings = meetings.annotate(n_items=Count("agenda", distinct=True), n_votes=Count("votes", distinct=True))
    manageable = [pk for pk in active_committee_ids(request) if services.can_manage(user, pk)]
    form = None
    if manageable:
        candidates = (
            Activity.objects.filter(committee_id__in=manageable, kind__in=MEETING_KINDS, state=ActivityState.PLANNED)
            .exclude(meeting__isnull=False)
            .order_by("-start")[:100]
        )
        form = MeetingCreateForm(request.POST or None)
        form.fields["activity"].choices = [(a.pk, f"{a.start:%Y-%m-%d} {a.topic}") for a in candidates]
        if request.method == "POST" and form.is_valid():
            activity = Activity.objects.filter(committee_id__in=manageable, pk=form.cleaned_data["activity"]).first()
            if activity is None:
                raise Http404
            try:
                meeting = services.create_meeting(actor=user, activity=activity)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                return redirect("meetings:detail", meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "meetings/list.html", {"meetings": meetings[:200], "form": form})


def _action_forms(table, obj, user):
    return [(a, a.build_form(obj, user)) for a in table.for_user(obj, user)]


@participant_required
def meeting_detail(request, pk):
    """The office's page of one meeting; a member is sent to their own page."""
    meeting = get_meeting(request, pk)
    user = request.user
    if not reads_all_in_scope(user):
        return redirect("meetings:mine", meeting.pk)
    manages = services.can_manage(user, meeting.committee_id)
    q = request.GET.get("q", "").strip()
    roster = services.search_attendees(meeting, q, limit=500)
    registrations = {r.member_id: r for r in Registration.objects.filter(meeting=meeting)}
    seats = list(Seat.objects.filter(meeting=meeting).select_related("member", "room"))
    seat_of = {s.member_id: s for s in seats}
    rooms = list(Room.objects.filter(meeting=meeting))
    charts = []
    for room in rooms:
        grid = {(s.row, s.number): s.member for s in seats if s.room_id == room.pk}
        charts.append(
            {
                "room": room,
                "rows": [[grid.get((r, n)) for n in range(1, room.seats_per_row + 1)] for r in range(1, room.rows + 1)],
            }
        )
    groups = (
        Group.objects.filter(meeting=meeting)
        .select_related("convener", "secretary")
        .prefetch_related(
            Prefetch("memberships", queryset=GroupMember.objects.select_related("member")),
            Prefetch("discussions", queryset=Discussion.objects.select_related("speaker")),
        )
    )
    materials = Material.objects.filter(meeting=meeting).select_related("attachment", "agenda_item")
    materials = materials.annotate(n_reads=Count("reads"))
    votes = list(Vote.objects.filter(meeting=meeting).select_related("agenda_item"))
    counts = dict.fromkeys(AttendanceState.values, 0)
    for state, n in (
        Attendance.objects.filter(activity_id=meeting.activity_id).values_list("state").annotate(n=Count("id"))
    ):
        counts[state] = n
    context = {
        "meeting": meeting,
        "activity": meeting.activity,
        "manages": manages,
        "agenda": AgendaItem.objects.filter(meeting=meeting),
        "revisions": meeting.revisions.all()[:10],
        "q": q,
        "roster": [(row, registrations.get(row.member_id), seat_of.get(row.member_id)) for row in roster],
        "registered": len(registrations),
        "counts": counts,
        "charts": charts,
        "groups": [(g, _action_forms(GROUP_ACTIONS, g, user)) for g in groups],
        "materials": materials,
        "material_form": MaterialForm(meeting) if manages else None,
        "votes": [(v, _action_forms(VOTE_ACTIONS, v, user), timeline(v)) for v in votes],
        "actions": _action_forms(MEETING_ACTIONS, meeting, user) if manages else [],
        **office_context(meeting, user),
    }
    return render(request, "meetings/detail.html", context)


@participant_required
def my_meeting(request, pk):
    """The member's phone page: agenda, my seat, my group, the materials and the votes."""
    user = request.user
    member_id = user.member_id if is_member_user(user) else None
    # their registration, invitation and the published minutes with the meeting (selectors.own_rows)
    meeting = get_meeting(request, pk, with_own_rows(Meeting.objects.all(), member_id))
    own = own_rows(meeting)
    read_by_me = MaterialRead.objects.filter(material=OuterRef("pk"), member_id=member_id or 0)
    materials = (
        Material.objects.filter(meeting=meeting)
        .select_related("attachment", "agenda_item")
        .annotate(read_by_me=Exists(read_by_me))
    )
    # whether the member voted and their named choice, with the votes (services.has_voted, my_choice)
    mine = {"vote": OuterRef("pk"), "member_id": member_id or 0}
    votes = []
    for vote in (
        Vote.objects.filter(meeting=meeting)
        .select_related("agenda_item")
        .annotate(
            voted=Exists(Participation.objects.filter(**mine)),
            named=Subquery(OpenBallot.objects.filter(**mine).values("choice")[:1]),
        )
    ):
        choice = "" if vote.anonymous else vote.named
        votes.append(
            {
                "vote": vote,
                "voted": vote.voted,
                "choice": VoteChoice(choice).label if choice else "",
                "can_cast": vote.state == VoteState.OPEN and VOTE_ACTIONS.get("cast").available(user, vote),
            }
        )
    group = (
        Group.objects.filter(meeting=meeting, memberships__member_id=member_id or 0)
        .select_related("convener", "secretary")
        .first()
    )
    agenda = list(AgendaItem.objects.filter(meeting=meeting))
    context = {
        "meeting": meeting,
        "activity": meeting.activity,
        "attendance": own["my_attendance"],
        "registration": own["my_registration"],
        "seat": services.my_seat(meeting, member_id),
        "agenda": agenda if meeting.agenda_published else [],
        "materials": [(m, m.read_by_me) for m in materials],
        "votes": votes,
        "group": group,
        "group_actions": _action_forms(GROUP_ACTIONS, group, user) if group else [],
        **member_context(meeting, user, agenda=agenda),
        "minutes": own["published_minutes"],
    }
    return render(request, "meetings/mine.html", context)


@require_POST
@participant_required
def meeting_action(request, pk, action):
    meeting = get_managed(request, pk)
    perform_page_action(request, MEETING_ACTIONS, meeting, action)
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#{action}")


def _vote_for(request, pk) -> Vote:
    vote = Vote.objects.select_related("meeting__activity", "committee").filter(pk=pk).first()
    if vote is None:
        raise NotFound()
    get_meeting(request, vote.meeting_id)
    return vote


@require_POST
@participant_required
def vote_action(request, pk, action):
    vote = _vote_for(request, pk)
    perform_page_action(request, VOTE_ACTIONS, vote, action)
    if action == "cast":
        return redirect(reverse("meetings:mine", args=[vote.meeting_id]) + "#votes")
    return redirect(reverse("meetings:detail", args=[vote.meeting_id]) + "#votes")


@require_POST
@participant_required
def group_action(request, pk, action):
    group = Group.objects.filter(pk=pk).first()
    if group is None:
        raise NotFound()
    meeting = get_meeting(request, group.meeting_id)
    perform_page_action(request, GROUP_ACTIONS, group, action)
    if reads_all_in_scope(request.user):
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#groups")
    return redirect(reverse("meetings:mine", args=[meeting.pk]) + "#group")


def _material_for(request, pk) -> Material:
    material = Material.objects.select_related("meeting", "attachment").filter(pk=pk).first()
    if material is None:
        raise NotFound()
    get_meeting(request, material.meeting_id)
    if not services.may_read(request.user, material):
        raise NotFound()
    return material


@require_POST
@participant_required
def material_action(request, pk, action):
    """Reading a material: the service records it, then the file is sent (as a download)."""
    material = _material_for(request, pk)
    result = perform_page_action(request, MATERIAL_ACTIONS, material, action)
    if result.done and action == "read":
        response = FileResponse(
            material.attachment.file.open("rb"), as_attachment=True, filename=material.attachment.name
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return redirect("meetings:mine", material.meeting_id)


@require_POST
@participant_required
def material_upload(request, pk):
    meeting = get_managed(request, pk)
    form = MaterialForm(meeting, request.POST, request.FILES)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            services.add_material(actor=request.user, meeting=meeting, upload=form.cleaned_data["file"], data=data)
        except ServiceError as exc:
            messages.error(request, error_line(exc))
        else:
            messages.success(request, _("材料已上传。"))
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#materials")


@participant_required
def live_screen(request, pk):
    """The projector's screen (full screen, no menus; `?theme=dark|light`): the item under way, the
    speaker with the timer and the queue, arrivals, the votes and elections. The page polls
    GET /api/v1/meetings/{id}/live every second (lvzhi/meetings/static/meetings/live.js)."""
    meeting = get_meeting(request, pk)
    if not reads_all_in_scope(request.user):
        raise PermissionDenied
    live_url = f"{reverse('api:api-root')}meetings/{meeting.pk}/live"
    theme = "light" if request.GET.get("theme") == "light" else "dark"
    context = {"meeting": meeting, "live": live_state(meeting), "live_url": live_url, "theme": theme, "every": 1000}
    return render(request, "meetings/live.html", context)


@participant_required
@never_cache
def qr_screen(request, pk):
    """The registration desk's screen: the activity's rotating check-in code, opening the meeting's
    registration page (htmx polls the fragment)."""
    meeting = get_managed(request, pk)
    token, expires = issue_checkin_token(actor=request.user, activity=meeting.activity)
    url = request.build_absolute_uri(reverse("meetings:register_qr", args=[meeting.pk, token]))
    context = {
        "meeting": meeting,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True),
        "url": url,
        "expires_at": expires,
        "rotation": TOKEN_ROTATION,
        "registered": Registration.objects.filter(meeting=meeting).count(),
        "invited": Attendance.objects.filter(activity_id=meeting.activity_id).count(),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "meetings/qr_screen.html#qr", context)
    return render(request, "meetings/qr_screen.html", context)


@login_required
@never_cache
def register_qr(request, pk, token):
    """What a member's phone opens from the QR code: confirm, and be registered once."""
    meeting = Meeting.objects.select_related("activity", "committee").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if (
        checkin_token_activity(token) != meeting.activity_id
        and not Meeting.objects.visible_to(request.user).filter(pk=pk).exists()
    ):
        raise Http404  # only the holder of this meeting's code, or someone who may see it, learns it exists
    result, error = None, None
    try:
        if request.method == "POST":
            row, already = services.register_by_qr(actor=request.user, meeting=meeting, token=token)
            result = {"row": row, "already": already}
        else:
            verify_checkin_token(meeting.activity, token)
    except ServiceError as exc:
        error = error_line(exc)
    return render(
        request,
        "meetings/register.html",
        {"meeting": meeting, "token": token, "result": result, "error": error},
        status=200 if error is None else 422,
    )


@participant_required
def seating_chart(request, pk):
    """The printable seating chart of every room (docx, landscape, `?paper=a4` (default) or `a3`)."""
    meeting = get_managed(request, pk)
    paper = request.GET.get("paper", "a4")
    paper = paper if paper in services.SEATING_PAPER else "a4"
    doc = services.seating_chart(meeting, paper)
    audit.record("export", actor=request.user, obj=meeting, note=f"seating_chart.docx ({paper})")
    return download(docx_bytes(doc), f"seating-{meeting.pk}-{paper}.docx", DOCX)


@participant_required
def minutes(request, pk):
    """The meeting's minutes (docx): the text kept in the platform once drafted (services/minutes.py),
    else a draft made from the records — the agenda with its speakers, attendance, the votes, the
    elections, the resolutions and each group's discussion record."""
    meeting = get_managed(request, pk)
    kept = Minutes.objects.filter(meeting=meeting).first()
    title = kept.title if kept else _("%(t)s纪要") % {"t": meeting.activity.topic}
    lines = kept.text.splitlines() if kept else services.minutes_lines(meeting)
    doc = new_document(title)
    for line in lines:
        if line.strip():
            doc.add_paragraph(line.strip())
    audit.record("export", actor=request.user, obj=meeting, note="minutes.docx")
    return download(docx_bytes(doc), f"minutes-{meeting.pk}.docx", DOCX)
