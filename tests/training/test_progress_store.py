"""The progress stores keep one contract: the portable one everywhere, PostgreSQL's fast path on
PostgreSQL (CI runs this file on both), and the vendor alone picks which one records events."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from training.learning import complete_lesson, enrol
from training.learning.progress_store import (
    PostgreSQLProgressStore,
    ProgressStore,
    Replay,
    progress_store,
)
from training.models import Enrolment, LessonProgress, ProgressEvent

from .conftest import build_course

pytestmark = pytest.mark.django_db

STORES = [ProgressStore]
if connection.vendor == "postgresql":
    STORES.append(PostgreSQLProgressStore)

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
READ_AT = datetime(2026, 11, 20, 8, tzinfo=UTC)


@pytest.fixture
def read(home, learner):
    """An enrolment with its first lesson read at READ_AT, its last activity long ago."""
    c = build_course(home, slug="store", with_quiz=False, lessons=2)
    enrolment = enrol(learner, c.course)
    complete_lesson(learner, c.lessons[0], at=READ_AT)
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=LONG_AGO)
    return enrolment, c.lessons


def an_event(enrolment, lesson, kind=ProgressEvent.Kind.VIEWED, at=READ_AT, client_id=None):
    return ProgressEvent(
        user_id=enrolment.user_id,
        client_id=client_id or uuid.uuid4(),
        enrolment_id=enrolment.pk,
        lesson_id=lesson.pk,
        kind=kind,
        occurred_at=at,
        result={"recorded": True},
    )


def test_the_database_vendor_alone_picks_the_store():
    expected = PostgreSQLProgressStore if connection.vendor == "postgresql" else ProgressStore
    assert type(progress_store()) is expected


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.__name__)
def test_an_event_is_stored_once_and_its_replay_writes_nothing(read, store):
    enrolment, lessons = read
    first = an_event(enrolment, lessons[1])
    assert store().record_simple(first, earliest=False) is True
    stored = Enrolment.objects.get(pk=enrolment.pk)
    assert stored.last_lesson_id == lessons[1].pk and stored.last_activity_at > LONG_AGO

    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=LONG_AGO)
    again = an_event(enrolment, lessons[0], client_id=first.client_id)
    assert store().record_simple(again, earliest=False) is False
    assert ProgressEvent.objects.filter(client_id=first.client_id).count() == 1
    unchanged = Enrolment.objects.get(pk=enrolment.pk)
    assert unchanged.last_activity_at == LONG_AGO and unchanged.last_lesson_id == lessons[1].pk


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.__name__)
def test_a_lesson_read_again_keeps_its_earliest_time(read, store):
    enrolment, lessons = read
    completed = ProgressEvent.Kind.COMPLETED
    later = an_event(enrolment, lessons[0], completed, at=datetime(2026, 11, 21, tzinfo=UTC))
    assert store().record_simple(later, earliest=True)
    assert LessonProgress.objects.get(lesson=lessons[0]).completed_at == READ_AT
    earlier = datetime(2026, 11, 19, tzinfo=UTC)
    assert store().record_simple(
        an_event(enrolment, lessons[0], completed, at=earlier), earliest=True
    )
    assert LessonProgress.objects.get(lesson=lessons[0]).completed_at == earlier
    # A replay of an earlier time moves nothing.
    replay = an_event(enrolment, lessons[0], completed, at=LONG_AGO, client_id=later.client_id)
    assert store().record_simple(replay, earliest=True) is False
    assert LessonProgress.objects.get(lesson=lessons[0]).completed_at == earlier


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.__name__)
def test_inserting_a_used_id_raises_replay_and_the_transaction_writes_nothing(read, store):
    enrolment, lessons = read
    first = an_event(enrolment, lessons[1])
    with transaction.atomic():
        store().insert_event(first)
    with pytest.raises(Replay), transaction.atomic():
        LessonProgress.objects.filter(enrolment=enrolment).delete()
        store().insert_event(an_event(enrolment, lessons[0], client_id=first.client_id))
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 1
    assert ProgressEvent.objects.get(client_id=first.client_id).lesson_id == lessons[1].pk


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.__name__)
def test_the_lookup_answers_for_the_learners_enrolment_only(read, store, make_user):
    enrolment, lessons = read
    rows = store().lookup(enrolment.user_id, lessons[1].pk)
    assert {row[3] for row in rows} == {lessons[0].pk}
    assert rows[0][:3] == (enrolment.pk, enrolment.course_id, lessons[1].pk)
    stranger = make_user("stranger", groups=["Learner"])
    assert store().lookup(stranger.pk, lessons[1].pk) == []
