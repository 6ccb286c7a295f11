import io

import pytest
from django.core.management import call_command
from django.db import transaction

from training.models import CourseCompletion, CourseLessonPage, CoursePage, Enrolment

pytestmark = pytest.mark.django_db
INTRODUCTION = "introduction-to-social-accountability"


def test_demo_is_bilingual_idempotent_and_gives_the_report_figures(
    client, demo, django_capture_on_commit_callbacks
):
    from training.models import SessionRegistration, TrainingSession

    counts = (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        CourseCompletion.objects.count(),
        TrainingSession.objects.count(),
        SessionRegistration.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        CourseCompletion.objects.count(),
        TrainingSession.objects.count(),
        SessionRegistration.objects.count(),
    ) == counts
    # The calendar: sessions in two provinces, one full with people waiting, one cancelled.
    calendar = client.get("/km/training/calendar/")
    sessions = list(calendar.context["sessions"])
    assert {s.area.province.code for s in sessions} == {"05", "17"}
    assert any(s.waiting for s in sessions) and any(s.cancelled for s in sessions)
    assert SessionRegistration.objects.filter(status="place").count() >= 8
    assert CoursePage.objects.filter(locale__language_code="en").count() == 2
    assert counts[2] >= 5
    from training.models import LearningPath, PlanTarget, TrainingPlan

    scopes = {p.province.code if p.province else "national" for p in TrainingPlan.objects.all()}
    assert scopes == {"national", "05", "17"}
    assert PlanTarget.objects.count() == 13  # plans.csv, once, though loaded twice
    assert LearningPath.objects.get(slug="caf-induction").steps.count() == 3
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/training/report/").content.decode()
    assert "<svg" in page and "កំពង់ស្ពឺ" in page and "សៀមរាប" in page
    progress = client.get("/admin/training/plans/progress/")
    assert "<svg" in progress.content.decode() and progress.context["national"]
    assert {row.place_code for row in progress.context["rows"]} == {"05", "17"}
    assert any(row.completed for row in progress.context["rows"])
    # One course marked complete by staff, once though loaded twice, shown as such.
    from training.models import CompletionOverride

    assert CompletionOverride.objects.filter(undone_at__isnull=True).count() == 1
    report = client.get("/admin/training/report/").context["rows"]
    assert sum(row.by_staff for row in report) == 1


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction rolled back at its end. Each test
    runs inside it, in a savepoint of its own: what a test changes is undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def course_and_lessons(slug):
    """The demo's Khmer course at ``slug`` and its lessons in order."""
    course = CoursePage.objects.get(slug=slug, locale__language_code="km")
    return course, [
        page.specific for page in CourseLessonPage.objects.descendant_of(course).order_by("path")
    ]


def quiz_heading(html):
    import re

    return re.search(r'<section class="quiz"[^>]*>\s*<h2>(.*?)</h2>', html, re.S).group(1)


def test_demo_quizzes_are_titled_once_in_each_language(client, demo):
    from wagtail.models import Locale

    _course, lessons = course_and_lessons(INTRODUCTION)
    last = lessons[-1]
    english = last.get_translation(Locale.objects.get(language_code="en"))

    html_en = client.get(english.url).content.decode()
    html_km = client.get(last.url).content.decode()

    assert quiz_heading(html_en) == "Quiz: Introduction to social accountability"
    assert quiz_heading(html_km).count("សំណួរ") == 1
    assert "សេចក្តីផ្តើមអំពីគណនេយ្យភាពសង្គម" in quiz_heading(html_km)


def test_demo_renames_a_quiz_titled_by_an_earlier_demo_in_place(demo):
    from training.models import Quiz

    title = "សេចក្តីផ្តើមអំពីគណនេយ្យភាពសង្គម"
    quiz = Quiz.objects.get(title=title)
    count = Quiz.objects.count()
    Quiz.objects.filter(pk=quiz.pk).update(title=f"សំណួរ៖ {INTRODUCTION}")
    call_command("load_demo", stdout=io.StringIO())
    assert Quiz.objects.count() == count  # renamed, not made again
    assert Quiz.objects.get(pk=quiz.pk).title == title


