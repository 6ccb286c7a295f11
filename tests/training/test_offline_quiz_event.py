"""A quiz answered offline: the ``quiz_answered`` event of the batch endpoint, scored by the
server when it arrives, once per client id however often it is replayed."""

import threading
import uuid

import pytest
from django.db import close_old_connections

from training.learning import enrol
from training.models import CourseCompletion, ProgressEvent, QuizAttempt

from .conftest import answers, build_course

pytestmark = pytest.mark.django_db

BATCH = "/api/training/progress-events/batch"


def quiz_event(c, right=True, **extra):
    return {
        "id": str(uuid.uuid4()),
        "lesson": c.lessons[-1].pk,
        "type": "quiz_answered",
        "quiz": c.quiz.pk,
        "answers": answers(c.quiz, right=right),
        "occurred_at": "2026-11-20T08:00:00+07:00",
        **extra,
    }


def read(c, n):
    return {
        "id": str(uuid.uuid4()),
        "lesson": c.lessons[n].pk,
        "type": "lesson_completed",
        "occurred_at": "2026-11-20T07:00:00+07:00",
    }


def send(client, events):
    response = client.post(BATCH, {"events": events}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def offline(home, learner, client):
    c = build_course(home, slug="offline")  # quiz: 2 attempts, pass mark 100 %
    enrol(learner, c.course)
    client.force_login(learner)
    return c


def test_a_quiz_answered_offline_is_scored_when_it_arrives(client, offline):
    c = offline
    results = send(client, [read(c, 0), read(c, 1), read(c, 2), quiz_event(c)])
    assert [r["status"] for r in results] == [201, 201, 201, 201]
    quiz = results[3]["result"]
    assert (quiz["score"], quiz["passed"], quiz["attempt"], quiz["attempts_left"]) == (
        100,
        True,
        1,
        0,
    )
    assert quiz["course_completed"] is True and quiz["course_percent"] == 100
    attempt = QuizAttempt.objects.get()
    assert (attempt.number, attempt.score, attempt.passed) == (1, 100, True)
    assert CourseCompletion.objects.count() == 1


def test_a_failed_offline_attempt_counts_against_the_limit(client, offline):
    c = offline
    first, second, third = (quiz_event(c, right=False) for _ in range(3))
    results = send(client, [first, second, third])
    assert [r["status"] for r in results] == [201, 201, 409]
    assert [r["result"]["score"] for r in results[:2]] == [50, 50]
    assert results[0]["result"]["attempts_left"] == 1
    assert results[1]["result"]["attempts_left"] == 0
    assert results[2]["result"] is None and results[2]["detail"]
    assert QuizAttempt.objects.count() == 2
    assert ProgressEvent.objects.filter(kind="quiz_answered").count() == 2


def test_a_quiz_already_passed_is_refused_and_nothing_is_written(client, offline):
    c = offline
    assert send(client, [quiz_event(c)])[0]["status"] == 201
    again = send(client, [quiz_event(c)])[0]
    assert again["status"] == 409
    assert QuizAttempt.objects.count() == 1


def test_a_replayed_quiz_event_returns_its_first_result_and_adds_no_attempt(client, offline):
    c = offline
    failed, passed = quiz_event(c, right=False), quiz_event(c)
    first = send(client, [failed, passed])
    assert [r["status"] for r in first] == [201, 201]
    # The whole queue again (a lost response, a second tab, a reload while sending): the
    # stored results, though the quiz is passed now and would refuse a new attempt.
    again = send(client, [failed, passed])
    assert [r["status"] for r in again] == [200, 200]
    assert [r["result"] for r in again] == [r["result"] for r in first]
    assert list(QuizAttempt.objects.values_list("number", "passed")) == [(1, False), (2, True)]
    assert ProgressEvent.objects.count() == 2


def test_a_quiz_event_id_reused_for_another_event_is_refused(client, offline):
    c = offline
    event = quiz_event(c, right=False)
    assert send(client, [event])[0]["status"] == 201
    changed = {**event, "occurred_at": "2026-11-21T08:00:00+07:00"}
    result = send(client, [changed])[0]
    assert result["status"] == 409
    assert [e["field"] for e in result["errors"]] == ["events.0.id"]
    lesson_event_with_its_id = {**read(c, 0), "id": event["id"]}
    assert send(client, [lesson_event_with_its_id])[0]["status"] == 409
    assert QuizAttempt.objects.count() == 1


def test_answers_that_are_not_the_quizs_are_refused(client, offline):
    c = offline
    forged = quiz_event(c, answers={"score": ["100"]})
    result = send(client, [forged])[0]
    assert result["status"] == 400
    assert result["errors"][0]["field"] == "events.0.answers.score"
    assert not QuizAttempt.objects.exists()


def test_a_quiz_of_a_course_not_enrolled_in_is_refused(client, home, offline):
    other = build_course(home, slug="not-mine")
    result = send(client, [quiz_event(other)])[0]
    assert result["status"] == 403
    assert not QuizAttempt.objects.exists()


def test_quiz_fields_belong_to_quiz_events_only(client, offline):
    c = offline
    without_answers = {k: v for k, v in quiz_event(c).items() if k != "answers"}
    response = client.post(BATCH, {"events": [without_answers]}, content_type="application/json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["events.0.answers"]
    with_quiz = {**read(c, 0), "quiz": c.quiz.pk}
    response = client.post(BATCH, {"events": [with_quiz]}, content_type="application/json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["events.0.quiz"]
    assert not ProgressEvent.objects.exists()


def test_the_single_event_endpoint_takes_a_quiz_event_too(client, offline):
    c = offline
    event = quiz_event(c, right=False)
    url = "/api/training/progress-events"
    first = client.post(url, event, content_type="application/json")
    assert first.status_code == 201 and first.json()["score"] == 50
    again = client.post(url, event, content_type="application/json")
    assert again.status_code == 200 and again.json() == first.json()
    assert QuizAttempt.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_sending_the_same_quiz_event_at_once_make_one_attempt(home, learner):
    """Two tabs (or a reload in the middle of sending) deliver one queued answer at once."""
    from django.test import Client

    c = build_course(home, slug="race")
    enrol(learner, c.course)
    event = quiz_event(c, right=False)
    statuses = []
    barrier = threading.Barrier(2)

    def deliver():
        try:
            tab = Client()
            tab.force_login(learner)
            barrier.wait()
            statuses.append(send(tab, [event])[0]["status"])
        finally:
            close_old_connections()

    tabs = [threading.Thread(target=deliver) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert sorted(statuses) == [200, 201]
    assert QuizAttempt.objects.count() == 1
    assert ProgressEvent.objects.filter(kind="quiz_answered").count() == 1
