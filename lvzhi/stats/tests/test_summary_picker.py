"""The summary editor's insert-figure picker: the preview says the figure, its scope and period in
words and what the summary will write, the same `fill` the summary uses; in a real browser the office
picks a figure and inserts it at the cursor without typing the placeholder."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.stats.summary import format_value
from lvzhi.stats.views.summary_picker import picker_context


@pytest.mark.django_db
def test_the_preview_says_the_figure_in_words_and_as_written(client, personas):
    client.force_login(personas.staff)
    response = client.get(
        "/stats/summaries/figure/",
        {"figure": "org.studios", "scope": "tree", "round": "中文", "committee": personas.wuwei.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    part = response.context["part"]
    assert part.text == format_value(part.value, "中文")
    assert "武威市（含县区）" in html and str(response.context["figure"].label) in html
    assert 'data-insert-figure="{{ figure:org.studios | scope=tree | round=中文 }}"' in html
    visible = html.split("data-insert-figure")[0]
    assert "{{" not in visible and "scope=" not in visible  # the code is only in the button's data


@pytest.mark.django_db
def test_the_preview_refuses_a_committee_outside_the_scope(client, personas):
    client.force_login(personas.staff)
    response = client.get("/stats/summaries/figure/", {"figure": "org.studios", "committee": personas.pingliang.pk})
    assert response.status_code == 404
    client.force_login(personas.member)
    assert client.get("/stats/summaries/figure/", {"figure": "org.studios"}).status_code == 403


@pytest.mark.django_db
def test_the_picker_offers_figures_by_module_in_words(personas):
    context = picker_context(personas.wuwei)
    labels = [label for _module, figures in context["picker_groups"] for _key, label in figures]
    assert len(labels) > 20 and all("." not in str(label) for label in labels)
    assert [str(w) for _v, w in context["picker_scopes"]] == ["本级", "含下级", "仅下级"]


@pytest.mark.browser
def test_the_office_inserts_a_figure_without_typing_it(personas, page, login, live_server):
    login(personas.staff)
    page.goto(f"{live_server.url}/stats/summaries/new/")
    page.fill("#id_body", "委员工作室达")
    page.select_option("#figure-picker select[name=figure]", "org.studios")
    page.select_option("#figure-picker select[name=round]", "中文")
    # the preview answers each change; wait for the one that carries the rounding
    expect(page.locator("[data-testid=insert-figure]")).to_have_attribute(
        "data-insert-figure", re.compile("round=中文")
    )
    page.locator("#id_body").press("End")
    page.click("[data-testid=insert-figure]")
    assert page.input_value("#id_body") == "委员工作室达{{ figure:org.studios | scope=self | round=中文 }}"
