"""Compare what the search index holds with what it should hold for every searchable page."""

import importlib
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, TextField
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backends_with_name

from .results import visible_pages


@dataclass
class Report:
    backend: str
    checked: int = 0
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)

    @property
    def problems(self):
        return self.missing + self.stale


def _database_state(backend, page):
    from wagtail.search.models import IndexEntry

    module = importlib.import_module(type(backend).index_class.__module__)
    content_type = ContentType.objects.get_for_model(type(page))
    entries = IndexEntry.objects.filter(content_type=content_type, object_id=str(page.pk))
    if not entries.exists():
        return "missing"
    indexer = module.ObjectIndexer(page, backend)
    if isinstance(indexer.title, str):  # SQLite keeps the text itself
        entry = entries.first()
        same = (entry.title, entry.body) == (indexer.title, indexer.body)
    else:  # PostgreSQL keeps tsvectors: compare them in the database
        # (as text: a tsvector field's own "exact" lookup is a full-text match).
        same = (
            entries.annotate(
                stored_title=Cast("title", TextField()),
                stored_body=Cast("body", TextField()),
                expected_title=Cast(indexer.title, TextField()),
                expected_body=Cast(indexer.body, TextField()),
            )
            .filter(stored_title=F("expected_title"), stored_body=F("expected_body"))
            .exists()
        )
    return "ok" if same else "stale"


def _search_server_state(backend, page):
    index = backend.get_index_for_model(type(page))
    mapping = backend.mapping_class(type(page))
    try:
        stored = backend.es.get(index=index.name, id=mapping.get_document_id(page))["_source"]
    except Exception as error:  # Elasticsearch's and OpenSearch's NotFoundError share no base
        if getattr(error, "status_code", None) == 404 or "NotFound" in type(error).__name__:
            return "missing"
        raise
    expected = json.loads(json.dumps(mapping.get_document(page), default=str))
    return "ok" if stored == expected else "stale"


def _snippet_text_state(page):
    """ "stale" when the text stored for the page's snippets (``search.models.SnippetText``) is
    not what indexing the page now would store, else "ok"."""
    from .models import SnippetText
    from .snippets import snippet_text

    stored = (
        SnippetText.objects.filter(
            content_type=ContentType.objects.get_for_model(type(page)), object_id=str(page.pk)
        )
        .values_list("text", flat=True)
        .first()
    )
    return "ok" if (stored or "") == snippet_text(page) else "stale"


def check(fix=False):
    """Check every live, public, searchable page in every auto-updated backend, and the text
    stored for its snippets.

    Returns one Report per backend. With ``fix=True`` each missing or stale page is re-indexed
    at once (in this process) and checked again.
    """
    from .tasks import index_object

    reports = []
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        report = Report(backend=name)
        backend_state = _search_server_state if hasattr(backend, "es") else _database_state

        def state(backend, page, backend_state=backend_state):
            result = backend_state(backend, page)
            return _snippet_text_state(page) if result == "ok" else result

        for page in visible_pages().specific().iterator():
            report.checked += 1
            result = state(backend, page)
            if result != "ok" and fix:
                index_object(page)
                result = state(backend, page)
            if result == "missing":
                report.missing.append(page)
            elif result == "stale":
                report.stale.append(page)
        reports.append(report)
    return reports
