"""Litigation clues: drawn from a proposal (linked both ways), an opinion report or entered directly;
sent, filed, suggestion issued, closed — or declined; illegal steps and bad input change nothing."""

import datetime

import pytest

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.supervision import services
from lvzhi.supervision.models import LitigationClue

DAY = datetime.date(2024, 3, 1)


def make_proposal(world, state="submitted"):
    from lvzhi.proposals.models import Proposal

    return Proposal.objects.create(
        committee=world.wuwei,
        term=world.wuwei.terms.first(),
        proposer=world.m1,
        title="关于加强河道采砂管理的提案",
        situation="情况",
        suggestions="建议",
        state=state,
    )


def test_a_clue_drawn_from_a_proposal_is_linked_both_ways(world):
    proposal = make_proposal(world)
    clue = world.new_clue(source_kind="proposal", proposal=proposal.pk)
    assert clue.proposal == proposal
    assert list(proposal.litigation_clues.all()) == [clue]
    assert "关于加强河道采砂管理的提案" in clue.source_label


def test_a_clue_cannot_name_a_draft_or_another_committees_proposal(world):
    draft = make_proposal(world, state="draft")
    with pytest.raises(Invalid) as exc:
        world.new_clue(source_kind="proposal", proposal=draft.pk)
    assert "proposal" in exc.value.errors
    with pytest.raises(Invalid):
        world.new_clue(source_kind="proposal")
    assert not LitigationClue.objects.exists()


def test_a_clue_from_an_opinion_report_names_it(world):
    with pytest.raises(Invalid) as exc:
        world.new_clue(source_kind="opinion")
    assert "source_reference" in exc.value.errors
    clue = world.new_clue(source_kind="opinion", source_reference="《社情民意》2024年第3期")
    assert clue.source_label.endswith("《社情民意》2024年第3期")


def test_the_procuratorates_answer_is_recorded_step_by_step(world):
    clue = world.new_clue()
    services.send_clue(
        actor=world.staff, clue=clue, data={"procuratorate": "武威市人民检察院", "sent_on": "2024-03-05"}
    )
    services.file_clue_case(
        actor=world.staff, clue=clue, data={"case_number": "武检行公立〔2024〕1号", "filed_on": "2024-03-20"}
    )
    services.issue_suggestion(actor=world.staff, clue=clue, data={"suggestion_on": "2024-04-10"})
    services.close_clue(actor=world.staff, clue=clue, data={"result": "已整改", "closed_on": "2024-06-01"})
    clue.refresh_from_db()
    assert clue.state == "closed"
    assert (clue.filed_on, clue.suggestion_on) == (datetime.date(2024, 3, 20), datetime.date(2024, 4, 10))


def test_a_clue_not_yet_sent_cannot_be_filed(world):
    clue = world.new_clue()
    with pytest.raises(IllegalTransition):
        services.file_clue_case(actor=world.staff, clue=clue, data={"case_number": "1", "filed_on": "2024-03-20"})
    clue.refresh_from_db()
    assert (clue.state, clue.case_number, clue.filed_on) == ("registered", "", None)


def test_a_declined_clue_gets_no_suggestion(world):
    clue = world.new_clue()
    services.send_clue(
        actor=world.staff, clue=clue, data={"procuratorate": "凉州区人民检察院", "sent_on": "2024-03-05"}
    )
    services.decline_clue(actor=world.staff, clue=clue, data={"result": "不符合立案条件", "closed_on": "2024-04-01"})
    with pytest.raises(IllegalTransition):
        services.issue_suggestion(actor=world.staff, clue=clue, data={"suggestion_on": "2024-04-10"})


def test_sending_needs_a_procuratorate_and_a_date_not_before_the_clue(world):
    clue = world.new_clue()
    with pytest.raises(Invalid) as exc:
        services.send_clue(actor=world.staff, clue=clue, data={"procuratorate": "", "sent_on": "2024-01-01"})
    assert set(exc.value.errors) == {"procuratorate", "sent_on"}
    clue.refresh_from_db()
    assert clue.state == "registered"


def test_another_committees_staff_cannot_send_it(world):
    clue = world.new_clue()
    with pytest.raises(Forbidden):
        services.send_clue(actor=world.p.other_staff, clue=clue, data={"procuratorate": "x", "sent_on": "2024-03-05"})
