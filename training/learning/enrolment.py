"""Enrolling, prerequisites, and which course a lesson belongs to."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import (
    CompletionRule,
    CourseCompletion,
    CourseLessonPage,
    CoursePage,
    Enrolment,
    LessonCourse,
    canonical,
)
from .completion import evaluate_completion
from .errors import NotEnrolled, PrerequisitesMissing


def missing_prerequisites(user, course):
    course = canonical(course)
    missing = []
    for prerequisite in course.prerequisites.all():
        prerequisite = canonical(prerequisite)
        done = CourseCompletion.objects.filter(
            enrolment__user=user, enrolment__course=prerequisite
        ).exists()
        if not done:
            missing.append(prerequisite)
    return missing


def enrol(user, course, *, assigned_by=None, assigned=False):
    """Enrol a learner; self-enrolment needs every prerequisite complete. Idempotent."""
    course = canonical(course.specific if hasattr(course, "specific") else course)
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    assigned = assigned or assigned_by is not None
    if not assigned:
        missing = missing_prerequisites(user, course)
        if missing:
            raise PrerequisitesMissing(
                _("Complete these courses first: %(courses)s")
                % {"courses": ", ".join(c.localized.title for c in missing)}
            )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user,
                course=course,
                source=Enrolment.Source.ASSIGNED if assigned else Enrolment.Source.SELF,
                assigned_by=assigned_by,
            )
            if course.completion_rule != CompletionRule.ONLINE:
                evaluate_completion(enrolment)  # they may have attended already
    except IntegrityError:
        enrolment = Enrolment.objects.get(user=user, course=course)
    return enrolment


def lesson_link(lesson_id):
    """(canonical lesson pk, canonical course pk) of a lesson page in any language, or None if
    there is no such lesson or it is in no course. From the LessonCourse table, filled here
    from the page tree on first use."""
    row = (
        LessonCourse.objects.filter(lesson_id=lesson_id)
        .values_list("canonical_lesson_id", "course_id")
        .first()
    )
    if row is not None:
        return row
    lesson = CourseLessonPage.objects.filter(pk=lesson_id).first()
    if lesson is None:
        return None
    lesson = canonical(lesson)
    course = CoursePage.objects.ancestor_of(lesson).first()
    if course is None:
        return None
    course = canonical(course)
    LessonCourse.objects.bulk_create(
        [LessonCourse(lesson_id=lesson_id, canonical_lesson_id=lesson.pk, course_id=course.pk)],
        ignore_conflicts=True,
    )
    return lesson.pk, course.pk


def forget_lesson_links():
    """A course page, module or lesson moved: the table is refilled as lessons are used."""
    LessonCourse.objects.all().delete()


def enrolment_for_lesson(user, lesson):
    """(canonical lesson, the learner's enrolment in its course); NotEnrolled if none."""
    link = lesson_link(lesson.pk)
    enrolment = None
    if link is not None:
        enrolment = (
            Enrolment.objects.filter(user=user, course_id=link[1]).select_related("course").first()
        )
    if enrolment is None:
        raise NotEnrolled(_("You are not enrolled in this lesson's course."))
    return canonical(lesson), enrolment
