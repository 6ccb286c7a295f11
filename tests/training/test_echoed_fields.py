"""A 400 that names a posted field never hands the browser the field's name as markup."""

import pytest
from django.urls import reverse
from django.utils import translation

from training.learning import enrol

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


def url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def assert_refused_without_markup(response):
    assert response.status_code == 400
    body = response.content.decode()
    assert "<script" not in body.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # named, as text


def test_enrol_does_not_echo_a_field_name_as_markup(client, course, learner):
    client.force_login(learner)
    response = client.post(url("training:enrol", course.course.pk), {SCRIPT: "1"})
    assert_refused_without_markup(response)


def test_lesson_complete_does_not_echo_a_field_name_as_markup(client, course, learner):
    enrol(learner, course.course)
    client.force_login(learner)
    response = client.post(url("training:complete_lesson", course.lessons[0].pk), {SCRIPT: "1"})
    assert_refused_without_markup(response)


@pytest.mark.parametrize("field", [SCRIPT, "q_" + SCRIPT])
def test_quiz_does_not_echo_a_field_name_as_markup(client, course, learner, field):
    enrol(learner, course.course)
    client.force_login(learner)
    response = client.post(
        url("training:quiz", course.lessons[-1].pk, course.quiz.pk), {field: "x"}
    )
    assert_refused_without_markup(response)
