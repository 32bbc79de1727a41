"""The workflow core, exercised through a real workflow: ending a membership."""

import datetime

import pytest

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.core.workflow import timeline
from lvzhi.org import services
from lvzhi.org.models import Membership


def seat_of(person):
    return Membership.objects.get(member=person)


def test_it_performs_a_legal_transition_and_records_it(personas):
    seat = seat_of(personas.member_person)
    services.end_membership(
        actor=personas.staff, membership=seat, status="resigned", ended_on=datetime.date(2024, 6, 1), reason="工作调动"
    )
    seat.refresh_from_db()
    assert seat.status == "resigned"
    assert seat.ended_on == datetime.date(2024, 6, 1)
    rows = timeline(seat, field="status")
    assert [(r.from_state, r.to_state, r.actor, r.note) for r in rows] == [
        ("active", "resigned", personas.staff, "工作调动")
    ]
    assert str(rows[0].to_label) == "辞任"
    entry = AuditEntry.objects.get(action="transition.resign")
    assert entry.actor == personas.staff and entry.before == {"status": "active"}


def test_it_refuses_an_illegal_transition_and_changes_nothing(personas):
    seat = seat_of(personas.member_person)
    services.end_membership(actor=personas.staff, membership=seat, status="removed", ended_on="2024-06-01")
    with pytest.raises(IllegalTransition) as exc:
        services.end_membership(actor=personas.staff, membership=seat, status="resigned", ended_on="2024-07-01")
    assert "撤销" in str(exc.value.message)
    seat.refresh_from_db()
    assert (seat.status, seat.ended_on) == ("removed", datetime.date(2024, 6, 1))
    assert Transition.objects.count() == 1


def test_it_refuses_an_actor_without_permission(personas):
    seat = seat_of(personas.member_person)
    for actor in (personas.member, personas.unit_user, personas.other_staff, personas.county_staff, *personas.admins):
        with pytest.raises(Forbidden):
            services.end_membership(actor=actor, membership=seat, status="resigned", ended_on="2024-06-01")
    seat.refresh_from_db()
    assert seat.status == "active"
    assert not Transition.objects.exists()


def test_it_refuses_bad_input_with_field_messages(personas):
    seat = seat_of(personas.member_person)
    with pytest.raises(Invalid) as exc:
        services.end_membership(actor=personas.staff, membership=seat, status="vanished", ended_on="not a date")
    assert set(exc.value.errors) == {"status", "ended_on"}
    with pytest.raises(Invalid) as exc:
        services.end_membership(
            actor=personas.staff,
            membership=seat,
            status="resigned",
            ended_on=seat.started_on - datetime.timedelta(days=1),
        )
    assert "ended_on" in exc.value.errors
    seat.refresh_from_db()
    assert seat.status == "active" and not Transition.objects.exists()
