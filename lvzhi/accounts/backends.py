from django.contrib.auth.backends import ModelBackend

from lvzhi.accounts.models import User
from lvzhi.core import pii


def find_user(login: str):
    """The account named by a username, or by a mobile number (through its keyed hash)."""
    login = (login or "").strip()
    if not login:
        return None
    user = User.objects.filter(username=login).first()
    if user is None:
        mobile = pii.normalise_mobile(login)
        if mobile.isascii() and mobile.isdigit() and len(mobile) == 11:
            user = User.objects.filter(mobile_hash=pii.keyed_hash(mobile)).first()
    return user


class UsernameOrMobileBackend(ModelBackend):
    def get_user(self, user_id):
        """The session's user with their committee, which every page's header names (one query, not two)."""
        user = User._default_manager.select_related("committee").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same work for unknown names (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
