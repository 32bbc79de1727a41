"""Member import from xlsx: the template, reading a file, a dry run that finds every row's errors,
and `import_members`, the one service that writes (through the member services, atomically).

A person is matched by ID number through its keyed hash, so importing the same file again
updates the same people instead of registering them twice.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from lvzhi.core import audit, pii
from lvzhi.core.attachments import detect
from lvzhi.core.errors import Invalid
from lvzhi.core.exports import XlsxWriter
from lvzhi.org import services
from lvzhi.org.choices import Gender, MemberRole
from lvzhi.org.models import Committee, Member, Membership, Party, Sector, SpecialCommittee, Term

# (header, key) in template order. The header text is what the file must carry.
COLUMNS = [
    ("姓名", "name"),
    ("性别", "gender"),
    ("民族", "ethnicity"),
    ("出生日期", "birth_date"),
    ("身份证号", "id_number"),
    ("手机号", "mobile"),
    ("电子邮箱", "email"),
    ("工作单位", "workplace"),
    ("职务", "title"),
    ("界别", "sector"),
    ("参加单位", "party"),
    ("委员职务", "role"),
    ("专门委员会", "special_committees"),
]
HEADERS = [header for header, _key in COLUMNS]
LABELS = {key: header for header, key in COLUMNS}
MAX_ROWS = 5000
TEMPLATE_ROWS = 1001  # the template's rows 2..1001 are typed and offer the choices
ROLE_BY_LABEL = {"主席": MemberRole.CHAIR, "副主席": MemberRole.VICE_CHAIR, "秘书长": MemberRole.SECRETARY_GENERAL}
ROLE_BY_LABEL |= {"常委": MemberRole.STANDING, "委员": MemberRole.MEMBER}
GENDER_BY_LABEL = {"男": Gender.MALE, "女": Gender.FEMALE}


class ImportFileError(Exception):
    """The file as a whole cannot be read as a member list."""


def template_bytes(committee: Committee) -> bytes:
    """The import template: the header row, and a sheet listing the values this committee accepts."""
    writer = XlsxWriter()
    sheet = writer.sheet("委员")  # the sheet and its headers are the file format: not translated
    widths = {"身份证号": 22, "工作单位": 24, "专门委员会": 24, "电子邮箱": 20, "手机号": 14, "出生日期": 12}
    sheet.widths({index: widths.get(header, 10) for index, header in enumerate(HEADERS, start=1)})
    sheet.freeze_header()
    sheet.row(HEADERS, bold=True)
    for header in ("身份证号", "手机号", "出生日期"):
        sheet.text_column(HEADERS.index(header) + 1, TEMPLATE_ROWS)  # text, so that Excel keeps every digit
    sheet.choices(HEADERS.index("性别") + 1, ["男", "女"], TEMPLATE_ROWS)
    sheet.choices(HEADERS.index("委员职务") + 1, list(ROLE_BY_LABEL), TEMPLATE_ROWS)
    notes = writer.sheet("填写说明")
    notes.widths({1: 30, 2: 30, 3: 30})
    for line in (
        _("说明"),
        _("第一行表头不要修改；每行一位委员；身份证号必填，用于识别同一人，再次导入会更新而不会重复登记。"),
        _("出生日期格式 YYYY-MM-DD，可留空（按身份证号推算）。"),
        _("委员职务为 主席/副主席/秘书长/常委/委员，留空为委员。"),
        _("多个专门委员会用顿号或逗号分隔。界别、参加单位、专门委员会须为下列名称之一："),
    ):
        notes.row([line])
    notes.row()
    lists = (
        ("界别", Sector.objects.filter(committee=committee, is_active=True)),
        ("参加单位", Party.objects.filter(committee=committee, is_active=True)),
        ("专门委员会", SpecialCommittee.objects.filter(committee=committee, is_active=True)),
    )
    notes.row([title for title, _qs in lists])
    columns = [[obj.name for obj in qs] for _title, qs in lists]
    for i in range(max((len(c) for c in columns), default=0)):
        notes.row([c[i] if i < len(c) else None for c in columns])
    return writer.bytes()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_upload(upload) -> list[dict]:
    """The rows of an uploaded file, refused (ImportFileError) unless it is an xlsx by name and by
    content — before anything is stored."""
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not name.endswith(".xlsx") or detect(head, "xlsx") is None:
        raise ImportFileError(_("请上传 xlsx 格式的文件（可先下载模板）。"))
    return read_rows(upload)


def read_rows(file) -> list[dict]:
    """The rows of an uploaded or stored xlsx, as {key: text, "row": number}. Raises ImportFileError
    with a clear message for a file that is not xlsx or whose header row is not the template's."""
    try:
        file.seek(0)
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  any file that openpyxl cannot open is "not an xlsx"
        raise ImportFileError(_("无法读取该文件，请上传用模板填写的 xlsx 文件。")) from exc
    try:
        ws = wb.worksheets[0]
        lines = ws.iter_rows(values_only=True)
        header = [_text(v) for v in next(lines, ())]
        missing = [h for h in HEADERS if h not in header]
        if missing:
            raise ImportFileError(
                _("表头与模板不符，缺少：%(cols)s。请下载模板后按模板填写。") % {"cols": "、".join(missing)}
            )
        where = {key: header.index(h) for h, key in COLUMNS}
        rows = []
        for number, values in enumerate(lines, start=2):
            values = list(values)
            cells = {key: _text(values[i]) if i < len(values) else "" for key, i in where.items()}
            if not any(cells.values()):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
            rows.append({"row": number, **cells})
    finally:
        wb.close()
    if not rows:
        raise ImportFileError(_("文件中没有委员数据。"))
    return rows


