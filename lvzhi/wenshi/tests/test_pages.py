"""The 文史 pages: who may open them, the member's submit form, the detail's review buttons, versions
and diff, the figures' drill-down, and query counts that do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.wenshi import services
from lvzhi.wenshi.factories import make_adopted, make_manuscript
from lvzhi.wenshi.models import Manuscript

pytestmark = pytest.mark.django_db


def test_a_member_submits_from_the_page(world, client):
    client.force_login(world.member)
    response = client.post(
        reverse("wenshi:manuscript_create"),
        {"kind": "clue", "form": "text", "title": "老字号账簿线索", "text": "某老字号后人藏有民国账簿。"},
    )
    m = Manuscript.objects.get(title="老字号账簿线索")
    assert response.status_code == 302 and m.member == world.p.member_person


def test_a_bad_submission_shows_the_problem_and_writes_nothing(world, client):
    client.force_login(world.member)
    before = Manuscript.objects.count()
    response = client.post(reverse("wenshi:manuscript_create"), {"kind": "manuscript", "form": "oral", "title": "口述"})
    assert response.status_code == 200 and "口述史请填写口述人。" in response.content.decode()
    assert Manuscript.objects.count() == before


def test_staff_see_the_review_buttons_and_the_author_does_not(world, client):
    url = reverse("wenshi:manuscript_detail", args=[world.manuscript.pk])
    client.force_login(world.staff)
    assert 'data-testid="manuscript-pass"' in client.get(url).content.decode()
    client.force_login(world.member)
    assert 'data-testid="manuscript-pass"' not in client.get(url).content.decode()
    client.force_login(world.member2)
    assert client.get(url).status_code == 404
    client.force_login(world.other_staff)
    assert client.get(url).status_code == 404


def test_the_detail_shows_the_diff_against_the_original(world, client):
    services.edit_manuscript(
        actor=world.staff,
        manuscript=world.manuscript,
        data={"text": "1247年，阔端与萨迦班智达在凉州会谈。\n新增一段。"},
    )
    client.force_login(world.staff)
    page = client.get(reverse("wenshi:manuscript_detail", args=[world.manuscript.pk])).content.decode()
    assert '<ins class="text-success-emphasis fw-semibold">新增一段。</ins>' in page
    assert '<del class="text-danger-emphasis">史称凉州会盟。</del>' in page


def test_the_diff_escapes_what_the_author_typed(world, client):
    services.edit_manuscript(
        actor=world.staff,
        manuscript=world.manuscript,
        data={"text": "1247年，阔端与萨迦班智达在凉州会谈。<script>x()</script>"},
    )
    client.force_login(world.staff)
    page = client.get(reverse("wenshi:manuscript_detail", args=[world.manuscript.pk])).content.decode()
    assert "<script>x()" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page


@pytest.mark.parametrize("name", ["wenshi:home", "wenshi:manuscript_list", "wenshi:volume_list", "wenshi:call_list"])
def test_units_and_administrators_are_refused(world, client, name):
    for user in [world.p.unit_user, *world.p.admins]:
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


def test_the_office_registers_are_not_for_members(world, client):
    client.force_login(world.member)
    for name in ("wenshi:item_list", "wenshi:circulation_list", "wenshi:figures"):
        assert client.get(reverse(name)).status_code == 403


def test_a_figure_opens_to_its_records(world, client):
    m = make_adopted(actor=world.staff, author=world.member, title="马踏飞燕出土前后")
    client.force_login(world.staff)
    response = client.get(
        reverse("wenshi:figures"), {"figure": "wenshi.adopted", "committee": "620600", "period": "cumulative"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and m.title in page and world.manuscript.title not in page


def test_the_list_and_the_volume_page_need_the_same_queries_for_ten_times_the_rows(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.staff)
    for i in range(2):
        m = make_adopted(actor=world.staff, author=world.member, title=f"稿件{i}")
        services.add_volume_entry(actor=world.staff, volume=world.volume, data={"manuscript": m.pk})
    pages = [reverse("wenshi:manuscript_list"), reverse("wenshi:volume_detail", args=[world.volume.pk])]
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few))
    for i in range(20):
        m = make_adopted(actor=world.staff, author=world.member2, title=f"更多稿件{i}")
        services.add_volume_entry(actor=world.staff, volume=world.volume, data={"manuscript": m.pk})
        make_manuscript(actor=world.member, title=f"待审{i}")
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_the_registers_lists_sort_by_a_column_and_page_by_the_chosen_size(world, client):
    for title in ("乙稿", "甲稿", "丙稿"):
        make_manuscript(actor=world.member, title=title)
    client.force_login(world.staff)
    url = reverse("wenshi:manuscript_list")
    page = client.get(url, {"sort": "title", "per_page": 50}).content.decode()
    assert page.index("丙稿") < page.index("乙稿") < page.index("甲稿")  # by title (code point order)
    assert 'data-testid="list-pager"' in page and 'value="50" selected' in page
    backwards = client.get(url, {"sort": "-title"}).content.decode()
    assert backwards.index("甲稿") < backwards.index("乙稿") < backwards.index("丙稿")
    for name in ("plan_list", "call_list", "volume_list", "item_list", "circulation_list"):
        response = client.get(reverse(f"wenshi:{name}"), {"per_page": 50})
        assert response.status_code == 200 and 'data-testid="list-pager"' in response.content.decode(), name
