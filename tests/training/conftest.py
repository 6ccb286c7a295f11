"""A small course: two modules, three lessons, one quiz (single choice + true/false)."""

from types import SimpleNamespace

import pytest
from wagtail.models import Locale

from portal.demo import publish_pair
from training.models import (
    CompletionRule,
    CourseIndexPage,
    CourseLessonPage,
    CourseModulePage,
    CoursePage,
    Quiz,
)


def make_quiz(title="Quiz", max_attempts=2, pass_mark=100):
    quiz = Quiz.objects.create(
        title=title,
        locale=Locale.get_default(),
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        shuffle=True,
        questions=[
            {
                "type": "question",
                "value": {
                    "kind": "single",
                    "text": "What does CAF stand for?",
                    "choices": [
                        {"text": "Community Accountability Facilitator", "correct": True},
                        {"text": "Commune Action Fund", "correct": False},
                        {"text": "Central Audit Function", "correct": False},
                    ],
                    "feedback": "CAFs facilitate social accountability in the commune.",
                },
            },
            {
                "type": "question",
                "value": {
                    "kind": "true_false",
                    "text": "The JAAP is agreed after the scorecards.",
                    "choices": [
                        {"text": "True", "correct": True},
                        {"text": "False", "correct": False},
                    ],
                    "feedback": "Yes: citizens and providers agree it after the scorecards.",
                },
            },
        ],
    )
    # Answer ids are given when saved: read them back.
    return Quiz.objects.get(pk=quiz.pk)


def build_course(home, slug="sa-basics", rule=CompletionRule.ONLINE, with_quiz=True, lessons=3):
    km, _en = home
    index = CourseIndexPage.objects.child_of(km).first()
    if index is None:
        index, _ = publish_pair(
            km, CourseIndexPage, "courses", {"title": "វគ្គសិក្សា"}, {"title": "Courses"}
        )
    course, course_en = publish_pair(
        index,
        CoursePage,
        slug,
        {"title": f"វគ្គ {slug}", "summary": "សង្ខេប", "completion_rule": rule},
        {"title": f"Course {slug}", "summary": "Summary", "completion_rule": rule},
    )
    module, _ = publish_pair(
        course, CourseModulePage, "m1", {"title": "មេរៀនទី ១"}, {"title": "Module 1"}
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
        lesson, _ = publish_pair(
            module,
            CourseLessonPage,
            f"lesson-{n}",
            {"title": f"មេរៀន {n}", "body": body},
            {"title": f"Lesson {n}", "body": body_en},
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
