"""A small course: two modules, three lessons, one quiz (single choice + true/false)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from training.factories import (
    CourseIndexPageFactory,
    CourseLessonPageFactory,
    CourseModulePageFactory,
    CoursePageFactory,
    QuizFactory,
    TrainingSessionFactory,
)
from training.models import (
    CompletionRule,
    CourseIndexPage,
)


def session_in(course, days, **kwargs):
    """A session of ``course`` (build_course's) ``days`` days from today (before it when
    negative), in Kampong Speu unless ``area_code`` says otherwise."""
    kwargs.setdefault("area_code", "05")
    return TrainingSessionFactory(
        course=course.course, date=timezone.localdate() + datetime.timedelta(days=days), **kwargs
    )


def make_quiz(title="Quiz", max_attempts=2, pass_mark=100):
    """Two questions (single choice, true/false), read back with their answer ids."""
    return QuizFactory(title=title, max_attempts=max_attempts, pass_mark=pass_mark)


def build_course(home, slug="sa-basics", rule=CompletionRule.ONLINE, with_quiz=True, lessons=3):
    km, _en = home
    index = CourseIndexPage.objects.child_of(km).first()
    if index is None:
        index, _ = CourseIndexPageFactory.pair(
            parent=km, slug="courses", title="វគ្គសិក្សា", en={"title": "Courses"}
        )
    course, course_en = CoursePageFactory.pair(
        parent=index,
        slug=slug,
        title=f"វគ្គ {slug}",
        summary="សង្ខេប",
        completion_rule=rule,
        en={"title": f"Course {slug}", "summary": "Summary", "completion_rule": rule},
    )
    module, _ = CourseModulePageFactory.pair(
        parent=course, slug="m1", title="មេរៀនទី ១", en={"title": "Module 1"}
    )
    quiz = make_quiz(f"Quiz {slug}") if with_quiz else None
    pages = []
    for n in range(lessons):
        body = [{"type": "paragraph", "value": f"<p>មេរៀន {n}</p>"}]
        if quiz and n == lessons - 1:
            body.append({"type": "quiz", "value": {"quiz": quiz.pk}})
        body_en = [{"type": "paragraph", "value": f"<p>Lesson {n}</p>"}]
        if quiz and n == lessons - 1:
            body_en.append({"type": "quiz", "value": {"quiz": quiz.pk}})
        lesson, _ = CourseLessonPageFactory.pair(
            parent=module,
            slug=f"lesson-{n}",
            title=f"មេរៀន {n}",
            body=body,
            en={"title": f"Lesson {n}", "body": body_en},
        )
        pages.append(lesson)
    return SimpleNamespace(
        index=index, course=course, course_en=course_en, lessons=pages, quiz=quiz
    )


def answers(quiz, right=True):
    """POST data answering every question right (or the first question wrong)."""
    data = {}
    for i, q in enumerate(quiz.question_list()):
        good = [c["id"] for c in q["choices"] if c["correct"]]
        bad = [c["id"] for c in q["choices"] if not c["correct"]][:1]
        data[f"q_{q['id']}"] = good if (right or i > 0) else bad
    return data


@pytest.fixture
def course(home):
    return build_course(home)


@pytest.fixture
def learner(make_user):
    return make_user("sokha", groups=["Learner"], actor_code="caf", area_code="05", gender="female")


def admin_in(user, language):
    """Show the Wagtail admin to this user in one language: it follows their profile."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user
