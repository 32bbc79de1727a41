"""Real local servers speaking the protocols the channels use, for the tests (no mocks of the
sender code): an HTTP server on 127.0.0.1 that acts as the SMS gateway and as 企业微信/政务微信's
API — it checks signatures and tokens, records what it was sent, and answers like the service,
including its error codes and token expiry — and an SMTP server (aiosmtpd)."""

import base64
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

SMS_KEY, SMS_SECRET = "test-key", "test-secret-0123456789"
CORP_ID, CORP_SECRET = "ww-test-corp", "corp-secret"


class Gateway(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.sms = []  # the SMS requests accepted: their JSON bodies
        self.wecom = []  # the application messages accepted: their JSON bodies
        self.token_fetches = 0
        self.sms_answers = []  # scripted answers for the next SMS requests: (http status, code)
        self.wecom_answers = []  # scripted errcodes for the next message/send calls
        self.valid_tokens: set[str] = set()
        self.expired_tokens: set[str] = set()
        self.nonces: set[str] = set()
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def expire_tokens(self) -> None:
        """The service lets every issued token expire (as after its 7200 seconds)."""
        with self.lock:
            self.expired_tokens |= self.valid_tokens
            self.valid_tokens.clear()


class Handler(BaseHTTPRequestHandler):
    server: Gateway

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path != "/cgi-bin/gettoken":
            return self._answer({"errcode": 404, "errmsg": "not found"}, 404)
        if query.get("corpid") != CORP_ID or query.get("corpsecret") != CORP_SECRET:
            return self._answer({"errcode": 40001, "errmsg": "invalid credential"})
        with self.server.lock:
            self.server.token_fetches += 1
            token = f"tok-{next(self.server.counter)}"
            self.server.valid_tokens.add(token)
        return self._answer({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        body = self._body()
        if url.path == "/sms/send":
            return self._sms(body)
        if url.path == "/cgi-bin/message/send":
            return self._wecom(dict(urllib.parse.parse_qsl(url.query)).get("access_token", ""), body)
        return self._answer({"code": "NotFound"}, 404)

    def _sms(self, body: bytes):
        h = self.headers
        timestamp, nonce = h.get("X-Timestamp", ""), h.get("X-Nonce", "")
        text = "\n".join(["POST", "/sms/send", timestamp, nonce, hashlib.sha256(body).hexdigest()])
        expected = base64.b64encode(hmac.new(SMS_SECRET.encode(), text.encode(), hashlib.sha256).digest()).decode()
        if h.get("X-Access-Key") != SMS_KEY:
            return self._answer(
                {"code": "InvalidAccessKeyId.NotFound", "message": "Specified access key is not found."}, 400
            )
        if not hmac.compare_digest(h.get("X-Signature", ""), expected):
            return self._answer(
                {"code": "SignatureDoesNotMatch", "message": "Specified signature is not matched."}, 400
            )
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            return self._answer({"code": "InvalidTimeStamp.Expired", "message": "timestamp expired"}, 400)
        with self.server.lock:
            if nonce in self.server.nonces:
                return self._answer({"code": "SignatureNonceUsed", "message": "nonce used"}, 400)
            self.server.nonces.add(nonce)
            scripted = self.server.sms_answers.pop(0) if self.server.sms_answers else None
        if scripted is not None:
            status, code = scripted
            return self._answer({"code": code, "message": f"scripted {code}", "request_id": "r"}, status)
        payload = json.loads(body)
        if not payload.get("template_id") or not payload.get("phone_numbers"):
            return self._answer({"code": "isv.INVALID_PARAMETERS", "message": "missing parameters"})
        with self.server.lock:
            self.server.sms.append(payload)
            biz = f"biz-{next(self.server.counter)}"
        return self._answer({"code": "OK", "message": "OK", "request_id": "req", "biz_id": biz})

    def _wecom(self, token: str, body: bytes):
        with self.server.lock:
            if token in self.server.expired_tokens:
                return self._answer({"errcode": 42001, "errmsg": "access_token expired"})
            if token not in self.server.valid_tokens:
                return self._answer({"errcode": 40014, "errmsg": "invalid access_token"})
            scripted = self.server.wecom_answers.pop(0) if self.server.wecom_answers else None
        if scripted is not None:
            return self._answer({"errcode": scripted, "errmsg": f"scripted {scripted}"})
        payload = json.loads(body)
        if payload.get("msgtype") != "textcard" or not payload.get("textcard", {}).get("url"):
            return self._answer({"errcode": 40008, "errmsg": "invalid message type"})
        if payload.get("touser") == "nobody":
            return self._answer({"errcode": 0, "errmsg": "ok", "invaliduser": "nobody", "msgid": ""})
        with self.server.lock:
            self.server.wecom.append(payload)
            msgid = f"msg-{next(self.server.counter)}"
        return self._answer({"errcode": 0, "errmsg": "ok", "msgid": msgid})


def start_gateway() -> Gateway:
    server = Gateway()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Mailbox:
    """An aiosmtpd handler that keeps every message and refuses recipients at refused.example."""

    def __init__(self):
        self.messages: list[Envelope] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp() -> tuple[Controller, Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, mailbox
