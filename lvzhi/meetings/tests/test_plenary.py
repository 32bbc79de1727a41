"""Plenary speeches, the speakers' list, elections and minutes, through the services: legal and
illegal steps, bad input that writes nothing, secret ballots that cannot be linked to a member,
duty events that a rebuild agrees with, and the figures."""

import datetime
import io

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from docx import Document

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Notification
from lvzhi.core.periods import parse_period
from lvzhi.core.registry import figures
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.meetings import services
from lvzhi.meetings.models import (
    Candidate,
    Election,
    ElectionParticipation,
    ElectionTally,
    ElectionWriteIn,
    Minutes,
    PlenarySpeech,
    Resolution,
    SpeakerRequest,
)
from lvzhi.org.models import Party

pytestmark = pytest.mark.django_db


# Plenary speeches


def test_members_submit_speeches_and_the_office_adopts_them_into_the_booklet_and_the_ledger(world):
    oral = services.submit_speech(
        actor=world.p.member, meeting=world.meeting, data={"title": "关于乡村振兴的建议", "text": "第一段\n第二段"}
    )
    written = services.submit_speech(
        actor=world.user(world.wang), meeting=world.meeting, data={"title": "教育均衡", "text": "正文"}
    )
    party = services.submit_speech(
        actor=world.staff,
        meeting=world.meeting,
        data={"title": "民盟界别发言", "text": "正文", "party": world.p.party.pk},
    )
    rejected = services.submit_speech(
        actor=world.user(world.zhao), meeting=world.meeting, data={"title": "其他", "text": "正文"}
    )
    services.review_speech(actor=world.staff, speech=oral, action="adopt_oral", note="安排第一天")
    services.review_speech(actor=world.staff, speech=written, action="adopt_written")
    services.review_speech(actor=world.staff, speech=party, action="adopt_oral")
    services.review_speech(actor=world.staff, speech=rejected, action="reject", note="内容重复")
    oral.refresh_from_db()
    assert (oral.state, oral.review_note) == ("oral", "安排第一天")
    assert party.author == "中国民主同盟"
    events = DutyEvent.objects.filter(kind__startswith="meetings.speech")
    assert sorted(events.values_list("kind", "member_id")) == sorted(
        [("meetings.speech.oral", world.li.pk), ("meetings.speech.written", world.wang.pk)]
    )  # the organisation's speech has no member; the rejected one none
    assert not ledger.differences()
    services.review_speech(actor=world.staff, speech=written, action="reopen")
    assert not DutyEvent.objects.filter(kind="meetings.speech.written").exists()
    assert not ledger.differences()
    services.review_speech(actor=world.staff, speech=written, action="adopt_written")

    doc = Document(io.BytesIO(_docx(services.speech_booklet(world.meeting))))
    text = [p.text for p in doc.paragraphs]
    assert text.index("一、大会口头发言") < text.index("关于乡村振兴的建议") < text.index("二、书面发言")
    assert text.index("二、书面发言") < text.index("教育均衡")
    assert "其他" not in text and "第二段" in text


