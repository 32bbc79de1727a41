"""The directory's pages: who may browse whom, search by pinyin, contact fields only when shared,
the member's own profile, the office's decisions, export and query counts."""

import pytest
from django.test import Client

from lvzhi.accounts.factories import PASSWORD
from lvzhi.core.models import AuditEntry
from lvzhi.directory import services
from lvzhi.directory.choices import ChangeState
from lvzhi.directory.factories import png_upload
from lvzhi.directory.models import Profile, ProfileChangeRequest
from lvzhi.org.factories import make_member

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def names(response) -> str:
    return response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    for path in ("/directory/", f"/directory/{world.colleague_person.pk}/", "/directory/me/", "/directory/requests/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["unit_user", "sysadmin", "secadmin", "auditor"])
def test_units_and_administrators_have_no_directory(world, who):
    client = client_for(getattr(world.p, who))
    assert client.get("/directory/").status_code == 403
    assert client.get(f"/directory/{world.colleague_person.pk}/").status_code == 403
    assert client.get("/directory/me/").status_code == 403


def test_a_city_member_sees_the_city_and_its_counties_but_never_another_city(world):
    client = client_for(world.p.member)
    page = names(client.get("/directory/"))
    assert "刘洋" in page and "王芳" in page and "李明" in page
    assert "赵强" not in page
    assert client.get(f"/directory/{world.p.pingliang_person.pk}/").status_code == 404
    assert (
        client.get("/directory/", {"committee": "620800"}).content.decode().count('data-testid="directory-card"') == 0
    )


def test_a_member_of_pingliang_never_sees_wuwei_members(world):
    client = client_for(world.pingliang_member)
    page = names(client.get("/directory/"))
    assert "赵强" in page and "李明" not in page and "刘洋" not in page and "王芳" not in page
    for person in (world.p.member_person, world.colleague_person, world.p.county_person):
        assert client.get(f"/directory/{person.pk}/").status_code == 404
        assert client.get(f"/directory/{person.pk}/photo/").status_code == 404


def test_a_county_member_sees_their_county_only(world):
    page = names(client_for(world.county_member).get("/directory/"))
    assert "王芳" in page and "李明" not in page and "赵强" not in page


def test_a_member_finds_a_colleague_by_pinyin_initials_and_filters(world):
    client = client_for(world.p.member)
    page = names(client.get("/directory/", {"q": "ly"}))
    assert "刘洋" in page and "李明" not in page
    page = names(client.get("/directory/", {"q": "liu"}))
    assert "刘洋" in page and "王芳" not in page
    page = names(client.get("/directory/", {"sector": world.sector2.pk}))
    assert "刘洋" in page and "李明" not in page
    page = names(client.get("/directory/", {"studio": world.studio.pk}))
    assert "刘洋" in page and "李明" not in page
    page = names(client.get("/directory/", {"committee": "620602"}))
    assert "王芳" in page and "刘洋" not in page
    page = names(client.get("/directory/", {"sector": "abc", "party": "9" * 30, "q": "l"}))
    assert "没有符合条件的委员" in page
    refused = client.get("/directory/", {"q": "l\x00"})  # a NUL byte is refused before any query
    assert refused.status_code == 400 and "空字符" in refused.content.decode()
    fragment = client.get("/directory/", {"q": "ly"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode() and "刘洋" in names(fragment)


def test_unshared_contact_fields_never_appear(world):
    client = client_for(world.p.member)
    url = f"/directory/{world.colleague_person.pk}/"
    page = names(client.get(url))
    assert "13912345678" not in page and "liuyang@example.cn" not in page and "该委员未公开联系方式" in page
    services.update_profile(actor=world.colleague, data={"share_mobile": True})
    page = names(client.get(url))
    assert "13912345678" in page and "liuyang@example.cn" not in page
    assert "13912345678" not in names(client.get("/directory/"))  # the list shows no contacts at all


def test_the_member_edits_bio_sharing_and_photo_on_their_page(world):
    client = client_for(world.p.member)
    assert client.get("/directory/me/").status_code == 200
    response = client.post("/directory/me/edit/", {"bio": "热心公益。", "share_email": "on"})
    assert response.status_code == 302
    profile = Profile.objects.get(member=world.p.member_person)
    assert profile.bio == "热心公益。" and profile.share_email and not profile.share_mobile
    assert client.post("/directory/me/photo/upload/", {"photo": png_upload()}).status_code == 302
    assert client.get("/directory/me/photo/")["Content-Type"] == "image/png"
    other = client_for(world.colleague).get(f"/directory/{world.p.member_person.pk}/photo/")
    assert other.status_code == 200 and other["X-Content-Type-Options"] == "nosniff"
    bad = client.post("/directory/me/photo/upload/", {"photo": png_upload("x.gif")})
    assert bad.status_code == 422 and "JPG 或 PNG" in names(bad)


def test_bad_input_on_the_profile_page_shows_the_message_and_writes_nothing(world):
    client = client_for(world.p.member)
    response = client.post("/directory/me/requests/new/", {"title": "", "workplace": ""})
    assert response.status_code == 422 and "请至少填写一项" in names(response)
    assert not ProfileChangeRequest.objects.exists()


def test_the_office_approves_a_request_from_the_detail_page(world):
    client_for(world.p.member).post("/directory/me/requests/new/", {"title": "市政协常委", "reason": "换届调整"})
    change = ProfileChangeRequest.objects.get()
    office = client_for(world.p.staff)
    assert "李明" in names(office.get("/directory/requests/", {"state": "pending"}))
    detail = names(office.get(f"/directory/requests/{change.pk}/"))
    assert 'data-action="approve"' in detail and 'data-action="withdraw"' not in detail
    assert office.post(f"/directory/requests/{change.pk}/approve/", {"note": "同意"}).status_code == 302
    change.refresh_from_db()
    world.p.member_person.refresh_from_db()
    assert change.state == ChangeState.APPROVED and world.p.member_person.title == "市政协常委"
    assert "流程记录" in names(office.get(f"/directory/requests/{change.pk}/"))


def test_another_committees_office_cannot_see_or_decide_a_request(world):
    change = services.request_profile_change(actor=world.p.member, data={"title": "x"})
    other = client_for(world.p.other_staff)
    assert other.get(f"/directory/requests/{change.pk}/").status_code == 404
    assert other.post(f"/directory/requests/{change.pk}/approve/").status_code == 404
    assert "李明" not in names(other.get("/directory/requests/"))
    assert other.get("/directory/requests/", {"q": "x", "state": "x", "committee": "620600"}).status_code == 200
    assert other.get("/directory/requests/", {"q": "\x00"}).status_code == 400
    colleague = client_for(world.colleague)
    assert colleague.get(f"/directory/requests/{change.pk}/").status_code == 404
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


def test_the_office_exports_the_filtered_list_and_a_member_may_not(world):
    response = client_for(world.p.staff).get("/directory/", {"export": "xlsx", "q": "ly"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action="export.xlsx", object_type="directory.members").exists()
    assert client_for(world.p.member).get("/directory/", {"export": "xlsx"}).status_code == 403
    assert client_for(world.p.staff).get("/directory/requests/", {"export": "xlsx"}).status_code == 200


def test_the_figures_page_opens_each_figure(world):
    services.update_profile(actor=world.p.member, data={"bio": "简介"})
    client = client_for(world.p.staff)
    assert client.get("/directory/figures/").status_code == 200
    response = client.get("/directory/figures/", {"figure": "directory.profiles_completed"})
    assert response.status_code == 200 and "李明" in names(response)
    assert client_for(world.p.member).get("/directory/figures/").status_code == 403


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_a_bounded_number_of_queries(world, rows, django_assert_max_num_queries):
    for n in range(rows):
        person = make_member(world.p.wuwei, f"委员{n}", sector=world.sector2)
        world.studio.members.add(person)
    client = client_for(world.p.member)
    client.get("/directory/")  # warm the session and the user's caches
    with django_assert_max_num_queries(20):
        response = client.get("/directory/")
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/directory/", {"q": "wy"}).status_code == 200


def test_staff_browse_their_scope_and_never_another_citys_members(world):
    page = names(client_for(world.p.staff).get("/directory/"))
    assert "李明" in page and "王芳" in page and "赵强" not in page
    page = names(client_for(world.p.other_staff).get("/directory/"))
    assert "赵强" in page and "李明" not in page
    assert client_for(world.p.other_staff).get(f"/directory/{world.p.member_person.pk}/").status_code == 404
    page = names(client_for(world.p.county_staff).get("/directory/"))
    assert "王芳" in page and "李明" not in page
