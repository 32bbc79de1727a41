"""The suggestions of an outcome are rows a reader can check: entered one by one or pasted one per
line on the outcome's page or through the API, with the members who made them and whether they were
adopted; the suggestion figures count them (no typed number)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.activities import services
from lvzhi.activities.models import Outcome, Suggestion
from lvzhi.core import registry
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.models import AuditEntry
from lvzhi.core.periods import parse_period
from lvzhi.org.factories import make_member


def test_pasted_suggestions_become_one_row_each_without_their_numbering(world):
    world.invite_all()
    outcome = world.outcome()
    rows = services.add_suggestions(
        actor=world.staff,
        outcome=outcome,
        text="1. 建议设立防沙治沙专项资金。\n\n2、建议推广草方格压沙技术。\n"
        "（三）建议建立联防联治机制。\n四、建议加强宣传。",
        members=[world.person.pk, world.person2.pk],
    )
    assert [r.position for r in rows] == [1, 2, 3, 4]
    assert list(outcome.suggestions.values_list("text", flat=True)) == [
        "建议设立防沙治沙专项资金。",
        "建议推广草方格压沙技术。",
        "建议建立联防联治机制。",
        "建议加强宣传。",
    ]
    assert set(rows[0].members.values_list("pk", flat=True)) == {world.person.pk, world.person2.pk}
    more = services.add_suggestions(actor=world.staff, outcome=outcome, texts=["建议开展第三方评估。"])
    assert more[0].position == 5
    assert AuditEntry.objects.filter(action="suggestion.add").count() == 2


def test_bad_suggestions_are_refused_whole(world):
    world.invite_all()
    outcome = world.outcome()
    with pytest.raises(Invalid) as exc:
        services.add_suggestions(actor=world.staff, outcome=outcome, text=" \n \n")
    assert "每行一条" in exc.value.errors["text"][0]
    with pytest.raises(Invalid) as exc:
        services.add_suggestions(actor=world.staff, outcome=outcome, text="建议一\n" + "长" * 2001)
    assert "第 2 条" in exc.value.errors["text"][0]
    stranger = make_member(world.p.pingliang, "外人")
    with pytest.raises(Invalid) as exc:
        services.add_suggestions(actor=world.staff, outcome=outcome, text="建议一", members=[stranger.pk])
    assert exc.value.errors["members"]
    with pytest.raises(Forbidden):
        services.add_suggestions(actor=world.member, outcome=outcome, text="建议一")
    assert not Suggestion.objects.exists()


def test_a_suggestion_is_adopted_and_unadopted(world):
    world.invite_all()
    outcome = world.outcome()
    services.send_outcome(actor=world.staff, outcome=outcome, sent_to="市委办公室", sent_on="2024-05-01")
    (s,) = services.add_suggestions(actor=world.staff, outcome=outcome, text="建议设立专项资金。")
    with pytest.raises(Invalid) as exc:
        services.update_suggestion(actor=world.staff, suggestion=s, data={"adopted": True})
    assert exc.value.errors["adopted_by"]
    with pytest.raises(Invalid) as exc:
        services.update_suggestion(
            actor=world.staff,
            suggestion=s,
            data={"adopted": True, "adopted_by": "市财政局", "adopted_on": "2024-04-01"},
        )
    assert "早于" in exc.value.errors["adopted_on"][0]
    s.refresh_from_db()
    assert not s.adopted
    services.update_suggestion(
        actor=world.staff,
        suggestion=s,
        data={"adopted": True, "adopted_by": "市财政局", "adopted_on": "2024-06-01", "members": [world.person3.pk]},
    )
    s.refresh_from_db()
    assert (s.adopted, s.adopted_by, s.adopted_on) == (True, "市财政局", datetime.date(2024, 6, 1))
    assert list(s.members.values_list("pk", flat=True)) == [world.person3.pk]
    services.update_suggestion(actor=world.staff, suggestion=s, data={"adopted": False})
    s.refresh_from_db()
    assert (s.adopted, s.adopted_by, s.adopted_on) == (False, "", None)
    services.delete_suggestion(actor=world.staff, suggestion=s)
    assert not Suggestion.objects.exists()
    assert AuditEntry.objects.filter(action="suggestion.delete").count() == 1


def test_the_outcome_page_adds_edits_and_deletes_suggestions(world, client):
    world.invite_all()
    outcome = world.outcome()
    client.force_login(world.staff)
    url = f"/activities/outcomes/{outcome.pk}/"
    form = {"text": "建议一。\n建议二。", "members": [world.person.pk]}
    assert client.post(f"{url}suggestions/", form).status_code == 302
    first = outcome.suggestions.first()
    page = client.get(url).content.decode()
    assert 'data-testid="suggestion-count">2<' in page and "建议一。" in page and world.person.name in page
    edit = {"text": "建议一（修改）。", "members": [world.person2.pk], "adopted": "on", "adopted_by": "市发改委"}
    assert client.post(f"/activities/suggestions/{first.pk}/edit/", edit).status_code == 302
    first.refresh_from_db()
    assert (first.text, first.adopted_by) == ("建议一（修改）。", "市发改委")
    assert client.post(f"/activities/suggestions/{first.pk}/delete/").status_code == 302
    assert outcome.suggestions.count() == 1
    # an empty paste shows its message and writes nothing
    response = client.post(f"{url}suggestions/", {"text": "   "})
    assert response.status_code == 200 and outcome.suggestions.count() == 1


def test_others_cannot_touch_the_suggestions(world, client):
    world.invite_all()
    outcome = world.outcome()
    (s,) = services.add_suggestions(actor=world.staff, outcome=outcome, text="建议一。")
    client.force_login(world.p.other_staff)
    assert client.post(f"/activities/suggestions/{s.pk}/delete/").status_code == 404
    assert client.post(f"/activities/outcomes/{outcome.pk}/suggestions/", {"text": "x"}).status_code == 404
    client.force_login(world.member)
    assert client.post(f"/activities/suggestions/{s.pk}/delete/").status_code == 403
    assert Suggestion.objects.count() == 1


def test_the_api_lists_adds_edits_and_deletes_suggestions(world, api):
    world.invite_all()
    outcome = world.outcome()
    path = f"/activities/outcomes/{outcome.pk}/suggestions/"
    status, body = api(world.staff, "post", path, {"text": "1. 建议一。\n2. 建议二。", "members": [world.person.pk]})
    assert status == 201 and body["count"] == 2 and body["items"][0]["text"] == "建议一。"
    assert body["items"][0]["members"] == [{"id": world.person.pk, "name": world.person.name}]
    status, body = api(world.staff, "post", path, {"texts": ["建议三。"]})
    assert status == 201 and body["items"][0]["position"] == 3
    status, listed = api(world.staff, "get", path)
    assert status == 200 and listed["count"] == 3
    sid = listed["items"][0]["id"]
    status, body = api(world.staff, "patch", f"/activities/suggestions/{sid}", {"adopted": True, "adopted_by": "市委"})
    assert status == 200 and body["adopted"] is True and body["adopted_by"] == "市委"
    status, error = api(world.staff, "patch", f"/activities/suggestions/{sid}", {"text": ""})
    assert status == 422 and "text" in error["errors"]
    assert api(world.p.other_staff, "get", path)[0] == 404
    assert api(world.p.other_staff, "delete", f"/activities/suggestions/{sid}")[0] == 404
    assert api(world.member, "patch", f"/activities/suggestions/{sid}", {"text": "x"})[0] == 404
    status, body = api(world.staff, "get", f"/activities/{world.activity.pk}/outcomes/")
    assert body["items"][0]["suggestions_count"] == 3
    assert api(world.staff, "delete", f"/activities/suggestions/{sid}")[0] == 204
    assert Suggestion.objects.count() == 2


def test_the_outcome_page_costs_the_same_queries_for_many_suggestions(world, client):
    world.invite_all()
    outcome = world.outcome()
    services.add_suggestions(actor=world.staff, outcome=outcome, text="建议一。", members=[world.person.pk])
    client.force_login(world.staff)
    url = f"/activities/outcomes/{outcome.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    services.add_suggestions(
        actor=world.staff, outcome=outcome, texts=[f"建议{i}。" for i in range(20)], members=[world.person2.pk]
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) <= len(few)


def test_a_sent_outcomes_suggestions_are_counted_by_the_figures(world):
    world.invite_all()
    outcome = world.outcome()
    services.add_suggestions(actor=world.staff, outcome=outcome, text="建议一。\n建议二。\n建议三。")
    services.finish_activity(actor=world.staff, activity=world.activity)
    from_figures = services_figures_value(world, "activities.suggestions")
    assert from_figures == 0  # a draft outcome's suggestions are not yet counted
    services.send_outcome(actor=world.staff, outcome=Outcome.objects.get(pk=outcome.pk), sent_to="市委")
    (s, *_) = outcome.suggestions.all()
    services.update_suggestion(actor=world.staff, suggestion=s, data={"adopted": True, "adopted_by": "市委"})
    assert services_figures_value(world, "activities.suggestions") == 3
    assert services_figures_value(world, "activities.suggestions_adopted") == 1


def services_figures_value(world, key):
    return registry.figures()[key].compute([world.p.wuwei.pk], parse_period("cumulative"))
