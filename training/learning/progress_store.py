"""How progress events reach the database: one interface, a portable implementation and
PostgreSQL's fast path, chosen by the database's vendor in ``progress_store()`` and nowhere else.

``record_event`` (progress.py) decides what an event means; a store only writes it. Both stores
keep the same promises: an event is stored once per (learner, client id), a replay writes
nothing, and an event that is stored also moves the enrolment's last activity (and, for a
lesson read again, its earlier completion time).
"""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import CourseCompletion, Enrolment, LessonCourse, LessonProgress, ProgressEvent


class Replay(Exception):
    """The event id was already recorded: roll back what this delivery did."""


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


class ProgressStore:
    """The portable store: the ORM, in a transaction; any database Django supports."""

    vendor = None  # any

    def lookup(self, user_id, lesson_id):
        """One query: (enrolment pk, course pk, canonical lesson pk, a lesson read or None,
        completion pk or None) per lesson read, for the learner's enrolment in the lesson's
        course. Plain SQL, but standard SQL: the ORM takes longer to build this query than the
        database takes to answer it."""
        sql = (
            "SELECT e.id, e.course_id, lc.canonical_lesson_id, lp.lesson_id, cc.id "
            f"FROM {_table(LessonCourse)} lc "
            f"JOIN {_table(Enrolment)} e ON e.course_id = lc.course_id AND e.user_id = %s "
            f"LEFT JOIN {_table(LessonProgress)} lp ON lp.enrolment_id = e.id "
            f"LEFT JOIN {_table(CourseCompletion)} cc ON cc.enrolment_id = e.id "
            "WHERE lc.lesson_id = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id, lesson_id])
            return cursor.fetchall()

    def insert_event(self, event):
        """Store the event, or raise Replay if its (learner, client id) is already stored.
        Call inside a transaction: Replay leaves it to be rolled back (on some databases a
        refused INSERT spoils the transaction anyway)."""
        try:
            event.save(force_insert=True)
        except IntegrityError:
            raise Replay from None

    def record_simple(self, event, *, earliest):
        """Store an event that cannot change completion (a view, or a lesson read again), with
        the enrolment's last activity and, if ``earliest``, the lesson's earlier completion
        time. True if stored, False for a replay (nothing written)."""
        try:
            with transaction.atomic():
                touch(event.enrolment_id, event.lesson_id)
                if earliest:
                    LessonProgress.objects.filter(
                        enrolment_id=event.enrolment_id,
                        lesson_id=event.lesson_id,
                        completed_at__gt=event.occurred_at,
                    ).update(completed_at=event.occurred_at)
                # Last, so that a replay rolls back the writes above with it.
                self.insert_event(event)
        except Replay:
            return False
        return True


class PostgreSQLProgressStore(ProgressStore):
    """PostgreSQL's fast path: INSERT … ON CONFLICT DO NOTHING RETURNING, and, for an event that
    cannot change completion, one statement whose data-modifying CTEs write the event and the
    enrolment's last activity in one round trip and one commit, in autocommit."""

    vendor = "postgresql"

    def _insert_sql(self, event):
        """INSERT … ON CONFLICT (user, client id) DO NOTHING RETURNING id, and its parameters."""
        meta = ProgressEvent._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        params = [f.get_db_prep_save(f.pre_save(event, add=True), connection) for f in fields]
        quote = connection.ops.quote_name
        unique = ", ".join(quote(meta.get_field(n).column) for n in ("user", "client_id"))
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT ({unique}) DO NOTHING RETURNING {quote(meta.pk.column)}"
        )
        return sql, params

    def insert_event(self, event):
        # A concurrent delivery of the same id makes this INSERT wait for it, then do nothing.
        sql, params = self._insert_sql(event)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            raise Replay
        event.pk = row[0]

    def record_simple(self, event, *, earliest):
        # The UPDATEs act only if the INSERT did: atomic without a transaction of our own.
        insert, params = self._insert_sql(event)
        sql = (
            f"WITH ins AS ({insert}), "
            f"touched AS (UPDATE {_table(Enrolment)} SET last_lesson_id = %s, "
            "last_activity_at = %s WHERE id = %s AND EXISTS (SELECT 1 FROM ins) RETURNING 1)"
        )
        params += [event.lesson_id, timezone.now(), event.enrolment_id]
        if earliest:
            sql += (
                f", earlier AS (UPDATE {_table(LessonProgress)} SET completed_at = %s "
                "WHERE enrolment_id = %s AND lesson_id = %s AND completed_at > %s "
                "AND EXISTS (SELECT 1 FROM ins) RETURNING 1)"
            )
            at = event.occurred_at
            params += [at, event.enrolment_id, event.lesson_id, at]
        sql += " SELECT id FROM ins"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return False
        event.pk = row[0]
        return True


#: The stores with a fast path, by database vendor; any other database gets the portable one.
STORES = {store.vendor: store for store in (PostgreSQLProgressStore,)}


def progress_store():
    """The progress store for the database: the one place its vendor is asked."""
    return STORES.get(connection.vendor, ProgressStore)()


def touch(enrolment, lesson):
    """The enrolment's last activity: this lesson, now."""
    Enrolment.objects.filter(pk=getattr(enrolment, "pk", enrolment)).update(
        last_lesson_id=getattr(lesson, "pk", lesson), last_activity_at=timezone.now()
    )
