import pytest

from training.learning import (
    LearningError,
    complete_lesson,
    enrol,
    record_attendance,
    submit_quiz,
)
from training.models import CompletionRule, CourseCompletion, TrainingSession

from .conftest import answers, build_course

pytestmark = pytest.mark.django_db


def finish_online(user, c):
    for lesson in c.lessons:
        complete_lesson(user, lesson)
    if c.quiz:
        submit_quiz(user, c.lessons[-1], c.quiz, answers(c.quiz))


def attend(user, c, staff=None):
    from portal.models import AdministrativeArea

    session = TrainingSession(
        course=c.course,
        date="2026-11-01",
        area=AdministrativeArea.objects.get(code="05"),
        trainer="Trainer",
        recorded_by=staff,
    )
    session.save()
    record_attendance(session, participants=[user])
    return session


def test_online_rule_completes_when_last_lesson_and_quiz_met(course, learner):
    enrolment = enrol(learner, course.course)
    for lesson in course.lessons:
        complete_lesson(learner, lesson)
    assert not CourseCompletion.objects.filter(enrolment=enrolment).exists()
    attempt, _results, completion = submit_quiz(
        learner, course.lessons[-1], course.quiz, answers(course.quiz)
    )
    assert attempt.passed and completion is not None
    assert completion.completed_at >= attempt.submitted_at


def test_online_rule_waits_for_the_quiz(course, learner):
    enrol(learner, course.course)
    for lesson in course.lessons:
        _e, completion = complete_lesson(learner, lesson)
    assert completion is None


def test_the_reading_that_completes_the_course_reports_it_once(home, learner):
    c = build_course(home, slug="no-quiz", with_quiz=False, lessons=2)
    enrolment = enrol(learner, c.course)
    assert complete_lesson(learner, c.lessons[0])[1] is None
    _e, completion = complete_lesson(learner, c.lessons[1])
    assert completion is not None and completion.enrolment_id == enrolment.pk
    # Read again after completing: nothing new to report, and still one completion.
    assert complete_lesson(learner, c.lessons[0])[1] is None
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_reading_a_lesson_twice_records_it_once(course, learner):
    enrolment = enrol(learner, course.course)
    complete_lesson(learner, course.lessons[0])
    complete_lesson(learner, course.lessons[0])
    assert enrolment.lessons.count() == 1


@pytest.mark.parametrize(
    "rule,online,room,complete",
    [
        (CompletionRule.ATTENDANCE, False, True, True),
        (CompletionRule.ATTENDANCE, True, False, False),
        (CompletionRule.ONLINE_AND_ATTENDANCE, True, False, False),
        (CompletionRule.ONLINE_AND_ATTENDANCE, False, True, False),
        (CompletionRule.ONLINE_AND_ATTENDANCE, True, True, True),
        (CompletionRule.ONLINE_OR_ATTENDANCE, True, False, True),
        (CompletionRule.ONLINE_OR_ATTENDANCE, False, True, True),
        (CompletionRule.ONLINE_OR_ATTENDANCE, False, False, False),
        (CompletionRule.ONLINE, False, True, False),
    ],
)
def test_completion_rule_combinations(home, learner, rule, online, room, complete):
    c = build_course(home, slug=f"rule-{rule}", rule=rule)
    enrolment = enrol(learner, c.course)
    if online:
        finish_online(learner, c)
    if room:
        attend(learner, c)
    done = CourseCompletion.objects.filter(enrolment=enrolment).first()
    assert (done is not None) == complete
    if done:
        assert done.via


def test_attendance_enrols_participants_and_counts(home, learner):
    c = build_course(home, slug="f2f", rule=CompletionRule.ATTENDANCE)
    attend(learner, c)
    completion = CourseCompletion.objects.get(enrolment__user=learner)
    assert completion.via == "attendance"
    assert completion.enrolment.source == "assigned"


def test_prerequisite_must_be_complete_before_self_enrolment(home, learner):
    first = build_course(home, slug="first")
    second = build_course(home, slug="second")
    second.course.prerequisites.add(first.course)
    second.course.save_revision().publish()
    with pytest.raises(LearningError):
        enrol(learner, second.course)
    enrol(learner, first.course)
    finish_online(learner, first)
    assert enrol(learner, second.course).pk


def attend_on(user, c, day):
    from portal.models import AdministrativeArea

    session = TrainingSession.objects.create(
        course=c.course,
        date=day,
        area=AdministrativeArea.objects.get(code="05"),
        trainer="Trainer",
    )
    record_attendance(session, participants=[user])
    return session


def local_day(moment):
    from django.utils import timezone

    return timezone.localdate(moment)


def test_attending_completes_the_course_on_the_sessions_date(home, learner):
    from datetime import timedelta

    from django.utils import timezone

    c = build_course(home, slug="f2f-date", rule=CompletionRule.ATTENDANCE)
    day = timezone.localdate() - timedelta(days=10)
    attend_on(learner, c, day)
    completion = CourseCompletion.objects.get(enrolment__user=learner)
    assert local_day(completion.completed_at) == day


def test_online_and_attendance_completes_when_the_later_of_the_two_was_met(home, learner):
    from datetime import timedelta

    from django.utils import timezone

    c = build_course(
        home, slug="both", rule=CompletionRule.ONLINE_AND_ATTENDANCE, with_quiz=False, lessons=1
    )
    enrol(learner, c.course)
    complete_lesson(learner, c.lessons[0], at=timezone.now() - timedelta(days=20))
    day = timezone.localdate() - timedelta(days=10)
    attend_on(learner, c, day)
    completion = CourseCompletion.objects.get(enrolment__user=learner)
    assert local_day(completion.completed_at) == day


def test_a_session_recorded_on_its_own_day_does_not_complete_in_the_future(home, learner):
    from django.utils import timezone

    c = build_course(home, slug="today", rule=CompletionRule.ATTENDANCE)
    attend_on(learner, c, timezone.localdate())
    completion = CourseCompletion.objects.get(enrolment__user=learner)
    assert completion.completed_at <= timezone.now()
    assert local_day(completion.completed_at) == timezone.localdate()
