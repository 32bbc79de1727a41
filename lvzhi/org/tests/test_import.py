"""Member import from xlsx: template, dry run with per-row errors, import all or only the valid rows,
re-import updates the same people, wrong files are refused, and nothing is trusted from the form."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.models import Attachment, AuditEntry
from lvzhi.org.factories import make_id_number
from lvzhi.org.importing import HEADERS, import_members, read_rows
from lvzhi.org.models import Member, Membership, SpecialCommittee
from lvzhi.org.tests.test_pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def id_number(serial, male=True):
    return make_id_number(datetime.date(1975, 3, 4), serial, area="620600", male=male)


def row(name, serial, **cells):
    values = {
        "姓名": name,
        "性别": "男",
        "民族": "汉族",
        "身份证号": id_number(serial),
        "手机号": f"1390000{serial:04d}",
    }
    values |= {"工作单位": "武威市某局", "职务": "局长", "界别": "经济界", "参加单位": "民盟", "委员职务": "委员"}
    values |= cells
    return [values.get(h, "") for h in HEADERS]


def xlsx(rows, headers=HEADERS, name="members.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


GOOD = [row("孙立", 11), row("钱红", 12, 性别="女", 专门委员会="提案委员会", 委员职务="常委")]
BAD = [
    row("周岩", 21, 身份证号="620600197503040000"),  # bad check digit
    row("吴刚", 22, 界别="不存在界别"),
    row("郑重", 11),  # the same ID number as 孙立 in row 2
    row("", 24),  # no name
    row("冯雪", 25, 手机号="12345"),
    row("陈默", 26, 参加单位="不存在党派"),
]


def upload(client, personas, file):
    term = personas.wuwei.terms.get()
    return client.post("/org/members/import/", {"committee": personas.wuwei.pk, "term": term.pk, "file": file})


def counts():
    return Member.objects.count(), Membership.objects.count()


def test_it_offers_the_template_with_the_documented_headers(client, personas):
    signed_in(client, personas.staff)
    response = client.get("/org/members/import/template/")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in ws[1]] == [
        "姓名",
        "性别",
        "民族",
        "出生日期",
        "身份证号",
        "手机号",
        "电子邮箱",
        "工作单位",
        "职务",
        "界别",
        "参加单位",
        "委员职务",
        "专门委员会",
    ]
    notes = load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert "经济界" in [c.value for c in notes["A"]]


def test_it_refuses_the_import_pages_to_readers_who_may_not_write(client, personas):
    signed_in(client, personas.leader)
    assert client.get("/org/members/import/").status_code == 403
    assert client.get("/org/members/import/template/").status_code == 403
    signed_in(client, personas.member)
    assert client.get("/org/members/import/").status_code == 403


def test_it_shows_every_bad_row_on_the_dry_run_and_writes_nothing(client, personas):
    signed_in(client, personas.staff)
    before = counts()
    response = upload(client, personas, xlsx(GOOD + BAD))
    assert response.status_code == 302
    review = client.get(response["Location"])
    body = review.content.decode()
    assert "身份证号校验位不正确" in body
    assert "未知界别：不存在界别" in body
    assert "与第 2 行的身份证号重复" in body
    assert "缺少姓名" in body
    assert "手机号应为 11 位数字" in body
    assert "未知参加单位：不存在党派" in body
    results = {r.number: r for r in review.context["results"]}
    assert results[2].ok and results[3].ok
    assert [n for n, r in results.items() if not r.ok] == [4, 5, 6, 7, 8, 9]
    assert counts() == before
    assert not AuditEntry.objects.filter(action__startswith="member.").exists()


def test_it_refuses_to_import_all_rows_while_any_has_errors(client, personas):
    signed_in(client, personas.staff)
    review_url = upload(client, personas, xlsx(GOOD + BAD))["Location"]
    before = counts()
    response = client.post(review_url, {"mode": "all", "term": personas.wuwei.terms.get().pk}, follow=True)
    assert "未导入任何数据" in response.content.decode()
    assert counts() == before


def test_it_imports_only_the_valid_rows_when_asked(client, personas):
    signed_in(client, personas.staff)
    review_url = upload(client, personas, xlsx(GOOD + BAD))["Location"]
    before = counts()
    response = client.post(review_url, {"mode": "valid", "term": personas.wuwei.terms.get().pk})
    assert response.status_code == 302
    assert counts() == (before[0] + 2, before[1] + 2)
    qian = Member.objects.get(name="钱红")
    seat = qian.memberships.get()
    assert (seat.role, seat.sector, seat.party) == ("standing", personas.sector, personas.party)
    assert list(seat.special_committees.all()) == [personas.special]
    assert qian.gender == "female" and qian.mobile == "13900000012"
    assert not Member.objects.filter(name__in=["周岩", "吴刚", "郑重", "冯雪", "陈默"]).exists()
    summary = AuditEntry.objects.get(action="member.import")
    assert summary.after == {"term": seat.term_id, "created": 2, "updated": 0, "skipped": 6}
    assert AuditEntry.objects.filter(action="member.create").count() == 2


def test_it_updates_the_same_people_when_imported_again(client, personas):
    signed_in(client, personas.staff)
    term = personas.wuwei.terms.get()
    first = upload(client, personas, xlsx(GOOD))["Location"]
    client.post(first, {"mode": "all", "term": term.pk})
    before = counts()
    again = [row("孙立", 11, 工作单位="武威市新单位", 委员职务="副主席", 手机号=""), GOOD[1]]
    second = upload(client, personas, xlsx(again))["Location"]
    review = client.get(second)
    assert [str(r.action) for r in review.context["results"]] == ["更新", "更新"]
    client.post(second, {"mode": "all", "term": term.pk})
    assert counts() == before
    sun = Member.objects.get(name="孙立")
    assert sun.workplace == "武威市新单位"
    assert sun.mobile == "13900000011"  # a blank cell keeps what is registered
    assert sun.memberships.get().role == "vice_chair"


def test_it_matches_a_person_registered_by_hand(client, personas):
    signed_in(client, personas.staff)
    person = personas.member_person
    rows = [row("李明", 0, 身份证号=person.id_number, 工作单位="武威市审计局")]
    review_url = upload(client, personas, xlsx(rows))["Location"]
    client.post(review_url, {"mode": "all", "term": personas.wuwei.terms.get().pk})
    person.refresh_from_db()
    assert person.workplace == "武威市审计局"
    assert Member.objects.filter(name="李明").count() == 1


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("members.txt", "姓名,性别\n张三,男\n".encode()), "请上传 xlsx 格式的文件"),
        (SimpleUploadedFile("members.xlsx", b"not really a spreadsheet"), "请上传 xlsx 格式的文件"),
        (xlsx([["张三", "男"]], headers=["名字", "性别"]), "表头与模板不符"),
        (xlsx([]), "文件中没有委员数据"),
    ],
)
def test_it_refuses_a_wrong_file_and_writes_nothing(client, personas, file, message):
    signed_in(client, personas.staff)
    before = (*counts(), Attachment.objects.count(), AuditEntry.objects.count())
    response = upload(client, personas, file)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (*counts(), Attachment.objects.count(), AuditEntry.objects.count()) == before


def test_it_keeps_an_upload_to_its_uploader(client, personas):
    signed_in(client, personas.staff)
    review_url = upload(client, personas, xlsx(GOOD))["Location"]
    signed_in(client, personas.other_staff)
    assert client.get(review_url).status_code == 404
    assert client.post(review_url, {"mode": "all"}).status_code == 404
    signed_in(client, personas.pii_staff)  # same committee, someone else's upload
    assert client.get(review_url).status_code == 404
    assert not Member.objects.filter(name="孙立").exists()


def test_it_reads_the_rows_from_the_stored_file_not_the_form(client, personas):
    signed_in(client, personas.staff)
    review_url = upload(client, personas, xlsx(GOOD))["Location"]
    client.post(
        review_url,
        {"mode": "all", "term": personas.wuwei.terms.get().pk, "name": "伪造", "rows": "伪造,620600"},
    )
    assert set(Member.objects.filter(name__in=["孙立", "钱红", "伪造"]).values_list("name", flat=True)) == {
        "孙立",
        "钱红",
    }


def test_it_masks_the_id_numbers_on_the_dry_run(client, personas):
    signed_in(client, personas.staff)
    body = client.get(upload(client, personas, xlsx(GOOD))["Location"]).content.decode()
    assert id_number(11) not in body
    assert id_number(11)[:6] + "*" * 12 in body


def test_the_import_service_is_all_or_nothing(personas):
    term = personas.wuwei.terms.get()
    rows = read_rows(xlsx(GOOD + BAD[:1]))
    before = counts()
    with pytest.raises(Invalid) as exc:
        import_members(actor=personas.staff, committee=personas.wuwei, term=term, rows=rows, only_valid=False)
    assert "第 4 行" in exc.value.errors["rows"][0]
    assert counts() == before
    outcome = import_members(actor=personas.staff, committee=personas.wuwei, term=term, rows=rows, only_valid=True)
    assert (outcome.created, outcome.updated, outcome.skipped) == (2, 0, 1)


def test_the_import_service_refuses_staff_of_another_committee(personas):
    rows = read_rows(xlsx(GOOD))
    with pytest.raises(Forbidden):
        import_members(
            actor=personas.other_staff,
            committee=personas.wuwei,
            term=personas.wuwei.terms.get(),
            rows=rows,
            only_valid=True,
        )
    assert not Member.objects.filter(name="孙立").exists()


def test_it_refuses_special_committees_of_another_committee(personas):
    SpecialCommittee.objects.create(committee=personas.pingliang, name="经济委员会")
    rows = read_rows(xlsx([row("孙立", 11, 专门委员会="经济委员会")]))
    with pytest.raises(Invalid):
        import_members(
            actor=personas.staff,
            committee=personas.wuwei,
            term=personas.wuwei.terms.get(),
            rows=rows,
            only_valid=False,
        )
