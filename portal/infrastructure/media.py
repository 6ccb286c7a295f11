"""Uploaded files answered so that a browser never runs one as a page of the portal.

Wherever media is served, every answer carries ``X-Content-Type-Options: nosniff`` (the
browser keeps the type it is told) and everything that is not an image shown inline carries
``Content-Disposition: attachment`` (downloaded, never rendered). In development the portal
answers /media/ itself with ``serve`` (``config/urls.py``, when DEBUG); in production a separate
origin or object storage does, with the same two headers (README, "Production").
"""

from django.views import static

# Images a browser shows inline and never runs. Not SVG: it can hold script.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})


def protect(response):
    """``response`` with the two headers above."""
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in INLINE_TYPES:
        disposition = response.get("Content-Disposition", "")
        kept = disposition.partition(";")[2]  # the file name, if the view gave one
        response["Content-Disposition"] = "attachment" + (f";{kept}" if kept else "")
    return response


def serve(request, path, document_root=None, show_indexes=False):
    """Django's development file view for MEDIA_ROOT (no directory listings), protected."""
    return protect(static.serve(request, path, document_root=document_root))
