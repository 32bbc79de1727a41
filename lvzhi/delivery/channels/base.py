"""What every channel shares: the message it is given, what it answers, the two kinds of failure."""

from dataclasses import dataclass, field

from django.conf import settings


class ChannelError(Exception):
    """A send that failed; `temporary` failures are retried, the others are final."""

    temporary = False


class TemporaryError(ChannelError):
    temporary = True


class PermanentError(ChannelError):
    temporary = False


class NoAddress(PermanentError):
    """The user has no address on this channel (no mobile, no 企业微信 account, no e-mail)."""


@dataclass
class Message:
    """One message: a title, a body, a link, and for a digest the lines it lists.
    `template` is "message" or "digest" (SMS gateways send only pre-approved templates)."""

    title: str
    body: str = ""
    url: str = ""
    lines: list[str] = field(default_factory=list)
    template: str = "message"

    @property
    def absolute_url(self) -> str:
        if not self.url or self.url.startswith(("http://", "https://")):
            return self.url
        return settings.SITE_URL + self.url

    def text(self) -> str:
        parts = [self.title]
        if self.body:
            parts.append(self.body)
        parts.extend(f"· {line}" for line in self.lines)
        if self.url:
            parts.append(self.absolute_url)
        return "\n".join(parts)
