"""Attendance at a face-to-face session, counted toward completion."""

from django.db import transaction

from portal.infrastructure import outbox

from ..models import (
    Enrolment,
    PathStep,
    canonical,
)
from .completion import evaluate_completion, locked, online_done_at


def record_attendance(session, participants=None):
    """Record who attended a saved session: every participant enrolled (as assigned) and their
    completion decided, in one transaction. ``participants``, when given, replaces those the
    session lists first.

    The one way attendance is recorded: saving a session records nothing by itself, so each
    writer (the session admin's create, copy and edit views, the attendance screen, a script)
    calls this once it has saved the session."""
    with transaction.atomic():
        if participants is not None:
            session.participants.set(participants)
            session.save()  # a session's participants are written when it is saved
        course = canonical(session.course)
        in_a_path = PathStep.objects.filter(course=course, kind=PathStep.Kind.SESSION).exists()
        for user in session.participants.all():
            enrolment, _created = Enrolment.objects.get_or_create(
                user=user,
                course=course,
                defaults={
                    "source": Enrolment.Source.ASSIGNED,
                    "assigned_by": session.recorded_by,
                },
            )
            enrolment = locked(enrolment)
            # The online work, if any, was done before this recording: date it from the records.
            evaluate_completion(enrolment, now=online_done_at(enrolment))
            if in_a_path:  # attending may be a path's last step (training.tasks.award_paths)
                from ..tasks import award_paths

                outbox.enqueue(award_paths, user.pk)
