"""Each channel against a real local server that speaks its protocol."""

import email

import pytest

from lvzhi.delivery import channels
from lvzhi.delivery.channels.email import EmailChannel
from lvzhi.delivery.channels.sms import SmsChannel
from lvzhi.delivery.channels.wecom import WecomChannel
from lvzhi.delivery.models import Profile

pytestmark = pytest.mark.django_db

MESSAGE = channels.Message(title="提案已立案：关于加强农村供水的建议", body="编号 5-3-0001", url="/proposals/1/")


@pytest.fixture
def member(personas):
    user = personas.member
    user.email = "liming@wuwei.example"
    user.save()
    Profile.objects.create(user=user, wecom_userid="LiMing")
    return user


# --- SMS --------------------------------------------------------------------------------------------


def test_it_sends_an_sms_as_a_signed_template_request(channels_on, gateway, member):
    message_id = SmsChannel().send(member, MESSAGE)
    assert message_id.startswith("biz-")
    [sent] = gateway.sms
    assert sent["phone_numbers"] == [member.member.mobile]
    assert sent["template_id"] == "SMS_001"
    assert sent["sign_name"] == "武威政协"
    assert sent["template_params"] == {"title": MESSAGE.title, "url": "https://lvzhi.example/proposals/1/"}


def test_the_gateway_refuses_a_wrong_signature_and_it_is_final(channels_on, gateway, member, settings):
    settings.SMS_ACCESS_SECRET = "not-the-secret"
    with pytest.raises(channels.PermanentError, match="SignatureDoesNotMatch"):
        SmsChannel().send(member, MESSAGE)
    assert gateway.sms == []


def test_throttling_and_gateway_trouble_are_temporary(channels_on, gateway, member):
    gateway.sms_answers += [(200, "isv.BUSINESS_LIMIT_CONTROL"), (503, "ServiceUnavailable")]
    for _ in range(2):
        with pytest.raises(channels.TemporaryError):
            SmsChannel().send(member, MESSAGE)
    assert SmsChannel().send(member, MESSAGE).startswith("biz-")


def test_a_bad_number_is_final(channels_on, gateway, member):
    gateway.sms_answers.append((200, "isv.MOBILE_NUMBER_ILLEGAL"))
    with pytest.raises(channels.PermanentError, match="MOBILE_NUMBER_ILLEGAL"):
        SmsChannel().send(member, MESSAGE)


def test_an_unreachable_gateway_is_temporary(channels_on, member, settings):
    settings.SMS_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(channels.TemporaryError):
        SmsChannel().send(member, MESSAGE)


def test_a_user_without_a_mobile_has_no_sms_address(channels_on, personas):
    with pytest.raises(channels.NoAddress):
        SmsChannel().send(personas.staff, MESSAGE)


def test_the_digest_uses_its_own_template(channels_on, gateway, member):
    SmsChannel().send(
        member, channels.Message(title="汇总", url="/notifications/", lines=["甲", "乙"], template="digest")
    )
    assert gateway.sms[0]["template_id"] == "SMS_002"
    assert gateway.sms[0]["template_params"] == {"count": "2", "url": "https://lvzhi.example/notifications/"}


# --- 企业微信 / 政务微信 ----------------------------------------------------------------------------------


def test_it_sends_a_text_card_and_keeps_the_token(channels_on, gateway, member):
    first = WecomChannel().send(member, MESSAGE)
    second = WecomChannel().send(member, MESSAGE)
    assert first.startswith("msg-") and second.startswith("msg-") and first != second
    assert gateway.token_fetches == 1
    card = gateway.wecom[0]
    assert card["touser"] == "LiMing" and card["agentid"] == 1000002 and card["msgtype"] == "textcard"
    assert card["textcard"]["title"] == MESSAGE.title
    assert card["textcard"]["url"] == "https://lvzhi.example/proposals/1/"


@pytest.mark.parametrize("how", ["expired", "invalid"])
def test_it_fetches_a_new_token_when_the_service_says_42001_or_40014(channels_on, gateway, member, how):
    WecomChannel().send(member, MESSAGE)
    if how == "expired":
        gateway.expire_tokens()  # 42001
    else:
        gateway.valid_tokens.clear()  # 40014
    assert WecomChannel().send(member, MESSAGE).startswith("msg-")
    assert gateway.token_fetches == 2
    assert len(gateway.wecom) == 2


def test_a_busy_service_is_temporary_and_a_wrong_secret_final(channels_on, gateway, member, settings):
    gateway.wecom_answers.append(-1)
    with pytest.raises(channels.TemporaryError, match="-1"):
        WecomChannel().send(member, MESSAGE)
    settings.WECOM_SECRET = "wrong"
    settings.WECOM_BASE_URL = gateway.url + "/"  # another cache key: no cached token
    with pytest.raises(channels.PermanentError, match="40001"):
        WecomChannel().send(member, MESSAGE)


def test_an_unknown_account_is_final(channels_on, gateway, member):
    member.delivery_profile.wecom_userid = "nobody"
    member.delivery_profile.save()
    with pytest.raises(channels.PermanentError, match="nobody"):
        WecomChannel().send(member, MESSAGE)


# --- e-mail -------------------------------------------------------------------------------------------


def test_it_sends_an_email_over_smtp(channels_on, mailbox, member):
    message_id = EmailChannel().send(member, MESSAGE)
    [envelope] = mailbox.messages
    assert envelope.rcpt_tos == ["liming@wuwei.example"]
    parsed = email.message_from_bytes(envelope.original_content)
    assert parsed["Message-ID"] == message_id
    assert str(email.header.make_header(email.header.decode_header(parsed["Subject"]))) == MESSAGE.title
    text = parsed.get_payload(decode=True).decode(parsed.get_content_charset())
    assert "https://lvzhi.example/proposals/1/" in text and "编号 5-3-0001" in text


def test_a_refused_recipient_is_final(channels_on, mailbox, member):
    member.email = "nobody@refused.example"
    member.save()
    with pytest.raises(channels.PermanentError):
        EmailChannel().send(member, MESSAGE)
    assert mailbox.messages == []


def test_an_unreachable_mail_server_is_temporary(channels_on, member, settings):
    settings.EMAIL_PORT = 9
    with pytest.raises(channels.TemporaryError):
        EmailChannel().send(member, MESSAGE)
