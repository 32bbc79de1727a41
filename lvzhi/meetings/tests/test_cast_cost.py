"""What one phone ballot costs: the queries of POST /api/v1/meetings/votes/{id}/cast."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.meetings import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("mode", ["anonymous", "open"])
def test_a_phone_ballot_costs_a_handful_of_queries(world, client, mode):
    world.register_all()
    vote = world.vote(mode=mode)
    services.open_vote(actor=world.staff, vote=vote)
    client.force_login(world.p.member)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            f"/api/v1/meetings/votes/{vote.pk}/cast",
            data=json.dumps({"choice": "yes"}),
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    for q in ctx.captured_queries:
        print(q["sql"][:160])
    print(len(ctx.captured_queries))
    assert len(ctx.captured_queries) <= 100
