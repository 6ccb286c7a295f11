"""What the training API reads and answers."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from portal.api import FieldError

from ..learning import event_time_window, in_event_time_window

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
