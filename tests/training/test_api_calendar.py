"""The training calendar in the API: the sessions to come (public, filtered, paged), the learner's
own registrations, and registering and cancelling, idempotent per session as progress events are
per id; every refusal in the one error format, every status in the one OpenAPI document."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from training.learning import register
from training.models import SessionRegistration

from .conftest import build_course, session_in
from .test_api import token_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
PLACE, WAITING = SessionRegistration.Status.PLACE, SessionRegistration.Status.WAITING
SESSIONS = "/api/training/sessions"
MINE = "/api/training/registrations"


@pytest.fixture
def course(home):
    return build_course(home, slug="f2f", with_quiz=False, lessons=1)


@pytest.fixture
def learner(make_user, districts):
    return make_user("sokha", groups=["Learner"], area_code="05")


@pytest.fixture
def auth(learner):
    return token_for(learner)


on = session_in


def ids(response):
    assert response.status_code == 200, response.content
    return [s["id"] for s in response.json()["results"]]


def registration_url(session):
    return f"{SESSIONS}/{session.pk}/registration"


def post(client, auth, session, body=None, **headers):
    return client.post(
        registration_url(session), body or {}, content_type="application/json", **auth, **headers
    )


def delete(client, auth, session):
    return client.delete(registration_url(session), **auth)


# --- the sessions to come ---------------------------------------------------------------------


def test_sessions_to_come_are_public_soonest_first_in_the_language_asked(client, course):
    later = on(course, 9, venue="សាលាខេត្ត", start_time=datetime.time(8, 30), places=3)
    soon = on(course, 2, start_time=None, end_time=None)
    on(course, -1)  # held
    on(course, 5, published=False)
    register_someone = SessionRegistration.objects.create
    register_someone(session=later, user=course_user("a"), status=PLACE)
    khmer = client.get(SESSIONS, HTTP_ACCEPT_LANGUAGE="km")
    assert ids(khmer) == [soon.pk, later.pk]
    body = khmer.json()
    assert (body["count"], body["page"], body["num_pages"]) == (2, 1, 1)
    first, second = body["results"]
    assert first["start_time"] is None and first["course_title"] == "វគ្គ f2f"
    assert second == {
        **second,
        "course": course.course.pk,
        "date": later.date.isoformat(),
        "start_time": "08:30",
        "end_time": "12:00",
        "province": "05",
        "area": "05",
        "venue": "សាលាខេត្ត",
        "places": 3,
        "places_left": 2,
        "waiting": 0,
        "cancelled": False,
    }
    assert second["calendar_url"].endswith(
        f"/km/training/calendar/?province=05&course={course.course.pk}#session-{later.pk}"
    )
    english = client.get(SESSIONS, HTTP_ACCEPT_LANGUAGE="en").json()["results"][1]
    assert (
        english["course_title"] == "Course f2f"
        and "/en/training/calendar/" in (english["calendar_url"])
    )


def course_user(name):
    from portal.factories import UserFactory

    return UserFactory(username=name)


def test_sessions_filter_by_province_course_and_dates(client, home, course):
    other = build_course(home, slug="other", with_quiz=False, lessons=1)
    ksp = on(course, 3)
    siem_reap = on(course, 4, area_code="17")
    other_ksp = on(other, 10)
    assert ids(client.get(SESSIONS, {"province": "05"})) == [ksp.pk, other_ksp.pk]
    assert ids(client.get(SESSIONS, {"course": course.course.pk})) == [ksp.pk, siem_reap.pk]
    # The English page of a course names the same course.
    assert ids(client.get(SESSIONS, {"course": course.course_en.pk})) == [ksp.pk, siem_reap.pk]
    day = lambda n: str(TODAY() + datetime.timedelta(days=n))  # noqa: E731
    assert ids(client.get(SESSIONS, {"date_from": day(5), "date_to": day(9)})) == []
    in_range = {"date_from": day(4), "date_to": day(10)}  # both days included
    assert ids(client.get(SESSIONS, in_range)) == [siem_reap.pk, other_ksp.pk]
    both = {"province": "05", "course": other.course.pk, "date_to": str(other_ksp.date)}
    assert ids(client.get(SESSIONS, both)) == [other_ksp.pk]
    # The past is not "to come": an earlier date_from lists from today.
    on(course, -3)
    assert ksp.pk == ids(client.get(SESSIONS, {"date_from": "2000-01-01"}))[0]


def test_sessions_are_paged_as_the_calendar_pages_them(client, course):
    for n in range(23):
        on(course, n)
    first = client.get(SESSIONS).json()
    assert (first["count"], first["page"], first["num_pages"], len(first["results"])) == (
        23,
        1,
        2,
        20,
    )
    assert len(client.get(SESSIONS, {"page": "2"}).json()["results"]) == 3
    assert client.get(SESSIONS, {"page": "99"}).json()["page"] == 2  # past the end: the last
    assert client.get(SESSIONS, {"page": "x"}).json()["page"] == 1


@pytest.mark.parametrize(
    "params, field",
    [
        ({"province": "99"}, "province"),
        ({"province": "0501"}, "province"),  # a district is no province
        ({"province": "0\x005"}, "province"),
        ({"course": "999999"}, "course"),
        ({"course": "abc"}, "course"),
        ({"date_from": "10/12/2026"}, "date_from"),
        ({"date_to": "2026-02-30"}, "date_to"),
        ({"date_to": "2031-01-01T10:00:00"}, "date_to"),
        ({"date_from": "2031-01-02", "date_to": "2031-01-01"}, "date_to"),
    ],
)
def test_a_filter_that_names_nothing_is_a_400_naming_it(client, course, districts, params, field):
    for language, sample in (("en", "[a-zA-Z]"), ("km", "[\u1780-\u17ff]")):
        response = client.get(SESSIONS, params, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        body = response.json()
        assert set(body) == {"detail", "errors"}
        assert [e["field"] for e in body["errors"]] == [field]
        assert re.search(sample, body["errors"][0]["message"]), body


# --- the learner's registrations --------------------------------------------------------------


def test_the_learner_sees_their_own_registrations_with_their_place_on_the_list(
    client, course, learner, auth, make_user
):
    full = on(course, 5, places=1)
    register(make_user("first"), full)
    register(make_user("second"), full, waiting_list=True)
    waiting = register(learner, full, waiting_list=True)
    placed = register(learner, on(course, 2))
    register(make_user("other"), on(course, 3))  # someone else's
    held = SessionRegistration.objects.create(session=on(course, -2), user=learner, status=PLACE)
    body = client.get(MINE, **auth).json()
    assert [(r["id"], r["status"], r["position"]) for r in body["results"]] == [
        (placed.pk, "place", None),
        (waiting.pk, "waiting", 2),
    ]
    assert body["results"][1]["session"]["places_left"] == 0
    assert body["results"][1]["session"]["waiting"] == 2
    past = client.get(MINE, {"past": "true"}, **auth).json()
    assert [r["id"] for r in past["results"]] == [held.pk] and past["count"] == 1


def test_the_learners_registrations_need_credentials(client, course):
    response = client.get(MINE)
    assert response.status_code == 401 and set(response.json()) == {"detail", "errors"}
    assert client.get(MINE, HTTP_AUTHORIZATION="Bearer wagtail_" + "x" * 40).status_code == 401


def counted(client, url, **headers):
    client.get(url, **headers)  # what a process reads once (the locales) is read
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200
    return [q["sql"] for q in queries]


@pytest.mark.parametrize("url", [SESSIONS, MINE])
def test_the_lists_cost_the_same_queries_whatever_their_length(
    client, home, course, auth, learner, make_user, url
):
    other = build_course(home, slug="other", with_quiz=False, lessons=1)
    register(learner, on(course, 2, area_code="050101"))
    few = counted(client, url, HTTP_ACCEPT_LANGUAGE="en", **auth)
    for n in range(8):
        session = on(other if n % 2 else course, 3 + n, places=1, area_code="170101")
        register(make_user(f"p{n}"), session)
        register(learner, session, waiting_list=True)
    many = counted(client, url, HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert len(many) == len(few), "\n".join(many + ["--- with fewer:"] + few)
    assert len(few) <= 6  # the token (and its use), the count, the rows, the places, the courses


# --- registering and cancelling ---------------------------------------------------------------


def test_registering_gives_a_place_and_a_replay_answers_the_same_registration(
    client, course, learner, auth
):
    session = on(course, 3, places=1)
    first = post(client, auth, session)
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "place" and body["position"] is None
    assert body["session"]["id"] == session.pk and body["session"]["places_left"] == 0
    again = post(client, auth, session)
    assert again.status_code == 200 and again.json() == body
    assert SessionRegistration.objects.filter(session=session).count() == 1


def test_a_full_session_is_a_409_unless_the_waiting_list_is_asked_for(
    client, course, auth, make_user
):
    session = on(course, 3, places=1)
    register(make_user("first"), session)
    full = post(client, auth, session, HTTP_ACCEPT_LANGUAGE="en")
    assert full.status_code == 409
    assert full.json() == {
        "detail": "This session is full. You may join its waiting list.",
        "errors": [],
    }
    assert SessionRegistration.objects.filter(session=session).count() == 1
    waiting = post(client, auth, session, {"waiting_list": True})
    assert waiting.status_code == 201
    assert (waiting.json()["status"], waiting.json()["position"]) == ("waiting", 1)


def test_cancelling_frees_the_place_for_the_first_waiting_and_a_replay_is_204_too(
    client, course, learner, auth, make_user, django_capture_on_commit_callbacks
):
    session = on(course, 3, places=1)
    register(learner, session)
    waiting = make_user("next", email="next@example.org")
    register(waiting, session, waiting_list=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, auth, session)
    assert response.status_code == 204 and response.content == b""
    assert list(session.registrations.values_list("user__username", "status")) == [("next", PLACE)]
    assert [m.to for m in mail.outbox] == [["next@example.org"]]
    assert delete(client, auth, session).status_code == 204  # nothing held: the same answer
    assert list(session.registrations.values_list("user__username", "status")) == [("next", PLACE)]


def test_a_cancelled_or_held_session_is_a_409_and_nothing_changes(client, course, learner, auth):
    cancelled = on(course, 3)
    register(learner, cancelled)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    refused = delete(client, auth, cancelled)
    assert refused.status_code == 409 and refused.json()["errors"] == []
    assert cancelled.registrations.count() == 1
    assert post(client, auth, on(course, 4, cancelled_at=timezone.now())).status_code == 409
    held = on(course, -1)
    assert post(client, auth, held).status_code == 409
    assert not held.registrations.exists()
    # A replay of a registration the session kept (cancelled since) answers it as it stands.
    again = post(client, auth, cancelled)
    assert again.status_code == 200 and again.json()["session"]["cancelled"] is True


@pytest.mark.parametrize("session_id", ["0", "999999", "99999999999", "abc", "unpublished"])
def test_a_session_not_in_the_calendar_is_a_400_naming_it(client, course, auth, session_id):
    if session_id == "unpublished":
        session_id = str(on(course, 3, published=False).pk)
    url = f"{SESSIONS}/{session_id}/registration"
    for response in (
        client.post(url, {}, content_type="application/json", **auth),
        client.delete(url, **auth),
    ):
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == ["session_id"]
    assert not SessionRegistration.objects.exists()


def test_a_malformed_body_is_a_400_naming_the_field(client, course, auth):
    session = on(course, 3)
    for body, field in (({"waiting_list": "perhaps"}, "waiting_list"), ({"user": 2}, "user")):
        response = post(client, auth, session, body)
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not SessionRegistration.objects.exists()


def test_writing_needs_credentials_and_a_session_needs_its_csrf_token(client, course, learner):
    session = on(course, 3)
    assert post(client, {}, session).status_code == 401
    assert delete(client, {}, session).status_code == 401
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert post(strict, {}, session).status_code == 403
    assert not SessionRegistration.objects.exists()


def test_the_calendar_operations_are_in_the_one_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths[SESSIONS]["get"]["responses"]) == {"200", "400", "413", "429"}
    assert set(paths[MINE]["get"]["responses"]) == {"200", "400", "401", "413", "429"}
    one = paths["/api/training/sessions/{session_id}/registration"]
    assert set(one["post"]["responses"]) == {
        "200",
        "201",
        "400",
        "401",
        "403",
        "409",
        "413",
        "429",
    }
    assert set(one["delete"]["responses"]) == {"204", "400", "401", "403", "409", "413", "429"}
