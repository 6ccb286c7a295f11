"""Rows that change only when someone edits them, read once per page-cache generation.

Every public page needs, around its own content, rows that only an edit changes: the Site, the
Locales, the view restrictions, the vocabulary offered as filters, the contact details. Every such
edit sets a new page-cache generation (``page_cache.connect``: pages, snippets, settings, sites,
locales, view restrictions), so ``remember(name, build)`` runs ``build()`` once per generation in
each process and keeps the answer in this process's memory under it: the first page built after
an edit pays the statements, every other page built in that process pays none (issue 15).

The generation is read from the shared cache once per request. With the cache down there is no
generation: answers are kept for the length of one request only (a template that asks for the
same locale ten times still asks the database once). So they are too in a request that changed
one of these rows itself (``forget``, called by ``page_cache.invalidate``): what it reads next
may not be committed yet, and must not outlive it. Outside a request (a task, a command, a test
calling code directly) nothing is kept.

What is kept is shared by the threads of the process: callers must not change it.
"""

import threading
from contextvars import ContextVar

from django.core.signals import request_finished, request_started

#: This request's state: {"generation": …, "values": {…}}; None outside a request.
_request = ContextVar("memo_request", default=None)
_process = {"generation": None, "values": {}}
_lock = threading.Lock()
_UNREAD = object()


def remember(name, build):
    """``build()``'s answer for ``name`` (hashable), kept as the module's docstring says."""
    state = _request.get()
    if state is None:
        return build()
    if state["generation"] is _UNREAD:
        from .page_cache import generation

        state["generation"] = generation()
    gen = state["generation"]
    if gen is None:
        values = state["values"]
        if name not in values:
            values[name] = build()
        return values[name]
    kept = _process
    if kept["generation"] == gen and name in kept["values"]:
        return kept["values"][name]
    value = build()
    with _lock:
        if _process["generation"] != gen:
            _replace({"generation": gen, "values": {}})
        _process["values"][name] = value
    return value


def _replace(kept):
    global _process
    _process = kept


def known_generation(gen):
    """The page-cache middleware read this request's generation already: use it rather than
    reading the shared cache a second time (unless the request has changed something since)."""
    state = _request.get()
    if state is not None and state["generation"] is _UNREAD:
        state["generation"] = gen


def forget():
    """This request changed something: from now on keep its answers for itself only."""
    state = _request.get()
    if state is not None:
        state["generation"] = None
        state["values"] = {}


def _start(**kwargs):
    _request.set({"generation": _UNREAD, "values": {}})


def _finish(**kwargs):
    _request.set(None)


def connect():
    request_started.connect(_start, dispatch_uid="memo-request-start")
    request_finished.connect(_finish, dispatch_uid="memo-request-finish")
