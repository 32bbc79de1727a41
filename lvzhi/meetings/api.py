"""The meetings API: meetings, their roster, groups, materials and votes, and every action of the
action tables (`POST /api/v1/meetings/{id}/<action>`, `/meetings/votes/{id}/<action>`, …), over
the same services and scopes as the pages."""

from django.db.models import Count
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from lvzhi.activities.models import Activity, Attendance
from lvzhi.core import batch
from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageParams, QueryIn, get_in, get_visible, page_of, paginate
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.workflow import timelines
from lvzhi.meetings import services
from lvzhi.meetings.actions import GROUP_ACTIONS, MATERIAL_ACTIONS, MEETING_ACTIONS, VOTE_ACTIONS
from lvzhi.meetings.api_common import _of_visible_meetings, _ref, load_meeting, require_participant
from lvzhi.meetings.api_plenary import router as plenary_router
from lvzhi.meetings.models import (
    AgendaItem,
    Group,
    Material,
    MaterialRead,
    Meeting,
    Registration,
    Room,
    Seat,
    Vote,
    reads_all_in_scope,
)
from lvzhi.meetings.schemas import (
    AgendaOut,
    BallotOut,
    GroupOut,
    MaterialOut,
    MeetingCreateIn,
    MeetingDetail,
    MeetingLiveOut,
    MeetingOut,
    RegisterQrIn,
    RegistrationOut,
    RosterRowOut,
    SeatOut,
    VoteOut,
)
from lvzhi.meetings.selectors import live_state
from lvzhi.meetings.services.base import is_member_user

router = Router(tags=["meetings"])
router.add_router("", plenary_router)


def load_vote(user, pk) -> Vote:
    require_participant(user)
    return get_in(_of_visible_meetings(Vote.objects.select_related("meeting__activity", "committee"), user), pk)


def load_vote_for_ballot(user, pk) -> Vote:
    """The vote a member casts a ballot on, with their attendance, in one query (a burst of 600 phones
    comes here): a member invited to the meeting sees it. Everyone else goes the general way — 404 for
    what they do not see; staff and leaders who see it are then refused by the service (403)."""
    if is_member_user(user):
        vote = services.vote_for_ballot(pk, user.member_id)
        if vote is not None and vote.ballot_attendance is not None:
            return vote
    return load_vote(user, pk)


def load_group(user, pk) -> Group:
    require_participant(user)
    return get_in(_of_visible_meetings(Group.objects.select_related("meeting"), user), pk)


def load_material(user, pk) -> Material:
    require_participant(user)
    material = get_in(_of_visible_meetings(Material.objects.select_related("meeting", "attachment"), user), pk)
    if not services.may_read(user, material):
        raise NotFound()
    return material


def meeting_data(m: Meeting) -> dict:
    a = m.activity
    return {
        "id": m.pk,
        "committee": m.committee_id,
        "activity": a.pk,
        "topic": a.topic,
        "kind": a.kind,
        "start": a.start,
        "end": a.end,
        "place": a.place,
        "agenda_version": m.agenda_version,
    }


def vote_data(v: Vote, user) -> dict:
    return votes_data([v], user)[0]


def votes_data(votes, user) -> list[dict]:
    """Votes as the API gives them, the caller's own ballots and the timelines read for all of them
    at once: the same statements for a meeting of one vote and of twenty."""
    votes = list(votes)
    member_id = user.member_id if is_member_user(user) else None
    choices, voted = services.my_ballots(votes, member_id)
    steps = timelines(votes)
    out = []
    for v in votes:
        data = {
            f: getattr(v, f)
            for f in (
                "id",
                "title",
                "mode",
                "base",
                "quorum",
                "majority",
                "allow_change",
                "state",
                "voters_count",
                "eligible_count",
                "present_count",
                "yes_count",
                "no_count",
                "abstain_count",
                "passed",
                "decision",
            )
        }
        choice = choices.get(v.pk, "")
        data.update(
            committee=v.committee_id,
            meeting=v.meeting_id,
            agenda_item=v.agenda_item_id,
            # a named vote's own ballot says both (paper ballots too); an anonymous one keeps no choice
            my_choice=choice,
            voted=bool(choice) or v.pk in voted,
            timeline=[
                {
                    "from": t.from_state,
                    "to": t.to_state,
                    "actor": str(t.actor) if t.actor else None,
                    "at": t.at.isoformat(),
                    "note": t.note,
                }
                for t in steps[v.pk]
            ],
        )
        out.append(data)
    return out


