import logging

import pytest
from django.db import transaction
from django.test import Client

from lvzhi.core.models import Notification
from lvzhi.core.notifications import notify, unread_count
from lvzhi.org.factories import Personas


@pytest.mark.django_db(transaction=True)
def test_it_delivers_after_commit_to_the_inbox_and_the_sender(caplog):
    people = Personas()
    with caplog.at_level(logging.INFO, logger="lvzhi.notifications"), transaction.atomic():
        notify([people.member], title="您有一条新邀请", url="/")
        assert not Notification.objects.exists()  # nothing before the commit
    assert unread_count(people.member) == 1
    assert "您有一条新邀请" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_notifies_nobody():
    people = Personas()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([people.member], title="不会送达")
        raise RuntimeError
    assert unread_count(people.member) == 0


def test_the_header_shows_the_unread_count(personas, client):
    Notification.objects.create(user=personas.staff, title="待办")
    client.force_login(personas.staff)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert 'data-testid="unread">1<' in response.content.decode()
    client.post("/notifications/read/")
    assert unread_count(personas.staff) == 0


def test_the_api_lists_the_inbox_and_marks_it_read(personas):
    client = Client(enforce_csrf_checks=True)
    Notification.objects.create(user=personas.staff, title="待办一")
    Notification.objects.create(user=personas.member, title="别人的")
    client.force_login(personas.staff)
    body = client.get("/api/v1/me/notifications").json()
    assert (body["count"], body["unread"], [n["title"] for n in body["items"]]) == (1, 1, ["待办一"])
    assert client.post("/api/v1/me/notifications/read").status_code == 403  # a session write needs CSRF
    assert unread_count(personas.staff) == 1
    csrf = client.get("/notifications/").cookies["csrftoken"].value
    response = client.post("/api/v1/me/notifications/read", HTTP_X_CSRFTOKEN=csrf)
    assert response.json() == {"marked": 1}
    assert unread_count(personas.staff) == 0 and unread_count(personas.member) == 1
