"""Every piece of background work goes through here: nothing a user did is lost to a broker.

``enqueue(task, *args)`` is the one way the portal asks for background work (e-mail, search
index, PDFs, certificates, Wagtail's own tasks through ``portal.infrastructure.task_backends``):

- With a broker, the message is a row (``OutboxMessage``) written in the caller's transaction,
  and handed to the broker after the commit. A broker that cannot be reached leaves the row
  waiting, logged, and the user's action stands. ``drain`` sends waiting rows: when a worker
  starts and every minute from the worker's beat. The row's id is the Celery task id, and
  ``OutboxTask`` (every task's base class) skips a message already done, so work that was
  sent twice (the sender and the drain racing, a redelivery) runs once.
- Without a broker (the embedded default, eager Celery) the task runs in-process after the
  commit, as before: there is no broker to lose.
- A task declared with ``coalesce=True`` works from the rows as they are when it runs (an index
  update, a PDF): asked for again with the same arguments before the commit, it is queued once.
  Publishing an imported guidebook asked for its PDF once per page and for each page's index
  entry once per save; the demo's 440 messages are 102.

See docs/decisions/0005-transactional-outbox.md.
"""

import logging
import uuid
from datetime import timedelta
from functools import partial

from celery import Task, shared_task
from celery import current_app as app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

# Waiting rows younger than this are left to their own on-commit send.
DRAIN_GRACE = timedelta(seconds=30)
DRAIN_BATCH = 500
KEEP_DONE = timedelta(days=7)


def _eager():
    return app.conf.task_always_eager


def enqueue(task, *args, **kwargs):
    """Run ``task`` (a Celery task or its registered name) with these arguments after commit."""
    return enqueue_message(task if isinstance(task, str) else task.name, args, kwargs)


def enqueue_message(name, args=(), kwargs=None, **options):
    """``enqueue`` with Celery sending options (``queue``, ``priority``, ``headers``).

    Returns the ``OutboxMessage`` written, or ``None`` where the task runs in-process.
    """
    args, kwargs = list(args), dict(kwargs or {})
    key = None
    if getattr(app.tasks.get(name), "coalesce", False):
        key = repr((name, args, sorted(kwargs.items()), sorted(options.items())))
        pending = _pending(key)
        if pending is not None:
            return pending.outbox_message
    if _eager():
        task = app.tasks[name]
        callback = partial(_apply_in_process, task, args, kwargs, options)
        callback.outbox_message = None
    else:
        from portal.models import OutboxMessage

        message = OutboxMessage.objects.create(task=name, args=args, kwargs=kwargs, options=options)
        callback = partial(_send_after_commit, message)
        callback.outbox_message = message
    callback.outbox_key = key
    transaction.on_commit(callback)
    return callback.outbox_message


def _pending(key):
    """The callback of this transaction that already queues ``key``, if any. Read from the
    connection's own on-commit list, so a message queued in a savepoint rolled back since (its
    callback discarded with it) is queued again."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for _savepoints, callback, _robust in connection.run_on_commit:
        if getattr(callback, "outbox_key", None) == key:
            return callback
    return None


def _apply_in_process(task, args, kwargs, options):
    task.apply_async(args, kwargs, **options)


def _send_after_commit(message):
    try:
        send(message)
    except Exception:  # never let a failed send turn the committed action into an error
        logger.exception("Outbox message %s (%s) could not be sent", message.pk, message.task)


def send(message):
    """Hand one row to the broker; on failure record why and leave it for ``drain``."""
    from portal.models import OutboxMessage

    try:
        app.send_task(
            message.task,
            args=message.args,
            kwargs=message.kwargs,
            task_id=str(message.pk),
            **message.options,
        )
    except Exception as error:  # kombu's OperationalError, a socket error, a timeout…
        logger.warning(
            "Broker unreachable: %s (%s) waits in the outbox: %s", message.task, message.pk, error
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            send_attempts=F("send_attempts") + 1, last_error=str(error)[:2000]
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def waiting(grace=DRAIN_GRACE):
    from portal.models import OutboxMessage

    cutoff = timezone.now() - grace
    return OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)


def drain(grace=DRAIN_GRACE, batch=DRAIN_BATCH):
    """Send waiting rows, oldest first; stop at the first that cannot be sent (broker down).

    Each row is claimed with ``SKIP LOCKED`` (on PostgreSQL), so two drains at once never send
    one row twice. Returns the number sent.
    """
    from portal.models import OutboxMessage

    sent = 0
    for pk in waiting(grace).order_by("created_at").values_list("pk", flat=True)[:batch]:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if message is None:
                continue
            if not send(message):
                break
            sent += 1
    OutboxMessage.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    return sent


@shared_task(name="portal.outbox.drain", ignore_result=True)
def drain_task():
    """The periodic drain (``CELERY_BEAT_SCHEDULE``); the worker also drains when it starts."""
    return drain()


class OutboxTask(Task):
    """Base of every Celery task of the portal's app: a message already done is not run again."""

    def __call__(self, *args, **kwargs):
        message_id = self.request.id
        if self.request.is_eager or not message_id:
            return super().__call__(*args, **kwargs)
        from portal.models import OutboxMessage

        try:
            rows = OutboxMessage.objects.filter(pk=uuid.UUID(message_id))
        except ValueError:  # not an outbox message's id
            return super().__call__(*args, **kwargs)
        if rows.filter(done_at__isnull=False).exists():
            logger.info("Outbox message %s was already done: skipped", message_id)
            return None
        result = super().__call__(*args, **kwargs)
        rows.filter(done_at__isnull=True).update(done_at=timezone.now())
        return result