@dataclass
class RowResult:
    number: int
    cells: dict
    data: dict = field(default_factory=dict)  # the person's fields for the member services
    seat: dict = field(default_factory=dict)  # the membership's fields
    existing: Member | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def action(self) -> str:
        return gettext_lazy("更新") if self.existing else gettext_lazy("新建")


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[、,，;；]", text) if part.strip()]


def check_rows(*, actor, committee: Committee, rows: list[dict]) -> list[RowResult]:
    """Validate every row against the committee's lists and the database, writing nothing."""
    by_name = {
        "sector": {s.name: s for s in Sector.objects.filter(committee=committee, is_active=True)},
        "special": {s.name: s for s in SpecialCommittee.objects.filter(committee=committee, is_active=True)},
    }
    parties = {}
    for party in Party.objects.filter(committee=committee, is_active=True):
        parties[party.name] = party
        if party.short_name:
            parties.setdefault(party.short_name, party)
    hashes = {pii.keyed_hash(pii.normalise_id_number(r["id_number"])): r for r in rows if r["id_number"]}
    known = {m.id_number_hash: m for m in Member.objects.filter(id_number_hash__in=list(hashes))}
    first_row_of: dict[str, int] = {}
    results = []
    for cells in rows:
        result = RowResult(number=cells["row"], cells=cells)
        errors = result.errors
        id_number = pii.normalise_id_number(cells["id_number"])
        if not cells["name"]:
            errors.append(_("缺少姓名。"))
        if not id_number:
            errors.append(_("缺少身份证号（用于识别同一人）。"))
        elif id_number in first_row_of:
            errors.append(_("与第 %(n)d 行的身份证号重复。") % {"n": first_row_of[id_number]})
        else:
            first_row_of[id_number] = result.number
            result.existing = known.get(pii.keyed_hash(id_number))
        gender = cells["gender"]
        if gender and gender not in GENDER_BY_LABEL:
            errors.append(_("性别应为“男”或“女”。"))
        data = {
            key: cells[key]
            for key in ("name", "ethnicity", "birth_date", "id_number", "mobile", "email", "workplace", "title")
        }
        data["gender"] = GENDER_BY_LABEL.get(gender, "")
        if result.existing is not None:
            data = {k: v for k, v in data.items() if v}  # a blank cell keeps what is registered
            if not services.can_manage_org(actor, result.existing.committee_id):
                errors.append(_("该身份证号已在其他委员会登记，无权修改。"))
        try:
            data = services.clean_member_data(data, instance=result.existing)
        except Invalid as exc:
            for key, messages in exc.errors.items():
                errors.extend(f"{LABELS.get(key, key)}：{m}" for m in messages)
        result.data = data
        seat = {"role": MemberRole.MEMBER, "sector": None, "party": None, "special_committees": []}
        if cells["role"]:
            seat["role"] = ROLE_BY_LABEL.get(cells["role"])
            if seat["role"] is None:
                errors.append(_("未知委员职务：%(v)s（应为主席/副主席/秘书长/常委/委员）。") % {"v": cells["role"]})
        if cells["sector"]:
            seat["sector"] = by_name["sector"].get(cells["sector"])
            if seat["sector"] is None:
                errors.append(_("未知界别：%(v)s。") % {"v": cells["sector"]})
        if cells["party"]:
            seat["party"] = parties.get(cells["party"])
            if seat["party"] is None:
                errors.append(_("未知参加单位：%(v)s。") % {"v": cells["party"]})
        for name in _split(cells["special_committees"]):
            special = by_name["special"].get(name)
            if special is None:
                errors.append(_("未知专门委员会：%(v)s。") % {"v": name})
            else:
                seat["special_committees"].append(special)
        result.seat = seat
        results.append(result)
    return results


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0


@transaction.atomic
def import_members(*, actor, committee: Committee, term: Term, rows: list[dict], only_valid: bool) -> ImportResult:
    """Register or update the people of `rows` with a membership of `term`. With errors in any row,
    nothing is written unless `only_valid`, which imports the rows without errors."""
    services.require_manage(actor, committee)
    if term.committee_id != committee.pk:
        raise Invalid(errors={"term": [_("请选择本委员会的届次。")]})
    results = check_rows(actor=actor, committee=committee, rows=rows)
    bad = [r for r in results if not r.ok]
    if bad and not only_valid:
        raise Invalid(
            _("有 %(n)d 行存在错误，未导入任何数据。") % {"n": len(bad)},
            errors={"rows": [f"{_('第 %(n)d 行') % {'n': r.number}}：{' '.join(r.errors)}" for r in bad]},
        )
    outcome = ImportResult(skipped=len(bad))
    for result in results:
        if not result.ok:
            continue
        if result.existing is None:
            services.create_member(
                actor=actor, committee=committee, data=result.data, membership={**result.seat, "term": term}
            )
            outcome.created += 1
            continue
        member = services.update_member(actor=actor, member=result.existing, data=result.data)
        seat = Membership.objects.filter(member=member, term=term).first()
        if seat is None:
            services.add_membership(actor=actor, committee=committee, member=member, data={**result.seat, "term": term})
        else:
            services.update_membership(
                actor=actor, membership=seat, data={**result.seat, "started_on": seat.started_on}
            )
        outcome.updated += 1
    audit.record(
        "member.import",
        actor=actor,
        committee=committee,
        object_type="org.member",
        after={"term": term.pk, "created": outcome.created, "updated": outcome.updated, "skipped": outcome.skipped},
    )
    return outcome
