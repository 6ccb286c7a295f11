"""Registration for the face-to-face sessions of the training calendar: a place while there is
one, else the waiting list; a freed place goes to the first person waiting.

Every change to a session's registrations is made under a lock on the session's row
(``select_for_update``): two learners posting for the last place at once are decided one after
the other, so a session never holds more people than its places and a freed place is given
once. The unique constraint on (session, learner) stops a double post making two rows, whatever
the lock. E-mails (a place given from the waiting list, a cancelled session) go through the
outbox in the transaction that decided them, each in its recipient's language."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.notifications import language_of, mail_in, public_url

from ..models import SessionRegistration, TrainingSession
from .errors import AlreadyRegistered, NotYourRegistration, SessionClosed, SessionFull

PLACE = SessionRegistration.Status.PLACE
WAITING = SessionRegistration.Status.WAITING


def _locked(session):
    return TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)


def places_taken(session):
    return session.registrations.filter(status=PLACE).count()


def register(user, session, *, waiting_list=False):
    """Register ``user`` for ``session``: a place if one is free; else, when ``waiting_list``
    (the learner was offered it and agreed), the end of the waiting list. Returns the
    registration. Refuses a cancelled or past session, a full one without ``waiting_list``, and
    a second registration, changing nothing."""
    with transaction.atomic():
        session = _locked(session)
        if not session.open_for_registration():
            raise SessionClosed(
                _("This session was cancelled.")
                if session.cancelled
                else _("This session takes no more registrations.")
            )
        if session.registrations.filter(user=user).exists():
            raise AlreadyRegistered(_("You are registered for this session already."))
        if places_taken(session) < session.places:
            status = PLACE
        elif waiting_list:
            status = WAITING
        else:
            raise SessionFull(_("This session is full. You may join its waiting list."))
        try:
            with transaction.atomic():
                return SessionRegistration.objects.create(session=session, user=user, status=status)
        except IntegrityError:  # the lock makes this rare; the constraint makes it safe
            raise AlreadyRegistered(_("You are registered for this session already.")) from None


def cancel_registration(user, registration_id):
    """``user`` gives up their registration; a place freed goes to the first person waiting, who
    is told by e-mail. Returns the registration promoted, or None. Refuses someone else's
    registration (or none), and a session that was cancelled or held."""
    registration = SessionRegistration.objects.filter(pk=registration_id, user=user).first()
    if registration is None:
        raise NotYourRegistration(_("This is not one of your registrations."))
    with transaction.atomic():
        session = _locked(registration.session)
        if not session.open_for_registration():
            raise SessionClosed(_("This session can no longer be changed."))
        # Read again under the lock: a second post of the same cancel finds nothing to delete.
        deleted, _rows = SessionRegistration.objects.filter(pk=registration.pk).delete()
        if not deleted:
            raise NotYourRegistration(_("This is not one of your registrations."))
        return promote_waiting(session)


def promote_waiting(session):
    """Give the free places of ``session`` (locked by the caller) to the people waiting, first
    come first served, each told by e-mail. Returns the last registration promoted, or None."""
    promoted = None
    free = session.places - places_taken(session)
    waiting = list(session.registrations.filter(status=WAITING).select_related("user__profile"))
    for registration in waiting[: max(free, 0)]:
        registration.status = PLACE
        registration.save(update_fields=["status"])
        _tell(registration.user, session, "session_place_given")
        promoted = registration
    return promoted


def places_raised(session):
    """Staff saved ``session`` (in the caller's transaction), perhaps with more places: the
    people waiting take the places now free, in order, each told by e-mail as when a learner
    cancels. Fewer places remove nobody: those registered keep their place. Returns the last
    registration promoted, or None; a session closed to registration promotes nobody."""
    with transaction.atomic():
        session = _locked(session)
        if not session.open_for_registration():
            return None
        return promote_waiting(session)


def cancel_session(session, by):
    """Staff cancel ``session``: it stays in the calendar marked cancelled, and everyone
    registered or waiting is told by e-mail. Returns the number of people told; a session
    cancelled before is left as it is (0)."""
    with transaction.atomic():
        session = _locked(session)
        if session.cancelled:
            return 0
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
        log(instance=session, action="training.session_cancelled", user=by)
        told = 0
        for registration in session.registrations.select_related("user__profile"):
            if _tell(registration.user, session, "session_cancelled"):
                told += 1
        return told


def _tell(user, session, template):
    if not user.email:
        return False
    language = language_of(user)
    with translation.override(language):
        calendar = public_url(reverse("training:calendar"))
    mail_in(
        language,
        [user.email],
        f"training/email/{template}_subject.txt",
        f"training/email/{template}_body.txt",
        {"user": user, "session": session, "course": session.course, "calendar": calendar},
    )
    return True
