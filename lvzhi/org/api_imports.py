"""Member import over the API, as on the import pages: the template, a dry run that lists every
row's problems and writes nothing, and the import itself (all rows, or only the valid ones) —
through `lvzhi.org.importing`, the one service that writes."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, UploadedFile

from lvzhi.core import pii
from lvzhi.core.api import WRITE_ERRORS, Id
from lvzhi.core.errors import Invalid, NotFound
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.org import services
from lvzhi.org.importing import ImportFileError, check_rows, import_members, read_upload
from lvzhi.org.models import Term

router = Router(tags=["members"])


class ImportRowOut(Schema):
    row: int
    name: str
    id_number: str
    mobile: str
    existing_member: int | None
    errors: list[str]


class ImportOut(Schema):
    mode: str
    rows: list[ImportRowOut]
    good: int
    bad: int
    created: int
    updated: int
    skipped: int


@router.post("/member-imports/", response={200: ImportOut, **WRITE_ERRORS}, operation_id="import_members")
def import_members_file(
    request,
    file: File[UploadedFile],
    committee: str = Form(..., max_length=20, description="委员会 id 或行政区划代码"),
    term: Id = Form(..., description="届次 id（本委员会的）"),
    mode: Literal["check", "all", "valid"] = Form(
        "check", description="check：只检查不写入；all：全部无误时导入；valid：只导入无误的行"
    ),
):
    """Multipart: `file` (the xlsx template, filled in), `committee`, `term`, `mode`. With `check`
    nothing is written; `all` refuses the whole file if any row has an error."""
    user = request.auth
    found = committee_named(committee, committee_ids(user))
    if found is None:
        raise NotFound()
    services.require_manage(user, found)
    chosen = Term.objects.filter(committee=found, pk=term).first()
    if chosen is None:
        raise Invalid(errors={"term": [_("请选择本委员会的届次。")]})
    try:
        rows = read_upload(file)
    except ImportFileError as exc:
        raise Invalid(errors={"file": [str(exc)]}) from None
    results = check_rows(actor=user, committee=found, rows=rows)
    bad = sum(1 for r in results if not r.ok)
    outcome = None
    if mode != "check":
        outcome = import_members(actor=user, committee=found, term=chosen, rows=rows, only_valid=mode == "valid")
    clear = services.can_view_pii(user)
    shown = []
    for r in results:
        number = pii.normalise_id_number(r.cells["id_number"])
        mobile = r.cells["mobile"]
        shown.append(
            {
                "row": r.number,
                "name": str(r.cells.get("name") or ""),
                "id_number": number if clear else pii.mask_id_number(number),
                "mobile": mobile if clear else pii.mask_mobile(mobile),
                "existing_member": r.existing.pk if r.existing is not None else None,
                "errors": [str(e) for e in r.errors],
            }
        )
    return {
        "mode": mode,
        "rows": shown,
        "good": len(results) - bad,
        "bad": bad,
        "created": outcome.created if outcome else 0,
        "updated": outcome.updated if outcome else 0,
        "skipped": outcome.skipped if outcome else 0,
    }
