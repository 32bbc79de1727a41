"""JSON logs (LVZHI_LOG_FORMAT=json): one object per line, carrying the id of the request being served
(the X-Request-ID the response echoes), so a log line and the audit entries of a request lead to
each other."""

import io
import json
import logging

import pytest

from lvzhi.core.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_log():
    """What the `django.request` and `lvzhi` loggers write, through the settings' JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("django.request"), logging.getLogger("lvzhi")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_request_log_line_carries_the_request_id_the_response_echoes(client, json_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-19.3:a")
    assert response["X-Request-ID"] == "req-19.3:a"
    [line] = [e for e in json_log() if e["logger"] == "django.request"]
    assert line["request_id"] == "req-19.3:a"
    assert line["level"] == "WARNING"
    assert line["status_code"] == 404
    assert "/no-such-page/" in line["message"]


@pytest.mark.django_db
def test_a_client_id_that_is_not_a_token_is_replaced_in_the_log_too(client, json_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID='"}{"injected": 1')
    [line] = [e for e in json_log() if e["logger"] == "django.request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert "injected" not in line


def test_outside_a_request_the_id_is_empty_and_extra_fields_are_kept(json_log):
    logging.getLogger("lvzhi.test").warning("sent %d messages", 3, extra={"channel": "sms"})
    [line] = json_log()
    assert line["message"] == "sent 3 messages"
    assert line["request_id"] == ""
    assert line["channel"] == "sms"
