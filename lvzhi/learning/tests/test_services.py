"""The learning corner's services: publishing, studying, reflections and reading groups — legal and
illegal steps, bad input writing nothing, the audit, and the duty ledger kept by upkeep."""

import pytest

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.learning import services
from lvzhi.learning.factories import REFLECTION
from lvzhi.learning.models import GroupPost, Reflection, StudyMaterial, StudyRecord, Topic

pytestmark = pytest.mark.django_db


def test_it_publishes_a_material_with_the_default_topics(world):
    material = world.material(publish=False, topics=["第一议题", "理论学习"])
    assert material.state == "draft"
    assert sorted(Topic.objects.filter(committee=world.p.wuwei).values_list("name", flat=True)) == sorted(
        ["第一议题", "理论学习", "政策法规", "履职知识"]
    )
    services.publish_material(actor=world.staff, material=material)
    material.refresh_from_db()
    assert material.state == "published" and material.published_at
    assert Transition.objects.filter(object_id=material.pk, action="publish").exists()
    assert AuditEntry.objects.filter(action="learning_material.create", object_id=str(material.pk)).exists()


def test_it_sanitises_the_rich_text(world):
    material = world.material(body='<p onclick="x()">好<script>alert(1)</script><a href="javascript:x">链</a></p>')
    assert "script" not in material.body and "onclick" not in material.body and "javascript" not in material.body
    assert material.body.startswith("<p>好")


def test_bad_input_is_refused_with_every_field_and_writes_nothing(world):
    before = (StudyMaterial.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Invalid) as exc:
        services.create_material(
            actor=world.staff,
            committee=world.p.wuwei,
            data={"title": "", "kind": "film", "topics": ["不存在"], "deadline": "2026-01-01", "media_url": "ftp://x"},
        )
    assert set(exc.value.errors) >= {"title", "kind", "topics", "deadline", "media_url"}
    assert (StudyMaterial.objects.count(), AuditEntry.objects.count()) == before


def test_it_refuses_a_member_and_hides_the_committee_from_other_staff(world):
    with pytest.raises(Forbidden):
        services.create_material(actor=world.member, committee=world.p.wuwei, data={"title": "x", "kind": "article"})
    with pytest.raises(NotFound):
        services.create_material(actor=world.p.other_staff, committee=world.p.wuwei, data={"title": "x"})


def test_withdraw_needs_a_reason_and_is_illegal_twice(world):
    material = world.material()
    with pytest.raises(Invalid):
        services.withdraw_material(actor=world.staff, material=material, reason="")
    services.withdraw_material(actor=world.staff, material=material, reason="内容更新")
    with pytest.raises(IllegalTransition):
        services.withdraw_material(actor=world.staff, material=material, reason="again")
    with pytest.raises(IllegalTransition):
        services.publish_material(actor=world.staff, material=material)


def test_a_member_marks_studied_once_with_the_time_the_browser_measured(world):
    material = world.required()
    record = services.mark_studied(actor=world.member, material=material, seconds=312, measured_by="browser")
    assert (record.seconds, record.measured_by, record.committee_id) == (312, "browser", world.p.wuwei.pk)
    with pytest.raises(IllegalTransition):
        services.mark_studied(actor=world.member, material=material, seconds=10)
    assert AuditEntry.objects.filter(action="learning_record.create", actor=world.member).count() == 1


@pytest.mark.parametrize("seconds", [-1, 8 * 3600 + 1, "很久"])
def test_it_refuses_a_time_out_of_bounds(world, seconds):
    material = world.material()
    with pytest.raises(Invalid) as exc:
        services.mark_studied(actor=world.member, material=material, seconds=seconds)
    assert "seconds" in exc.value.errors
    assert not StudyRecord.objects.exists()


def test_only_the_audience_studies(world):
    material = world.material(audience="sectors", sectors=[world.p.sector.pk])
    with pytest.raises(NotFound):  # 周敏 is not in the sector: the material does not reach him
        services.mark_studied(actor=world.member2, material=material.__class__.objects.get(pk=material.pk), seconds=1)
    services.mark_studied(actor=world.member, material=material, seconds=1)
    with pytest.raises(Forbidden):
        services.mark_studied(actor=world.staff, material=material, seconds=1)
    draft = world.material(publish=False)
    with pytest.raises(IllegalTransition):
        services.mark_studied(actor=world.member, material=draft, seconds=1)


