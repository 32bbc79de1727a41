"""Test factories: notices made through the services (real rows in the real database)."""

import datetime

from django.utils import timezone

from lvzhi.notices import services

REPLY_FIELDS = [
    {"name": "参加人", "kind": "text", "required": True, "choices": []},
    {"name": "是否参加", "kind": "choice", "required": True, "choices": ["参加", "不参加"]},
    {"name": "人数", "kind": "number", "required": False, "choices": []},
]


def make_notice(actor, committee, *, publish=True, title="关于召开常委会议的通知", reply=False, **data):
    data = {"title": title, "body": "请各位委员准时参加。", "kind": "notice", **data}
    if reply:
        data.setdefault("reply_required", True)
        data.setdefault("reply_deadline", timezone.now() + datetime.timedelta(days=3))
        data.setdefault("reply_fields", REPLY_FIELDS)
    notice = services.create_notice(actor=actor, committee=committee, data=data)
    if publish:
        notice = services.publish_notice(actor=actor, notice=notice)
    return notice
