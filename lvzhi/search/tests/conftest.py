import pytest

from lvzhi.proposals.factories import ProposalWorld


@pytest.fixture
def world(personas):
    return ProposalWorld(personas)


@pytest.fixture(autouse=True)
def no_word_statistics(monkeypatch):
    """PostgreSQL reads its lexeme statistics once a minute per process (PostgresBackend._frequency):
    held empty here, so a test's statement count does not depend on when the last read was (a fresh
    test database has no statistics anyway: every word counts as rare)."""
    from lvzhi.search.backends import PostgresBackend

    monkeypatch.setattr(PostgresBackend, "_frequencies", (float("inf"), {}))
