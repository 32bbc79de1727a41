"""An outcome becomes a proposal draft (contributors as co-proposers, who confirm), an opinion report
credited to the contributors, or an activity's outcome — each once, through the operations the other
modules provide in the registry."""

import pytest

from lvzhi.core import registry
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Notification
from lvzhi.deliberation import services
from lvzhi.deliberation.models import TopicOutcome
from lvzhi.proposals.services import confirm_coproposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def distilled(world):
    first = services.create_post(actor=world.member, topic=world.topic, text="建议一：完善冷链物流。")
    second = services.create_post(actor=world.member2, topic=world.topic, text="建议二：发展电商。", parent=first.pk)
    services.close_topic(actor=world.staff, topic=world.topic)
    services.distil_topic(
        actor=world.staff, topic=world.topic, summary="委员们建议完善县域物流与电商。", suggestions="一、二。",
        posts=[first.pk, second.pk],
    )  # fmt: skip
    world.topic.refresh_from_db()
    return world.topic


def test_the_outcome_becomes_a_joint_proposal_draft_the_co_proposer_confirms(
    world, distilled, django_capture_on_commit_callbacks
):
    Proposal = TopicOutcome._meta.get_field("proposal").related_model
    with django_capture_on_commit_callbacks(execute=True):
        services.propose_from_topic(actor=world.staff, topic=distilled)
    outcome = TopicOutcome.objects.get(topic=distilled)
    proposal = Proposal.objects.get(pk=outcome.proposal_id)
    assert proposal.state == "draft" and proposal.kind == "joint"
    assert proposal.proposer_id == world.person.pk
    assert [c.member_id for c in proposal.coproposers.all()] == [world.person2.pk]
    assert proposal.situation == "委员们建议完善县域物流与电商。"
    assert AuditEntry.objects.filter(action="deliberation.outcome.to_proposal").exists()
    # the co-proposer is asked to confirm, and confirms through the proposals module's own operation
    assert Notification.objects.filter(user=world.member2, title__contains="请确认联名提案").exists()
    confirm_coproposal(actor=world.member2, proposal=proposal)
    assert proposal.coproposers.get().confirmed_at is not None
    with pytest.raises(IllegalTransition):
        services.propose_from_topic(actor=world.staff, topic=distilled)


def test_the_proposer_must_be_a_contributor(world, distilled):
    with pytest.raises(Invalid) as exc:
        services.propose_from_topic(actor=world.staff, topic=distilled, proposer=world.p.county_person.pk)
    assert "proposer" in exc.value.errors
    assert TopicOutcome.objects.get(topic=distilled).proposal_id is None


def test_the_outcome_becomes_an_opinion_report_credited_to_the_contributors(world, distilled):
    Report = TopicOutcome._meta.get_field("report").related_model
    services.report_from_topic(actor=world.staff, topic=distilled)
    report = Report.objects.get(pk=TopicOutcome.objects.get(topic=distilled).report_id)
    assert report.state == "submitted"
    assert sorted(c.member_id for c in report.credits.all()) == sorted([world.person.pk, world.person2.pk])
    with pytest.raises(IllegalTransition):
        services.report_from_topic(actor=world.staff, topic=distilled)


def test_the_outcome_is_attached_to_an_activity(world, distilled):
    from lvzhi.activities.factories import make_activity

    activity = make_activity(actor=world.staff, committee=world.p.wuwei)
    services.attach_to_activity(actor=world.staff, topic=distilled, activity=activity.pk)
    record = TopicOutcome.objects.get(topic=distilled).activity_outcome
    assert record.activity_id == activity.pk and record.state == "draft"
    assert sorted(record.authors.values_list("pk", flat=True)) == sorted([world.person.pk, world.person2.pk])


def test_it_refuses_an_activity_of_another_committee_and_a_member(world, distilled):
    from lvzhi.activities.factories import make_activity

    other = make_activity(actor=world.p.other_staff, committee=world.p.pingliang)
    with pytest.raises(Exception) as exc:
        services.attach_to_activity(actor=world.staff, topic=distilled, activity=other.pk)
    assert type(exc.value).__name__ == "NotFound"
    with pytest.raises(Forbidden):
        services.report_from_topic(actor=world.member, topic=distilled)
    assert TopicOutcome.objects.get(topic=distilled).activity_outcome_id is None


def test_a_topic_not_yet_distilled_cannot_become_anything(world):
    with pytest.raises(IllegalTransition):
        services.propose_from_topic(actor=world.staff, topic=world.topic)


def test_the_operations_are_provided_by_their_modules():
    for name in (services.DRAFT_PROPOSAL, services.REPORT, services.ACTIVITY_OUTCOME):
        assert registry.is_provided(name)
