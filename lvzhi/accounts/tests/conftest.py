import pytest

from lvzhi.accounts.factories import PASSWORD, totp_code
from lvzhi.accounts.models import User


def log_in(client, login, password=PASSWORD, **extra):
    """Log in through the login page, as a person would; an account with a second factor then
    gives its authenticator's code (the response is the last step's)."""
    response = client.post("/accounts/login/", {"username": login, "password": password}, **extra)
    if response.status_code == 302 and response["Location"] == "/accounts/login/verify/":
        user = User.objects.get(pk=client.session["lvzhi_pending_login"]["uid"])
        response = client.post("/accounts/login/verify/", {"code": totp_code(user)}, **extra)
    return response


@pytest.fixture
def signed_in(client):
    """A client logged in through the login page as the given user."""

    def _signed_in(user, password=PASSWORD):
        response = log_in(client, user.username, password)
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _signed_in
