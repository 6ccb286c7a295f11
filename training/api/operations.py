"""The training API's operations."""

import os

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from portal.api import ErrorOut, Throttle
from portal.api.errors import json_body

from ..learning import EventIdReused, LearningError, completion_of, percent, record_event
from ..learning import requirements as course_requirements
from ..models import Certificate, CourseLessonPage, Enrolment
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
    """(status, body) of an event record_event refused, the status from training/refusals.py:
    a lesson outside the learner's enrolments; an id already used for a different event,
    naming the id field."""
    if isinstance(error, EventIdReused):
        message = _("already used for a different event")
        errors = [{"field": field_prefix + error.field, "message": message}]
        return status_of(error), {"detail": error.message, "errors": errors}
    return status_of(error), {"detail": _("lesson is not in your enrolments")}


def recorded_status(recorded):
    return 200 if recorded.replay else 201


@router.post(
    "/progress-events",
    response={200: EventOut, 201: EventOut, 403: ErrorOut, 409: ErrorOut},
    summary="Record one progress event (idempotent by its client-generated id)",
    description="Sent again unchanged, an event is a replay: 200 and the result of its first "
    "delivery. An id already used for a different event (another lesson, type or time) is "
    "refused with a 409 naming the id field, and nothing is written.",
)
def post_event(request, payload: EventIn):
    try:
        recorded = record_event(
            request.user, payload.id, payload.lesson, payload.type, payload.occurred_at
        )
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
    """For an app coming back online with a queue of events. Each event is recorded in its own
    transaction, in the order given, with the same rules as a single event: its status is 201
    (recorded), 200 (a replay: the stored result), 403 (lesson outside the enrolments) or 409
    (an id already used for a different event, naming ``events.3.id``). A malformed event
    refuses the whole batch with a 400 naming it (``events.3.occurred_at``). The whole batch
    is a 403 only for a signed-in session that sends no CSRF token."""
    results = []
    for number, item in enumerate(payload.events):
        try:
            recorded = record_event(request.user, item.id, item.lesson, item.type, item.occurred_at)
        except LearningError as error:
            status, body = refusal(error, field_prefix=f"events.{number}.")
            results.append({"id": item.id, "status": status, **body})
            continue
        results.append(
            {"id": item.id, "status": recorded_status(recorded), "result": recorded.result}
        )
    return {"results": results}
