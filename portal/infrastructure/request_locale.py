"""``Locale.get_active()`` looked up once per language per request, not once per call.

Wagtail's ``TranslatableMixin.localized`` (every strategy, actor type and linked page shown in
a template) asks ``Locale.get_active()``, one query each time: an exchange record showed 7
identical locale queries (issue 15). The locales found are kept for the length of one request
only (set on ``request_started``, dropped on ``request_finished``): outside a request (a task,
a shell, a test calling code directly) nothing is kept, so a locale created or deleted between
requests is never seen stale. A lookup that finds no locale is not kept.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started

_found = ContextVar("request_locales", default=None)


def _start(**kwargs):
    _found.set({})


def _finish(**kwargs):
    _found.set(None)


def connect():
    """Wrap ``Locale.get_active`` with the per-request memo."""
    from django.utils import translation
    from wagtail.models import Locale

    if getattr(Locale.get_active, "_per_request", False):
        return
    uncached = Locale.get_active.__func__

    def get_active(cls):
        found = _found.get()
        if found is None:
            return uncached(cls)
        language = translation.get_language()
        if language not in found:
            found[language] = uncached(cls)
        return found[language]

    get_active._per_request = True
    Locale.get_active = classmethod(get_active)
    request_started.connect(_start, dispatch_uid="request-locale-start")
    request_finished.connect(_finish, dispatch_uid="request-locale-finish")