def test_a_reflection_is_a_draft_until_submitted(world):
    material = world.material()
    with pytest.raises(Invalid) as exc:
        services.save_reflection(actor=world.member, material=material, text="太短")
    assert "至少" in exc.value.errors["text"][0]
    assert not Reflection.objects.exists()
    reflection = services.save_reflection(actor=world.member, material=material, text=REFLECTION)
    reflection = services.save_reflection(actor=world.member, material=material, text=REFLECTION + "再改")
    assert reflection.state == "draft" and reflection.text.endswith("再改")
    with pytest.raises(Forbidden):
        services.submit_reflection(actor=world.member2, reflection=reflection)
    services.submit_reflection(actor=world.member, reflection=reflection)
    reflection.refresh_from_db()
    assert reflection.state == "submitted" and reflection.submitted_at
    with pytest.raises(IllegalTransition):
        services.save_reflection(actor=world.member, material=material, text=REFLECTION)
    with pytest.raises(IllegalTransition):
        services.submit_reflection(actor=world.member, reflection=reflection)


def test_reading_groups_join_leave_and_post(world):
    group = world.group()
    with pytest.raises(Forbidden):
        services.post_to_group(actor=world.member, group=group, text="先发言")
    services.join_group(actor=world.member, group=group)
    with pytest.raises(IllegalTransition):
        services.join_group(actor=world.member, group=group)
    with pytest.raises(Invalid):
        services.post_to_group(actor=world.member, group=group, text="  ")
    services.post_to_group(actor=world.member, group=group, text="第一章读后很有收获。")
    services.post_to_group(actor=world.staff, group=group, text="下周读第二章。")
    with pytest.raises(NotFound):
        services.join_group(actor=world.pingliang_member, group=group)
    services.leave_group(actor=world.member, group=group)
    with pytest.raises(IllegalTransition):
        services.leave_group(actor=world.member, group=group)
    services.close_group(actor=world.staff, group=group)
    with pytest.raises(IllegalTransition):
        services.post_to_group(actor=world.staff, group=group, text="结束了")
    with pytest.raises(Forbidden):
        services.reopen_group(actor=world.member, group=group)
    assert GroupPost.objects.count() == 2


def test_a_group_needs_a_published_book_of_the_committee(world):
    article = world.material()
    with pytest.raises(Invalid) as exc:
        services.create_group(
            actor=world.staff,
            committee=world.p.wuwei,
            name="读书群",
            book=article,
            sessions=[{"date": "1900-01-01", "chapters": ""}],
        )
    assert {"book", "sessions.0.date", "sessions.0.chapters"} <= set(exc.value.errors)


def test_topics_are_configured_per_committee(world):
    topic = services.add_topic(actor=world.staff, committee=world.p.wuwei, name="党史学习")
    assert "党史学习" in services.topics_of(world.p.wuwei)
    with pytest.raises(Invalid):
        services.add_topic(actor=world.staff, committee=world.p.wuwei, name="党史学习")
    services.archive_topic(actor=world.staff, topic=topic)
    assert "党史学习" not in services.topics_of(world.p.wuwei)
    assert services.topics_of(world.p.pingliang) == ["第一议题", "理论学习", "政策法规", "履职知识"]


def test_duty_events_follow_study_and_reflections(world):
    required = world.required()
    optional = world.material()
    services.mark_studied(actor=world.member, material=required, seconds=60)
    services.mark_studied(actor=world.member, material=optional, seconds=60)
    reflection = services.save_reflection(actor=world.member, material=optional, text=REFLECTION)
    assert list(DutyEvent.objects.values_list("kind", flat=True)) == ["learning.required_studied"]
    services.submit_reflection(actor=world.member, reflection=reflection)
    kinds = sorted(DutyEvent.objects.values_list("kind", flat=True))
    assert kinds == ["learning.reflection", "learning.required_studied"]
    services.update_material(actor=world.staff, material=required, data={"required": False, "deadline": None})
    assert list(DutyEvent.objects.values_list("kind", flat=True)) == ["learning.reflection"]
    services.withdraw_material(actor=world.staff, material=optional, reason="撤回")
    assert not DutyEvent.objects.exists()
    assert not ledger.differences()


def test_the_completion_of_two_cities_materials_names_every_member_with_their_committee(world):
    """Materials of two sibling committees (a province's view): each member reached is named with
    their own committee, not only those under the first material's committee."""
    from lvzhi.learning import selectors

    materials = [world.required(committee=world.p.pingliang), world.required(committee=world.p.wuwei)]
    rows = {row["name"]: row["committee"] for row in selectors.completion(materials)["by_member"]}
    assert rows["赵强"] == "平凉市" and rows["李明"] == "武威市", rows
