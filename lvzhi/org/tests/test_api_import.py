"""Member import over the API, as on the import pages: a dry run writes nothing, `all` refuses a
file with any bad row, `valid` imports only the good ones, a wrong file is refused with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.models import AuditEntry
from lvzhi.org.models import Member
from lvzhi.org.tests.test_import import BAD, GOOD, counts, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(client, personas, user, file, mode="check", committee=None):
    client.force_login(user)
    term = personas.wuwei.terms.get()
    data = {"file": file, "committee": committee or personas.wuwei.code, "term": term.pk, "mode": mode}
    return client.post("/api/v1/member-imports/", data)


def test_the_dry_run_lists_every_row_and_writes_nothing(client, personas):
    before = counts()
    response = post(client, personas, personas.staff, xlsx(GOOD + BAD))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["good"], body["bad"], body["created"]) == (2, 6, 0)
    errors = {r["row"]: r["errors"] for r in body["rows"]}
    assert errors[2] == [] and any("身份证号校验位不正确" in e for e in errors[4])
    assert all("*" in r["id_number"] for r in body["rows"] if r["id_number"])
    assert counts() == before


def test_all_refuses_a_file_with_a_bad_row_and_valid_imports_the_good_ones(client, personas):
    before = counts()
    response = post(client, personas, personas.staff, xlsx(GOOD + BAD), mode="all")
    assert response.status_code == 422
    assert "未导入任何数据" in response.json()["message"]
    assert counts() == before
    response = post(client, personas, personas.staff, xlsx(GOOD + BAD), mode="valid")
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["skipped"]) == (2, 6)
    assert Member.objects.filter(name__in=["孙立", "钱红"]).count() == 2
    assert AuditEntry.objects.filter(action="member.import").count() == 1


def test_a_wrong_file_is_refused_with_its_reason(client, personas):
    before = counts()
    response = post(client, personas, personas.staff, SimpleUploadedFile("members.txt", b"a,b\n"))
    assert response.status_code == 422
    assert "xlsx" in response.json()["errors"]["file"][0]
    assert counts() == before


def test_another_committee_and_members_are_refused(client, personas):
    before = counts()
    assert post(client, personas, personas.other_staff, xlsx(GOOD), mode="all").status_code == 404
    assert post(client, personas, personas.member, xlsx(GOOD), mode="all").status_code in (403, 404)
    assert counts() == before