def _docx(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_speech_submission_refuses_bad_input_late_drafts_and_others(world):
    with pytest.raises(Invalid) as bad:
        services.submit_speech(actor=world.p.member, meeting=world.meeting, data={"title": "", "text": ""})
    assert set(bad.value.errors) == {"title", "text"}
    other_party = Party.objects.create(committee=world.p.wuwei, name="九三学社")
    with pytest.raises(Invalid) as wrong_party:
        services.submit_speech(
            actor=world.p.member, meeting=world.meeting, data={"title": "t", "text": "x", "party": other_party.pk}
        )
    assert "party" in wrong_party.value.errors
    with pytest.raises(Forbidden):
        services.submit_speech(actor=world.p.other_staff, meeting=world.meeting, data={"title": "t", "text": "x"})
    services.set_speech_deadline(
        actor=world.staff, meeting=world.meeting, data={"deadline": timezone.now() - datetime.timedelta(minutes=1)}
    )
    with pytest.raises(IllegalTransition) as late:
        services.submit_speech(actor=world.p.member, meeting=world.meeting, data={"title": "t", "text": "x"})
    assert "截止" in str(late.value.message)
    assert not PlenarySpeech.objects.exists()
    # the office may still enter a late speech for a member
    services.submit_speech(
        actor=world.staff, meeting=world.meeting, data={"title": "补交", "text": "x", "member": world.li.pk}
    )
    speech = PlenarySpeech.objects.get()
    with pytest.raises(Forbidden):
        services.review_speech(actor=world.p.member, speech=speech, action="adopt_oral")
    services.review_speech(actor=world.p.member, speech=speech, action="withdraw")
    with pytest.raises(IllegalTransition):
        services.review_speech(actor=world.staff, speech=speech, action="adopt_oral")


def test_the_speech_figures_count_by_the_meetings_start(world):
    for title, action in (("a", "adopt_oral"), ("b", "adopt_written"), ("c", "reject"), ("d", None)):
        s = services.submit_speech(actor=world.p.member, meeting=world.meeting, data={"title": title, "text": "x"})
        if action:
            services.review_speech(actor=world.staff, speech=s, action=action)
    period = parse_period(f"year:{timezone.localdate(world.activity.start).year}")
    ids = [world.p.wuwei.pk]
    keys = ("meetings.speeches_submitted", "meetings.speeches_oral", "meetings.speeches_written")
    values = {key: figures()[key].records(ids, period).count() for key in keys}
    assert values == {"meetings.speeches_submitted": 4, "meetings.speeches_oral": 1, "meetings.speeches_written": 1}
    earlier = parse_period("year:2020")
    assert figures()["meetings.speeches_submitted"].records(ids, earlier).count() == 0


# Speakers


def test_registered_members_ask_to_speak_and_the_office_orders_starts_and_stops_them(world):
    with pytest.raises(IllegalTransition):  # not registered yet
        services.request_to_speak(actor=world.p.member, meeting=world.meeting, data={"agenda_item": world.item.pk})
    world.register_all()
    first = services.request_to_speak(actor=world.p.member, meeting=world.meeting, data={"agenda_item": world.item.pk})
    second = services.request_to_speak(
        actor=world.user(world.wang), meeting=world.meeting, data={"agenda_item": world.item.pk}
    )
    with pytest.raises(IllegalTransition):
        services.request_to_speak(actor=world.p.member, meeting=world.meeting, data={"agenda_item": world.item.pk})
    with pytest.raises(Invalid):
        services.request_to_speak(actor=world.p.member, meeting=world.meeting, data={"agenda_item": 999999})
    services.move_speaker(actor=world.staff, speaker=second, direction="up")
    order = list(SpeakerRequest.objects.filter(agenda_item=world.item).values_list("member_id", flat=True))
    assert order == [world.wang.pk, world.li.pk]
    with pytest.raises(Forbidden):
        services.move_speaker(actor=world.p.member, speaker=first, direction="up")
    with pytest.raises(Forbidden):
        services.start_speaker(actor=world.p.member, speaker=first)
    services.start_speaker(actor=world.staff, speaker=second)
    services.start_speaker(actor=world.staff, speaker=first)  # the speaker before is stopped
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.state, first.state) == ("done", "speaking")
    assert second.stopped_at and first.started_at
    services.stop_speaker(actor=world.staff, speaker=first)
    with pytest.raises(IllegalTransition):
        services.stop_speaker(actor=world.staff, speaker=first)


# Elections


def _elect(world, election, ballots):
    """Open, cast {person: data}, close; returns the election."""
    services.open_election(actor=world.staff, election=election)
    for person, data in ballots.items():
        services.cast_election_ballot(actor=world.user(person), election=election, data=data)
    services.close_election(actor=world.staff, election=election)
    return Election.objects.get(pk=election.pk)


