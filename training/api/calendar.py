"""The training calendar in the API: the sessions to come (public), the learner's registrations,
and registering and cancelling, with the training router's auth, throttle and error format.

Registering and cancelling are idempotent as progress events are, the key being the learner and
the session (a learner holds one registration per session: a unique constraint) rather than an
id the client makes up. Sent again, a registration is a replay: 200 and the registration as it
stands (its status may have changed since: a place given from the waiting list), never a second
one. A cancellation sent again finds nothing held and answers 204 as the first did. What
registering and cancelling do and refuse is training.learning.registration's, with the status of
training/refusals.py, as on the calendar page."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Status

from portal.api import ErrorOut, invalid_parameters
from portal.notifications import public_url

from ..calendar_listing import (
    calendar_url,
    courses_shown,
    provinces,
    published,
    registrations_of,
    with_counts,
)
from ..learning import (
    AlreadyRegistered,
    LearningError,
    NotYourRegistration,
    cancel_registration,
    register,
)
from ..models import CoursePage, SessionRegistration, TrainingSession
from ..refusals import status_of
from .operations import router
from .schemas import (
    Id,
    RegistrationIn,
    RegistrationOut,
    RegistrationPageOut,
    RegistrationsIn,
    SessionPageOut,
    SessionsIn,
)

PER_PAGE = 20  # as the calendar page
WAITING = SessionRegistration.Status.WAITING
CSRF_REFUSED = "A signed-in session that sends no CSRF token (X-CSRFToken)"


def _hours(moment):
    return moment.strftime("%H:%M") if moment is not None else None


def session_out(session):
    """A session (with ``taken``, ``waiting`` and ``shown_course``) as SessionOut."""
    return {
        "id": session.pk,
        "course": session.course_id,
        "course_title": session.shown_course.title,
        "date": session.date,
        "start_time": _hours(session.start_time),
        "end_time": _hours(session.end_time),
        "province": session.area.province.code,
        "area": session.area.code,
        "place": session.area.path_label,
        "venue": session.venue,
        "trainer": session.trainer,
        "places": session.places,
        "places_left": max(session.places - session.taken, 0),
        "waiting": session.waiting,
        "cancelled": session.cancelled,
        "calendar_url": public_url(calendar_url(session)),
    }


def registrations_out(registrations):
    """Registrations (from calendar_listing.registrations_of) as RegistrationOut: their sessions'
    places counted in one query, their courses named in one."""
    sessions = [r.session for r in registrations]
    counts = {
        s.pk: s
        for s in with_counts(TrainingSession.objects.filter(pk__in=[s.pk for s in sessions]))
    }
    for session in courses_shown(sessions):
        session.taken = counts[session.pk].taken
        session.waiting = counts[session.pk].waiting
    return [
        {
            "id": r.pk,
            "status": r.status,
            "position": getattr(r, "position", None) if r.status == WAITING else None,
            "registered_at": r.registered_at,
            "session": session_out(r.session),
        }
        for r in registrations
    ]


def page_of(rows, number):
    """One page of ``rows`` as the list endpoints answer it, and its rows."""
    page = Paginator(rows, PER_PAGE).get_page(number)
    listing = {"count": page.paginator.count, "page": page.number}
    return {**listing, "num_pages": page.paginator.num_pages}, list(page)


def _filter_errors(filters):
    """[{"field", "message"}] for the filters that name nothing, or ask for an empty range."""
    errors = []
    code = filters.province
    # Codes are a few ASCII digits: anything else names no province without asking the
    # database (which refuses some characters, as NUL on PostgreSQL).
    plausible = code.isascii() and code.isalnum() and len(code) <= 12
    if code and not (plausible and provinces().filter(code=code).exists()):
        errors.append({"field": "province", "message": _("No capital/province has this code.")})
    if filters.course is not None and not CoursePage.objects.filter(pk=filters.course).exists():
        errors.append({"field": "course", "message": _("No course has this id.")})
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        errors.append({"field": "date_to", "message": _("Must not be before date_from.")})
    return errors


@router.get(
    "/sessions",
    response={200: SessionPageOut, 400: ErrorOut},
    auth=None,
    summary="The face-to-face sessions to come in the training calendar (public)",
)
def sessions(request, filters: Query[SessionsIn]):
    """The published sessions from today on (cancelled ones too, ``cancelled`` true), soonest
    first, 20 a page, as the calendar page lists them; course titles and places in the language
    of Accept-Language. ``province``, ``course``, ``date_from`` and ``date_to`` filter; a
    province or course that names nothing, and ``date_to`` before ``date_from``, are a 400
    naming the parameter."""
    errors = _filter_errors(filters)
    if errors:
        return Status(400, invalid_parameters(errors))
    today = timezone.localdate()
    rows = published(max(filters.date_from or today, today))
    if filters.province:
        rows = rows.filter(area__province__code=filters.province)
    if filters.course is not None:
        key = CoursePage.objects.filter(pk=filters.course).values("translation_key")
        rows = rows.filter(course__translation_key__in=key)
    if filters.date_to:
        rows = rows.filter(date__lte=filters.date_to)
    listing, found = page_of(with_counts(rows), filters.page)
    return {**listing, "results": [session_out(s) for s in courses_shown(found)]}


@router.get(
    "/registrations",
    response=RegistrationPageOut,
    summary="The learner's registrations for face-to-face sessions",
)
def registrations(request, filters: Query[RegistrationsIn]):
    """The sessions to come the learner registered for, soonest first (``past``: those held,
    the latest first), 20 a page; each with the learner's status (``place`` or ``waiting``, with
    their number on the waiting list) and the session as /sessions gives it."""
    listing, found = page_of(registrations_of(request.user, past=filters.past), filters.page)
    return {**listing, "results": registrations_out(found)}


def _in_calendar(session_id):
    """The published session ``session_id``, or the 400 that says there is none."""
    session = TrainingSession.objects.filter(pk=session_id, published=True).first()
    if session is None:
        message = _("No session in the calendar has this id.")
        return None, Status(400, invalid_parameters([{"field": "session_id", "message": message}]))
    return session, None


def _held_by(user, session):
    """``user``'s registration for ``session`` as RegistrationOut, or None."""
    # "To come" from the session's own day: the one registration, whatever the date.
    found = list(registrations_of(user, today=session.date).filter(session=session))
    return registrations_out(found)[0] if found else None


