"""Keep the search index fresh through the Celery worker, never blocking a publish.

``search.apps`` turns modelsearch's own signal handlers off (``search_auto_update = False`` on
every indexed model) and connects these instead. Each enqueues a task from ``search.tasks``
*after* the transaction commits, through the transactional outbox
(``portal.infrastructure.outbox``): a broker that cannot be reached does not turn a successful
publish into an error, and the update is sent when the broker is back.
"""

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.search.index import get_indexed_models
from wagtail.signals import post_page_move

from portal.infrastructure import outbox

from . import tasks

logger = logging.getLogger(__name__)


def _key(instance):
    return instance._meta.app_label, instance._meta.model_name, str(instance.pk)


def _on_commit(task, *args):
    outbox.enqueue(task, *args)


def object_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _on_commit(tasks.update_index, *_key(instance))


def object_deleted(sender, instance, **kwargs):
    _on_commit(tasks.remove_from_index, *_key(instance))


def page_was_moved(sender, instance, **kwargs):
    _on_commit(tasks.update_subtree, instance.pk)


def connect(models):
    for model in models:
        post_save.connect(object_saved, sender=model, dispatch_uid=f"search-save-{model._meta}")
        post_delete.connect(
            object_deleted, sender=model, dispatch_uid=f"search-delete-{model._meta}"
        )
    post_page_move.connect(page_was_moved, dispatch_uid="search-page-moved")


def take_over_index_updates():
    """Switch modelsearch's handlers off and ours on for every auto-updated indexed model.

    Runs in ``SearchConfig.ready``, which comes before modelsearch's ``ready`` (the search app
    is listed first), so modelsearch registers nothing for these models.
    """
    models = [m for m in get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        model.search_auto_update = False
    connect(models)
    return models
