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


def test_posting_without_credentials_is_401_not_a_csrf_failure(setup, learner):
    from django.test import Client

    c, _auth = setup
    strict = Client(enforce_csrf_checks=True)
    expired = {"HTTP_AUTHORIZATION": "Bearer wagtail_" + "x" * 40}
    assert post(strict, {}, event(c.lessons[0])).status_code == 401
    assert post(strict, expired, event(c.lessons[0])).status_code == 401
    # A signed-in session still needs its CSRF token to write.
    strict.force_login(learner)
    response = post(strict, {}, event(c.lessons[0]))
    assert response.status_code == 403
    assert not ProgressEvent.objects.exists()


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


def test_the_same_event_at_the_same_instant_in_another_offset_is_a_replay(client, setup):
    c, auth = setup
    body = event(c.lessons[0], occurred_at="2026-11-20T08:00:00+07:00")
    first = post(client, auth, body)
    again = post(client, auth, {**body, "occurred_at": "2026-11-20T01:00:00Z"})
    assert again.status_code == 200 and again.json() == first.json()
    assert ProgressEvent.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"type": "lesson_completed"},
        {"occurred_at": "2026-11-21T08:00:00+07:00"},
        {"lesson": "second"},
    ],
    ids=["type", "occurred_at", "lesson"],
)
def test_an_id_reused_for_a_different_event_is_a_409_naming_the_id(client, setup, change):
    c, auth = setup
    body = event(c.lessons[0], "lesson_viewed")
    assert post(client, auth, body).status_code == 201
    if change.get("lesson") == "second":
        change = {"lesson": c.lessons[1].pk}
    response = post(client, auth, {**body, **change})
    assert response.status_code == 409
    assert body["id"] in response.json()["detail"]
    assert [error["field"] for error in response.json()["errors"]] == ["id"]
    assert ProgressEvent.objects.count() == 1
    assert not LessonProgress.objects.exists()
    # The event first sent, sent again unchanged, is still a replay.
    assert post(client, auth, body).status_code == 200


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


# --- The fast path: query budget, the token read, lean middleware, the lesson lookup table ---


def test_query_budget_per_event(client, setup, django_assert_max_num_queries):
    """A viewed event: the enrolment (with lessons read and completion), its last activity, the
    event. A completed event adds the read under the lock and the lesson's progress row. The
    token is read on every request (one query: revoking it holds at once everywhere);
    requirements are cached after the first request. Each budget counts 2 more: the
    SAVEPOINT and RELEASE of the event's transaction inside the test's own (BEGIN/COMMIT in
    production, which Django does not count as queries)."""
    c, auth = setup
    assert post(client, auth, event(c.lessons[0], "lesson_viewed")).status_code == 201
    with django_assert_max_num_queries(1 + 3 + 2):
        assert post(client, auth, event(c.lessons[0], "lesson_viewed")).status_code == 201
    with django_assert_max_num_queries(1 + 5 + 2):
        assert post(client, auth, event(c.lessons[0])).status_code == 201
    with django_assert_max_num_queries(1 + 5 + 2):  # already read: an earlier time is kept
        late = event(c.lessons[0], occurred_at="2026-11-20T07:00:00+07:00")
        assert post(client, auth, late).status_code == 201
    with django_assert_max_num_queries(1 + 7 + 2):  # the last lesson: completion recorded
        response = post(client, auth, event(c.lessons[1]))
    assert response.json()["course_completed"] is True
    assert CourseCompletion.objects.count() == 1
    assert LessonProgress.objects.get(lesson=c.lessons[0]).completed_at.hour == 0  # 07:00+07


def test_bare_view_query_budget(client, setup, django_assert_max_num_queries):
    _c, auth = setup
    assert client.get("/api/training/me", **auth).status_code == 200
    with django_assert_max_num_queries(1):  # the token, with its owner
        assert client.get("/api/training/me", **auth).status_code == 200


def test_revoked_token_is_refused_at_once(client, setup):
    from django.utils import timezone

    _c, auth = setup
    assert client.get("/api/training/me", **auth).status_code == 200
    token = APIToken.objects.get()
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/training/me", **auth).status_code == 401


def test_token_requests_skip_browser_middleware(client, setup, learner):
    """No session cookie, no Vary: Cookie for a token request (its messages still follow
    Accept-Language); a session request still goes through the whole stack."""
    _c, auth = setup
    response = client.get("/api/training/me", **auth)
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    client.force_login(learner)
    response = client.get("/api/training/enrolments")
    assert response.status_code == 200
    assert "Cookie" in response.get("Vary", "")


def test_wrong_token_is_401_even_with_a_session(client, setup, learner):
    _c, _auth = setup
    client.force_login(learner)
    bad = {"HTTP_AUTHORIZATION": "Bearer wagtail_" + "x" * 40}
    assert client.get("/api/training/me", **bad).status_code == 401


def test_translated_lesson_is_recorded_against_the_default_language(client, setup):
    from training.models import CourseLessonPage

    c, auth = setup
    english = CourseLessonPage.objects.exclude(pk=c.lessons[0].pk).get(
        translation_key=c.lessons[0].translation_key
    )
    assert post(client, auth, event(english)).status_code == 201
    assert LessonProgress.objects.get().lesson_id == c.lessons[0].pk


