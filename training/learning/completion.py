"""The completion rule: decided inside the transaction of the event that met it."""

from datetime import datetime, time

from django.db.models import Max
from django.utils import timezone

from portal.infrastructure import outbox

from ..models import (
    CompletionRule,
    CourseCompletion,
    Enrolment,
)
from .requirements import requirements


def online_done(enrolment, req, done=None):
    if done is None:
        done = set(enrolment.lessons.values_list("lesson_id", flat=True))
    if not set(req.lesson_ids) <= done:
        return False
    if not req.quiz_ids:
        return True
    passed = set(
        enrolment.attempts.filter(passed=True, quiz_id__in=req.quiz_ids).values_list(
            "quiz_id", flat=True
        )
    )
    return set(req.quiz_ids) <= passed


def attended_at(enrolment):
    """When the learner attended a face-to-face session of the course (the earliest), or None.

    A session stores only its date, so attendance counts at the end of that day in the portal's
    time zone: the learner had attended by then whatever time the session ran. A session recorded
    on its own day (or dated ahead) counts from the moment it is recorded, never in the future.
    """
    from ..models import TrainingSession

    day = (
        TrainingSession.objects.filter(
            course_id=enrolment.course_id, participants=enrolment.user_id
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    if day is None:
        return None
    end_of_day = timezone.make_aware(datetime.combine(day, time.max))
    return min(end_of_day, timezone.now())


def online_done_at(enrolment):
    """When the last online requirement was met: the latest lesson read or quiz passed."""
    times = [
        enrolment.lessons.aggregate(at=Max("completed_at"))["at"],
        enrolment.attempts.filter(passed=True).aggregate(at=Max("submitted_at"))["at"],
    ]
    times = [t for t in times if t is not None]
    return max(times) if times else None


def evaluate_completion(enrolment, *, now=None, done=None, known_incomplete=False):
    """Record the completion if the course's rule is now met. Call inside the event's
    transaction, with the enrolment row locked. Returns the completion or None.

    ``now``: when the online event being recorded happened (default: now). A requirement met by
    attendance counts from the session's day (see attended_at), so a course completed by
    attending is completed on the session's date, not the day it was recorded.
    ``done``: the lesson ids already read, when the caller has them (saves a query).
    ``known_incomplete``: the caller read, under the lock, that there is no completion yet."""
    if not known_incomplete:
        existing = CourseCompletion.objects.filter(enrolment=enrolment).first()
        if existing:
            return existing
    req = requirements(enrolment.course_id)
    rule = req.rule
    online = rule != CompletionRule.ATTENDANCE and online_done(enrolment, req, done)
    room_at = attended_at(enrolment) if rule != CompletionRule.ONLINE else None
    room = room_at is not None
    met = {
        CompletionRule.ONLINE: online,
        CompletionRule.ATTENDANCE: room,
        CompletionRule.ONLINE_AND_ATTENDANCE: online and room,
        CompletionRule.ONLINE_OR_ATTENDANCE: online or room,
    }[rule]
    if not met:
        return None
    via = "+".join(name for name, ok in (("online", online), ("attendance", room)) if ok)
    online_at = (now or timezone.now()) if online else None
    if rule == CompletionRule.ONLINE_AND_ATTENDANCE:
        completed_at = max(online_at, room_at)  # met when the second of the two was
    else:
        completed_at = min(t for t in (online_at, room_at) if t is not None)
    return record_completion(enrolment, completed_at=completed_at, via=via)


def record_completion(enrolment, *, completed_at, via):
    """Write the completion and ask for its certificate (after commit, through the outbox): the
    one way a course is recorded complete, by the rule above or by staff (learning.overrides)."""
    completion = CourseCompletion.objects.create(
        enrolment=enrolment, completed_at=completed_at, via=via
    )
    from ..tasks import issue_certificate

    outbox.enqueue(issue_certificate, completion.pk)
    return completion


def locked(enrolment):
    """The enrolment row, locked until the end of the transaction: one learner's concurrent
    events are decided one after the other, so a completion is never missed or doubled.

    ``of=("self",)``: without it PostgreSQL also locks the joined course page row, and every
    learner of a course would wait on every other."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=enrolment.pk)
    )
