"""What a page can do, the API can do with the same effect: the report's actions come from one table
whose page forms and API bodies share their field names; a draft, the settings and points, and the
default lists are written through the API as on the pages; refusals as DESIGN.md says."""

import pytest

from lvzhi.core.models import AuditEntry
from lvzhi.opinions import services
from lvzhi.opinions.actions import REPORT_ACTIONS
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.models import Category, OpinionReport, PointRule, Recipient


@pytest.mark.parametrize("action", REPORT_ACTIONS.actions, ids=lambda a: a.name)
def test_each_actions_page_form_takes_the_fields_of_its_api_body(action):
    form = action.build_form(None, None)
    assert set(action.body.model_fields) <= set(form.fields), action.name


def test_the_buttons_follow_the_table(world):
    report = world.report()
    assert [a.name for a in REPORT_ACTIONS.for_user(report, world.staff)] == ["accept", "reject", "return"]
    assert {a.name for a in REPORT_ACTIONS.for_user(report, world.member)} == set()
    draft = world.report(submit=False)
    assert {a.name for a in REPORT_ACTIONS.for_user(draft, world.member)} == {"submit"}


def test_a_draft_is_changed_through_the_api_as_on_its_page(world, api):
    draft = world.report(submit=False)
    status, body = api(world.member, "patch", f"/opinions/{draft.pk}", {"title": "改过的标题", "area": "凉州区"})
    assert status == 200 and body["title"] == "改过的标题" and body["area"] == "凉州区" and body["state"] == "draft"
    assert OpinionReport.objects.get(pk=draft.pk).content == draft.content  # what was not given stays
    assert api(world.member, "patch", f"/opinions/{draft.pk}", {"title": ""})[0] == 422
    assert api(world.member2, "patch", f"/opinions/{draft.pk}", {"title": "x"})[0] == 404
    submitted = world.report()
    assert api(world.member, "patch", f"/opinions/{submitted.pk}", {"title": "x"})[0] == 409
    assert OpinionReport.objects.get(pk=draft.pk).title == "改过的标题"


def test_settings_and_points_through_the_api(world, api):
    city = world.p.wuwei
    status, body = api(world.staff, "get", f"/opinion-settings/?committee={city.code}")
    assert status == 200 and body["max_length"] == 5000 and body["points"]["submitted"] >= 0
    change = {"warn_length": 800, "max_length": 3000, "feedback_days": 20, "points": {"used": 7}}
    status, body = api(world.staff, "put", "/opinion-settings/", change)
    assert status == 200 and body["warn_length"] == 800 and body["points"]["used"] == 7
    assert services.settings_for(city).feedback_days == 20 and services.points_for(city)["used"] == 7
    entries = AuditEntry.objects.count()
    bad = {"warn_length": 800, "max_length": 3000, "feedback_days": 20, "points": {"nonsense": 1}}
    assert api(world.staff, "put", "/opinion-settings/", bad)[0] == 422
    assert api(world.staff, "put", "/opinion-settings/", {**change, "max_length": 500})[0] == 422
    assert services.settings_for(city).max_length == 3000 and AuditEntry.objects.count() == entries
    assert api(world.member, "get", "/opinion-settings/")[0] == 403
    assert api(world.member, "put", "/opinion-settings/", change)[0] == 403
    assert api(world.p.other_staff, "put", "/opinion-settings/", {**change, "committee": city.pk})[0] == 422
    assert api(None, "get", "/opinion-settings/")[0] == 401
    assert PointRule.objects.filter(committee=city, event="used").get().points == 7


def test_the_default_lists_through_the_api(world, api):
    county = world.p.liangzhou
    staff = world.p.county_staff
    status, rows = api(staff, "post", "/opinion-recipients/defaults", {"committee": county.pk})
    assert status == 200 and rows and len(rows) == Recipient.objects.filter(committee=county).count()
    status, rows = api(staff, "post", "/opinion-categories/defaults", {})
    assert status == 200 and [r["name"] for r in rows][:2] == ["经济发展", "社会民生"]
    assert Category.objects.filter(committee=county).count() == len(rows)
    assert api(world.member, "post", "/opinion-categories/defaults", {})[0] == 403


def test_an_action_without_input_may_be_posted_without_a_body(world, api):
    report = world.report()
    status, body = api(world.staff, "post", f"/opinions/{report.pk}/accept")
    assert status == 200 and body["state"] == OpinionState.ACCEPTED
    assert api(world.staff, "post", f"/opinions/{report.pk}/reject")[0] == 422  # its reason is required
