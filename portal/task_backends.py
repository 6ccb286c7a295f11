"""How Wagtail's background tasks reach Celery.

Wagtail 8 (modelsearch) enqueues search-index updates through ``django_tasks``. This backend
sends them to the project's Celery app through ``django_tasks_fennel``, so one worker runs all
background work. Celery's own switch decides where work runs: when ``task_always_eager`` is on
(the embedded default without a broker, and tests outside the worker fixture) the task runs
in-process right away, as django_tasks' ImmediateBackend does; fennel alone would call
``send_task``, which ignores eager mode and would queue work that nobody consumes.
"""

from celery import current_app
from django.conf import settings
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_fennel import CeleryBackend as FennelCeleryBackend


class CeleryBackend(FennelCeleryBackend):
    def __init__(self, alias, params):
        super().__init__(alias, params)
        self._in_process = ImmediateBackend(alias, params)

    def enqueue(self, task, args, kwargs):
        if current_app.conf.task_always_eager:
            return self._in_process.enqueue(task, args, kwargs)
        return super().enqueue(task, args, kwargs)

    def check(self, **kwargs):
        for message in super().check(**kwargs):
            # Without a broker nothing is queued, so there is no result to fetch either.
            if not settings.CELERY_BROKER_URL and "result backend" in message.msg:
                continue
            yield message
