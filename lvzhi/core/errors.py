"""Errors raised by services. Views show their message; the API maps them to status codes."""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    status = 400
    code = "error"

    def __init__(self, message=None, errors=None):
        self.message = message or self.default_message
        self.errors = errors or {}
        super().__init__(str(self.message))

    default_message = _("操作失败。")


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"
    default_message = _("您没有权限执行此操作。")


class NotFound(ServiceError):
    status = 404
    code = "not_found"
    default_message = _("未找到。")


class IllegalTransition(ServiceError):
    status = 409
    code = "illegal_transition"
    default_message = _("当前状态下不能执行此操作。")


class Invalid(ServiceError):
    """Bad input. `errors` maps field names to lists of messages."""

    status = 422
    code = "invalid"
    default_message = _("输入有误，请检查后重试。")

    @classmethod
    def from_django(cls, exc):
        """Build from a django.core.exceptions.ValidationError."""
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
        else:
            errors = {"__all__": [str(m) for m in exc.messages]}
        return cls(errors=errors)
