import pytest
from django.core.management import call_command

from training.models import CourseCompletion, CoursePage, Enrolment

pytestmark = pytest.mark.django_db


def test_demo_is_bilingual_idempotent_and_gives_the_report_figures(
    client, django_capture_on_commit_callbacks
):
    call_command("load_demo")
    counts = (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        CourseCompletion.objects.count(),
    )
    call_command("load_demo")
    assert (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        CourseCompletion.objects.count(),
    ) == counts
    assert CoursePage.objects.filter(locale__language_code="en").count() == 2
    assert counts[2] >= 5
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/training/report/").content.decode()
    assert "<svg" in page and "កំពង់ស្ពឺ" in page and "សៀមរាប" in page


def demo_course(home, spec):
    from portal.demo import publish_pair
    from training import demo
    from training.models import CourseIndexPage

    index, _ = publish_pair(
        home[0], CourseIndexPage, "courses", {"title": "វគ្គសិក្សា"}, {"title": "Courses"}
    )
    return demo.build_course(index, spec)


def quiz_heading(html):
    import re

    return re.search(r'<section class="quiz"[^>]*>\s*<h2>(.*?)</h2>', html, re.S).group(1)


def test_demo_quizzes_are_titled_once_in_each_language(client, home):
    from wagtail.models import Locale

    from training import demo

    spec = demo.COURSES[0]
    _course, lessons, _quiz = demo_course(home, spec)
    last = lessons[-1]
    english = last.get_translation(Locale.objects.get(language_code="en"))

    html_en = client.get(english.url).content.decode()
    html_km = client.get(last.url).content.decode()

    assert quiz_heading(html_en) == f"Quiz: {spec['en'][0]}"
    assert quiz_heading(html_km).count("សំណួរ") == 1
    assert spec["km"][0] in quiz_heading(html_km)


def test_demo_renames_a_quiz_titled_by_an_earlier_demo_in_place(home):
    from training import demo
    from training.models import Quiz

    spec = demo.COURSES[0]
    _course, _lessons, quiz = demo_course(home, spec)
    Quiz.objects.filter(pk=quiz.pk).update(title=f"សំណួរ៖ {spec['slug']}")
    demo_course(home, spec)
    assert Quiz.objects.count() == 2  # the Khmer quiz and its English translation
    assert Quiz.objects.get(pk=quiz.pk).title == spec["km"][0]
