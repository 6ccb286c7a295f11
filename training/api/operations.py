"""The training API's operations."""

import os

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from portal.api import ErrorOut, Throttle
from portal.api.errors import json_body

from ..learning import (
    EventIdReused,
    LearningError,
    NotEnrolled,
    completion_of,
    percent,
    record_event,
    record_quiz_event,
)
from ..learning import requirements as course_requirements
from ..models import Certificate, CourseLessonPage, CoursePage, Enrolment, canonical
from ..offline import listing
from ..refusals import status_of
from ..tasks import verification_url
from .auth import LiveTokenAuth, LoggedInSessionAuth
from .schemas import (
    BatchIn,
    BatchOut,
    CertificateOut,
    EnrolmentOut,
    EventIn,
    EventOut,
    Id,
    Me,
    OfflineOut,
    ProgressOut,
)


def events_in_batch(request):
    """A batch costs one per event it carries (1 if the body is not a batch at all)."""
    body = json_body(request)
    events = body.get("events") if isinstance(body, dict) else None
    return max(1, len(events)) if isinstance(events, list) else 1


throttle = Throttle(
    "training",
    limit_setting="TRAINING_API_RATE_LIMIT",
    default_limit=int(os.environ.get("TRAINING_API_RATE_LIMIT", "600")),
)

router = Router(auth=[LiveTokenAuth(), LoggedInSessionAuth()], throttle=throttle, tags=["training"])


@router.get("/me", response=Me, summary="The authenticated user (a bare view, for comparison)")
def me(request):
    return {"user": request.user.pk, "username": request.user.get_username()}


@router.get("/enrolments", response=list[EnrolmentOut])
def enrolments(request):
    rows = []
    for e in Enrolment.objects.filter(user=request.user).select_related("course"):
        completion = completion_of(e)
        certificate = getattr(completion, "certificate", None) if completion else None
        req = course_requirements(e.course)
        done = set(e.lessons.values_list("lesson_id", flat=True))
        nxt = next((pk for pk in req.lesson_ids if pk not in done), None)
        rows.append(
            {
                "id": e.pk,
                "course": e.course_id,
                "title": e.course.title,
                "source": e.source,
                "enrolled_at": e.enrolled_at,
                "percent": percent(e, req),
                "completed_at": completion.completed_at if completion else None,
                "certificate": certificate.code if certificate else None,
                "continue_lesson": nxt,
            }
        )
    return rows


@router.get(
    "/enrolments/{enrolment_id}/progress",
    response={200: ProgressOut, 403: ErrorOut},
    description="A 403 for an enrolment that is not the learner's (or does not exist).",
)
def progress(request, enrolment_id: Id):
    # Not a 404: Django's LocaleMiddleware turns an unprefixed 404 into a redirect to /km/….
    e = (
        Enrolment.objects.filter(pk=enrolment_id, user=request.user)
        .select_related("course")
        .first()
    )
    if e is None:
        raise HttpError(403, _("not one of your enrolments"))
    req = course_requirements(e.course)
    done = dict(e.lessons.values_list("lesson_id", "completed_at"))
    titles = dict(CourseLessonPage.objects.filter(pk__in=req.lesson_ids).values_list("pk", "title"))
    return {
        "enrolment": e.pk,
        "percent": percent(e, req),
        "lessons": [
            {"lesson": pk, "title": titles.get(pk, ""), "completed_at": done.get(pk)}
            for pk in req.lesson_ids
        ],
        "quizzes_passed": sorted(
            set(e.attempts.filter(passed=True).values_list("quiz_id", flat=True))
        ),
    }


@router.get(
    "/courses/{course_id}/offline",
    response={200: OfflineOut, 403: ErrorOut},
    summary="What a course needs to be read offline: its addresses, their size, its version",
    description="For the portal's offline client: the course page (``course_id``: the course "
    "page in the language it is read in), its lessons with their quizzes, the files they load "
    "and the font, each with its size in bytes; ``version`` changes when the course does. A 403 "
    "for a course the learner is not enrolled in (or no such live course).",
)
def offline(request, course_id: Id):
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if (
        course is None
        or not Enrolment.objects.filter(user=request.user, course=canonical(course)).exists()
    ):
        raise HttpError(403, _("not one of your courses"))
    return listing(request, course)


