"""Password rules beyond Django's: three of four character classes; not containing the username."""

import re
import string

from django.contrib.auth import password_validation
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


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a Chinese message (Django 5.2's own zh-hans catalogue misses the new msgid)."""

    def get_error_message(self):
        return _("密码至少需要 %(n)d 个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return self.get_error_message()


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, also matched with the digits and symbols around
    the word taken off, so that "Password123!" counts as the common "password"."""

    def validate(self, password, user=None):
        lowered = password.lower().strip()
        core = lowered.strip(string.digits + string.punctuation + " ")
        if lowered in self.passwords or (len(core) >= 4 and core in self.passwords):
            raise ValidationError(_("这个密码太常见了，请换一个。"), code="password_too_common")

    def get_help_text(self):
        return _("密码不能是常见密码。")