def ballot_data(v: Vote, user) -> dict:
    """The answer to a ballot: the caller's own, from what the cast just wrote (no query)."""
    member_id = user.member_id if is_member_user(user) else None
    choice = services.my_choice(v, member_id)
    return {
        "id": v.pk,
        "committee": v.committee_id,
        "meeting": v.meeting_id,
        "mode": v.mode,
        "allow_change": v.allow_change,
        "state": v.state,
        "voted": bool(choice) or (v.anonymous and services.has_voted(v, member_id)),
        "my_choice": choice,
    }


def material_data(m: Material, user, read_ids=None, counts=None) -> dict:
    member_id = user.member_id if is_member_user(user) else 0
    if read_ids is None:
        read_ids = set(
            MaterialRead.objects.filter(material=m, member_id=member_id or 0).values_list("material_id", flat=True)
        )
    manages = services.can_manage(user, m.committee_id)
    reads = None
    if manages:
        reads = counts.get(m.pk, 0) if counts is not None else m.reads.count()
    return {
        "id": m.pk,
        "meeting": m.meeting_id,
        "agenda_item": m.agenda_item_id,
        "title": m.title,
        "internal": m.internal,
        "file_name": m.attachment.name,
        "size": m.attachment.size,
        "read_by_me": m.pk in read_ids,
        "reads": reads,
    }


def detail(m: Meeting, user, *, loaded: bool = False) -> dict:
    """The meeting's page in the API; read afresh unless `loaded` says `m` was just read (a GET)."""
    if not loaded:
        m = Meeting.objects.select_related("activity").get(pk=m.pk)
    member_id = user.member_id if is_member_user(user) else None
    seat = services.my_seat(m, member_id)
    materials = list(Material.objects.filter(meeting=m).select_related("attachment"))
    read_ids = set(
        MaterialRead.objects.filter(material__meeting=m, member_id=member_id or 0).values_list("material_id", flat=True)
    )
    counts = dict(MaterialRead.objects.filter(material__meeting=m).values_list("material_id").annotate(n=Count("id")))
    registered, invited = batch.counts(
        [Registration.objects.filter(meeting=m), Attendance.objects.filter(activity_id=m.activity_id)]
    )
    return {
        **meeting_data(m),
        "agenda": list(AgendaItem.objects.filter(meeting=m))
        if (m.agenda_published or reads_all_in_scope(user))
        else [],
        "rooms": list(Room.objects.filter(meeting=m)),
        "my_seat": (
            {
                "room": seat.room_id,
                "room_name": seat.room.name,
                "row": seat.row,
                "number": seat.number,
                "member": _ref(seat.member),
            }
            if seat
            else None
        ),
        "registered": registered,
        "invited": invited,
        "votes": votes_data(Vote.objects.filter(meeting=m), user),
        "materials": [material_data(x, user, read_ids, counts) for x in materials],
    }


def group_data(g: Group, user=None) -> dict:
    g = Group.objects.select_related("convener", "secretary").get(pk=g.pk)
    return {
        "id": g.pk,
        "meeting": g.meeting_id,
        "name": g.name,
        "convener": _ref(g.convener),
        "secretary": _ref(g.secretary),
        "place": g.place,
        "starts_at": g.starts_at,
        "members": [_ref(x.member) for x in g.memberships.select_related("member")],
        "discussions": [
            {"id": d.pk, "speaker": _ref(d.speaker), "points": d.points}
            for d in g.discussions.select_related("speaker")
        ],
    }


class MeetingFilter(PageParams):
    committee: int | None = None


@router.get("/meetings/", response={200: page_of(MeetingOut), **READ_ERRORS})
def list_meetings(request, filters: Query[MeetingFilter]):
    require_participant(request.auth)
    qs = Meeting.objects.visible_to(request.auth).select_related("activity")
    if filters.committee:
        qs = qs.filter(committee_id=filters.committee)
    page = paginate(qs, filters.page, filters.page_size)
    return {"items": [meeting_data(m) for m in page["items"]], "count": page["count"]}