def test_a_competitive_election_counts_phone_and_paper_ballots_and_needs_a_second_officer(world):
    world.register_all()
    election = world.election(write_in=True)
    assert election.kind == "competitive"
    zhou, wang, zhao = (
        Candidate.objects.get(election=election, member=m) for m in (world.zhou, world.wang, world.zhao)
    )
    election = _elect(
        world,
        election,
        {
            world.li: {"candidates": [zhou.pk, wang.pk]},
            world.zhou: {"candidates": [zhou.pk], "write_ins": ["钱七"]},
            world.wang: {"candidates": [zhou.pk, wang.pk]},
        },
    )
    assert election.state == "counting"
    with pytest.raises(Invalid):  # more paper ballots than present members who did not vote by phone
        services.enter_paper_count(actor=world.staff, election=election, data={"paper_issued": 9})
    services.enter_paper_count(
        actor=world.staff,
        election=election,
        data={
            "paper_issued": 2,
            "paper_returned": 2,
            "paper_invalid": 1,
            "counts": {str(zhao.pk): 1, str(wang.pk): 0, str(zhou.pk): 0},
        },
    )
    election.refresh_from_db()
    with pytest.raises(Forbidden):  # the officer who entered the count cannot confirm it
        services.confirm_count(actor=world.staff, election=election)
    services.confirm_count(actor=world.staff2, election=election)
    election.refresh_from_db()
    assert (election.state, election.voters_count, election.valid_count, election.invalid_count) == (
        "confirmed",
        5,
        4,
        1,
    )
    votes = dict(Candidate.objects.filter(election=election).values_list("member__name", "votes"))
    assert votes == {"周敏": 3, "王海": 2, "赵强": 1}
    elected = set(Candidate.objects.filter(election=election, elected=True).values_list("member__name", flat=True))
    assert elected == {"周敏"}  # 王海's 2 of 5 is not more than half
    assert "当选：周敏" in election.decision and "不足名额" in election.decision
    with pytest.raises(IllegalTransition):
        services.confirm_count(actor=world.staff2, election=election)


def test_an_election_refuses_bad_ballots_and_counts_each_member_once(world):
    world.register_all()
    with pytest.raises(Invalid) as too_few:
        world.election(candidates=[world.zhou])
    assert "candidates" in too_few.value.errors
    with pytest.raises(Invalid) as wrong_kind:
        world.election(kind="equal")
    assert "kind" in wrong_kind.value.errors
    equal = world.election(candidates=[world.zhou, world.wang])
    assert equal.kind == "equal"
    services.open_election(actor=world.staff, election=equal)
    ids = list(Candidate.objects.filter(election=equal).values_list("pk", flat=True))
    with pytest.raises(Invalid):
        services.cast_election_ballot(actor=world.p.member, election=equal, data={"write_ins": ["钱七"]})
    with pytest.raises(Invalid):
        services.cast_election_ballot(actor=world.p.member, election=equal, data={"candidates": [*ids, 999]})
    with pytest.raises(Forbidden):
        services.cast_election_ballot(actor=world.staff, election=equal, data={"candidates": ids})
    services.cast_election_ballot(actor=world.p.member, election=equal, data={"candidates": ids})
    with pytest.raises(IllegalTransition):
        services.cast_election_ballot(actor=world.p.member, election=equal, data={"candidates": ids})
    assert ElectionParticipation.objects.filter(election=equal).count() == 1
    assert sorted(ElectionTally.objects.filter(election=equal).values_list("count", flat=True)) == [1, 1]


