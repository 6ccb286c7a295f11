"""Staff marking a course complete for a learner (a session held without the portal, say), and
undoing it.

Marking writes an ordinary ``CourseCompletion`` (``via`` BY_STAFF) through the same call as the
completion rule, so the certificate follows the normal path (issue_certificate through the
outbox), learning paths are checked as for any completion, and every report counts it. The
``CompletionOverride`` row keeps who, when and why.

Undoing deletes that completion, and with it the certificate, whose code is kept as withdrawn
(the verification page says so) and whose PDF is deleted; a learning path certificate that
rested on the course goes the same way. The learner's own records are then judged by the course's
rule as usual: if they meet it, the course is complete again by their own work, with a new
certificate.

Who may do either is ``portal.access``'s answer for the learner's place: national staff for
everyone, provincial staff for the learners of their province.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access

from ..models import (
    Certificate,
    CompletionOverride,
    CourseCompletion,
    PathCompletion,
    WithdrawnCertificate,
    canonical,
)
from .completion import evaluate_completion, locked, online_done_at, record_completion
from .enrolment import enrol
from .errors import AlreadyComplete, AlreadyUndone, OutOfScope, ReasonMissing
from .paths import completed_path


def _learner_area_id(learner):
    profile = getattr(learner, "profile", None)
    return getattr(profile, "area_id", None)


def may_override(staff, learner, action="add"):
    """Whether ``staff`` may mark courses complete for ``learner`` (``action`` "add") or undo it
    ("change"): they hold the right, and the learner is placed where they act."""
    return staff.has_perm(f"training.{action}_completionoverride") and access.may_act_in(
        staff, _learner_area_id(learner)
    )


def _check(staff, learner, reason, action):
    if not may_override(staff, learner, action):
        raise OutOfScope(_("You may only act for learners placed where you work."))
    reason = (reason or "").strip()
    if not reason:
        raise ReasonMissing(_("Give a reason."), field="reason")
    return reason


def mark_complete(learner, course, *, by, reason):
    """Mark ``course`` complete for ``learner`` on ``by``'s word, enrolling them if need be.
    Returns the ``CompletionOverride``. Refuses (nothing written) a learner outside ``by``'s
    places, a missing reason, and a course the learner has completed already."""
    reason = _check(by, learner, reason, "add")
    course = canonical(course.specific if hasattr(course, "specific") else course)
    with transaction.atomic():
        enrolment = locked(enrol(learner, course, assigned_by=by))
        done = CourseCompletion.objects.filter(enrolment=enrolment).first()
        if done is not None:
            raise AlreadyComplete(
                _("%(learner)s completed this course on %(date)s already.")
                % {
                    "learner": learner.get_full_name() or learner.get_username(),
                    "date": timezone.localdate(done.completed_at).isoformat(),
                }
            )
        completion = record_completion(
            enrolment, completed_at=timezone.now(), via=CourseCompletion.BY_STAFF
        )
        return CompletionOverride.objects.create(
            learner=learner, course=course, reason=reason, created_by=by, completion=completion
        )


def undo_override(override, *, by, reason):
    """Undo a standing override on ``by``'s word: its completion removed, its certificates
    withdrawn, the learner's own records judged again. Returns the override, undone. Refuses
    (nothing written) a learner outside ``by``'s places, a missing reason, and an override undone
    already."""
    reason = _check(by, override.learner, reason, "change")
    with transaction.atomic():
        # Locked: two undoings at once are decided one after the other, the second refused.
        override = (
            CompletionOverride.objects.select_for_update(of=("self",))
            .select_related("learner")
            .get(pk=override.pk)
        )
        if not override.standing:
            raise AlreadyUndone(
                _("This was undone on %(date)s already.")
                % {"date": timezone.localdate(override.undone_at).isoformat()}
            )
        override.undone_by, override.undone_at, override.undo_reason = by, timezone.now(), reason
        completion = override.completion
        enrolment = None
        if completion is not None:
            enrolment = locked(completion.enrolment)
            _withdraw(Certificate.objects.filter(completion=completion), override)
            completion.delete()
        override.completion = None
        override.save()
        if enrolment is not None:
            evaluate_completion(enrolment, now=online_done_at(enrolment))
            _withdraw_paths(override)
    return override


def _withdraw_paths(override):
    """The learner's learning paths with this course as a step that they no longer complete:
    their path completions removed and certificates withdrawn."""
    user = override.learner
    held = PathCompletion.objects.filter(
        user=user, path__steps__course_id=override.course_id
    ).distinct()
    for done in held.prefetch_related("path__steps"):
        if user.pk not in completed_path({user.pk}, done.path):
            _withdraw(Certificate.objects.filter(path_completion=done), override)
            done.delete()


def _withdraw(certificates, override):
    """Keep what each certificate said as withdrawn, and delete its PDF once the transaction
    commits (the row goes with its completion)."""
    for certificate in certificates:
        WithdrawnCertificate.objects.create(
            code=certificate.code,
            learner_name=certificate.learner_name,
            course_title_km=certificate.course_title_km,
            course_title_en=certificate.course_title_en,
            issued_on=certificate.issued_on,
            override=override,
        )
        if certificate.pdf:
            storage, name = certificate.pdf.storage, certificate.pdf.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
