"""Dates outside 1949-10-01..2100-12-31, or impossible ones, are refused at the boundary (DESIGN.md):
a 422 from the API and the calendar, an empty list on the list page — never a 500."""

import pytest


@pytest.mark.parametrize(
    "query, field",
    [("date_from=9999-12-31", "date_from"), ("date_to=9999-12-31", "date_to"), ("date_to=2024-02-30", "date_to")],
)
def test_the_api_list_refuses_a_date_it_cannot_use(world, client, query, field):
    client.force_login(world.staff)
    response = client.get(f"/api/v1/activities/?{query}")
    assert response.status_code == 422 and field in response.json()["errors"]


def test_the_list_page_shows_nothing_for_such_a_date(world, client):
    client.force_login(world.staff)
    response = client.get("/activities/?date_to=9999-12-31")
    assert response.status_code == 200 and world.activity.topic not in response.content.decode()
    assert world.activity.topic in client.get("/activities/?date_from=2020-01-01").content.decode()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2024-02-30"])
def test_the_calendar_refuses_such_a_date(world, client, day):
    client.force_login(world.staff)
    assert client.get(f"/activities/calendar/?date={day}").status_code == 422
    assert client.get("/activities/calendar/?date=2024-02-29").status_code == 200


def test_creating_an_activity_in_2200_is_refused(world, client):
    client.force_login(world.staff)
    body = {"committee": "620600", "kind": "study", "topic": "x", "start": "2200-01-01T09:00"}
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 422 and "start" in response.json()["errors"]
