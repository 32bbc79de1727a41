"""Deadlines with a controlled clock: reminders 7 days and 1 day before and the day after; overdue."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.models import Notification
from lvzhi.proposals.reminders import send_deadline_reminders


def test_reminders_go_out_7_3_and_1_days_before_and_when_overdue(world, django_capture_on_commit_callbacks):
    proposal = world.assigned()
    lead = world.lead(proposal)
    deadline = lead.deadline
    for offset, expected in ((-8, 0), (-7, 1), (-4, 0), (-3, 1), (-2, 0), (-1, 1), (0, 0), (1, 1)):
        Notification.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            send_deadline_reminders(deadline + datetime.timedelta(days=offset))
        mine = Notification.objects.filter(user=world.p.unit_user)
        assert mine.count() == expected, offset
    assert Notification.objects.filter(user=world.p.staff, title__contains="逾期").exists()


def test_a_signed_and_replied_assignment_is_not_reminded(world):
    proposal = world.replied(units=[{"unit": world.unit.pk, "role": "lead"}])
    lead = world.lead(proposal)
    assert send_deadline_reminders(lead.deadline - datetime.timedelta(days=7)) == 0


def test_overdue_assignments_are_listed_and_highlighted(client, world):
    proposal = world.assigned()
    proposal.assignments.update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(world.p.unit_user)
    response = client.get(reverse("proposals:inbox"), {"state": "overdue"})
    assert response.context["page"].paginator.count == 1
    assert "table-danger" in response.content.decode()
    client.force_login(world.p.staff)
    assert client.get(reverse("proposals:list"), {"overdue": "1"}).context["page"].paginator.count == 1


def test_the_command_runs_for_a_given_day(world, capsys):
    world.assigned()
    call_command("remind_proposals", "--date", "2000-01-01")
    assert "0" in capsys.readouterr().out
