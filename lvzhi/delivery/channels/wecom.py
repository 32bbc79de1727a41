"""企业微信 / 政务微信 application messages.

`GET {base}/cgi-bin/gettoken?corpid=…&corpsecret=…` gives `{"errcode": 0, "access_token": "…",
"expires_in": 7200}`; the token is cached until shortly before it expires and fetched again when
`message/send` answers 40014 (invalid) or 42001 (expired). `POST {base}/cgi-bin/message/send?
access_token=…` with a text card (`textcard`: title, description, url, btntxt) answers
`{"errcode": 0, "msgid": "…"}`. The base URL is configurable: 政务微信 is self-hosted.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape

from lvzhi.delivery.channels.base import Message, NoAddress, PermanentError, TemporaryError

TOKEN_ERRORS = {40014, 42001}  # invalid or expired access_token: fetch a new one and send again
TEMPORARY_ERRORS = {-1, 45009, 45033}  # system busy; API rate limit; too many concurrent calls
SAFETY_SECONDS = 300


def address_of(user) -> str:
    profile = getattr(user, "delivery_profile", None)
    return profile.wecom_userid if profile is not None else ""


class WecomChannel:
    key = "wecom"

    def __init__(self):
        self.base_url = settings.WECOM_BASE_URL
        self.corp_id = settings.WECOM_CORP_ID
        self.secret = settings.WECOM_SECRET
        self.agent_id = settings.WECOM_AGENT_ID

    @property
    def cache_key(self) -> str:
        return f"delivery:wecom:token:{self.base_url}:{self.corp_id}"

    def token(self, *, fresh=False) -> str:
        token = None if fresh else cache.get(self.cache_key)
        if token:
            return token
        query = urllib.parse.urlencode({"corpid": self.corp_id, "corpsecret": self.secret})
        answer = _call(urllib.request.Request(f"{self.base_url}/cgi-bin/gettoken?{query}"))
        if answer.get("errcode", 0) != 0 or not answer.get("access_token"):
            raise _error(answer)
        ttl = max(int(answer.get("expires_in", 7200)) - SAFETY_SECONDS, 1)
        cache.set(self.cache_key, answer["access_token"], ttl)
        return answer["access_token"]

    def payload(self, userid: str, message: Message) -> dict:
        description = message.body or ""
        if message.lines:
            description = "".join(f'<div class="normal">{escape(line)}</div>' for line in message.lines[:8])
        return {
            "touser": userid,
            "msgtype": "textcard",
            "agentid": self.agent_id,
            "textcard": {
                "title": message.title[:128],
                "description": description[:512] or message.title[:128],
                "url": message.absolute_url or settings.SITE_URL + "/",
                "btntxt": "详情",
            },
        }

    def send(self, user, message: Message) -> str:
        userid = address_of(user)
        if not userid:
            raise NoAddress("没有企业微信账号")
        body = json.dumps(self.payload(userid, message), ensure_ascii=False).encode()
        answer = self._send(body, self.token())
        if answer.get("errcode") in TOKEN_ERRORS:
            answer = self._send(body, self.token(fresh=True))
        if answer.get("errcode", 0) != 0:
            raise _error(answer)
        if answer.get("invaliduser"):
            raise PermanentError(f"无效的账号：{answer['invaliduser']}"[:300])
        return str(answer.get("msgid", ""))

    def _send(self, body: bytes, token: str) -> dict:
        url = f"{self.base_url}/cgi-bin/message/send?" + urllib.parse.urlencode({"access_token": token})
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        return _call(request)


def _error(answer: dict) -> Exception:
    code = answer.get("errcode")
    text = f"errcode {code}: {answer.get('errmsg', '')}"[:300]
    return (TemporaryError if code in TEMPORARY_ERRORS else PermanentError)(text)


def _call(request) -> dict:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        raise TemporaryError(f"HTTP {exc.code}") from exc
    except urllib.error.URLError as exc:
        raise TemporaryError(f"无法连接：{exc.reason}"[:300]) from exc
    except (TimeoutError, ConnectionError, ValueError) as exc:
        raise TemporaryError(f"服务不可达：{exc}"[:300]) from exc