@router.post("/meetings/", response={201: MeetingDetail, **WRITE_ERRORS})
def create_meeting(request, payload: MeetingCreateIn):
    activity = get_visible(Activity.objects.all(), request.auth, payload.activity)
    meeting = services.create_meeting(actor=request.auth, activity=activity)
    return Status(201, detail(meeting, request.auth))


@router.get("/meetings/{id}", response={200: MeetingDetail, **READ_ERRORS})
def get_meeting(request, id: Id):
    return detail(load_meeting(request.auth, id), request.auth, loaded=True)


class RosterQuery(QueryIn):
    q: str = ""


@router.get("/meetings/{id}/roster", response={200: list[RosterRowOut], **READ_ERRORS})
def roster(request, id: Id, query: Query[RosterQuery]):
    """The invitees with their answer, registration and seat; `q` finds by name or pinyin initials."""
    meeting = load_meeting(request.auth, id)
    if not reads_all_in_scope(request.auth):
        raise Forbidden()
    rows = services.search_attendees(meeting, query.q, limit=2000)
    regs = {r.member_id: r for r in Registration.objects.filter(meeting=meeting)}
    seats = {s.member_id: s for s in Seat.objects.filter(meeting=meeting).select_related("room")}
    out = []
    for row in rows:
        reg = regs.get(row.member_id)
        seat = seats.get(row.member_id)
        out.append(
            {
                "member": _ref(row.member),
                "initials": row.member.name_initials,
                "attendance": row.state,
                "registration": (
                    {
                        "member": _ref(row.member),
                        "method": reg.method,
                        "hotel": reg.hotel,
                        "room": reg.room,
                        "meal_note": reg.meal_note,
                        "registered_at": reg.registered_at,
                    }
                    if reg
                    else None
                ),
                "seat": str(seat) if seat else "",
            }
        )
    return out


@router.post("/meetings/{id}/register_qr", response={200: MeetingDetail, **WRITE_ERRORS})
def register_qr(request, id: Id, payload: RegisterQrIn):
    meeting = load_meeting(request.auth, id)
    services.register_by_qr(actor=request.auth, meeting=meeting, token=payload.token)
    return detail(meeting, request.auth)


@router.post("/meetings/{id}/materials", response={201: MaterialOut, **WRITE_ERRORS})
def upload_material(
    request,
    id: Id,
    file: File[UploadedFile],
    title: Form[str] = "",
    agenda_item: Form[str] = "",
    internal: Form[bool] = False,
):
    meeting = load_meeting(request.auth, id)
    material = services.add_material(
        actor=request.auth,
        meeting=meeting,
        upload=file,
        data={"title": title, "agenda_item": agenda_item, "internal": internal},
    )
    return Status(201, material_data(material, request.auth))


@router.get("/meetings/{id}/groups", response={200: list[GroupOut], **READ_ERRORS})
def list_groups(request, id: Id):
    meeting = load_meeting(request.auth, id)
    return [group_data(g) for g in Group.objects.filter(meeting=meeting)]


@router.get("/meetings/{id}/agenda", response={200: AgendaOut, **READ_ERRORS})
def get_agenda(request, id: Id):
    """The agenda: its published version and the items (attendees see it once published; the office
    and leaders also the unpublished draft) and the revisions sent so far."""
    meeting = load_meeting(request.auth, id)
    shown = meeting.agenda_published or reads_all_in_scope(request.auth)
    items = list(AgendaItem.objects.filter(meeting=meeting)) if shown else []
    revisions = [
        {"number": r.number, "note": r.note, "published_at": r.published_at}
        for r in meeting.revisions.order_by("number")
    ]
    return {
        "version": meeting.agenda_version,
        "published_at": meeting.agenda_published_at,
        "items": items,
        "revisions": revisions,
    }


