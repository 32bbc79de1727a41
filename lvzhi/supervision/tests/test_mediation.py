"""Pre-litigation mediation: register, sessions, conclude, return, reopen; the parties' names masked
and unmasked only with the permission, audited; bad input and illegal transitions change nothing."""

import datetime

import pytest

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.supervision import services
from lvzhi.supervision.models import MediationCase, MediationSession, mask_name

DAY = datetime.date(2024, 3, 1)


def test_it_registers_a_case_with_member_mediators(world):
    case = world.case
    assert case.state == "open"
    assert set(case.mediators.all()) == {world.m1, world.m2}
    assert AuditEntry.objects.filter(action="supervision.mediationcase.create", object_id=str(case.pk)).exists()


def test_the_parties_names_are_encrypted_and_shown_masked(world):
    case = MediationCase.objects.get(pk=world.case.pk)
    assert "张三" not in case.parties_encrypted and "李四" not in case.parties_encrypted
    assert case.parties == ["张三", "李四"]
    assert case.parties_masked == "张*、李*"
    assert mask_name("欧阳修") == "欧**" and mask_name("王") == "*"
    entry = AuditEntry.objects.get(action="supervision.mediationcase.create", object_id=str(case.pk))
    assert "张三" not in str(entry.after)


def test_it_reveals_the_parties_only_to_staff_with_the_personal_information_permission(world, personas):
    from lvzhi.accounts.choices import Permission
    from lvzhi.accounts.models import UserPermission

    with pytest.raises(Forbidden):
        services.reveal_parties(actor=world.staff, case=world.case)
    assert AuditEntry.objects.filter(action="supervision.mediationcase.unmask", result="denied").count() == 1
    UserPermission.objects.create(user=world.staff, permission=Permission.VIEW_PII)
    del world.staff.permission_codes
    assert services.reveal_parties(actor=world.staff, case=world.case) == ["张三", "李四"]
    assert AuditEntry.objects.filter(action="supervision.mediationcase.unmask", result="ok").count() == 1


def test_it_concludes_a_case_successfully(world):
    services.add_mediation_session(actor=world.staff, case=world.case, data={"held_on": DAY, "place": "诉调中心"})
    services.conclude_mediation_case(
        actor=world.staff, case=world.case, data={"result": "successful", "closed_on": "2024-03-20"}
    )
    case = MediationCase.objects.get(pk=world.case.pk)
    assert (case.state, case.result, case.closed_on) == ("concluded", "successful", datetime.date(2024, 3, 20))
    assert Transition.objects.filter(object_id=case.pk, action="conclude", to_state="concluded").exists()


def test_it_refuses_to_conclude_without_a_result_and_writes_nothing(world):
    with pytest.raises(Invalid) as exc:
        services.conclude_mediation_case(actor=world.staff, case=world.case, data={"result": "", "closed_on": ""})
    assert set(exc.value.errors) == {"result", "closed_on"}
    assert MediationCase.objects.get(pk=world.case.pk).state == "open"
    assert not Transition.objects.filter(object_id=world.case.pk).exists()


def test_it_refuses_a_closing_date_before_receipt(world):
    with pytest.raises(Invalid) as exc:
        services.conclude_mediation_case(
            actor=world.staff, case=world.case, data={"result": "failed", "closed_on": "2024-01-01"}
        )
    assert "closed_on" in exc.value.errors


def test_a_case_without_mediators_cannot_be_concluded(world):
    case = world.new_case(number="（2024）甘06民诉前调2号", mediators=[])
    with pytest.raises(IllegalTransition):
        services.conclude_mediation_case(actor=world.staff, case=case, data={"result": "failed", "closed_on": DAY})
    assert MediationCase.objects.get(pk=case.pk).state == "open"


def test_it_returns_a_case_and_refuses_to_conclude_it_afterwards(world):
    services.return_mediation_case(actor=world.staff, case=world.case, data={"closed_on": "2024-03-05"})
    assert MediationCase.objects.get(pk=world.case.pk).state == "returned"
    with pytest.raises(IllegalTransition):
        services.conclude_mediation_case(
            actor=world.staff, case=world.case, data={"result": "successful", "closed_on": "2024-03-06"}
        )
    with pytest.raises(IllegalTransition):
        services.add_mediation_session(actor=world.staff, case=world.case, data={"held_on": DAY})
    with pytest.raises(IllegalTransition):
        services.update_mediation_case(actor=world.staff, case=world.case, data={"court": "别的法院"})


def test_it_reopens_a_closed_case_with_a_reason(world):
    services.return_mediation_case(actor=world.staff, case=world.case, data={"closed_on": "2024-03-05"})
    with pytest.raises(Invalid):
        services.reopen_mediation_case(actor=world.staff, case=world.case, note="")
    services.reopen_mediation_case(actor=world.staff, case=world.case, note="当事人同意继续调解")
    case = MediationCase.objects.get(pk=world.case.pk)
    assert (case.state, case.closed_on, case.result) == ("open", None, "")


def test_bad_input_is_refused_with_every_field_named_and_nothing_written(world):
    count = MediationCase.objects.count()
    with pytest.raises(Invalid) as exc:
        services.create_mediation_case(
            actor=world.staff,
            committee=world.wuwei,
            data={
                "court": "",
                "case_number": "x" * 61,
                "dispute_kind": "nope",
                "received_on": "2024-13-01",
                "parties": "张三",
            },
        )
    assert set(exc.value.errors) >= {"court", "case_number", "dispute_kind", "received_on", "parties"}
    assert MediationCase.objects.count() == count


def test_a_case_number_is_unique_within_a_committee(world):
    with pytest.raises(Invalid) as exc:
        world.new_case(number=world.case.case_number)
    assert "case_number" in exc.value.errors


def test_mediators_must_be_members_of_the_cases_committee(world):
    with pytest.raises(Invalid) as exc:
        world.new_case(number="（2024）甘06民诉前调3号", mediators=[world.p.pingliang_person])
    assert "mediators" in exc.value.errors


def test_staff_of_another_committee_and_leaders_cannot_write(world):
    p = world.p
    with pytest.raises(Invalid):  # 武威 is not theirs to choose
        services.create_mediation_case(actor=p.other_staff, committee=world.wuwei, data={})
    for user in (p.leader, p.unit_user, p.member, *p.admins):
        with pytest.raises(Forbidden):
            services.create_mediation_case(actor=user, committee=world.wuwei, data={})
    with pytest.raises(Forbidden):
        services.conclude_mediation_case(
            actor=p.other_staff, case=world.case, data={"result": "failed", "closed_on": DAY}
        )
    assert MediationCase.objects.get(pk=world.case.pk).state == "open"


def test_county_staff_cannot_touch_the_citys_case(world):
    with pytest.raises(Forbidden):
        services.add_mediation_session(actor=world.p.county_staff, case=world.case, data={"held_on": DAY})
    assert not MediationSession.objects.exists()
