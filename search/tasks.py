"""Background index updates, run by the Celery worker with retries.

modelsearch's own handlers enqueue an update on ``post_save`` before the transaction commits
(the worker may read the row before it exists, or the old version), do not retry, and delete
synchronously, logging and dropping the error when Elasticsearch is down. The portal replaces
them (see ``search.signals``): every save, delete and move enqueues one of these tasks on
commit; a task re-reads the row and calls every backend directly, so an unreachable search
engine raises, and Celery retries with backoff until it is back.
"""

from celery import shared_task
from django.apps import apps
from django.db import DatabaseError
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import class_is_indexed, get_indexed_instance


def _backend_errors():
    errors = [OSError, DatabaseError]
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [TransportError, ApiError]
    except ImportError:  # pragma: no cover - the client is a dependency
        pass
    try:
        from opensearchpy.exceptions import OpenSearchException

        errors.append(OpenSearchException)
    except ImportError:  # pragma: no cover - only with SEARCH_BACKEND=opensearch*
        pass
    return tuple(errors)


BACKEND_ERRORS = _backend_errors()
RETRY = {
    "bind": True,
    "autoretry_for": BACKEND_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 12,
    "acks_late": True,
}


def index_object(obj):
    """Write ``obj`` to every auto-updated backend now, raising if a backend fails.

    Unlike ``wagtail.search.index.insert_or_update_object``, errors are not swallowed: the
    caller (a task) retries. An object that is not among its model's indexed objects is removed.
    """
    from .hints import index_changed

    indexed = get_indexed_instance(obj)
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        if indexed is None:
            backend.delete(obj)
        else:
            backend.add(indexed)
    index_changed()  # "did you mean" reads the index's words again


def _model(app_label, model_name):
    model = apps.get_model(app_label, model_name)
    return model if class_is_indexed(model) else None


@shared_task(**RETRY, coalesce=True)
def update_index(self, app_label, model_name, pk):
    """Bring one object's index entry in line with its row (added, updated or removed)."""
    model = _model(app_label, model_name)
    if model is None:
        return "not indexed"
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return remove_from_index.run(app_label, model_name, pk)
    index_object(obj)
    return "indexed"


@shared_task(**RETRY, coalesce=True)
def remove_from_index(self, app_label, model_name, pk):
    """Remove a deleted object from every backend (idempotent: absent entries are fine)."""
    model = _model(app_label, model_name)
    if model is None or model._default_manager.filter(pk=pk).exists():
        return "kept"
    ghost = model(pk=pk)
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        backend.delete(ghost)
    return "removed"


@shared_task(**RETRY, coalesce=True)
def update_subtree(self, page_pk):
    """Re-index a moved page and its descendants (their path and ancestry filters changed)."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_pk).first()
    if page is None:
        return 0
    count = 0
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific().iterator():
        index_object(descendant)
        count += 1
    return count
