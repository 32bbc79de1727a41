"""The learning pages: who sees what (a member of one committee never sees another's), the member's
study and reflection from the page, the office's forms, exports and completion tables, and query
counts that do not grow with the rows."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.core import registry
from lvzhi.core.models import AuditEntry
from lvzhi.learning import services
from lvzhi.learning.factories import REFLECTION
from lvzhi.learning.models import Reflection, StudyMaterial, StudyRecord

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_member_sees_only_what_is_addressed_to_her(world, client):
    mine = world.material(title="武威的资料")
    world.material(title="平凉的资料", committee=world.p.pingliang)
    world.material(title="未发布的资料", publish=False)
    world.material(title="经济界的资料", audience="sectors", sectors=[world.p.sector.pk])
    body = _get(client, world.member2, reverse("learning:list")).content.decode()
    assert (
        "武威的资料" in body and "平凉的资料" not in body and "未发布的资料" not in body and "经济界的资料" not in body
    )
    assert "经济界的资料" in _get(client, world.member, reverse("learning:list")).content.decode()
    assert _get(client, world.pingliang_member, reverse("learning:detail", args=[mine.pk])).status_code == 404
    assert _get(client, world.p.other_staff, reverse("learning:detail", args=[mine.pk])).status_code == 404


def test_lower_committees_are_reached_when_asked(world, client):
    city = world.material(title="市县联学资料", include_lower=True)
    assert _get(client, world.county_member, reverse("learning:detail", args=[city.pk])).status_code == 200
    services.mark_studied(actor=world.county_member, material=city, seconds=5)
    assert StudyRecord.objects.get().committee == world.p.liangzhou


@pytest.mark.parametrize("name", ["list", "reflections", "groups", "completion_all", "topics", "figures", "create"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(f"learning:{name}"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_admin_roles_and_units_are_refused_what_is_not_theirs(world, client):
    for admin in world.p.admins:
        assert _get(client, admin, reverse("learning:list")).status_code == 403
    assert _get(client, world.p.unit_user, reverse("learning:reflections")).status_code == 403
    assert _get(client, world.member, reverse("learning:create")).status_code == 403
    assert _get(client, world.member, reverse("learning:completion_all")).status_code == 403
    assert _get(client, world.member, reverse("learning:figures")).status_code == 403


def test_the_member_studies_and_reflects_from_the_page(world, client):
    material = world.required()
    client.force_login(world.member)
    page = client.get(reverse("learning:detail", args=[material.pk])).content.decode()
    assert "data-study-timer" in page and "study-timer.js" in page and "<script>" not in page
    response = client.post(
        reverse("learning:act", args=[material.pk, "studied"]), {"seconds": "184", "measured_by": "browser"}
    )
    assert response.status_code == 302
    record = StudyRecord.objects.get()
    assert (record.seconds, record.measured_by) == (184, "browser")
    response = client.post(reverse("learning:act", args=[material.pk, "reflect"]), {"text": "太短了"})
    assert response.status_code == 422 and "至少" in response.content.decode() and not Reflection.objects.exists()
    client.post(reverse("learning:act", args=[material.pk, "reflect"]), {"text": REFLECTION})
    reflection = Reflection.objects.get()
    client.post(reverse("learning:reflection_act", args=[reflection.pk, "submit"]))
    reflection.refresh_from_db()
    assert reflection.state == "submitted"
    page = client.get(reverse("learning:detail", args=[material.pk])).content.decode()
    assert 'data-testid="studied"' in page and "已提交" in page


def test_the_office_writes_and_publishes_a_material(world, client):
    client.force_login(world.staff)
    data = {"title": "政策法规学习：政协章程", "kind": "article", "body": "<p>章程全文</p>", "topics": ["政策法规"]}
    data |= {"audience": "all", "required": "on", "deadline": "2099-01-31"}
    response = client.post(reverse("learning:create"), data)
    material = StudyMaterial.objects.get()
    assert response.status_code == 302 and material.required and material.state == "draft"
    client.post(reverse("learning:act", args=[material.pk, "publish"]))
    material.refresh_from_db()
    assert material.state == "published"
    response = client.post(reverse("learning:edit", args=[material.pk]), {**data, "title": "政协章程", "required": ""})
    assert response.status_code == 200 and "只有必学资料才设截止日期" in response.content.decode()
    response = client.post(reverse("learning:act", args=[material.pk, "withdraw"]), {"reason": ""})
    assert response.status_code == 422
    material.refresh_from_db()
    assert material.state == "published" and material.title == "政策法规学习：政协章程"


def test_the_office_exports_the_list_and_the_completion(world, client):
    material = world.required()
    services.mark_studied(actor=world.member, material=material, seconds=120)
    client.force_login(world.staff)
    response = client.get(reverse("learning:list") + "?export=xlsx&required=1")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2 and sheet["A2"].value == material.title
    page = client.get(reverse("learning:completion", args=[material.pk])).content.decode()
    assert "李明" in page and "周敏" in page and "50.0%" in page
    response = client.get(reverse("learning:completion", args=[material.pk]) + "?export=xlsx&by=sector")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert ("经济界", 1, 1, 100.0) in rows
    response = client.get(reverse("learning:completion_all") + "?export=xlsx&by=committee")
    assert list(load_workbook(io.BytesIO(response.content)).active.values)[1] == ("武威市", 2, 1, 50.0)
    assert AuditEntry.objects.filter(action="export.xlsx").count() == 3
    client.force_login(world.member)
    assert client.get(reverse("learning:list") + "?export=xlsx").status_code == 403


def test_the_required_completion_offers_its_periods_in_words(world, client):
    material = world.required()
    client.force_login(world.staff)
    year = timezone.localdate().year
    page = client.get(reverse("learning:completion_all")).content.decode()
    chooser = re.search(r'<select name="period".*?</select>', page, re.S).group(0)
    assert f'<option value="year:{year}" selected>{year}年</option>' in chooser
    assert "累计" in chooser and "本届以来" not in chooser and ">year<" not in page
    assert material.state == "published"
    assert "必学资料 1 篇" in client.get(reverse("learning:completion_all") + "?period=cumulative").content.decode()
    before = client.get(reverse("learning:completion_all") + f"?period=year:{year - 3}").content.decode()
    assert f'<option value="year:{year - 3}" selected>' in before and "必学资料 0 篇" in before


def test_the_completion_lists_the_members_a_page_at_a_time_and_exports_them_all(world, client, monkeypatch):
    from lvzhi.learning.views import materials as views

    material = world.required()
    services.mark_studied(actor=world.member, material=material, seconds=120)
    client.force_login(world.staff)
    url = reverse("learning:completion", args=[material.pk])
    whole = client.get(url).content.decode()
    assert "李明" in whole and "周敏" in whole
    monkeypatch.setattr(views, "MEMBERS_PER_PAGE", 1)
    first, second = (client.get(f"{url}?page={n}").content.decode() for n in (1, 2))
    assert ("李明" in first) != ("李明" in second) and ("周敏" in first) != ("周敏" in second)
    assert "第 1 / 2 页" in first and "共 2 条" in first
    assert "50.0%" in first and "50.0%" in second  # the sums are of every member, on every page
    response = client.get(url + "?export=xlsx&by=member&page=2")
    names = [row[0] for row in list(load_workbook(io.BytesIO(response.content)).active.values)[1:]]
    assert sorted(names) == sorted(["李明", "周敏"])


def test_figures_count_the_records(world, client):
    material = world.required()
    services.mark_studied(actor=world.member, material=material, seconds=1)
    reflection = services.save_reflection(actor=world.member, material=material, text=REFLECTION)
    services.submit_reflection(actor=world.member, reflection=reflection)
    group = world.group()
    services.join_group(actor=world.member, group=group)
    services.post_to_group(actor=world.member, group=group, text="读后感")
    client.force_login(world.staff)
    page = client.get(reverse("learning:figures") + "?period=year&scope=tree").content.decode()
    for key in ("learning.materials", "learning.completions", "learning.reflections", "learning.posts"):
        assert f'data-figure="{key}"' in page
    records = client.get(reverse("learning:figures") + "?period=year&figure=learning.completions").content.decode()
    assert "李明" in records
    records = client.get(reverse("learning:figures") + "?period=year:2001&figure=learning.completions").content.decode()
    assert "李明" not in records


def _rows(world, n):
    for i in range(n):
        material = world.material(title=f"资料{i}", topics=["第一议题", "理论学习"])
        services.mark_studied(actor=world.member, material=material, seconds=i)
        if i % 2:
            services.save_reflection(actor=world.member, material=material, text=REFLECTION)
        group = world.group(book=world.book(title=f"书{i}"), name=f"群{i}")
        services.join_group(actor=world.member, group=group)
        services.post_to_group(actor=world.member, group=group, text="发言")


@pytest.mark.parametrize(
    "name,user",
    [("list", "member"), ("list", "staff"), ("reflections", "member"), ("groups", "member"), ("groups", "staff")],
)
def test_list_queries_do_not_grow_with_rows(world, client, django_assert_max_num_queries, name, user):
    actor = getattr(world, user)
    client.force_login(actor)
    _rows(world, 2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse(f"learning:{name}"))
    _rows(world, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(f"learning:{name}")).status_code == 200


def test_detail_queries_are_bounded(world, client, django_assert_max_num_queries):
    material = world.required()
    group = world.group()
    client.force_login(world.member)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("learning:detail", args=[material.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("learning:group", args=[group.pk])).status_code == 200


def test_the_to_do_count_equals_the_rows_its_link_opens(world, client):
    kind = next(k for k in registry.todo_kinds() if k.key == "learning.required")
    first, second = world.required(title="必学一"), world.required(title="必学二")
    world.material(title="选学")
    services.mark_studied(actor=world.member, material=first, seconds=3)
    assert kind.count_for(world.member) == 1
    assert [t.title for t in kind.items_for(world.member, 10)] == [second.title]
    page = _get(client, world.member, kind.url(world.member)).content.decode()
    assert page.count('data-testid="material-') == 1 and "必学二" in page
    assert kind.count_for(world.staff) == 0