def test_demo_courses_have_their_own_objectives_time_and_lessons_in_both_languages(demo):
    from wagtail.models import Locale

    en = Locale.objects.get(language_code="en")
    first, first_lessons = course_and_lessons(INTRODUCTION)
    second, second_lessons = course_and_lessons("monitoring-the-jaap")
    assert len(first_lessons) == 4 and len(second_lessons) == 2

    for course in (first, second):
        course.refresh_from_db()
        translation = course.get_translation(en)
        assert 3 <= course.learning_objectives.count("<li>") <= 4
        assert translation.learning_objectives.count("<li>") == (
            course.learning_objectives.count("<li>")
        )
    assert first.learning_objectives != second.learning_objectives
    assert first.get_translation(en).learning_objectives != (
        second.get_translation(en).learning_objectives
    )
    assert first.estimated_minutes != second.estimated_minutes

    for lesson in first_lessons + second_lessons:
        lesson.refresh_from_db()
        english = lesson.get_translation(en)
        assert [b.block_type for b in lesson.body] == [b.block_type for b in english.body]
        km_text = str(lesson.body[0].value)
        en_text = str(english.body[0].value)
        assert "ខ្លឹមសារមេរៀន" not in km_text and "lesson content" not in en_text
        # Two or three paragraphs, or a paragraph and a list, in each language.
        assert km_text.count("<p>") + km_text.count("<ul>") >= 2, lesson.slug
        assert en_text.count("<p>") + en_text.count("<ul>") >= 2, lesson.slug


def test_demo_second_course_requires_the_first_and_its_learners_still_load(client, demo):
    from django.contrib.auth import get_user_model

    first = CoursePage.objects.get(
        slug="introduction-to-social-accountability", locale__language_code="km"
    )
    second = CoursePage.objects.get(slug="monitoring-the-jaap", locale__language_code="km")
    assert list(second.prerequisites.all()) == [first]

    # Whoever completed the second course had completed the first before.
    for completion in CourseCompletion.objects.filter(enrolment__course=second):
        before = CourseCompletion.objects.get(
            enrolment__course=first, enrolment__user=completion.enrolment.user
        )
        assert before.completed_at <= completion.completed_at

    users = get_user_model().objects
    client.force_login(users.get(username="demo_srey"))  # course 1 not done, not in course 2
    page = client.get("/en/courses/monitoring-the-jaap/").content.decode()
    assert (
        "Complete these courses first" in page and "Introduction to social accountability" in page
    )
    client.force_login(users.get(username="demo_rith"))  # course 1 done, not in course 2
    assert 'data-testid="enrol"' in client.get("/en/courses/monitoring-the-jaap/").content.decode()


def test_demo_quiz_has_a_multiple_choice_question_that_passing_learners_got_right(demo):
    from wagtail.models import Locale

    from training.models import Quiz, QuizAttempt

    km = Quiz.objects.get(title="សេចក្តីផ្តើមអំពីគណនេយ្យភាពសង្គម")
    en = km.get_translation(Locale.objects.get(language_code="en"))
    multiple = [q for q in km.question_list() if q["kind"] == "multiple"]
    assert len(multiple) == 1
    question = multiple[0]
    right = sorted(c["id"] for c in question["choices"] if c["correct"])
    assert len(right) >= 2
    english = {q["id"]: q for q in en.question_list()}[question["id"]]
    assert english["text"] == "Who scores the services in the scorecard process?"
    assert sorted(c["id"] for c in english["choices"] if c["correct"]) == right

    attempt = QuizAttempt.objects.get(enrolment__user__username="demo_sopheap", quiz=km)
    assert attempt.passed and attempt.score == 100
    assert attempt.answers[question["id"]] == right


def test_demo_adds_a_new_question_to_an_earlier_demo_quiz_in_place(demo):
    from training.models import Quiz

    quiz = Quiz.objects.get(title="សេចក្តីផ្តើមអំពីគណនេយ្យភាពសង្គម")
    before = [q["id"] for q in quiz.question_list()]
    older = quiz.questions.raw_data[:2]  # the quiz as earlier demos left it
    Quiz.objects.filter(translation_key=quiz.translation_key).update(questions=older)
    count = Quiz.objects.count()

    call_command("load_demo", stdout=io.StringIO())

    assert Quiz.objects.count() == count
    km, en = (
        Quiz.objects.get(translation_key=quiz.translation_key, locale__language_code=c)
        for c in ("km", "en")
    )
    ids = [q["id"] for q in km.question_list()]
    assert ids[:2] == before[:2]  # attempts keep pointing at their questions
    assert len(ids) == 3 and ids[2] not in before
    assert [q["id"] for q in en.question_list()] == ids
    assert [q["kind"] for q in en.question_list()] == ["single", "true_false", "multiple"]
