"""The duty events of the meeting services (docs/adding-a-module.md, "Duty events"): a member took part
in a vote that was closed (named or anonymous: THAT one voted is on record, never the choice); a
member cast a phone ballot in an election whose voting has closed (from `ElectionParticipation`
only: the ballot's content is in no table next to the voter); a member's plenary speech was adopted
for oral delivery or as a written speech (dated by the meeting's start; an organisation's speech has
no member and gives no event). Attendance itself is the activities module's event (a registration
checks the member in to the meeting's activity, which counts once the activity has finished)."""

from django.db.models import Case, CharField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, local_date
from lvzhi.meetings.choices import ElectionState, SpeechState, VoteState
from lvzhi.meetings.models import Election, ElectionParticipation, Participation, PlenarySpeech, Vote

# an election's voting is over (and its turnout final) from the close on; it never reopens
ELECTION_CLOSED = (ElectionState.COUNTING, ElectionState.ENTERED, ElectionState.CONFIRMED)


def _voted(committee_ids=None, year=None, source_ids=None):
    qs = Participation.objects.filter(vote__state=VoteState.CLOSED)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    rows = qs.values_list("pk", "member_id", "committee_id", "vote__closed_at")
    for pk, member_id, committee_id, closed_at in rows.iterator(chunk_size=5000):
        yield DutyFact(member_id, committee_id, timezone.localdate(closed_at), pk)


def _voted_facts(committee_ids=None, year=None):
    qs = Participation.objects.filter(vote__state=VoteState.CLOSED)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    return fact_rows(
        qs,
        kind="meetings.voted",
        member="member_id",
        committee="committee_id",
        date=local_date("vote__closed_at"),
        source="pk",
    )


def _voted_affected(obj):
    if isinstance(obj, Participation):
        return [obj.pk]
    if isinstance(obj, Vote):
        return list(Participation.objects.filter(vote_id=obj.pk).values_list("pk", flat=True))
    return None


_describe = Titles(
    Participation,
    ("vote__title", "vote__meeting_id"),
    lambda pk, title, meeting: (title, reverse("meetings:detail", args=[meeting])),
)


def _election_voted(committee_ids=None, year=None, source_ids=None):
    qs = ElectionParticipation.objects.filter(election__state__in=ELECTION_CLOSED)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    rows = qs.values_list("pk", "member_id", "committee_id", "election__closed_at")
    for pk, member_id, committee_id, closed_at in rows.iterator(chunk_size=5000):
        yield DutyFact(member_id, committee_id, timezone.localdate(closed_at), pk)


def _election_facts(committee_ids=None, year=None):
    qs = ElectionParticipation.objects.filter(election__state__in=ELECTION_CLOSED)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    return fact_rows(
        qs,
        kind="meetings.election.voted",
        member="member_id",
        committee="committee_id",
        date=local_date("election__closed_at"),
        source="pk",
    )


def _election_affected(obj):
    if isinstance(obj, ElectionParticipation):
        return [obj.pk]
    if isinstance(obj, Election):
        return list(ElectionParticipation.objects.filter(election_id=obj.pk).values_list("pk", flat=True))
    return None


_describe_elections = Titles(
    ElectionParticipation,
    ("election__title", "election__meeting_id"),
    lambda pk, title, meeting: (title, reverse("meetings:archive", args=[meeting])),
)


def _speeches(state):
    def events(committee_ids=None, year=None, source_ids=None):
        qs = PlenarySpeech.objects.filter(state=state, member__isnull=False)
        if committee_ids is not None:
            qs = qs.filter(committee_id__in=committee_ids)
        if source_ids is not None:
            qs = qs.filter(pk__in=source_ids)
        rows = qs.values_list("pk", "member_id", "committee_id", "meeting__activity__start")
        for pk, member_id, committee_id, start in rows.iterator(chunk_size=5000):
            yield DutyFact(member_id, committee_id, timezone.localdate(start), pk)

    return events


def _speech_facts(committee_ids=None, year=None):
    """Both kinds of adopted speech in one query."""
    qs = PlenarySpeech.objects.filter(state__in=SPEECH_KINDS, member__isnull=False)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    kind = Case(*[When(state=state, then=Value(k)) for state, k in SPEECH_KINDS.items()], output_field=CharField())
    return fact_rows(
        qs,
        kind=kind,
        member="member_id",
        committee="committee_id",
        date=local_date("meeting__activity__start"),
        source="pk",
    )


def _speech_affected(obj):
    if isinstance(obj, PlenarySpeech):
        return [obj.pk]
    return None


_describe_speeches = Titles(
    PlenarySpeech,
    ("title", "meeting_id"),
    lambda pk, title, meeting: (title, reverse("meetings:speeches") + f"?meeting={meeting}"),
)


SPEECH_KINDS = {SpeechState.ORAL: "meetings.speech.oral", SpeechState.WRITTEN: "meetings.speech.written"}

PRODUCERS = [
    DutyProducer(
        kind="meetings.voted",
        label=_("参加会议表决"),
        source="meetings.Participation",
        events=_voted,
        affected=_voted_affected,
        default_points=0.5,
        describe=_describe,
        facts_query=_voted_facts,
    ),
    DutyProducer(
        kind="meetings.election.voted",
        label=_("参加会议选举"),
        source="meetings.ElectionParticipation",
        events=_election_voted,
        affected=_election_affected,
        default_points=0.5,
        describe=_describe_elections,
        facts_query=_election_facts,
    ),
    DutyProducer(
        kind="meetings.speech.oral",
        label=_("大会口头发言"),
        source="meetings.PlenarySpeech",
        events=_speeches(SpeechState.ORAL),
        affected=_speech_affected,
        default_points=5,
        describe=_describe_speeches,
        facts_query=_speech_facts,
    ),
    DutyProducer(
        kind="meetings.speech.written",
        label=_("大会书面发言"),
        source="meetings.PlenarySpeech",
        events=_speeches(SpeechState.WRITTEN),
        affected=_speech_affected,
        default_points=3,
        describe=_describe_speeches,
        facts_query=_speech_facts,
    ),
]
