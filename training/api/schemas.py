"""What the training API reads and answers."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from portal.api import FieldError

from ..learning import event_time_window, in_event_time_window

BATCH_MAX = 100


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


#: An id as the database stores it (a 32-bit integer): a larger number is a 400, not a 500.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


#: A quiz's answers as its form posts them: "q_<question id>" → the chosen answers' ids.
QuizAnswers = Annotated[
    dict[
        Annotated[str, Field(max_length=80)],
        Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=50)],
    ],
    Field(max_length=200),
]


class EventIn(Strict):
    id: uuid.UUID
    lesson: Id
    type: Literal["lesson_viewed", "lesson_completed", "quiz_answered"]
    quiz: Id | None = Field(
        None,
        validate_default=True,
        description="quiz_answered only: the quiz answered (as its lesson page shows it)",
    )
    answers: QuizAnswers | None = Field(
        None,
        validate_default=True,
        description='quiz_answered only: {"q_<question id>": [answer id, …]}, as the quiz form '
        "posts them; the server scores them when the event arrives",
    )
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

    @field_validator("quiz", "answers")
    @classmethod
    def only_for_a_quiz(cls, value, info: ValidationInfo):
        """A quiz answered offline names its quiz and answers; a lesson event names neither."""
        kind = info.data.get("type")
        if kind == "quiz_answered" and value is None:
            raise PydanticCustomError("missing", "Field required")
        if kind != "quiz_answered" and value is not None:
            raise PydanticCustomError("extra_forbidden", "Extra inputs are not permitted")
        return value


class EventOut(Schema):
    id: uuid.UUID
    recorded: bool
    lesson: int
    course: int
    course_percent: int
    course_completed: bool
    # A quiz_answered event's score, as the server gave it when the event arrived.
    quiz: int | None = None
    attempt: int | None = Field(None, description="quiz_answered: the attempt's number")
    score: int | None = Field(None, description="quiz_answered: percent answered correctly")
    passed: bool | None = None
    attempts_left: int | None = Field(
        None, description="quiz_answered: attempts the quiz still allows (null: no limit)"
    )


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


class OfflineFileOut(Schema):
    url: str
    bytes: int


class OfflineOut(Schema):
    course: int
    title: str
    url: str
    version: str = Field(description="Changes whenever the course's pages or quizzes change")
    bytes: int = Field(description="The total of the files' sizes: what the phone will keep")
    files: list[OfflineFileOut]


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


# The training calendar (api/calendar.py).


class SessionsIn(Schema):
    province: str = Field("", description="A capital/province's code (05: Kampong Speu)")
    course: Id | None = Field(
        None, description="A course page's id, in either language: the sessions of that course"
    )
    date_from: date | None = Field(
        None, description="The first day listed (YYYY-MM-DD); today when absent or earlier"
    )
    date_to: date | None = Field(None, description="The last day listed (YYYY-MM-DD)")
    page: str = Field(
        "",
        description="The page of 20 wanted: the last for a number past the end, the first "
        "for one that is not a number",
    )


class RegistrationsIn(Schema):
    past: bool = Field(False, description="The sessions held (the latest first), not those to come")
    page: str = Field(
        "",
        description="The page of 20 wanted: the last for a number past the end, the first "
        "for one that is not a number",
    )


class RegistrationIn(Strict):
    waiting_list: bool = Field(
        False,
        description="Join the waiting list if the session is full (else a full session is a 409)",
    )


class SessionOut(Schema):
    id: int
    course: int = Field(description="The course's page in the default language (Khmer)")
    course_title: str = Field(description="In the language asked for, when translated")
    date: date
    # Not "format: time": that is RFC 3339's, with an offset; these are the local time.
    start_time: str | None = Field(
        description=f"HH:MM, local time ({settings.TIME_ZONE}); null: all day",
        pattern=r"^\d\d:\d\d$",
    )
    end_time: str | None = Field(
        description=f"HH:MM, local time ({settings.TIME_ZONE})", pattern=r"^\d\d:\d\d$"
    )
    province: str = Field(description="The capital/province's code")
    area: str = Field(description="The code of the place it is held")
    place: str = Field(description="The place, province › district › commune, in the language")
    venue: str
    trainer: str
    places: int
    places_left: int
    waiting: int = Field(description="People on the waiting list")
    cancelled: bool
    calendar_url: str = Field(description="The session in the calendar page")


class SessionPageOut(Schema):
    count: int
    page: int
    num_pages: int
    results: list[SessionOut]


class RegistrationOut(Schema):
    id: int
    status: Literal["place", "waiting"]
    position: int | None = Field(
        description="On the waiting list: the learner's number on it (1: the next place is "
        "theirs); else null"
    )
    registered_at: datetime
    session: SessionOut


class RegistrationPageOut(Schema):
    count: int
    page: int
    num_pages: int
    results: list[RegistrationOut]
