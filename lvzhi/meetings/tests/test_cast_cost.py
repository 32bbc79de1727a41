"""What one phone ballot costs: the statements of the service (a handful — the member's roles, read
once per request, the attendance, then three writes in one short transaction) and of the whole
POST /api/v1/meetings/votes/{id}/cast (with the session's own reads and write, which a bearer token
does not have)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.errors import IllegalTransition
from lvzhi.meetings import services
from lvzhi.meetings.models import Vote

pytestmark = pytest.mark.django_db

SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT")


def _statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(SAVEPOINTS)]


@pytest.mark.parametrize(
    ("mode", "service_budget", "writes_budget", "request_budget"), [("anonymous", 4, 2, 10), ("open", 7, 3, 13)]
)
def test_a_phone_ballot_costs_a_handful_of_statements(
    world, client, mode, service_budget, writes_budget, request_budget
):
    """An anonymous phone ballot writes two rows (THAT the member voted; one more in a count) and no
    audit entry of its own (the close audits the turnout once); a named one also its ballot and its
    audit entry. The answer says "voted" from what the request just wrote, without reading it back."""
    world.register_all()
    vote = world.vote(mode=mode)
    services.open_vote(actor=world.staff, vote=vote)
    loaded = Vote.objects.select_related("meeting", "committee").get(pk=vote.pk)
    with CaptureQueriesContext(connection) as service:
        services.cast_vote(actor=world.user(world.zhou), vote=loaded, choice="no")
    writes = [s for s in _statements(service) if not s.startswith("SELECT")]
    assert len(_statements(service)) <= service_budget, _statements(service)
    assert len(writes) == writes_budget, writes
    assert any("core_auditentry" in s for s in writes) == (mode == "open")

    client.force_login(world.p.member)
    with CaptureQueriesContext(connection) as request:
        response = client.post(
            f"/api/v1/meetings/votes/{vote.pk}/cast",
            data=json.dumps({"choice": "yes"}),
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["voted"] is True
    assert len(_statements(request)) <= request_budget, _statements(request)


def test_a_ballot_after_the_close_is_refused_and_leaves_nothing(world):
    world.register_all()
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    stale = Vote.objects.select_related("meeting", "committee").get(pk=vote.pk)
    services.close_vote(actor=world.staff, vote=vote)
    with pytest.raises(IllegalTransition):
        services.cast_vote(actor=world.p.member, vote=stale, choice="yes")
    assert not stale.participations.exists()
    assert sum(t.count for t in stale.tallies.all()) == 0
