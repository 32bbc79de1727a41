import pytest

from lvzhi.accounts.factories import PASSWORD


def log_in(client, login, password=PASSWORD, **extra):
    """Log in through the login page, as a person would."""
    return client.post("/accounts/login/", {"username": login, "password": password}, **extra)


@pytest.fixture
def signed_in(client):
    """A client logged in through the login page as the given user."""

    def _signed_in(user, password=PASSWORD):
        response = log_in(client, user.username, password)
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _signed_in