@router.get("/certificates", response=list[CertificateOut])
def certificates(request):
    return [
        {
            "code": c.code,
            "course_km": c.course_title_km,
            "course_en": c.course_title_en,
            "issued_on": c.issued_on.isoformat(),
            "issuer_km": c.issuer,
            "issuer_en": c.issuer_en or c.issuer,
            "issuer": c.issuer,
            "verify_url": verification_url(c.code),
        }
        for c in Certificate.objects.filter(completion__enrolment__user=request.user)
    ]


def refusal(error, field_prefix=""):
    """(status, body) of an event refused, the status from training/refusals.py: a lesson
    outside the learner's enrolments; an id already used for a different event, naming the id
    field; a quiz answered offline that is closed (passed, no attempts left) or whose answers
    are not the quiz's (naming the answers field)."""
    if isinstance(error, EventIdReused):
        message = _("already used for a different event")
        errors = [{"field": field_prefix + error.field, "message": message}]
        return status_of(error), {"detail": error.message, "errors": errors}
    if isinstance(error, NotEnrolled):
        return status_of(error), {"detail": _("lesson is not in your enrolments")}
    errors = []
    if error.field:
        errors = [{"field": f"{field_prefix}answers.{error.field}", "message": error.message}]
    return status_of(error), {"detail": error.message, "errors": errors}


def record(user, item):
    """Record one event of either kind: a lesson viewed or read, or a quiz answered offline."""
    if item.type == "quiz_answered":
        return record_quiz_event(
            user, item.id, item.lesson, item.quiz, item.answers, item.occurred_at
        )
    return record_event(user, item.id, item.lesson, item.type, item.occurred_at)


def recorded_status(recorded):
    return 200 if recorded.replay else 201


@router.post(
    "/progress-events",
    response={200: EventOut, 201: EventOut, 403: ErrorOut, 409: ErrorOut},
    summary="Record one progress event or quiz answered (idempotent by its client-generated id)",
    description="Sent again unchanged, an event is a replay: 200 and the result of its first "
    "delivery. An id already used for a different event (another lesson, type or time) is "
    "refused with a 409 naming the id field, and nothing is written.",
)
def post_event(request, payload: EventIn):
    try:
        recorded = record(request.user, payload)
    except LearningError as error:
        return Status(*refusal(error))
    return Status(recorded_status(recorded), recorded.result)


@router.post(
    "/progress-events/batch",
    response={200: BatchOut, 403: ErrorOut},
    summary="Record up to 100 progress events in one call, each as if posted on its own",
    throttle=throttle.costing(events_in_batch),
)
def post_events(request, payload: BatchIn):
    """For an app coming back online with a queue of events (the portal's own offline client
    among them: training/static/training/offline.js). Each event is recorded in its own
    transaction, in the order given, with the same rules as a single event: its status is 201
    (recorded), 200 (a replay: the stored result), 403 (lesson outside the enrolments) or 409
    (an id already used for a different event, naming ``events.3.id``). A ``quiz_answered``
    event (a quiz answered offline) is scored when it arrives, with the quiz's attempt limit and
    pass mark: 201 with the score, or 409 if the quiz is passed already or has no attempt left,
    400 if its answers are not the quiz's. A malformed event
    refuses the whole batch with a 400 naming it (``events.3.occurred_at``). The whole batch
    is a 403 only for a signed-in session that sends no CSRF token."""
    results = []
    for number, item in enumerate(payload.events):
        try:
            recorded = record(request.user, item)
        except LearningError as error:
            status, body = refusal(error, field_prefix=f"events.{number}.")
            results.append({"id": item.id, "status": status, **body})
            continue
        results.append(
            {"id": item.id, "status": recorded_status(recorded), "result": recorded.result}
        )
    return {"results": results}
