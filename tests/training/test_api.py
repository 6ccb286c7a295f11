import uuid

import pytest
from django.test import override_settings
from wagtail.models import APIToken

from training.learning import enrol
from training.models import CourseCompletion, LessonProgress, ProgressEvent

from .conftest import build_course

pytestmark = pytest.mark.django_db


def token_for(user):
    plain = APIToken.generate_token()
    APIToken.objects.create(
        user=user, name="app", key_hash=APIToken.hash_token(plain), prefix=plain[:12]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def event(lesson, kind="lesson_completed", **extra):
    return {
        "id": str(uuid.uuid4()),
        "lesson": lesson.pk,
        "type": kind,
        "occurred_at": "2026-11-20T08:00:00+07:00",
        **extra,
    }


@pytest.fixture
def setup(home, learner):
    c = build_course(home, slug="api", with_quiz=False, lessons=2)
    enrol(learner, c.course)
    return c, token_for(learner)


def post(client, auth, body):
    return client.post(
        "/api/training/progress-events", body, content_type="application/json", **auth
    )


def test_requires_authentication(client, setup):
    c, _auth = setup
    assert client.get("/api/training/enrolments").status_code == 401
    assert post(client, {}, event(c.lessons[0])).status_code == 401


def test_session_authentication_works_for_reads(client, setup, learner):
    client.force_login(learner)
    assert client.get("/api/training/enrolments").status_code == 200


def test_event_recorded_once_when_replayed(client, setup):
    c, auth = setup
    body = event(c.lessons[0])
    first = post(client, auth, body)
    assert first.status_code == 201
    again = post(client, auth, body)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert ProgressEvent.objects.count() == 1
    assert LessonProgress.objects.count() == 1


def test_out_of_order_events_are_accepted_and_complete_the_course(client, setup):
    c, auth = setup
    late = event(c.lessons[1], occurred_at="2026-11-20T09:00:00+07:00")
    early = event(c.lessons[0], occurred_at="2026-11-20T08:00:00+07:00")
    assert post(client, auth, late).json()["course_completed"] is False
    response = post(client, auth, early).json()
    assert response["course_completed"] is True and response["course_percent"] == 100
    assert CourseCompletion.objects.count() == 1
    enrolments = client.get("/api/training/enrolments", **auth).json()
    assert enrolments[0]["percent"] == 100


def test_malformed_event_is_a_400_naming_the_field(client, setup):
    c, auth = setup
    body = event(c.lessons[0])
    body["occurred_at"] = "yesterday"
    response = post(client, auth, body)
    assert response.status_code == 400
    assert "occurred_at" in response.json()["detail"]
    body = event(c.lessons[0])
    del body["id"]
    response = post(client, auth, body)
    assert response.status_code == 400 and "id" in response.json()["detail"]
    assert ProgressEvent.objects.count() == 0


def test_forged_learner_id_is_refused(client, setup, make_user):
    c, auth = setup
    other = make_user("other", groups=["Learner"])
    response = post(client, auth, event(c.lessons[0], learner_id=other.pk))
    assert response.status_code == 400
    assert "learner_id" in response.json()["detail"]
    assert ProgressEvent.objects.count() == 0


def test_lesson_outside_enrolments_is_403(client, home, setup):
    _c, auth = setup
    other = build_course(home, slug="not-enrolled", with_quiz=False, lessons=1)
    response = post(client, auth, event(other.lessons[0]))
    assert response.status_code == 403
    assert ProgressEvent.objects.count() == 0


def test_a_learner_sees_only_their_own_enrolments(client, setup, make_user):
    c, auth = setup
    other = make_user("other", groups=["Learner"])
    theirs = enrol(other, c.course)
    mine = client.get("/api/training/enrolments", **auth).json()
    assert [e["id"] for e in mine] != [theirs.pk] and len(mine) == 1
    assert client.get(f"/api/training/enrolments/{theirs.pk}/progress", **auth).status_code == 403


@override_settings(TRAINING_API_RATE_LIMIT=3)
def test_rate_limited(client, setup):
    from django.core.cache import cache

    cache.clear()
    _c, auth = setup
    codes = [client.get("/api/training/me", **auth).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_openapi_schema_is_served(client, db):
    schema = client.get("/api/training/openapi.json").json()
    assert "/api/training/progress-events" in schema["paths"]
