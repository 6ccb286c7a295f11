"""Attendance at a face-to-face session, counted toward completion."""

from portal.infrastructure import outbox

from ..models import (
    Enrolment,
    PathStep,
    canonical,
)
from .completion import evaluate_completion, locked, online_done_at


def record_attendance(session):
    """Enrol (as assigned) every participant and decide their completions, in the session's
    transaction."""
    course = canonical(session.course)
    in_a_path = PathStep.objects.filter(course=course, kind=PathStep.Kind.SESSION).exists()
    for user in session.participants.all():
        enrolment, _created = Enrolment.objects.get_or_create(
            user=user,
            course=course,
            defaults={"source": Enrolment.Source.ASSIGNED, "assigned_by": session.recorded_by},
        )
        enrolment = locked(enrolment)
        # The online work, if any, was done before this recording: date it from the records.
        evaluate_completion(enrolment, now=online_done_at(enrolment))
        if in_a_path:  # attending may be a path's last step (training.tasks.award_paths)
            from ..tasks import award_paths

            outbox.enqueue(award_paths, user.pk)
