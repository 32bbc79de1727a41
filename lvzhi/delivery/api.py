"""`/api/v1/me/delivery-settings` (the user's choices), `/api/v1/delivery/policy` (the committee's
SMS budget and mandatory kinds) and `/api/v1/deliveries/` (the delivery log of a record, for staff)."""

import datetime

from django.contrib.auth import get_user_model
from ninja import Field, Query, Router, Schema

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, In, PageParams, page_of, paginate
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.permissions import can_manage, is_authenticated
from lvzhi.core.scope import committee_ids, committee_model, committee_named
from lvzhi.delivery import selectors, services

router = Router(tags=["delivery"])


class DeliveryChannelOut(Schema):
    key: str
    label: str
    reachable: bool


class DeliveryKindOut(Schema):
    key: str
    label: str
    module: str
    mode: str
    default: str
    mandatory: bool


class DeliverySettingsOut(Schema):
    digest_hour: int
    wecom_userid: str
    channels: list[DeliveryChannelOut]
    kinds: list[DeliveryKindOut]


class DeliverySettingsIn(In):
    digest_hour: int | None = Field(None, description="每日汇总的发送时间（0–23 时）")
    wecom_userid: str | None = Field(None, description="企业微信/政务微信账号")
    modes: dict[str, str] | None = Field(None, description="消息类型 → immediate / digest / off")


class DeliveryKindRefOut(Schema):
    key: str
    label: str


class DeliveryPolicyOut(Schema):
    committee: int
    sms_monthly_budget: int
    sms_used_this_month: int
    mandatory_kinds: list[str]
    kinds: list[DeliveryKindRefOut]


class DeliveryPolicyIn(In):
    sms_monthly_budget: int | None = Field(None, description="每月短信额度（条），0 为不限")
    mandatory_kinds: list[str] | None = Field(None, description="必达的消息类型")


class DeliveryPolicyQuery(PageParams):
    committee: str | None = Field(None, description="委员会 id 或行政区划代码；缺省为本人所在委员会")


class DeliveryLogQuery(PageParams):
    subject_type: str = Field(..., max_length=60, description="记录类型，如 notices.notice")
    subject_id: int = Field(..., ge=1, le=2**63 - 1, description="记录 id")


class DeliveryLogOut(Schema):
    id: int
    user: str
    kind: str
    channel: str
    status: str
    mandatory: bool
    created_at: datetime.datetime
    scheduled_at: datetime.datetime
    sent_at: datetime.datetime | None
    attempts: int
    provider_message_id: str
    error: str


def _require_user(user) -> None:
    if not is_authenticated(user) or user.is_admin_role:
        raise Forbidden()


@router.get("/me/delivery-settings", response={200: DeliverySettingsOut, **READ_ERRORS})
def get_settings(request):
    _require_user(request.user)
    return selectors.user_settings(request.user)


@router.put("/me/delivery-settings", response={200: DeliverySettingsOut, **WRITE_ERRORS})
def put_settings(request, body: DeliverySettingsIn):
    services.set_preferences(actor=request.user, **body.model_dump())
    return selectors.user_settings(get_user_model().objects.get(pk=request.user.pk))


def _committee(user, text):
    if not is_authenticated(user):
        raise Forbidden()
    if text:
        committee = committee_named(text, committee_ids(user))
    else:
        committee = committee_model().objects.filter(pk=user.committee_id).first()
    if committee is None:
        raise NotFound()
    if not can_manage(user, committee, services.POLICY_PERMISSION):
        raise Forbidden()
    return committee


@router.get("/delivery/policy", response={200: DeliveryPolicyOut, **READ_ERRORS})
def get_policy(request, query: Query[DeliveryPolicyQuery]):
    return selectors.policy_state(_committee(request.user, query.committee))


@router.put("/delivery/policy", response={200: DeliveryPolicyOut, **WRITE_ERRORS})
def put_policy(request, body: DeliveryPolicyIn, query: Query[DeliveryPolicyQuery]):
    committee = _committee(request.user, query.committee)
    services.set_policy(
        actor=request.user,
        committee=committee,
        sms_monthly_budget=body.sms_monthly_budget,
        mandatory_kinds_=body.mandatory_kinds,
    )
    return selectors.policy_state(committee)


def _log_row(d) -> dict:
    return {
        "id": d.pk,
        "user": d.user.name or d.user.username,
        "kind": d.kind,
        "channel": d.channel,
        "status": d.status,
        "mandatory": d.mandatory,
        "created_at": d.created_at,
        "scheduled_at": d.scheduled_at,
        "sent_at": d.sent_at,
        "attempts": d.attempts,
        "provider_message_id": d.provider_message_id,
        "error": d.error,
    }


@router.get("/deliveries/", response={200: page_of(DeliveryLogOut), **READ_ERRORS})
def list_deliveries(request, query: Query[DeliveryLogQuery]):
    """How the messages about one record (a notice, a reminded assignment) were delivered."""
    obj = selectors.subject_for(request.user, query.subject_type, query.subject_id)
    page = paginate(selectors.deliveries_of(obj), query.page, query.page_size)
    return {"items": [_log_row(d) for d in page["items"]], "count": page["count"]}
