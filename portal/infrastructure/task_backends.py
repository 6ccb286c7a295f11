"""How Wagtail's background tasks reach Celery.

Wagtail 8 (modelsearch) enqueues its tasks (reference index, image and file work) through
``django_tasks``. This backend hands them to the project's Celery app under the names
``django_tasks_fennel`` registers, through the transactional outbox
(``portal.infrastructure.outbox``): the message is written in the transaction that saved the object
and sent after it commits, so the worker never reads a row before it exists, and a broker that is
down loses nothing.

Celery's own switch decides where work runs: when ``task_always_eager`` is on (the embedded
default without a broker, and tests outside the worker fixture) the task runs in-process right
away, as django_tasks' ImmediateBackend does.
"""

from celery import current_app as app
from django.conf import settings
from django.utils import timezone
from django_tasks import DEFAULT_TASK_QUEUE_NAME
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_fennel import CeleryBackend as FennelCeleryBackend
from django_tasks_fennel.backend import (
    DJANGO_TASKS_PRIORITY_HEADER,
    _map_priority,
    _to_celery_name,
)
from django_tasks_fennel.compat import TaskResult, TaskResultStatus, task_enqueued

from . import outbox

# Wagtail tasks the portal runs through a task of its own (see each one's docstring).
REPLACED = {"wagtail.tasks.update_reference_index_task": "portal.tasks.update_reference_index"}


class CeleryBackend(FennelCeleryBackend):
    def __init__(self, alias, params):
        super().__init__(alias, params)
        self._in_process = ImmediateBackend(alias, params)

    def enqueue(self, task, args, kwargs):
        if app.conf.task_always_eager:
            return self._in_process.enqueue(task, args, kwargs)
        self.validate_task(task)
        options = {
            "priority": _map_priority(task.priority),
            "headers": {DJANGO_TASKS_PRIORITY_HEADER: task.priority},
        }
        if task.queue_name and task.queue_name != DEFAULT_TASK_QUEUE_NAME:
            options["queue"] = task.queue_name
        # else Celery's default queue (CELERY_TASK_DEFAULT_QUEUE), where the worker listens
        name = REPLACED.get(task.module_path) or _to_celery_name(task.module_path)
        message = outbox.enqueue_message(name, args, kwargs, **options)
        result = TaskResult(
            task=task,
            id=str(message.pk),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        return result

    def check(self, **kwargs):
        for message in super().check(**kwargs):
            # Without a broker nothing is queued, so there is no result to fetch either.
            if not settings.CELERY_BROKER_URL and "result backend" in message.msg:
                continue
            yield message
