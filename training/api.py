"""The JSON API of the mobile app: a learner's enrolments, progress and certificates, and the
progress events the app records offline and sends later.

Authentication: a Wagtail API token (``Authorization: Bearer wagtail_…``, issued in the admin
under Settings → API tokens, or with ``manage.py api_tokens create``; it works for
TRAINING_API_TOKEN_DAYS and ends at once when revoked, on a password change or a deactivation:
portal/api_tokens.py) or the site's session. Events carry a client-generated id; a replay
returns the stored result of the first delivery, and the same id with a different event is a
409. Served at /api/training/, schema at /api/training/openapi.json.

Messages follow Accept-Language (Khmer or English): a 400's ``detail`` and each of its
per-field ``errors``, and the 400 for a body that is not JSON. A 429 says in Retry-After how
many seconds remain until the rate-limit window resets.

An event's ``occurred_at`` lies from 2000-01-01T00:00:00Z to a day ahead of the server's clock
(training.learning.EVENT_TIME_EARLIEST, EVENT_TIME_AHEAD); any other time is a 400 naming the
field (``occurred_at``, or ``events.3.occurred_at`` in a batch) and nothing is written. A body
larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, answered before it is read
(portal.infrastructure.middleware). The schema declares each of these statuses on every
operation it applies to.
"""

import math
import os
import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from portal.infrastructure.cache import incr_counter
from portal.infrastructure.middleware import request_too_large

from .api_errors import JSONBodyParser, UnparseableBody, field_message
from .auth import LiveTokenAuth, LoggedInSessionAuth
from .learning import (
    EventIdReused,
    LearningError,
    completion_of,
    event_time_window,
    in_event_time_window,
    percent,
    record_event,
    requirements,
)
from .models import Certificate, CourseLessonPage, Enrolment
from .refusals import status_of
from .tasks import verification_url

RATE_LIMITED_RESPONSE = {
    "description": "Too many requests in this minute (a batch counts one per event)",
    "headers": {
        "Retry-After": {
            "description": "Seconds until the window resets and requests are accepted again",
            "schema": {"type": "integer", "minimum": 1, "maximum": 60},
        }
    },
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    },
}


def error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }


class TrainingAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Ninja's schema, with the answers that come from outside an operation's own code
        declared on every operation they can come from: authentication (401), the body limit
        of portal.infrastructure.middleware (413) and rate_limit(), which every operation starts
        with (429; ninja cannot declare a response header); and validation (400) on every operation
        that takes a parameter or a body."""
        schema = super().get_openapi_schema(**kwargs)
        every = {
            "401": error_response(
                "No valid credentials: send Authorization: Bearer <API token> (or sign in)"
            ),
            "413": error_response(
                f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes; "
                "nothing is read or written"
            ),
            "429": RATE_LIMITED_RESPONSE,
        }
        malformed = error_response(
            "Malformed input, nothing written: each of errors names a field and says why "
            "(events.3.occurred_at in a batch); or the body is not JSON"
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = {str(status): value for status, value in operation["responses"].items()}
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault("400", malformed)
                for status, value in every.items():
                    responses.setdefault(status, value)
                operation["responses"] = dict(sorted(responses.items()))
        return schema


api = TrainingAPI(
    title="ISAF training API",
    version="1",
    urls_namespace="training_api",
    auth=[LiveTokenAuth(), LoggedInSessionAuth()],
    parser=JSONBodyParser(),
    docs_url=None,  # Ninja's docs page loads Swagger UI from a CDN; the schema is enough.
)


@api.exception_handler(NinjaValidationError)
def malformed(request, exc):
    fields = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        fields.append({"field": ".".join(loc), "message": field_message(error)})
    names = ", ".join(f["field"] for f in fields)
    return api.create_response(
        request,
        {"detail": _("malformed: %(fields)s") % {"fields": names}, "errors": fields},
        status=400,
    )


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    # A body without Content-Length (chunked) is found too large only when ninja reads it; the
    # same JSON 413 as portal.infrastructure.middleware's for a declared length (ninja's own:
    # a 500 in DEBUG).
    return request_too_large(request)


class RateLimited(HttpError):
    def __init__(self, retry_after):
        super().__init__(429, _("rate limit exceeded; retry in a minute"))
        self.retry_after = retry_after


@api.exception_handler(HttpError)
def refused(request, exc):
    detail = str(exc)
    if isinstance(exc.__cause__, UnparseableBody):
        detail = _("The request body is not valid JSON.")
    elif isinstance(exc, AuthenticationError):  # ninja's own English "Unauthorized"
        detail = _("Sign in first: send a valid API token (Authorization: Bearer …).")
    elif isinstance(exc, AuthorizationError):  # ninja's own English "Forbidden"
        detail = _("You are not allowed to do this.")
    response = api.create_response(request, {"detail": detail}, status=exc.status_code)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


def rate_limit(user, cost=1):
    """A fixed one-minute window per user in the cache; 429 past the limit, with Retry-After
    the seconds until the window resets. A batch of events costs one per event."""
    limit = getattr(
        settings, "TRAINING_API_RATE_LIMIT", int(os.environ.get("TRAINING_API_RATE_LIMIT", "600"))
    )
    now = timezone.now().timestamp()
    window = int(now // 60)
    # Shared by every web process; counted in this one while the shared cache is down.
    count = incr_counter(f"training:api-rate:{user.pk}:{window}", cost, 90)
    if count > limit:
        raise RateLimited(retry_after=max(1, math.ceil((window + 1) * 60 - now)))


BATCH_MAX = 100


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


#: An id as the database stores it (a 32-bit integer): a larger number is a 400, not a 500.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class EventIn(Strict):
    id: uuid.UUID
    lesson: Id
    type: Literal["lesson_viewed", "lesson_completed"]
    occurred_at: datetime = Field(
        description="When it happened: from 2000-01-01T00:00:00Z to a day ahead of the "
        f"server's clock (without an offset: in {settings.TIME_ZONE})"
    )

    @field_validator("occurred_at")
    @classmethod
    def in_time_window(cls, moment):
        if in_event_time_window(moment):
            return moment
        earliest, latest = (f"{t.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}" for t in event_time_window())
        raise PydanticCustomError(
            "event_time_window",
            "Must be a time from {earliest} to {latest}",
            {"earliest": earliest, "latest": latest},
        )


class EventOut(Schema):
    id: uuid.UUID
    recorded: bool
    lesson: int
    course: int
    course_percent: int
    course_completed: bool


class BatchIn(Strict):
    events: list[EventIn] = Field(..., min_length=1, max_length=BATCH_MAX)


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class BatchItemOut(Schema):
    id: uuid.UUID
    status: int
    result: EventOut | None = None
    detail: str | None = None
    errors: list[FieldError] | None = None


class BatchOut(Schema):
    results: list[BatchItemOut]


class EnrolmentOut(Schema):
    id: int
    course: int
    title: str
    source: str
    enrolled_at: datetime
    percent: int
    completed_at: datetime | None
    certificate: str | None
    continue_lesson: int | None


class LessonOut(Schema):
    lesson: int
    title: str
    completed_at: datetime | None


class ProgressOut(Schema):
    enrolment: int
    percent: int
    lessons: list[LessonOut]
    quizzes_passed: list[int]


class CertificateOut(Schema):
    code: str
    course_km: str
    course_en: str
    issued_on: str
    issuer_km: str = Field(description="Who issued it, as the Khmer course names it")
    issuer_en: str = Field(
        description="Who issued it, as the English course names it; the Khmer name when the "
        "course had no English translation (as course_en)"
    )
    issuer: str = Field(
        deprecated=True, description="The same as issuer_km; kept for apps built before issuer_km"
    )
    verify_url: str


class Me(Schema):
    user: int
    username: str


@api.get("/me", response=Me, summary="The authenticated user (a bare view, for comparison)")
def me(request):
    rate_limit(request.user)
    return {"user": request.user.pk, "username": request.user.get_username()}


@api.get("/enrolments", response=list[EnrolmentOut])
def enrolments(request):
    rate_limit(request.user)
    rows = []
    for e in Enrolment.objects.filter(user=request.user).select_related("course"):
        completion = completion_of(e)
        certificate = getattr(completion, "certificate", None) if completion else None
        req = requirements(e.course)
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


@api.get(
    "/enrolments/{enrolment_id}/progress",
    response={200: ProgressOut, 403: ErrorOut},
    description="A 403 for an enrolment that is not the learner's (or does not exist).",
)
def progress(request, enrolment_id: Id):
    rate_limit(request.user)
    # Not a 404: Django's LocaleMiddleware turns an unprefixed 404 into a redirect to /km/….
    e = (
        Enrolment.objects.filter(pk=enrolment_id, user=request.user)
        .select_related("course")
        .first()
    )
    if e is None:
        raise HttpError(403, _("not one of your enrolments"))
    req = requirements(e.course)
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


@api.get("/certificates", response=list[CertificateOut])
def certificates(request):
    rate_limit(request.user)
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
    """(status, body) of an event record_event refused: 403 for a lesson outside the learner's
    enrolments; 409 naming the id field for an id already used for a different event."""
    if isinstance(error, EventIdReused):
        return status_of(error), {
            "detail": error.message,
            "errors": [
                {
                    "field": field_prefix + error.field,
                    "message": _("already used for a different event"),
                }
            ],
        }
    return status_of(error), {"detail": _("lesson is not in your enrolments")}


@api.post(
    "/progress-events",
    response={200: EventOut, 201: EventOut, 403: ErrorOut, 409: ErrorOut},
    summary="Record one progress event (idempotent by its client-generated id)",
    description="Sent again unchanged, an event is a replay: 200 and the result of its first "
    "delivery. An id already used for a different event (another lesson, type or time) is "
    "refused with a 409 naming the id field, and nothing is written.",
)
def post_event(request, payload: EventIn):
    rate_limit(request.user)
    try:
        recorded = record_event(
            request.user, payload.id, payload.lesson, payload.type, payload.occurred_at
        )
    except LearningError as error:
        return Status(*refusal(error))
    return Status(200 if recorded.replay else 201, recorded.result)


@api.post(
    "/progress-events/batch",
    response={200: BatchOut, 403: ErrorOut},
    summary="Record up to 100 progress events in one call, each as if posted on its own",
)
def post_events(request, payload: BatchIn):
    """For an app coming back online with a queue of events. Each event is recorded in its own
    transaction, in the order given, with the same rules as a single event: its status is 201
    (recorded), 200 (a replay: the stored result), 403 (lesson outside the enrolments) or 409
    (an id already used for a different event, naming ``events.3.id``). A malformed event
    refuses the whole batch with a 400 naming it (``events.3.occurred_at``). The whole batch
    is a 403 only for a signed-in session that sends no CSRF token."""
    rate_limit(request.user, cost=len(payload.events))
    results = []
    for number, item in enumerate(payload.events):
        try:
            recorded = record_event(request.user, item.id, item.lesson, item.type, item.occurred_at)
        except LearningError as error:
            status, body = refusal(error, field_prefix=f"events.{number}.")
            results.append({"id": item.id, "status": status, **body})
            continue
        status = 200 if recorded.replay else 201
        results.append({"id": item.id, "status": status, "result": recorded.result})
    return {"results": results}
