"""The training API's refusals in the client's language (Khmer or English), and the bounds on
its input: event times, body size, and every status in the schema."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.test import override_settings

from training.learning import enrol
from training.models import LessonProgress, ProgressEvent

from .conftest import build_course
from .test_api import event, post, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(home, learner):
    c = build_course(home, slug="api", with_quiz=False, lessons=2)
    enrol(learner, c.course)
    return c, token_for(learner)


# --- Errors in the client's language ---

KHMER = re.compile("[\u1780-\u17ff]")


def field_errors(response):
    assert response.status_code == 400
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.mark.parametrize(
    "change,field",
    [
        ({"id": "not-a-uuid"}, "id"),
        ({"lesson": "abc"}, "lesson"),
        ({"lesson": 1.5}, "lesson"),
        ({"lesson": None}, "lesson"),
        ({"type": "lesson_skimmed"}, "type"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": "2026-13-45"}, "occurred_at"),
        ({"occurred_at": True}, "occurred_at"),
        ({"learner_id": 7}, "learner_id"),
        ({"id": None, "lesson": None, "type": None, "occurred_at": None}, "type"),
    ],
)
def test_field_errors_are_in_the_language_of_the_client(client, setup, change, field):
    c, auth = setup
    body = {**event(c.lessons[0]), **change}
    body = {key: value for key, value in body.items() if value is not None}
    khmer = field_errors(post(client, {**auth, "HTTP_ACCEPT_LANGUAGE": "km"}, body))
    english = field_errors(post(client, {**auth, "HTTP_ACCEPT_LANGUAGE": "en"}, body))
    assert KHMER.search(khmer[field]), khmer[field]
    assert not KHMER.search(english[field])
    # No English left in the Khmer message but the values the client may send.
    words = set(re.findall(r"[A-Za-z_]{3,}", khmer[field]))
    allowed = {"lesson_viewed", "lesson_completed", "quiz_answered", "UUID", "ISO"}
    assert words <= allowed, khmer[field]


def test_an_invalid_type_names_the_values_allowed(client, setup):
    c, auth = setup
    body = event(c.lessons[0], type="lesson_skimmed")
    for language in ("km", "en"):
        message = field_errors(post(client, {**auth, "HTTP_ACCEPT_LANGUAGE": language}, body))
        assert "lesson_viewed" in message["type"] and "lesson_completed" in message["type"]


@pytest.mark.parametrize(
    "events,field",
    [([], "events"), ("all of them", "events"), (["an event"], "events.0")],
)
def test_batch_errors_are_in_the_language_of_the_client(client, setup, events, field):
    c, auth = setup
    for items in (events, [event(c.lessons[0])] * 101):
        response = client.post(
            "/api/training/progress-events/batch",
            {"events": items},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="km",
            **auth,
        )
        errors = field_errors(response)
        assert errors and all(KHMER.search(message) for message in errors.values()), errors
    assert field in field_errors(
        client.post(
            "/api/training/progress-events/batch",
            {"events": events},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="km",
            **auth,
        )
    )


def test_an_error_the_api_has_no_words_for_is_a_translated_invalid_value():
    from django.utils import translation

    from portal.api.errors import field_message

    with translation.override("km"):
        message = field_message({"type": "some_new_check", "msg": "Value is wrong somehow"})
    assert KHMER.search(message) and "wrong" not in message


@pytest.mark.parametrize("body", ["{not json", '{"id": "unterminated', "\xff\xfe"])
def test_a_body_that_is_not_json_is_a_400_in_the_language_of_the_client(client, setup, body):
    _c, auth = setup
    details = {}
    for language in ("km", "en"):
        response = client.post(
            "/api/training/progress-events",
            body.encode("latin-1"),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
            **auth,
        )
        assert response.status_code == 400
        details[language] = response.json()["detail"]
    assert KHMER.search(details["km"]) and not KHMER.search(details["en"])
    assert "JSON" in details["en"]
    assert ProgressEvent.objects.count() == 0


@override_settings(TRAINING_API_RATE_LIMIT=1)
def test_a_rate_limited_client_is_told_when_to_retry(client, setup, monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone

    _c, auth = setup
    # 45.5 seconds into the minute: the window resets in 14.5 s, said as 15.
    now = datetime(2026, 11, 20, 8, 0, 45, 500000, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert client.get("/api/training/me", **auth).status_code == 200
    response = client.get("/api/training/me", **auth)
    assert response.status_code == 429
    assert response["Retry-After"] == "15"


def test_openapi_schema_documents_the_429_and_its_retry_after(client, db):
    schema = client.get("/api/training/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            refused = operation["responses"].get("429")
            assert refused, f"{method} {path}"
            assert "Retry-After" in refused["headers"]


def test_an_id_too_large_for_the_database_is_a_400_not_a_server_error(client, setup):
    c, auth = setup
    for lesson in (2**70, 2**31, 0, -1):
        response = post(client, auth, {**event(c.lessons[0]), "lesson": lesson})
        assert response.status_code == 400, (lesson, response.content)
        assert "lesson" in field_errors(response)
    response = client.get(f"/api/training/enrolments/{2**70}/progress", **auth)
    assert response.status_code == 400
    assert not ProgressEvent.objects.exists()


def test_the_401_and_403_say_so_in_the_language_of_the_client(client, setup):
    for language in ("km", "en"):
        response = client.get("/api/training/enrolments", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 401
        detail = response.json()["detail"]
        assert detail != "Unauthorized"
        assert bool(KHMER.search(detail)) == (language == "km"), detail


# --- Bounds on input: event times, body size, and every status in the schema ---


def ahead_of_now(delta):
    from django.utils import timezone

    return (timezone.now() + delta).isoformat()


@pytest.mark.parametrize(
    "occurred_at",
    [
        "0001-01-01T00:00:00+14:00",  # was a 500 on SQLite, and stored on PostgreSQL
        "0001-01-01T00:00:00",  # no offset: the portal's time zone
        "1999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-12:00",
        timedelta(days=1, minutes=5),  # ahead of the server's clock
    ],
    ids=["year-1-at-plus-14", "year-1-naive", "before-2000", "year-9999", "over-a-day-ahead"],
)
def test_an_event_time_outside_the_window_is_a_400_naming_the_field(client, setup, occurred_at):
    c, auth = setup
    if isinstance(occurred_at, timedelta):
        occurred_at = ahead_of_now(occurred_at)
    body = event(c.lessons[0], occurred_at=occurred_at)
    khmer = field_errors(post(client, {**auth, "HTTP_ACCEPT_LANGUAGE": "km"}, body))
    english = field_errors(post(client, {**auth, "HTTP_ACCEPT_LANGUAGE": "en"}, body))
    assert set(khmer) == set(english) == {"occurred_at"}
    assert KHMER.search(khmer["occurred_at"]) and not KHMER.search(english["occurred_at"])
    assert "2000-01-01T00:00:00Z" in english["occurred_at"]
    assert not ProgressEvent.objects.exists() and not LessonProgress.objects.exists()
    enrolment = client.get("/api/training/enrolments", **auth).json()[0]["id"]
    assert client.get(f"/api/training/enrolments/{enrolment}/progress", **auth).status_code == 200


def test_the_edges_of_the_time_window_are_accepted(client, setup):
    c, auth = setup
    first = event(c.lessons[0], occurred_at="2000-01-01T00:00:00Z")
    assert post(client, auth, first).status_code == 201
    ahead = event(c.lessons[1], occurred_at=ahead_of_now(timedelta(hours=23)))
    assert post(client, auth, ahead).status_code == 201
    assert post(client, auth, first).status_code == 200  # a replay reads the stored time back
    enrolment = client.get("/api/training/enrolments", **auth).json()[0]["id"]
    progress = client.get(f"/api/training/enrolments/{enrolment}/progress", **auth)
    assert progress.status_code == 200 and progress.json()["percent"] == 100


def test_a_batch_with_an_event_outside_the_time_window_is_refused_whole(client, setup):
    c, auth = setup
    events = [event(c.lessons[0]), event(c.lessons[1], occurred_at="0001-01-01T00:00:00+14:00")]
    response = client.post(
        "/api/training/progress-events/batch",
        {"events": events},
        content_type="application/json",
        **auth,
    )
    assert set(field_errors(response)) == {"events.1.occurred_at"}
    assert not ProgressEvent.objects.exists() and not LessonProgress.objects.exists()


TOO_LARGE = 3 * 1024 * 1024


def too_large_body(c):
    return json.dumps({**event(c.lessons[0]), "padding": "x" * TOO_LARGE})


def assert_translated_413(responses):
    """``responses``: {language: response}, each a JSON 413 in the APIs' error shape."""
    from django.conf import settings

    for response in responses.values():
        assert response.status_code == 413
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"] == []
    details = {language: response.json()["detail"] for language, response in responses.items()}
    assert KHMER.search(details["km"]) and not KHMER.search(details["en"])
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in details["en"]


