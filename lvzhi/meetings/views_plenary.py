"""Pages of the plenary's further parts: plenary speeches (list, submission, review, booklet),
the speakers' list, elections (ballot sheets), the minutes and the meeting's archive. Thin views
over the services and the action tables; the office's and the member's meeting pages include
their sections through `office_context` and `member_context`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import audit
from lvzhi.core.actions import perform_page_action
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Invalid, NotFound, ServiceError
from lvzhi.core.exports import DOCX, Column, choice_label, docx_bytes, download, new_document, xlsx_response
from lvzhi.core.forms import apply_service_error, error_line
from lvzhi.meetings import forms_plenary, services
from lvzhi.meetings.actions_plenary import ELECTION_ACTIONS, MINUTES_ACTIONS, SPEAKER_ACTIONS, SPEECH_ACTIONS
from lvzhi.meetings.choices import ElectionState, MinutesState, SpeakerState, SpeechState, VoteState
from lvzhi.meetings.models import (
    AgendaItem,
    Candidate,
    Election,
    Material,
    Meeting,
    Minutes,
    PlenarySpeech,
    Resolution,
    SpeakerRequest,
    Vote,
    reads_all_in_scope,
)
from lvzhi.meetings.services.base import is_member_user
from lvzhi.meetings.services.elections import results as election_results
from lvzhi.meetings.views import get_managed, get_meeting, participant_required


def _forms(table, obj, user):
    return [(a, a.build_form(obj, user)) for a in table.for_user(obj, user)]


# Plenary speeches


def _speeches_visible(user):
    """The office and leaders: every speech of the meetings they see; a member: their own."""
    qs = PlenarySpeech.objects.filter(meeting__in=Meeting.objects.visible_to(user).values("pk"))
    if reads_all_in_scope(user):
        return qs
    return qs.filter(member_id=user.member_id if is_member_user(user) else 0)


SPEECH_COLUMNS = [
    Column(_("题目"), lambda s: s.title, 40),
    Column(_("作者"), lambda s: s.author, 20),
    Column(_("会议"), lambda s: s.meeting.activity.topic, 30),
    Column(_("状态"), lambda s: choice_label(s, "state"), 16),
    Column(_("审核意见"), lambda s: s.review_note, 30),
    Column(_("提交时间"), lambda s: timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M"), 18),
]


@participant_required
def speech_list(request):
    qs = (
        _speeches_visible(request.user)
        .select_related("member", "party", "meeting__activity")
        .prefetch_related("versions")
    )
    meeting_id = request.GET.get("meeting", "")
    state = request.GET.get("state", "")
    q = request.GET.get("q", "").strip()
    if as_id(meeting_id):
        qs = qs.filter(meeting_id=as_id(meeting_id))
    if state in SpeechState.values:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(member__name__icontains=q) | Q(party__name__icontains=q))
    qs = qs.order_by("-submitted_at", "-id")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            actor=request.user,
            rows=qs[:5000],
            columns=SPEECH_COLUMNS,
            filename=_("大会发言"),
            what="meetings.plenary_speeches",
            filters={"meeting": meeting_id, "state": state, "q": q},
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(s, _forms(SPEECH_ACTIONS, s, request.user)) for s in page.object_list]
    meeting = get_meeting(request, as_id(meeting_id)) if as_id(meeting_id) else None
    return render(
        request,
        "meetings/speeches.html",
        {
            "rows": rows,
            "page": page,
            "meeting": meeting,
            "state": state,
            "q": q,
            "states": SpeechState.choices,
            "manages": meeting is not None and services.can_manage(request.user, meeting.committee_id),
        },
    )


@participant_required
def speech_create(request, pk):
    meeting = get_meeting(request, pk)
    form = forms_plenary.speech_form(meeting, request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_speech(actor=request.user, meeting=meeting, data=dict(form.cleaned_data))
        except ServiceError as exc:
            if exc.errors:
                apply_service_error(form, exc)
            else:
                messages.error(request, error_line(exc))
        else:
            messages.success(request, _("大会发言稿已提交。"))
            return redirect(reverse("meetings:speeches") + f"?meeting={meeting.pk}")
    return render(
        request,
        "meetings/speech_form.html",
        {"meeting": meeting, "form": form, "deadline_passed": services.deadline_passed(meeting)},
        status=422 if form.is_bound and form.errors else 200,
    )


@require_POST
@participant_required
def speech_action(request, pk, action):
    speech = _speeches_visible(request.user).filter(pk=pk).first()
    if speech is None:
        raise NotFound()
    perform_page_action(request, SPEECH_ACTIONS, speech, action)
    return redirect(reverse("meetings:speeches") + f"?meeting={speech.meeting_id}")


@participant_required
def speech_booklet(request, pk):
    meeting = get_managed(request, pk)
    doc = services.speech_booklet(meeting)
    audit.record("export", actor=request.user, obj=meeting, note="speeches.docx")
    return download(docx_bytes(doc), f"speeches-{meeting.pk}.docx", DOCX)


# Speakers


def _back(request, meeting_id, anchor):
    name = "meetings:detail" if reads_all_in_scope(request.user) else "meetings:mine"
    return redirect(reverse(name, args=[meeting_id]) + anchor)


@require_POST
@participant_required
def speaker_add(request, pk):
    meeting = get_meeting(request, pk)
    form = forms_plenary.speaker_form(meeting, request.user, request.POST)
    try:
        if not form.is_valid():
            raise Invalid(errors={k: list(v) for k, v in form.errors.items()})
        services.request_to_speak(actor=request.user, meeting=meeting, data=dict(form.cleaned_data))
    except ServiceError as exc:
        messages.error(request, error_line(exc))
    else:
        messages.success(request, _("已加入发言名单。"))
    return _back(request, meeting.pk, "#speakers")


@require_POST
@participant_required
def speaker_action(request, pk, action):
    speaker = SpeakerRequest.objects.filter(pk=pk).first()
    if speaker is None:
        raise NotFound()
    get_meeting(request, speaker.meeting_id)
    perform_page_action(request, SPEAKER_ACTIONS, speaker, action)
    return _back(request, speaker.meeting_id, "#speakers")


# Elections


def _election(request, pk) -> Election:
    election = Election.objects.select_related("meeting__activity").filter(pk=pk).first()
    if election is None:
        raise NotFound()
    get_meeting(request, election.meeting_id)
    return election


@require_POST
@participant_required
def election_action(request, pk, action):
    election = _election(request, pk)
    perform_page_action(request, ELECTION_ACTIONS, election, action)
    return _back(request, election.meeting_id, "#elections")


@participant_required
def ballot_sheets(request, pk):
    """Printable paper ballots (选票), one per page, `?copies=N` (1–1000): the candidates with a box
    each and, where allowed, lines for other names. Nothing on a sheet identifies a voter."""
    election = _election(request, pk)
    if not services.can_manage(request.user, election.committee_id):
        raise PermissionDenied
    copies = request.GET.get("copies", "1")
    copies = min(as_id(copies) or 1, 1000)
    candidates = list(Candidate.objects.filter(election=election).select_related("member"))
    doc = new_document(_("%(t)s选票") % {"t": election.title})
    for n in range(copies):
        if n:
            doc.add_page_break()
            doc.add_heading(_("%(t)s选票") % {"t": election.title}, level=1)
        doc.add_paragraph(
            _("应选%(s)s名（%(k)s）。在同意的候选人姓名下方的方格内画“○”；所画“○”超过应选名额的选票无效。")
            % {"s": election.seats, "k": election.get_kind_display()}
        )
        table = doc.add_table(rows=2, cols=len(candidates))
        table.style = "Table Grid"
        for i, c in enumerate(candidates):
            table.cell(0, i).text = c.member.name
            table.cell(1, i).text = "□"
        if election.write_in:
            doc.add_paragraph(_("另选他人（不同意候选人时，可在下列横线上写上另选人的姓名）："))
            doc.add_paragraph("________　________　________")
    audit.record("export", actor=request.user, obj=election, note=f"ballots.docx x{copies}")
    return download(docx_bytes(doc), f"ballots-{election.pk}.docx", DOCX)


# Minutes and the archive


@require_POST
@participant_required
def minutes_action(request, pk, action):
    minutes = Minutes.objects.select_related("meeting").filter(pk=pk).first()
    if minutes is None:
        raise NotFound()
    get_meeting(request, minutes.meeting_id)
    if not reads_all_in_scope(request.user):
        raise NotFound()
    perform_page_action(request, MINUTES_ACTIONS, minutes, action)
    return redirect(reverse("meetings:detail", args=[minutes.meeting_id]) + "#minutes")


@participant_required
def archive(request, pk):
    """The meeting's archive (会议档案): everything it decided and produced, for the office, leaders
    and the attendees (who see the minutes once published)."""
    meeting = get_meeting(request, pk)
    office = reads_all_in_scope(request.user)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_by").first()
    if minutes is not None and not office and minutes.state != MinutesState.PUBLISHED:
        minutes = None
    elections = list(Election.objects.filter(meeting=meeting, state=ElectionState.CONFIRMED))
    context = {
        "meeting": meeting,
        "activity": meeting.activity,
        "office": office,
        "agenda": AgendaItem.objects.filter(meeting=meeting),
        "votes": Vote.objects.filter(meeting=meeting, state=VoteState.CLOSED),
        "elections": [(e, election_results(e)) for e in elections],
        "resolutions": Resolution.objects.filter(meeting=meeting).select_related("vote"),
        "speeches": PlenarySpeech.objects.filter(
            meeting=meeting, state__in=[SpeechState.ORAL, SpeechState.WRITTEN]
        ).select_related("member", "party"),
        "speakers": SpeakerRequest.objects.filter(meeting=meeting, state=SpeakerState.DONE).select_related(
            "member", "agenda_item"
        ),
        "materials": Material.objects.filter(meeting=meeting).select_related("agenda_item"),
        "minutes": minutes,
    }
    return render(request, "meetings/archive.html", context)