def test_the_database_cannot_link_an_election_ballot_to_a_member(world):
    """Read the tables an election touches: no row naming a voter carries a candidate, a name
    written in, or a time; the counts name no voter; the audit entries say only THAT one voted."""
    world.register_all()
    election = world.election(write_in=True)
    zhou = Candidate.objects.get(election=election, member=world.zhou)
    wang = Candidate.objects.get(election=election, member=world.wang)
    _elect(
        world,
        election,
        {
            world.li: {"candidates": [wang.pk], "write_ins": ["钱七"]},  # the only vote for 王海 and 钱七
            world.zhou: {"candidates": [zhou.pk]},
            world.ding: {"candidates": [zhou.pk]},
        },
    )
    assert {f.column for f in ElectionParticipation._meta.concrete_fields} == {
        "id",
        "election_id",
        "member_id",
        "committee_id",
    }
    assert {f.column for f in ElectionTally._meta.concrete_fields} == {"id", "election_id", "candidate_id", "count"}
    assert {f.column for f in ElectionWriteIn._meta.concrete_fields} == {
        "id",
        "election_id",
        "name",
        "count",
        "paper_count",
    }
    # no model of the app holds a voter next to a candidate or a written-in name for this election
    for model in apps.get_app_config("meetings").get_models():
        columns = {f.column for f in model._meta.concrete_fields}
        if "member_id" in columns and ({"candidate_id", "name"} & columns) and "election_id" in columns:
            assert not model.objects.filter(election=election).exists(), model
    # the voter's rows anywhere carry neither 王海's candidate id next to the election nor "钱七"
    with connection.cursor() as cursor:
        for model in apps.get_models():
            columns = [f.column for f in model._meta.concrete_fields]
            if "member_id" not in columns:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} WHERE member_id = %s", [world.li.pk])  # noqa: S608
            for row in cursor.fetchall():
                assert "钱七" not in [v for v in row if isinstance(v, str)], model
                if "candidate_id" in columns:
                    assert row[columns.index("candidate_id")] != wang.pk, model
    for entry in AuditEntry.objects.filter(action="election.cast", object_id=str(election.pk)):
        assert "钱七" not in str(entry.after) and str(wang.pk) not in str(entry.after or "")


# Minutes and resolutions


def test_minutes_are_drafted_from_the_records_approved_by_another_officer_and_published(
    world, django_capture_on_commit_callbacks
):
    world.register_all()
    speaker = services.request_to_speak(
        actor=world.p.member, meeting=world.meeting, data={"agenda_item": world.item.pk}
    )
    services.start_speaker(actor=world.staff, speaker=speaker)
    services.stop_speaker(actor=world.staff, speaker=speaker)
    vote = world.vote()
    services.open_vote(actor=world.staff, vote=vote)
    for person in world.people:
        services.cast_vote(actor=world.user(person), vote=vote, choice="yes")
    services.close_vote(actor=world.staff, vote=vote)
    resolution = services.add_resolution(
        actor=world.staff, meeting=world.meeting, data={"vote": vote.pk, "title": "决议", "text": "批准报告"}
    )
    with pytest.raises(IllegalTransition):
        services.add_resolution(
            actor=world.staff, meeting=world.meeting, data={"vote": vote.pk, "title": "x", "text": "y"}
        )
    minutes = services.draft_minutes(actor=world.staff, meeting=world.meeting)
    assert "发言：李明。" in minutes.text and "赞成5票" in minutes.text and "决议" in minutes.text
    services.edit_minutes(actor=world.staff, minutes=minutes, data={"text": minutes.text + "\n会议圆满完成。"})
    with pytest.raises(Forbidden):  # the last editor may not approve
        services.approve_minutes(actor=world.staff, minutes=minutes)
    services.approve_minutes(actor=world.p.leader, minutes=minutes)
    with pytest.raises(IllegalTransition):
        services.edit_minutes(actor=world.staff, minutes=minutes, data={"text": "改"})
    before = Notification.objects.filter(user=world.p.member).count()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_minutes(actor=world.staff, minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.state == "published" and minutes.approved_by == world.p.leader and "圆满" in minutes.text
    assert Notification.objects.filter(user=world.p.member).count() == before + 1
    assert Resolution.objects.get().vote == vote == resolution.vote


def test_a_resolution_needs_a_passed_vote_and_minutes_need_the_office(world):
    vote = world.vote()
    with pytest.raises(Invalid) as open_vote:
        services.add_resolution(
            actor=world.staff, meeting=world.meeting, data={"vote": vote.pk, "title": "x", "text": "y"}
        )
    assert "vote" in open_vote.value.errors
    with pytest.raises(Forbidden):
        services.draft_minutes(actor=world.p.member, meeting=world.meeting)
    with pytest.raises(Forbidden):
        services.draft_minutes(actor=world.p.other_staff, meeting=world.meeting)
    assert not Minutes.objects.exists() and not Resolution.objects.exists()
