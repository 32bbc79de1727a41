"""The activity form fits its kind: the partner school only for a training, the outreach counts only
for the kinds among the people; the rows say so to the page's script (the browser test shows them
hidden and shown). What a hidden field holds is saved as the API saves it (page/API parity)."""

import re

from django.test import Client

from lvzhi.activities.choices import OUTREACH_KINDS, TRAINING_KINDS
from lvzhi.activities.models import Activity


def _page(world):
    client = Client()
    client.force_login(world.staff)
    return client


def test_the_form_marks_the_fields_of_some_kinds_only(world):
    html = _page(world).get("/activities/new/").content.decode()
    partner = re.search(r'<div class="mb-3"[^>]*>\s*<label[^>]*for="id_partner"', html).group(0)
    assert 'data-show-when="kind"' in partner and f'data-show-for="{" ".join(TRAINING_KINDS)}"' in partner
    for name in ("people_reached",):  # matters done and problems solved are records of their own
        row = re.search(rf'<div class="mb-3"[^>]*>\s*<label[^>]*for="id_{name}"', html).group(0)
        assert f'data-show-for="{" ".join(OUTREACH_KINDS)}"' in row
    topic = re.search(r'<div class="mb-3"[^>]*>\s*<label[^>]*for="id_topic"', html).group(0)
    assert "data-show-when" not in topic


def _post(world, client, kind, **extra):
    data = {
        "committee": world.p.wuwei.pk,
        "kind": kind,
        "topic": f"{kind} 活动",
        "start": "2026-03-02T09:00",
        "end": "2026-03-02T11:00",
        "place": "会议室",
        "partner": "复旦大学",
        "people_reached": "120",
        **extra,
    }
    response = client.post("/activities/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Activity.objects.get(topic=f"{kind} 活动")


def test_the_fields_a_kind_uses_are_saved(world):
    client = _page(world)
    training = _post(world, client, "training", people_reached="")
    assert training.partner == "复旦大学" and not training.people_reached
    grassroots = _post(world, client, "grassroots", partner="")
    assert grassroots.partner == "" and grassroots.people_reached == 120
