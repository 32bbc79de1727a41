"""GET/POST /api/v1/me/drafts: the caller's own drafts of long forms (drafts.js saves to it every
few seconds while the user types), and POST /api/v1/me/drafts/discard."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, In, PageParams, page_of, paginate
from lvzhi.drafts import services
from lvzhi.drafts.models import KEY_MAX, PATH_MAX, Draft

router = Router(tags=["me"])


class DraftOut(Schema):
    id: int
    key: str = Field(description="表单标识：页面路径与表单在页面上的位置")
    path: str = Field(description="表单所在页面")
    fields: dict[str, str] = Field(description="各字段已输入的文字")
    size: int = Field(description="字节数")
    updated_at: datetime.datetime


class DraftQuery(PageParams):
    key: str = Field("", max_length=KEY_MAX, description="只取这一表单的草稿")


class DraftIn(In):
    key: str = Field(max_length=KEY_MAX)
    path: str = Field(max_length=PATH_MAX)
    fields: dict[str, str]


class DraftKeyIn(In):
    key: str = Field(max_length=KEY_MAX)


class DiscardOut(Schema):
    discarded: bool


@router.get("/me/drafts", response={200: page_of(DraftOut), **READ_ERRORS})
def my_drafts(request: HttpRequest, params: Query[DraftQuery]):
    """The caller's drafts, last saved first; nobody else's are ever listed."""
    drafts = Draft.objects.of(request.auth)
    if params.key:
        drafts = drafts.filter(key=params.key)
    return paginate(drafts, params.page, params.page_size)


@router.post("/me/drafts", response={200: DraftOut, 201: DraftOut, **WRITE_ERRORS})
def save_draft(request: HttpRequest, body: DraftIn):
    """Keep what the caller typed in one form, replacing its last save (201 for the first save)."""
    created = not Draft.objects.of(request.auth).filter(key=body.key).exists()
    draft = services.save_draft(actor=request.auth, key=body.key, path=body.path, fields=body.fields)
    return Status(201 if created else 200, draft)


@router.post("/me/drafts/discard", response={200: DiscardOut, **WRITE_ERRORS})
def discard_draft(request: HttpRequest, body: DraftKeyIn):
    """Delete the caller's draft of one form (nothing happens when there is none)."""
    return {"discarded": services.discard_draft(actor=request.auth, key=body.key)}
