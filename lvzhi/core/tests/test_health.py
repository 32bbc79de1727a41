def test_healthz_answers_without_the_database(client):
    # No db fixture: pytest-django refuses any database access, so this passes only if /healthz
    # touches no database (sessions and auth included).
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_reports_a_migrated_database(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
