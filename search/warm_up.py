"""Pay the first search's one-time costs when a web process starts, not in a visitor's request.

The first search of a process took about a second (issue 15: 943–1,062 ms against a median of
50–80 ms): the URL resolver's reverse table is built on the first ``reverse`` (every result's
URL), ICU loads its Khmer dictionary on the first segmentation, and the ORM compiles the
queries and the regular expressions of the pipeline once. ``config/wsgi.py`` calls
:func:`warm_up` after loading the application, so each gunicorn worker does this at boot.
"""

import logging
import time

logger = logging.getLogger(__name__)


def warm_up():
    """Build the URL resolver, load ICU's Khmer dictionary and run one search of each language.

    Never raises: a process whose database is not there yet (before ``migrate``) starts anyway,
    and its first search pays the costs as before. Returns the seconds it took."""
    start = time.perf_counter()
    try:
        from django.conf import settings
        from django.urls import reverse
        from django.utils import translation

        from . import results, text

        reverse("search:search")  # builds the resolver's reverse table (and imports every view)
        text.index_text("ការងារគណនេយ្យភាពសង្គម")
        for language, query in (("km", "គណនេយ្យភាព"), ("en", "accountability")):
            if language in dict(settings.LANGUAGES):
                with translation.override(language):
                    results.run(results.SearchRequest(query=query, locale=language))
    except Exception:  # noqa: BLE001 - a warm-up must never keep the site from starting
        logger.warning("search warm-up failed; the first search will be slower", exc_info=True)
    finally:
        from django.db import close_old_connections

        close_old_connections()
    return time.perf_counter() - start