def _refused(error):
    return Status(status_of(error), {"detail": error.message, "errors": []})


@router.post(
    "/sessions/{session_id}/registration",
    response={
        200: RegistrationOut,
        201: RegistrationOut,
        400: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
    },
    summary="Register for a session: a place, or the waiting list (idempotent per session)",
    description="201 and the registration: ``place`` while the session has one, else "
    "``waiting`` when ``waiting_list`` is true. Sent again, it is a replay: 200 and the "
    "learner's registration for the session as it stands, nothing written. A full session "
    "without ``waiting_list``, a cancelled or past one are a 409, a session not in the calendar "
    f"a 400 naming ``session_id``; nothing is written. 403: {CSRF_REFUSED}.",
)
def register_for_session(request, session_id: Id, payload: RegistrationIn):
    session, refused = _in_calendar(session_id)
    if refused:
        return refused
    held = _held_by(request.user, session)
    if held is not None:
        return Status(200, held)
    try:
        register(request.user, session, waiting_list=payload.waiting_list)
    except AlreadyRegistered:  # the same call, sent twice at once: the other one wrote it
        return Status(200, _held_by(request.user, session))
    except LearningError as error:
        return _refused(error)
    return Status(201, _held_by(request.user, session))


@router.delete(
    "/sessions/{session_id}/registration",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Cancel the learner's registration for a session (idempotent)",
    description="204: the learner holds no registration for the session any more; a place it "
    "frees goes to the first person waiting, told by e-mail. Sent again (or with nothing "
    "held), 204 too, nothing written. A cancelled or past session is a 409 (nothing changed), "
    f"a session not in the calendar a 400 naming ``session_id``. 403: {CSRF_REFUSED}.",
)
def cancel_session_registration(request, session_id: Id):
    session, refused = _in_calendar(session_id)
    if refused:
        return refused
    registration = SessionRegistration.objects.filter(session=session, user=request.user).first()
    if registration is not None:
        try:
            cancel_registration(request.user, registration.pk)
        except NotYourRegistration:  # the same call, sent twice at once: the other removed it
            pass
        except LearningError as error:
            return _refused(error)
    return Status(204, None)
