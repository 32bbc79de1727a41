"""The deliberation pages: who may open them, posting and moderating from the page, the office's form
and export, the figures, and query counts that do not grow with the rows."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.deliberation import services
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.factories import make_topic
from lvzhi.deliberation.models import Post, Topic
from lvzhi.org.factories import make_member
from lvzhi.org.models import Sector

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_it_refuses_anonymous_units_and_admins(world, client):
    urls = [reverse("deliberation:list"), reverse("deliberation:detail", args=[world.topic.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (world.p.unit_user, *world.p.admins):
        for url in urls:
            assert _get(client, user, url).status_code == 403
    assert _get(client, world.member, reverse("deliberation:create")).status_code == 403
    assert _get(client, world.member, reverse("deliberation:figures")).status_code == 403


def test_a_member_of_another_committee_never_sees_the_topic(world, client):
    assert (
        _get(client, world.pingliang_member, reverse("deliberation:detail", args=[world.topic.pk])).status_code == 404
    )
    assert world.topic.title not in _get(client, world.pingliang_member, reverse("deliberation:list")).content.decode()
    assert _get(client, world.p.other_staff, reverse("deliberation:detail", args=[world.topic.pk])).status_code == 404
    response = client.post(reverse("deliberation:action", args=[world.topic.pk, "close"]))
    assert response.status_code == 404
    assert Topic.objects.get(pk=world.topic.pk).state == TopicState.OPEN


def test_a_member_posts_and_replies_from_the_page(world, client):
    client.force_login(world.member)
    url = reverse("deliberation:post_create", args=[world.topic.pk])
    response = client.post(url, {"text": "建议完善农村寄递网络。"})
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{post.pk}")
    client.force_login(world.member2)
    client.post(url, {"text": "赞同。", "parent": post.pk})
    assert Post.objects.get(parent=post).member_id == world.person2.pk
    page = client.get(reverse("deliberation:detail", args=[world.topic.pk])).content.decode()
    assert "建议完善农村寄递网络。" in page and "赞同。" in page
    client.post(url, {"text": ""})
    assert Post.objects.count() == 2


def test_a_hidden_post_is_invisible_to_members_on_the_page(world, client):
    post = services.create_post(actor=world.member, topic=world.topic, text="这是一条不当言论")
    client.force_login(world.staff)
    response = client.post(
        reverse("deliberation:action", args=[world.topic.pk, "hide-post"]), {"post": post.pk, "reason": "不实信息"}
    )
    assert response.status_code == 302
    staff_page = client.get(reverse("deliberation:detail", args=[world.topic.pk])).content.decode()
    assert "这是一条不当言论" in staff_page and "不实信息" in staff_page and 'data-testid="hidden-mark"' in staff_page
    for member in (world.member, world.member2):
        page = _get(client, member, reverse("deliberation:detail", args=[world.topic.pk])).content.decode()
        assert "这是一条不当言论" not in page


def test_staff_create_a_topic_from_the_page_and_export_the_list(world, client):
    client.force_login(world.staff)
    assert client.get(reverse("deliberation:create")).status_code == 200
    response = client.post(
        reverse("deliberation:create"),
        {"committee": world.p.wuwei.pk, "title": "城市更新", "background": "<p>背景</p>", "opens_on": "2026-01-01",
         "closes_on": "2099-01-01", "audience": "all"},
    )  # fmt: skip
    topic = Topic.objects.get(title="城市更新")
    assert response.status_code == 302 and topic.state == TopicState.DRAFT
    client.post(reverse("deliberation:action", args=[topic.pk, "open"]), {"note": ""})
    assert Topic.objects.get(pk=topic.pk).state == TopicState.OPEN
    response = client.get(reverse("deliberation:list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        ["城市更新", world.topic.title]
    )
    assert _get(client, world.member, reverse("deliberation:list") + "?export=xlsx").status_code == 403


def test_the_list_filters_and_searches(world, client):
    make_topic(actor=world.staff, committee=world.p.wuwei, title="乡村振兴", opened=False)
    client.force_login(world.staff)
    page = client.get(reverse("deliberation:list") + "?q=乡村").content.decode()
    assert "乡村振兴" in page and world.topic.title not in page
    page = client.get(reverse("deliberation:list") + "?state=draft").content.decode()
    assert "乡村振兴" in page and world.topic.title not in page
    member_page = _get(client, world.member, reverse("deliberation:list")).content.decode()
    assert "乡村振兴" not in member_page  # a draft is the office's


def _posts(world, n):
    people = []
    for i in range(n):
        person = make_member(world.p.wuwei, f"委员{i}")
        people.append(person)
    for person in people:
        Post.objects.create(committee=world.p.wuwei, topic=world.topic, member=person, text="意见")
        root = Post.objects.filter(topic=world.topic, parent__isnull=True).first()
        Post.objects.create(committee=world.p.wuwei, topic=world.topic, member=person, text="回复", parent=root)


@pytest.mark.parametrize("user", ["member", "staff"])
def test_the_pages_queries_do_not_grow_with_posts(world, client, django_assert_max_num_queries, user):
    account = getattr(world, user)
    client.force_login(account)
    detail = reverse("deliberation:detail", args=[world.topic.pk])
    counts = []
    for n in (2, 20):
        _posts(world, n)
        for url in (detail, reverse("deliberation:list")):
            with django_assert_max_num_queries(40) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:]


def test_the_figures_page_and_its_drill_down(world, client):
    services.create_post(actor=world.member, topic=world.topic, text="意见")
    client.force_login(world.staff)
    page = client.get(reverse("deliberation:figures")).content.decode()
    assert 'data-figure="deliberation.posts"' in page
    response = client.get(reverse("deliberation:figures") + "?figure=deliberation.participants")
    assert response.status_code == 200 and "李明" in response.content.decode()


def test_a_new_topics_committee_is_chosen_above_the_form_and_its_lists_are_that_committees(world, client):
    """The form chose its committee in a list of its own while its sectors and parties were always the
    first managed committee's: a county's topic was offered the city's sectors. The committee is chosen
    above the form now, and the lists are its own (a topic's service takes no other committee's)."""
    Sector.objects.create(committee=world.p.liangzhou, name="农业界")
    page = _get(client, world.staff, f"{reverse('deliberation:create')}?committee={world.p.liangzhou.pk}")
    body = page.content.decode()
    assert f'<input type="hidden" name="committee" value="{world.p.liangzhou.pk}"' in body
    sectors = re.search(r'<select name="sectors".*?</select>', body, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", sectors) == ["农业界"]  # the county's, not the city's
    city = _get(client, world.staff, reverse("deliberation:create")).content.decode()
    sectors = re.search(r'<select name="sectors".*?</select>', city, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", sectors) == ["经济界"]  # the city's own
    before = Topic.objects.count()
    response = client.post(
        reverse("deliberation:create"),
        {
            "committee": world.p.pingliang.pk,
            "title": "议题",
            "opens_on": "2026-03-01",
            "closes_on": "2026-04-01",
            "audience": "all",
        },  # fmt: skip
    )
    assert response.status_code == 200 and "委员会：" in response.content.decode()
    assert Topic.objects.count() == before
