"""What a course asks for: its lessons and quizzes, cached per course."""

from dataclasses import dataclass, field

from django.core.cache import cache

from ..models import (
    CompletionRule,
    CoursePage,
)


@dataclass
class Requirements:
    lesson_ids: list = field(default_factory=list)
    quiz_ids: list = field(default_factory=list)  # canonical quiz pks
    quiz_lessons: dict = field(default_factory=dict)  # quiz pk -> lesson pk
    rule: str = CompletionRule.ONLINE  # the course's completion rule


def requirements(course):
    """The live lessons and the quizzes in them, and the completion rule, of a course in the
    default language (a CoursePage or its pk).

    Cached briefly: every progress event asks, and parsing lesson bodies for quizzes is the
    costly part. Publishing or unpublishing a page clears it (see signals.py).
    """
    course_id = getattr(course, "pk", course)
    key = f"training:requirements:v2:{course_id}"
    found = cache.get(key)
    if found is not None:
        return found
    if not isinstance(course, CoursePage):
        course = CoursePage.objects.get(pk=course_id)
    result = Requirements(rule=course.completion_rule)
    for lesson in course.lessons().specific():
        result.lesson_ids.append(lesson.pk)
        for quiz_id in lesson.quiz_ids():
            result.quiz_ids.append(quiz_id)
            result.quiz_lessons[quiz_id] = lesson.pk
    cache.set(key, result, 300)
    return result


def forget_requirements(course_id):
    cache.delete(f"training:requirements:v2:{course_id}")