def test_moving_a_lesson_to_another_course_moves_its_events(client, home, setup):
    from training.models import CourseModulePage

    c, auth = setup
    assert post(client, auth, event(c.lessons[1], "lesson_viewed")).status_code == 201
    other = build_course(home, slug="elsewhere", with_quiz=False, lessons=1)
    module = CourseModulePage.objects.child_of(other.course).get()
    c.lessons[1].move(module, pos="last-child")
    # Now in a course this learner is not enrolled in.
    assert post(client, auth, event(c.lessons[1], "lesson_viewed")).status_code == 403


def post_batch(client, auth, events):
    return client.post(
        "/api/training/progress-events/batch",
        {"events": events},
        content_type="application/json",
        **auth,
    )


def test_batch_records_each_event_once(client, home, setup, django_assert_max_num_queries):
    c, auth = setup
    other = build_course(home, slug="not-mine", with_quiz=False, lessons=1)
    first = event(c.lessons[1], occurred_at="2026-11-20T09:00:00+07:00")
    assert post(client, auth, first).status_code == 201
    events = [
        first,
        event(c.lessons[0]),
        event(other.lessons[0]),
        event(c.lessons[0], "lesson_viewed"),
    ]
    response = post_batch(client, auth, events)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [200, 201, 403, 201]
    assert results[1]["result"]["course_completed"] is True
    assert ProgressEvent.objects.count() == 3
    assert CourseCompletion.objects.count() == 1
    again = post_batch(client, auth, events).json()["results"]
    assert [r["status"] for r in again] == [200, 200, 403, 200]
    assert again[1]["result"] == results[1]["result"]
    assert ProgressEvent.objects.count() == 3


def test_a_batch_refuses_an_id_reused_for_a_different_event_and_records_the_rest(client, setup):
    c, auth = setup
    viewed = event(c.lessons[0], "lesson_viewed")
    assert post(client, auth, viewed).status_code == 201
    changed = {**viewed, "type": "lesson_completed"}
    response = post_batch(client, auth, [viewed, changed, event(c.lessons[1])])
    results = response.json()["results"]
    assert [r["status"] for r in results] == [200, 409, 201]
    assert [error["field"] for error in results[1]["errors"]] == ["events.1.id"]
    assert viewed["id"] in results[1]["detail"]
    assert ProgressEvent.objects.count() == 2
    assert list(LessonProgress.objects.values_list("lesson_id", flat=True)) == [c.lessons[1].pk]


def test_malformed_batch_is_a_400_naming_the_event_and_field(client, setup):
    c, auth = setup
    bad = event(c.lessons[0], occurred_at="yesterday")
    response = post_batch(client, auth, [event(c.lessons[0]), bad])
    assert response.status_code == 400
    assert "events.1.occurred_at" in response.json()["detail"]
    assert ProgressEvent.objects.count() == 0


@override_settings(TRAINING_API_RATE_LIMIT=3)
def test_batch_counts_each_event_against_the_rate_limit(client, setup):
    from django.core.cache import cache

    cache.clear()
    c, auth = setup
    events = [event(c.lessons[0], "lesson_viewed") for _ in range(4)]
    assert post_batch(client, auth, events).status_code == 429
    assert ProgressEvent.objects.count() == 0


def test_deleting_a_lesson_or_a_learner_deletes_their_events(client, setup, learner, make_user):
    """The event log's learner and lesson are not database constraints (see ProgressEvent):
    Django's cascade must still remove the events, leaving none pointing nowhere."""
    c, auth = setup
    assert post(client, auth, event(c.lessons[0], "lesson_viewed")).status_code == 201
    assert post(client, auth, event(c.lessons[1], "lesson_viewed")).status_code == 201
    other = make_user("other-learner")
    enrol(other, c.course)
    assert post(client, token_for(other), event(c.lessons[1], "lesson_viewed")).status_code == 201
    assert ProgressEvent.objects.count() == 3

    c.lessons[0].delete()
    assert set(ProgressEvent.objects.values_list("lesson_id", flat=True)) == {c.lessons[1].pk}
    learner.delete()
    assert list(ProgressEvent.objects.values_list("user_id", flat=True)) == [other.pk]


# --- Certificates: bilingual fields as <name>_km and <name>_en ---


def test_certificates_name_the_issuer_in_khmer_and_english(client, home, make_user):
    from django.contrib.auth import get_user_model

    from .test_certificates import issued_certificate

    certificate = issued_certificate(home, make_user)
    client.force_login(get_user_model().objects.get(username="dara"))
    [listed] = client.get("/api/training/certificates").json()
    assert listed["code"] == certificate.code
    assert listed["issuer_km"] == "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន"
    assert listed["issuer_en"] == "National School of Local Administration"


def test_a_course_only_in_khmer_gives_its_khmer_issuer_in_english(client, home, make_user):
    """As course_en, and as the English verification page: the Khmer name rather than none."""
    from django.contrib.auth import get_user_model

    from .test_certificates import issued_certificate

    issued_certificate(home, make_user, english=False)
    client.force_login(get_user_model().objects.get(username="dara"))
    [listed] = client.get("/api/training/certificates").json()
    assert listed["issuer_en"] == listed["issuer_km"] == "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន"


def test_openapi_schema_describes_both_issuers(client, db):
    schema = client.get("/api/training/openapi.json").json()
    certificate = schema["components"]["schemas"]["CertificateOut"]
    assert {"issuer_km", "issuer_en"} <= set(certificate["required"])
    assert certificate["properties"]["issuer"].get("deprecated") is True
