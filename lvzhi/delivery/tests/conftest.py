import pytest
from django.core.cache import cache
from django.utils import timezone

from lvzhi.delivery.tests import servers

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def gateway_server():
    server = servers.start_gateway()
    yield server
    server.shutdown()


@pytest.fixture
def gateway(gateway_server):
    """The local SMS gateway and 企业微信 API, emptied for the test."""
    s = gateway_server
    s.sms.clear()
    s.wecom.clear()
    s.sms_answers.clear()
    s.wecom_answers.clear()
    s.valid_tokens.clear()
    s.expired_tokens.clear()
    s.token_fetches = 0
    cache.clear()
    return s


@pytest.fixture(scope="session")
def smtp_server():
    controller, mailbox = servers.start_smtp()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    controller, box = smtp_server
    box.messages.clear()
    return box


@pytest.fixture
def channels_on(settings, gateway, smtp_server):
    """Every channel on, pointed at the local servers; tasks run at once."""
    controller, _box = smtp_server
    settings.CHANNELS = ["sms", "wecom", "email"]
    settings.SITE_URL = "https://lvzhi.example"
    settings.SMS_BASE_URL = gateway.url
    settings.SMS_ACCESS_KEY = servers.SMS_KEY
    settings.SMS_ACCESS_SECRET = servers.SMS_SECRET
    settings.SMS_SIGN_NAME = "武威政协"
    settings.SMS_TEMPLATE_MESSAGE = "SMS_001"
    settings.SMS_TEMPLATE_DIGEST = "SMS_002"
    settings.WECOM_BASE_URL = gateway.url
    settings.WECOM_CORP_ID = servers.CORP_ID
    settings.WECOM_SECRET = servers.CORP_SECRET
    settings.WECOM_AGENT_ID = 1000002
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.TASKS = IMMEDIATE
    settings.SMS_MONTHLY_BUDGET = 0
    return settings


@pytest.fixture
def awake(settings):
    """Quiet hours that do not hold the present hour, for tests that send through `notify`, which
    takes the clock's time: a two-hour window twelve hours away (a run at night, China time, would
    otherwise see every text message deferred to the morning)."""
    hour = timezone.localtime().hour
    settings.QUIET_HOURS = ((hour + 12) % 24, (hour + 14) % 24)
