"""Topics, posts, moderation and the workflow through the services: legal and illegal steps, the
audit entries, and bad input that writes nothing."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.deliberation import services
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.factories import make_topic
from lvzhi.deliberation.models import Post, Topic, TopicOutcome
from lvzhi.org.audience import AudienceKind

pytestmark = pytest.mark.django_db


def test_it_creates_a_draft_topic_with_sanitised_background(world):
    topic = services.create_topic(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "title": "议题",
            "background": '<p onclick="x()">背景<script>alert(1)</script><img src=x></p>',
            "opens_on": "2026-01-01",
            "closes_on": "2026-01-31",
        },
    )
    assert topic.state == TopicState.DRAFT
    assert "script" not in topic.background and "onclick" not in topic.background and "<img" not in topic.background
    assert topic.background == "<p>背景</p>"
    entry = AuditEntry.objects.get(action="deliberation.topic.create", object_id=str(topic.pk))
    assert entry.actor_id == world.staff.pk and entry.object_id == str(topic.pk)


def test_it_refuses_bad_input_and_writes_nothing(world):
    before = Topic.objects.count()
    with pytest.raises(Invalid) as exc:
        services.create_topic(
            actor=world.staff,
            committee=world.p.wuwei,
            data={"title": "", "opens_on": "2026-02-01", "closes_on": "2026-01-01", "audience": "sectors"},
        )
    assert set(exc.value.errors) == {"title", "closes_on", "sectors"}
    with pytest.raises(Invalid) as exc:
        services.create_topic(
            actor=world.staff,
            committee=world.p.wuwei,
            data={"title": "x", "opens_on": "1900-01-01", "closes_on": "banana", "audience": "nonsense"},
        )
    assert set(exc.value.errors) == {"opens_on", "closes_on", "audience"}
    assert Topic.objects.count() == before


def test_it_refuses_a_member_and_other_committees_staff(world):
    data = {"title": "x", "opens_on": "2026-01-01", "closes_on": "2026-01-02"}
    with pytest.raises(Forbidden):
        services.create_topic(actor=world.member, committee=world.p.wuwei, data=data)
    with pytest.raises(NotFound):
        services.create_topic(actor=world.p.other_staff, committee=world.p.wuwei, data=data)
    with pytest.raises(NotFound):
        services.hide_post(actor=world.p.other_staff, topic=world.topic, post=1, reason="x")
    with pytest.raises(Forbidden):  # the workflow names no other committee's office
        services.close_topic(actor=world.p.other_staff, topic=world.topic)


def test_the_workflow_opens_closes_and_distils_and_refuses_illegal_steps(world):
    topic = world.topic
    assert topic.state == TopicState.OPEN
    with pytest.raises(IllegalTransition):
        services.open_topic(actor=world.staff, topic=topic)
    post = services.create_post(actor=world.member, topic=topic, text="建议完善县域物流。")
    with pytest.raises(IllegalTransition):
        services.distil_topic(actor=world.staff, topic=topic, summary="综述", posts=[post.pk])
    with pytest.raises(Forbidden):
        services.close_topic(actor=world.member, topic=topic)
    services.close_topic(actor=world.staff, topic=topic)
    topic.refresh_from_db()
    assert topic.state == TopicState.CLOSED
    with pytest.raises(IllegalTransition):
        services.create_post(actor=world.member2, topic=topic, text="晚了")
    with pytest.raises(Invalid) as exc:
        services.distil_topic(actor=world.staff, topic=topic, summary="", posts=[])
    assert set(exc.value.errors) == {"summary", "posts"}
    outcome = services.distil_topic(actor=world.staff, topic=topic, summary="综述", posts=[post.pk])
    topic.refresh_from_db()
    assert topic.state == TopicState.DISTILLED
    assert list(outcome.posts.all()) == [post]
    actions = list(Transition.objects.filter(object_id=topic.pk).order_by("id").values_list("action", flat=True))
    assert actions == ["open", "close", "distil"]
    assert TopicOutcome.objects.count() == 1


def test_a_topic_past_its_closing_date_cannot_be_opened(world):
    today = timezone.localdate()
    topic = make_topic(
        actor=world.staff,
        committee=world.p.wuwei,
        opened=False,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(IllegalTransition):
        services.open_topic(actor=world.staff, topic=topic)
    assert Topic.objects.get(pk=topic.pk).state == TopicState.DRAFT


def test_members_post_and_reply_one_level(world):
    post = services.create_post(actor=world.member, topic=world.topic, text="意见一")
    reply = services.create_post(actor=world.member2, topic=world.topic, text="赞同", parent=post.pk)
    again = services.create_post(actor=world.member, topic=world.topic, text="谢谢", parent=reply.pk)
    assert reply.parent_id == post.pk and again.parent_id == post.pk
    assert AuditEntry.objects.filter(action="deliberation.post.create").count() == 3


def test_it_refuses_a_post_from_outside_the_audience(world):
    with pytest.raises(Forbidden):
        services.create_post(actor=world.pingliang_member, topic=world.topic, text="x")
    with pytest.raises(Forbidden):
        services.create_post(actor=world.staff, topic=world.topic, text="x")
    with pytest.raises(Invalid):
        services.create_post(actor=world.member, topic=world.topic, text="  ")
    with pytest.raises(Invalid):
        services.create_post(actor=world.member, topic=world.topic, text="x" * 2001)
    with pytest.raises(Invalid):
        services.create_post(actor=world.member, topic=world.topic, text="x", parent=999999)
    assert Post.objects.count() == 0


def test_a_topic_for_a_sector_reaches_only_that_sector(world):
    topic = make_topic(
        actor=world.staff, committee=world.p.wuwei, audience=AudienceKind.SECTORS, sectors=[world.p.sector.pk]
    )
    services.create_post(actor=world.member, topic=topic, text="经济界意见")  # 李明 is in 经济界
    with pytest.raises(Forbidden):
        services.create_post(actor=world.member2, topic=topic, text="x")
    assert not Topic.objects.visible_to(world.member2).filter(pk=topic.pk).exists()


def test_the_author_edits_and_takes_back_a_post_only_within_the_window(world):
    post = services.create_post(actor=world.member, topic=world.topic, text="初稿")
    with pytest.raises(Forbidden):
        services.edit_post(actor=world.member2, post=post, text="改")
    services.edit_post(actor=world.member, post=post, text="改稿")
    assert Post.objects.get(pk=post.pk).text == "改稿"
    reply = services.create_post(actor=world.member2, topic=world.topic, text="回复", parent=post.pk)
    with pytest.raises(IllegalTransition):
        services.delete_post(actor=world.member, post=post)  # someone replied
    services.delete_post(actor=world.member2, post=reply)
    assert not Post.objects.filter(pk=reply.pk).exists()
    assert AuditEntry.objects.filter(action="deliberation.post.delete", object_id=str(reply.pk)).exists()
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - services.EDIT_WINDOW - datetime.timedelta(1))
    post.refresh_from_db()
    with pytest.raises(IllegalTransition):
        services.edit_post(actor=world.member, post=post, text="太晚")
    with pytest.raises(IllegalTransition):
        services.delete_post(actor=world.member, post=post)


def test_staff_hide_a_post_with_a_reason_kept_in_the_audit(world):
    post = services.create_post(actor=world.member, topic=world.topic, text="不当言论")
    with pytest.raises(Invalid) as exc:
        services.hide_post(actor=world.staff, topic=world.topic, post=post.pk, reason="")
    assert "reason" in exc.value.errors
    with pytest.raises(Forbidden):
        services.hide_post(actor=world.member2, topic=world.topic, post=post.pk, reason="x")
    services.hide_post(actor=world.staff, topic=world.topic, post=post.pk, reason="含有不实信息")
    post.refresh_from_db()
    assert post.hidden and post.hidden_reason == "含有不实信息" and post.hidden_by_id == world.staff.pk
    entry = AuditEntry.objects.get(action="deliberation.post.hide")
    assert entry.note == "含有不实信息" and entry.actor_id == world.staff.pk
    with pytest.raises(IllegalTransition):
        services.hide_post(actor=world.staff, topic=world.topic, post=post.pk, reason="再次")


def test_a_hidden_post_is_invisible_to_members_and_marked_for_staff(world):
    from lvzhi.deliberation.selectors import thread

    shown = services.create_post(actor=world.member2, topic=world.topic, text="正常意见")
    hidden = services.create_post(actor=world.member, topic=world.topic, text="不当言论")
    services.hide_post(actor=world.staff, topic=world.topic, post=hidden.pk, reason="不当")
    for member in (world.member, world.member2):
        assert [e.post.pk for e in thread(world.topic, member)] == [shown.pk]
        assert not Post.objects.visible_to(member).filter(pk=hidden.pk).exists()
    staff_view = thread(world.topic, world.staff)
    assert [(e.post.pk, e.post.hidden) for e in staff_view] == [(shown.pk, False), (hidden.pk, True)]


def test_an_anonymous_topic_names_authors_only_to_staff_and_themselves(world):
    from lvzhi.deliberation.selectors import thread

    topic = make_topic(actor=world.staff, committee=world.p.wuwei, anonymous=True)
    services.create_post(actor=world.member, topic=topic, text="一")
    services.create_post(actor=world.member2, topic=topic, text="二")
    assert [str(e.author) for e in thread(topic, world.member2)] == ["委员 1", "周敏"]
    assert [str(e.author) for e in thread(topic, world.staff)] == ["李明", "周敏"]
