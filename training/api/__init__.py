"""The training app's router of the portal's API: the mobile app's view of a learner's
enrolments, progress and certificates, and the progress events the app records offline and
sends later (operations.py); the training calendar's sessions, public, and a learner's
registrations for them (calendar.py). Mounted by config/api.py at /api/training/ (the one
OpenAPI document is /api/openapi.json; this router's part of it is still served at
/api/training/openapi.json).

Authentication (auth.py): a Wagtail API token (``Authorization: Bearer wagtail_…``, issued in
the admin under Settings → API tokens, or by the learner on their profile page; it works for
TRAINING_API_TOKEN_DAYS and ends at once when revoked, on a password change or a deactivation:
portal/api_tokens.py) or the site's session. Events carry a client-generated id; a replay
returns the stored result of the first delivery, and the same id with a different event is a
409. A registration for a session is keyed by the learner and the session: sent again, it
answers the registration as it stands (200); a cancellation sent again, 204 as the first.

Errors are the portal APIs' one format (portal/api/errors.py), in the client's language
(Accept-Language, Khmer or English). The throttle (portal/api/throttle.py) allows
TRAINING_API_RATE_LIMIT requests a minute per learner, a batch costing one per event; a 429
says in Retry-After how many seconds remain until the window resets. Which status each refusal
of the learning services is answered with is training/refusals.py's table.

An event's ``occurred_at`` lies from 2000-01-01T00:00:00Z to a day ahead of the server's clock
(training.learning.EVENT_TIME_EARLIEST, EVENT_TIME_AHEAD); any other time is a 400 naming the
field (``occurred_at``, or ``events.3.occurred_at`` in a batch) and nothing is written. A body
larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, answered before it is read
(portal.infrastructure.middleware). The document declares each of these statuses on every
operation it applies to.
"""

from . import calendar  # noqa: F401  (its operations, on the router)
from .operations import router

__all__ = ["router"]
