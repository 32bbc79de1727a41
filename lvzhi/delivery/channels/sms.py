"""SMS through an HTTP gateway, in the request shape of the common Chinese SMS services.

    POST {LVZHI_SMS_BASE_URL}/sms/send
    X-Access-Key: <key>   X-Timestamp: <unix seconds>   X-Nonce: <random>
    X-Signature: base64(HMAC-SHA256(secret, "POST\\n/sms/send\\n<timestamp>\\n<nonce>\\n<sha256 hex of body>"))
    {"phone_numbers": ["138…"], "sign_name": "…", "template_id": "…", "template_params": {"title": "…", "url": "…"}}

answered `{"code": "OK", "message": "…", "request_id": "…", "biz_id": "<message id>"}`, or an error
code. Throttling and the gateway's own trouble are temporary; a bad number, template or signature is
not. The base URL is configurable so that an intranet gateway (政务网短信平台) can be named.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from lvzhi.delivery.channels.base import Message, NoAddress, PermanentError, TemporaryError

PATH = "/sms/send"
TEMPORARY_CODES = {"isv.BUSINESS_LIMIT_CONTROL", "isp.SYSTEM_ERROR", "Throttling", "ServiceUnavailable"}


def signature(secret: str, timestamp: str, nonce: str, body: bytes, path: str = PATH) -> str:
    text = "\n".join(["POST", path, timestamp, nonce, hashlib.sha256(body).hexdigest()])
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()).decode()


def address_of(user) -> str:
    member = getattr(user, "member", None)
    return member.mobile if member is not None and member.mobile_encrypted else ""


class SmsChannel:
    key = "sms"

    def __init__(self):
        self.base_url = settings.SMS_BASE_URL.rstrip("/")
        self.key_id = settings.SMS_ACCESS_KEY
        self.secret = settings.SMS_ACCESS_SECRET

    def params(self, message: Message) -> tuple[str, dict]:
        if message.template == "digest":
            return settings.SMS_TEMPLATE_DIGEST, {"count": str(len(message.lines)), "url": message.absolute_url}
        return settings.SMS_TEMPLATE_MESSAGE, {"title": message.title[:60], "url": message.absolute_url}

    def send(self, user, message: Message) -> str:
        phone = address_of(user)
        if not phone:
            raise NoAddress("没有手机号码")
        template_id, params = self.params(message)
        body = json.dumps(
            {
                "phone_numbers": [phone],
                "sign_name": settings.SMS_SIGN_NAME,
                "template_id": template_id,
                "template_params": params,
            },
            ensure_ascii=False,
        ).encode()
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        request = urllib.request.Request(
            self.base_url + PATH,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "X-Access-Key": self.key_id,
                "X-Timestamp": timestamp,
                "X-Nonce": nonce,
                "X-Signature": signature(self.secret, timestamp, nonce, body),
            },
        )
        answer = _post(request)
        code = answer.get("code", "")
        if code == "OK":
            return str(answer.get("biz_id") or answer.get("request_id") or "")
        text = f"{code}: {answer.get('message', '')}"[:300]
        raise (TemporaryError if code in TEMPORARY_CODES else PermanentError)(text)


def _post(request) -> dict:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read().decode() or "{}")
        except ValueError:
            answer = {}
        if exc.code >= 500 or exc.code == 429 or not answer.get("code"):
            raise TemporaryError(f"HTTP {exc.code}") from exc
        return answer
    except urllib.error.URLError as exc:
        raise TemporaryError(f"无法连接：{exc.reason}"[:300]) from exc
    except (TimeoutError, ConnectionError, ValueError) as exc:
        raise TemporaryError(f"网关不可达：{exc}"[:300]) from exc
