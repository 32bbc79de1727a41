"""What awaits a member in the meeting services: each to-do kind counts exactly the rows it lists,
each item opens exactly its record, it goes away once done, and it shows on the member's home
panel and in /me/todos/. Staff and members of other meetings see none of them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.core import registry
from lvzhi.meetings import services
from lvzhi.meetings.models import Candidate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def items(user, key):
    """The kind's count and its items (all of them), checked against each other."""
    _module, kind = registry.todo_kind(key)
    count = kind.count_for(user)
    listed = kind.items_for(user, 100)
    assert count == len(listed)
    return listed


def urls(user, key):
    return [t.url for t in items(user, key)]


def mine(world, anchor):
    return f"/meetings/{world.meeting.pk}/me/#{anchor}"


def test_a_meeting_to_register_for_until_the_member_registers(world):
    member = world.p.member
    assert urls(member, "meetings.register") == [mine(world, "seat")]
    assert items(member, "meetings.register")[0].title == world.activity.topic
    services.register_bulk(actor=world.staff, meeting=world.meeting, members=[world.li.pk])
    assert urls(member, "meetings.register") == []
    assert urls(world.user(world.wang), "meetings.register") == [mine(world, "seat")]
    assert items(world.staff, "meetings.register") == []
    assert items(world.p.other_staff, "meetings.register") == []


def test_an_open_vote_until_the_member_casts_it(world):
    world.register_all([world.li, world.wang])
    named, anonymous = world.vote(), world.vote(title="无记名表决", mode="anonymous")
    draft = world.vote(title="尚未开始")
    assert items(world.p.member, "meetings.vote") == []
    for vote in (named, anonymous):
        services.open_vote(actor=world.staff, vote=vote)
    assert draft.state == "draft"
    assert urls(world.p.member, "meetings.vote") == [
        mine(world, f"vote-{named.pk}"),
        mine(world, f"vote-{anonymous.pk}"),
    ]
    services.cast_vote(actor=world.p.member, vote=anonymous, choice="no")
    assert urls(world.p.member, "meetings.vote") == [mine(world, f"vote-{named.pk}")]
    # not registered: may not vote, so nothing to do yet
    assert items(world.user(world.zhao), "meetings.vote") == []
    services.close_vote(actor=world.staff, vote=named)
    assert items(world.p.member, "meetings.vote") == []
    assert urls(world.user(world.wang), "meetings.vote") == [mine(world, f"vote-{anonymous.pk}")]


def test_an_open_election_until_the_member_casts_a_ballot(world):
    world.register_all()
    election = world.election()
    assert items(world.p.member, "meetings.election") == []
    services.open_election(actor=world.staff, election=election)
    assert urls(world.p.member, "meetings.election") == [mine(world, f"election-{election.pk}")]
    zhou = Candidate.objects.get(election=election, member=world.zhou)
    services.cast_election_ballot(actor=world.p.member, election=election, data={"candidates": [zhou.pk]})
    assert items(world.p.member, "meetings.election") == []
    assert len(items(world.user(world.wang), "meetings.election")) == 1


def test_unread_materials_one_per_document_until_read(world):
    def add(title):
        upload = SimpleUploadedFile("报告.pdf", PDF, content_type="application/pdf")
        return services.add_material(actor=world.staff, meeting=world.meeting, upload=upload, data={"title": title})

    report, budget = add("常委会工作报告"), add("财政预算报告")
    assert urls(world.p.member, "meetings.materials") == [
        mine(world, f"material-{report.pk}"),
        mine(world, f"material-{budget.pk}"),
    ]
    services.mark_read(actor=world.p.member, material=report)
    assert [t.title for t in items(world.p.member, "meetings.materials")] == ["财政预算报告"]
    # excused members and finished meetings owe nothing
    world.activity.attendances.filter(member=world.wang).update(state="excused")
    assert items(world.user(world.wang), "meetings.materials") == []
    world.activity.__class__.objects.filter(pk=world.activity.pk).update(
        end=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert items(world.p.member, "meetings.materials") == []


def test_a_speech_collection_open_until_the_member_submits(world):
    assert items(world.p.member, "meetings.speech_due") == []  # no deadline: no collection announced
    deadline = timezone.now() + datetime.timedelta(days=1)
    services.set_speech_deadline(actor=world.staff, meeting=world.meeting, data={"deadline": deadline})
    due = items(world.p.member, "meetings.speech_due")
    assert [t.url for t in due] == [f"/meetings/{world.meeting.pk}/speeches/new/"]
    assert due[0].due == timezone.localdate(deadline)
    speech = services.submit_speech(actor=world.p.member, meeting=world.meeting, data={"title": "建议", "text": "正文"})
    assert items(world.p.member, "meetings.speech_due") == []
    services.review_speech(actor=world.p.member, speech=speech, action="withdraw")
    assert len(items(world.p.member, "meetings.speech_due")) == 1
    services.set_speech_deadline(
        actor=world.staff, meeting=world.meeting, data={"deadline": timezone.now() - datetime.timedelta(minutes=1)}
    )
    assert items(world.p.member, "meetings.speech_due") == []


def test_a_speech_returned_for_changes_until_the_author_edits_it(world):
    speech = services.submit_speech(actor=world.p.member, meeting=world.meeting, data={"title": "建议", "text": "正文"})
    assert items(world.p.member, "meetings.speech_returned") == []
    services.review_speech(actor=world.staff, speech=speech, action="send_back", note="请补充数据")
    returned = items(world.p.member, "meetings.speech_returned")
    assert [t.url for t in returned] == [f"/meetings/speeches/?meeting={world.meeting.pk}#speech-{speech.pk}"]
    assert "请补充数据" in returned[0].note
    assert items(world.user(world.wang), "meetings.speech_returned") == []
    services.edit_speech(actor=world.p.member, speech=speech, data={"title": "建议", "text": "补充后的正文"})
    assert items(world.p.member, "meetings.speech_returned") == []


def test_the_home_panel_and_the_todo_centre_show_them_and_each_link_opens_its_record(world, client):
    world.register_all([world.li])
    vote = world.vote()
    services.open_vote(actor=world.staff, vote=vote)
    client.force_login(world.p.member)
    home = client.get("/").content.decode()
    assert "/me/todos/?kind=meetings.vote" in home  # 我的待办 counts the kind and opens its list
    centre = client.get("/me/todos/?kind=meetings.vote")
    assert centre.status_code == 200
    assert centre.content.decode().count('data-testid="todo-item"') == 1
    assert f"/meetings/{world.meeting.pk}/me/#vote-{vote.pk}" in centre.content.decode()
    page = client.get(f"/meetings/{world.meeting.pk}/me/").content.decode()
    assert f'id="vote-{vote.pk}"' in page


def test_counting_a_kind_is_one_query_whatever_the_rows(world, django_assert_num_queries):
    world.register_all()
    for n in range(3):
        services.open_vote(actor=world.staff, vote=world.vote(title=f"表决{n}"))
    for key in (
        "meetings.vote",
        "meetings.election",
        "meetings.register",
        "meetings.materials",
        "meetings.speech_due",
        "meetings.speech_returned",
    ):
        _module, kind = registry.todo_kind(key)
        kind.count_for(world.p.member)  # the member's roles, read once per user (cached on it)
        with django_assert_num_queries(1):
            kind.count_for(world.p.member)
        with django_assert_num_queries(1):
            kind.items_for(world.p.member, 10)
