"""The Celery application: one worker runs the project's tasks and Wagtail's own.

Wagtail 8 enqueues search-index updates through ``django_tasks``; with a broker configured the
``django_tasks_fennel`` backend sends them to this same app (see
docs/decisions/0002-wagtail-tasks-on-celery.md).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
