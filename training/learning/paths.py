"""Learning paths: which steps a learner has done, and who has completed a path.

A course step is done when the learner completed the course (by its own completion rule); a
session step when they attended a face-to-face session of the course. A path is complete when
every step is done.
"""

from ..models import CourseCompletion, LearningPath, PathStep, TrainingSession


def _done_by(user_ids, step):
    """The ids among ``user_ids`` who have done ``step``."""
    if step.kind == PathStep.Kind.SESSION:
        rows = TrainingSession.participants.through.objects.filter(
            trainingsession__course_id=step.course_id, user_id__in=user_ids
        ).values_list("user_id", flat=True)
    else:
        rows = CourseCompletion.objects.filter(
            enrolment__course_id=step.course_id, enrolment__user_id__in=user_ids
        ).values_list("enrolment__user_id", flat=True)
    return set(rows)


def steps_done(user, path):
    """[(step, done)] of ``path`` for one learner, in order."""
    return [(step, user.pk in _done_by([user.pk], step)) for step in path.steps.all()]


def completed_path(user_ids, path):
    """The ids among ``user_ids`` who have done every step of ``path``."""
    remaining = set(user_ids)
    for step in path.steps.all():
        if not remaining:
            break
        remaining &= _done_by(remaining, step)
    return remaining


def recommended_paths(user):
    """The paths recommended to the learner's actor type."""
    actor = getattr(getattr(user, "profile", None), "actor_type", None)
    if actor is None:
        return LearningPath.objects.none()
    return LearningPath.objects.filter(actor_types__translation_key=actor.translation_key)


def path_cards(user):
    """What the dashboard shows of the learning paths recommended to the learner (by actor
    type) and of those they completed: each path with its steps (the course in the language
    shown, done or not) and the percent of steps done."""
    completed = LearningPath.objects.filter(completions__user=user)
    paths = (recommended_paths(user) | completed).distinct()
    cards = []
    for path in paths.prefetch_related("steps__course"):
        steps = steps_done(user, path)
        done = sum(1 for _step, ok in steps if ok)
        cards.append(
            {
                "path": path,
                "steps": [
                    {
                        "step": step,
                        "course": step.course.localized,
                        "done": ok,
                    }
                    for step, ok in steps
                ],
                "percent": round(100 * done / len(steps)) if steps else 0,
                "completed": path.completions.filter(user=user).exists(),
            }
        )
    return cards
