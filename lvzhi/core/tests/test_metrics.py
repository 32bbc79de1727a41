"""Prometheus metrics at /metrics: only the monitoring network reads them; a scrape, parsed with
prometheus_client's own text-format parser, carries request latency by route, SQL statements and time
per request, the task queue's depth and age, check-ins and login failures."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from lvzhi.activities import services as activities
from lvzhi.activities.factories import ActivityWorld
from lvzhi.jobs.tasks import recover_stuck_jobs

MONITORING = ["10.20.0.0/16"]


def scrape(client, addr="10.20.3.4") -> dict:
    """The scrape as {sample name: [(labels, value)]}."""
    response = client.get("/metrics", REMOTE_ADDR=addr)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


def value(samples, name, **labels) -> float:
    return sum(v for found, v in samples.get(name, []) if labels.items() <= found.items())


@pytest.mark.django_db
def test_metrics_are_not_there_for_any_other_address(client):
    assert client.get("/metrics").status_code == 404  # none allowed by default, 127.0.0.1 neither
    with override_settings(METRICS_ALLOWED=MONITORING):
        assert client.get("/metrics", REMOTE_ADDR="10.21.0.1").status_code == 404
        assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
        assert client.get("/metrics", REMOTE_ADDR="10.20.200.1").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_client_decides(client):
    with override_settings(METRICS_ALLOWED=MONITORING, TRUSTED_PROXIES=["127.0.0.1/32"]):
        outside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        inside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.20.0.9")
    assert outside.status_code == 404
    assert inside.status_code == 200


@override_settings(METRICS_ALLOWED=MONITORING)
def test_a_scrape_finds_latency_sql_queue_checkins_and_login_failures(
    client, personas, django_capture_on_commit_callbacks
):
    before = scrape(client)
    world = ActivityWorld(personas)
    world.invite_all()
    token, _ = activities.issue_checkin_token(actor=world.staff, activity=world.activity)
    with django_capture_on_commit_callbacks(execute=True):
        activities.check_in(actor=world.member, activity=world.activity, token=token)
        client.post("/accounts/login/", {"username": personas.member.username, "password": "wrong-password-1"})
    client.get("/healthz")
    client.force_login(personas.staff)
    assert client.get("/proposals/").status_code == 200
    recover_stuck_jobs.enqueue()
    DBTaskResult.objects.filter(status="READY").update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))

    after = scrape(client)

    assert value(after, "lvzhi_checkins_total") == value(before, "lvzhi_checkins_total") + 1
    step = {"step": "password"}
    assert value(after, "lvzhi_login_failures_total", **step) == value(before, "lvzhi_login_failures_total", **step) + 1
    healthz = {"route": "/healthz", "method": "GET"}
    assert value(after, "lvzhi_request_duration_seconds_count", **healthz) == 1 + value(
        before, "lvzhi_request_duration_seconds_count", **healthz
    )
    assert value(after, "lvzhi_requests_total", route="/healthz", status="2xx") >= 1
    # the list page ran SQL: its statements and their time are in the histograms of its route
    lists = {"route": "/proposals/"}
    assert value(after, "lvzhi_request_queries_count", **lists) >= 1
    assert value(after, "lvzhi_request_queries_sum", **lists) >= 3
    assert value(after, "lvzhi_request_sql_duration_seconds_sum", **lists) > 0
    # the queue, read from the database: one ready task, waiting about five minutes
    assert value(after, "lvzhi_task_queue_depth", status="ready") == 1
    assert 290 <= value(after, "lvzhi_task_queue_oldest_age_seconds") <= 900


@override_settings(METRICS_ALLOWED=MONITORING)
def test_routes_are_patterns_not_paths(client, personas):
    client.force_login(personas.staff)
    client.get("/proposals/999999/")
    client.get("/proposals/999998/")
    after = scrape(client)
    routes = {labels["route"] for labels, _ in after["lvzhi_request_duration_seconds_count"]}
    assert not any("999999" in r for r in routes)
    assert any(r.startswith("/proposals/<") for r in routes)
