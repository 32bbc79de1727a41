"""Password rules beyond Django's: three of four character classes; not containing the username."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def validate(self, password, user=None):
        classes = sum(bool(re.search(pattern, password)) for pattern in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
        if classes < 3:
            raise ValidationError(_("密码须包含大写字母、小写字母、数字、符号中的至少三类。"), code="password_classes")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少三类。")


class NotContainingUsernameValidator:
    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and len(username) >= 3 and username.lower() in password.lower():
            raise ValidationError(_("密码不能包含用户名。"), code="password_has_username")

    def get_help_text(self):
        return _("密码不能包含用户名。")
