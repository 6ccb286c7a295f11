"""A learner never gets lost: "my courses and certificates" from the header, the home page and the
profile; after sign-up, the courses recommended for their actor type; "start" until something was
started, then "continue where you left off"; no answer preselected where it would skew reports."""

import pytest

from portal.models import ActorType
from tests.accounts.test_accounts import signup_data
from training.learning import enrol

from .conftest import build_course

pytestmark = pytest.mark.django_db


def test_my_courses_is_reachable_from_the_header_the_home_page_and_the_profile(
    client, home, learner
):
    client.force_login(learner)
    for url in ("/km/", "/km/accounts/profile/", "/km/training/verify/"):
        body = client.get(url).content.decode()
        assert 'href="/km/training/"' in body, url
    assert 'data-testid="my-learning-home"' in client.get("/km/").content.decode()
    assert (
        'data-testid="my-learning-profile"' in client.get("/km/accounts/profile/").content.decode()
    )
    client.logout()
    assert 'href="/km/training/"' not in client.get("/km/").content.decode()


def test_after_sign_up_the_learner_is_shown_the_course_for_their_actor_type(
    client, home, django_capture_on_commit_callbacks
):
    for_cafs = build_course(home, slug="for-cafs", with_quiz=False, lessons=1)
    other = build_course(home, slug="for-others", with_quiz=False, lessons=1)
    for_cafs.course.actor_types.set([ActorType.objects.get(code="caf", locale__language_code="km")])
    for_cafs.course.save()
    other.course.actor_types.set(
        [ActorType.objects.get(code="citizen", locale__language_code="km")]
    )
    other.course.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/signup/", signup_data(), follow=True)
    assert response.redirect_chain[-1][0] == "/en/training/"
    body = response.content.decode()
    assert "Next: choose a course recommended for you." in body
    recommended = body[body.index('data-testid="recommended"') :]
    assert "Course for-cafs" in recommended and "Course for-others" not in recommended


def test_the_course_says_start_until_something_was_started(client, course, learner):
    client.force_login(learner)
    enrol(learner, course.course)
    for url in (course.course.url, "/km/training/"):
        body = client.get(url).content.decode()
        assert 'data-testid="start"' in body and 'data-testid="continue"' not in body, url
    client.post(f"/km/training/lessons/{course.lessons[0].pk}/complete/")
    for url in (course.course.url, "/km/training/"):
        body = client.get(url).content.decode()
        assert 'data-testid="continue"' in body and 'data-testid="start"' not in body, url


def test_sign_up_preselects_no_gender_and_requires_an_answer(client, home):
    form = client.get("/en/accounts/signup/").content.decode()
    select = form[
        form.index('name="gender"') : form.index("</select>", form.index('name="gender"'))
    ]
    assert '<option value="" selected>' in select
    assert select.count("selected") == 1
    assert "Prefer not to say" in select

    response = client.post("/en/accounts/signup/", signup_data(gender=""))
    assert response.status_code == 200
    assert "Choose one (or: prefer not to say)." in response.content.decode()

    response = client.post("/en/accounts/signup/", signup_data(gender="undisclosed"))
    assert response.status_code == 302
