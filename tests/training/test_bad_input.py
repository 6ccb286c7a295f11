"""Each kind of bad input is refused and writes nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from training.learning import enrol
from training.models import Enrolment, LessonProgress, QuizAttempt

from .conftest import answers, build_course

pytestmark = pytest.mark.django_db


def quiz_url(c):
    with translation.override("km"):
        return reverse("training:quiz", args=[c.lessons[-1].pk, c.quiz.pk])


def test_answer_to_a_question_not_in_the_quiz_is_refused(client, course, learner):
    enrol(learner, course.course)
    client.force_login(learner)
    data = answers(course.quiz)
    data["q_00000000-not-a-question"] = ["x"]
    response = client.post(quiz_url(course), data)
    assert response.status_code == 400
    assert QuizAttempt.objects.count() == 0


def test_answer_id_from_another_question_is_refused(client, course, learner):
    enrol(learner, course.course)
    client.force_login(learner)
    questions = course.quiz.question_list()
    data = {f"q_{questions[0]['id']}": [questions[1]["choices"][0]["id"]]}
    assert client.post(quiz_url(course), data).status_code == 400
    assert QuizAttempt.objects.count() == 0


def test_client_posted_score_is_refused(client, course, learner):
    enrol(learner, course.course)
    client.force_login(learner)
    data = answers(course.quiz, right=False)
    data["score"] = "100"
    response = client.post(quiz_url(course), data)
    assert response.status_code == 400
    assert QuizAttempt.objects.count() == 0


def test_attempt_past_the_limit_is_refused(client, course, learner):
    enrol(learner, course.course)
    client.force_login(learner)
    for _ in range(course.quiz.max_attempts):
        client.post(quiz_url(course), answers(course.quiz, right=False))
    assert QuizAttempt.objects.count() == 2
    response = client.post(quiz_url(course), answers(course.quiz, right=True))
    assert response.status_code == 302
    assert QuizAttempt.objects.count() == 2
    page = client.get(course.lessons[-1].url)
    assert "អ្នកអស់ឱកាសធ្វើកម្រងសំណួរនេះហើយ" in page.content.decode()  # "No attempts left"


def test_quiz_from_a_lesson_not_enrolled_is_refused(client, course, learner):
    client.force_login(learner)
    response = client.post(quiz_url(course), answers(course.quiz))
    assert response.status_code == 403
    assert QuizAttempt.objects.count() == 0


def test_enrolment_with_incomplete_prerequisite_is_refused(client, home, learner):
    first = build_course(home, slug="first")
    second = build_course(home, slug="second")
    second.course.prerequisites.add(first.course)
    second.course.save_revision().publish()
    client.force_login(learner)
    with translation.override("km"):
        response = client.post(reverse("training:enrol", args=[second.course.pk]))
    assert response.status_code == 302
    assert not Enrolment.objects.exists()
    page = client.get(second.course.url)
    assert first.course.title.encode() in page.content


def test_forged_learner_id_on_enrolment_is_refused(client, course, learner, make_user):
    other = make_user("other", groups=["Learner"])
    client.force_login(learner)
    with translation.override("km"):
        response = client.post(
            reverse("training:enrol", args=[course.course.pk]), {"user": other.pk}
        )
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_forged_learner_id_on_lesson_completion_is_refused(client, course, learner, make_user):
    other = make_user("other", groups=["Learner"])
    enrol(other, course.course)
    enrol(learner, course.course)
    client.force_login(learner)
    with translation.override("km"):
        response = client.post(
            reverse("training:complete_lesson", args=[course.lessons[0].pk]),
            {"learner": other.pk},
        )
    assert response.status_code == 400
    assert not LessonProgress.objects.exists()
