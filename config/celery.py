"""The Celery application: one worker runs the project's tasks and Wagtail's own.

Wagtail 8 enqueues its tasks through ``django_tasks``; with a broker configured the
``django_tasks_fennel`` backend sends them to this same app (see
docs/decisions/0002-wagtail-tasks-on-celery.md). Every message is first written to the
transactional outbox (``portal.infrastructure.outbox``); a worker that starts sends what
waits there.
"""

import logging
import os
from datetime import timedelta

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("portal", task_cls="portal.infrastructure.outbox:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


class DrainOutboxAtStart(bootsteps.StartStopStep):
    """Work that waited for the broker (it was down when the action committed) goes out as soon
    as a worker is connected: a consumer step, so it runs in every worker, embedded ones too."""

    # After the task consumer: its queues are declared, so nothing sent is routed nowhere.
    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer):
        from portal.infrastructure.outbox import drain

        try:
            sent = drain(grace=timedelta(0))
        except Exception:  # a worker must start even if the database is not there yet
            logger.exception("Could not drain the outbox at worker start")
            return
        if sent:
            logger.warning("Sent %s outbox message(s) that waited for the broker", sent)


app.steps["consumer"].add(DrainOutboxAtStart)
