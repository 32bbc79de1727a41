"""E-mail over SMTP, through Django's mail (EMAIL_HOST, EMAIL_PORT, … in the settings)."""

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from lvzhi.delivery.channels.base import Message, NoAddress, PermanentError, TemporaryError


def address_of(user) -> str:
    if user.email:
        return user.email
    member = getattr(user, "member", None)
    return member.email if member is not None else ""


class EmailChannel:
    key = "email"

    def send(self, user, message: Message) -> str:
        address = address_of(user)
        if not address:
            raise NoAddress("没有电子邮箱")
        message_id = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost")
        mail = EmailMessage(
            subject=message.title,
            body=message.text(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Message-ID": message_id},
            connection=get_connection(fail_silently=False),
        )
        try:
            mail.send()
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            raise PermanentError(f"收件人或发件人被拒绝：{exc}"[:300]) from exc
        except smtplib.SMTPResponseException as exc:
            error = PermanentError if 500 <= exc.smtp_code < 600 else TemporaryError
            raise error(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"[:300]) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TemporaryError(f"邮件服务器不可达：{exc}"[:300]) from exc
        return message_id