@router.get("/meetings/{id}/registrations", response={200: list[RegistrationOut], **READ_ERRORS})
def list_registrations(request, id: Id):
    """Who has registered (报到), how, with lodging and meal notes — the office and leaders; a member
    gets only their own."""
    meeting = load_meeting(request.auth, id)
    qs = Registration.objects.filter(meeting=meeting).select_related("member").order_by("registered_at", "id")
    if not reads_all_in_scope(request.auth):
        qs = qs.filter(member_id=request.auth.member_id if is_member_user(request.auth) else 0)
    return [
        {
            "member": _ref(r.member),
            "method": r.method,
            "hotel": r.hotel,
            "room": r.room,
            "meal_note": r.meal_note,
            "registered_at": r.registered_at,
        }
        for r in qs
    ]


@router.get("/meetings/{id}/seats", response={200: list[SeatOut], **READ_ERRORS})
def list_seats(request, id: Id):
    """The seating (座次) of every room, by room, row and seat — the office and leaders; a member gets
    their own seat (a list of one, or empty)."""
    meeting = load_meeting(request.auth, id)
    qs = Seat.objects.filter(meeting=meeting).select_related("room", "member").order_by("room_id", "row", "number")
    if not reads_all_in_scope(request.auth):
        qs = qs.filter(member_id=request.auth.member_id if is_member_user(request.auth) else 0)
    return [
        {"room": s.room_id, "room_name": s.room.name, "row": s.row, "number": s.number, "member": _ref(s.member)}
        for s in qs
    ]


@router.get("/meetings/{id}/materials", response={200: list[MaterialOut], **READ_ERRORS})
def list_materials(request, id: Id):
    """The meeting's materials, for its attendees and the office (others: 403), with whether the
    caller has read each and, for the office, how many attendees have."""
    meeting = load_meeting(request.auth, id)
    user = request.auth
    if not (services.can_manage(user, meeting.committee_id) or services.is_attendee(user, meeting)):
        raise Forbidden()
    member_id = user.member_id if is_member_user(user) else 0
    materials = list(Material.objects.filter(meeting=meeting).select_related("attachment"))
    read_ids = set(
        MaterialRead.objects.filter(material__meeting=meeting, member_id=member_id or 0).values_list(
            "material_id", flat=True
        )
    )
    counts = dict(
        MaterialRead.objects.filter(material__meeting=meeting).values_list("material_id").annotate(n=Count("id"))
    )
    return [material_data(m, user, read_ids, counts) for m in materials]


@router.get("/meetings/{id}/votes", response={200: list[VoteOut], **READ_ERRORS})
def list_votes(request, id: Id):
    """The meeting's votes with their state, the caller's own ballot and, once closed, the result."""
    meeting = load_meeting(request.auth, id)
    votes = Vote.objects.filter(meeting=meeting).select_related("meeting", "committee").order_by("id")
    return [vote_data(v, request.auth) for v in votes]


@router.get("/meetings/{id}/live", response={200: MeetingLiveOut, **READ_ERRORS})
def live(request, id: Id):
    """The live screen's state, polled every few seconds: the agenda item under way and the next,
    arrivals, and the votes (how many voted while open; the result once closed)."""
    return live_state(load_meeting(request.auth, id))


@router.get("/meetings/votes/{id}", response={200: VoteOut, **READ_ERRORS})
def get_vote(request, id: Id):
    return vote_data(load_vote(request.auth, id), request.auth)


@router.get("/meetings/materials/{id}", response={200: MaterialOut, **READ_ERRORS})
def get_material(request, id: Id):
    return material_data(load_material(request.auth, id), request.auth)


mount_api(router, MEETING_ACTIONS, load=load_meeting, out=MeetingDetail, render=detail, errors=WRITE_ERRORS)
mount_api(
    router,
    VOTE_ACTIONS,
    load=load_vote,
    out=VoteOut,
    render=vote_data,
    errors=WRITE_ERRORS,
    overrides={"cast": {"load": load_vote_for_ballot, "out": BallotOut, "render": ballot_data}},
)
mount_api(router, GROUP_ACTIONS, load=load_group, out=GroupOut, render=group_data, errors=WRITE_ERRORS)
mount_api(router, MATERIAL_ACTIONS, load=load_material, out=MaterialOut, render=material_data, errors=WRITE_ERRORS)
