"""Adapters between the portal and the machinery it runs on: the transactional outbox and the
Celery/django_tasks bridge, e-mail through Celery, the Redis cache that degrades to none, PDFs
and the Khmer font, security headers and browser middleware, zip-bomb limits.

Nothing here knows a feature app; the feature apps and ``config`` use these by their settings
paths (``portal.infrastructure.<module>.<Class>``) or import them directly.
"""