@pytest.mark.parametrize(
    "path",
    ["/api/training/progress-events", "/api/training/progress-events/batch", "/api/search/"],
)
def test_a_body_past_the_limit_is_a_json_413_in_the_language_of_the_client(client, setup, path):
    c, auth = setup
    body = too_large_body(c)
    assert_translated_413(
        {
            language: client.post(
                path,
                body,
                content_type="application/json",
                HTTP_ACCEPT_LANGUAGE=language,
                **auth,
            )
            for language in ("km", "en")
        }
    )
    assert not ProgressEvent.objects.exists()


def test_a_declared_length_past_the_limit_is_refused_without_reading_the_body(client, setup):
    class Unread(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    _c, auth = setup
    response = client.generic(
        "POST",
        "/api/training/progress-events",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(TOO_LARGE),
        HTTP_ACCEPT_LANGUAGE="en",
        **{"wsgi.input": Unread()},
        **auth,
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_a_chunked_body_past_the_limit_is_a_json_413(setup):
    """No Content-Length (chunked, as an ASGI server passes it on): the body is found too large
    only when read, and is answered in the same way."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient
    from django.test.client import FakePayload

    c, auth = setup
    responses = {}
    for language in ("km", "en"):
        headers = [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"authorization", auth["HTTP_AUTHORIZATION"].encode()),
            (b"accept-language", language.encode()),
        ]
        responses[language] = async_to_sync(AsyncClient().request)(
            method="POST",
            path="/api/training/progress-events",
            query_string="",
            headers=headers,
            _body_file=FakePayload(too_large_body(c).encode()),
        )
    assert_translated_413(responses)
    assert not ProgressEvent.objects.exists()


def test_openapi_schema_declares_every_status_an_operation_can_answer(client, db):
    schema = client.get("/api/training/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    assert "ErrorOut" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            # Validation answers wherever there is something to validate: a parameter or a body.
            takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
            # Credentials wherever the operation asks for them (the calendar's sessions: public).
            needs_credentials = bool(operation.get("security"))
            expected = {"413"} | ({"400"} if takes_input else set())
            expected |= {"401"} if needs_credentials else set()
            assert needs_credentials == (path != "/api/training/sessions"), path
            assert expected <= set(responses), (method, path, sorted(responses))
            for status in expected:
                assert responses[status]["content"]["application/json"]["schema"] == error
    paths = schema["paths"]
    assert "403" in paths["/api/training/enrolments/{enrolment_id}/progress"]["get"]["responses"]
    assert {"400", "403", "409", "413"} <= set(
        paths["/api/training/progress-events"]["post"]["responses"]
    )
    assert {"400", "403", "413"} <= set(
        paths["/api/training/progress-events/batch"]["post"]["responses"]
    )
