"""What a course needs to be read offline: the addresses the offline client stores, their size
and a version that changes when the course does (training/static/training/offline.js reads
them from the API, ``GET /api/training/courses/{id}/offline``).

The pages are rendered as the learner would get them (their progress, their quiz), and the
files each page loads (its images, style sheets, scripts, the Khmer font) are read from the
rendered HTML, so the list is exactly what the browser will ask for, hashed static names and
image renditions included. Sizes are the stored, uncompressed bytes: what the phone keeps.
"""

import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.db.models import Max
from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.infrastructure.fonts import KHMER_WEBFONT_STATIC_PATH

from .models import CourseLessonPage, Quiz


class _Assets(HTMLParser):
    """The same-origin files a page loads: img src/srcset, stylesheet and preload links,
    scripts, video posters."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.found.append(attrs.get("src"))
            for candidate in (attrs.get("srcset") or "").split(","):
                self.found.append(candidate.strip().split(" ")[0])
        elif tag == "link" and {"stylesheet", "preload", "icon"} & set(
            (attrs.get("rel") or "").split()
        ):
            self.found.append(attrs.get("href"))
        elif tag == "script" or tag == "source":
            self.found.append(attrs.get("src"))
        elif tag == "video":
            self.found.append(attrs.get("poster"))


def _local(url):
    """The address to store for ``url``: its path if it is this site's own, the whole URL if it
    is an upload on the media host of its own (``DJANGO_MEDIA_URL``, as production serves
    them: offline.js fetches those with CORS), else None (another host, a data: URL)."""
    if not url or url.startswith("data:"):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        media = urlsplit(settings.MEDIA_URL)
        if media.netloc and url.startswith(settings.MEDIA_URL):
            return url.split("#")[0].split("?")[0]
        return None
    return parts.path if parts.path.startswith("/") else None


def file_size(path):
    """Bytes of a static or media file named by its URL path, or its whole URL on the media
    host (0 if it cannot be found)."""
    for prefix, storage in (
        (settings.STATIC_URL, staticfiles_storage),
        (settings.MEDIA_URL, default_storage),
    ):
        if (prefix.startswith("/") or storage is default_storage) and path.startswith(prefix):
            name = path[len(prefix) :]
            try:
                if storage.exists(name):
                    return storage.size(name)
            except (NotImplementedError, ValueError, OSError):
                pass
            if storage is staticfiles_storage and (found := finders.find(name)):
                with open(found, "rb") as f:
                    return len(f.read())
    return 0


def _render(request, page):
    """The page's HTML as the learner gets it, rendered by Wagtail in the page's language. A
    request of its own for the page's address (the API's is for /api/…), carrying the
    learner and their session, so the page shows their progress and quiz as it will."""
    sub = RequestFactory().get(page.get_url(request=request), HTTP_HOST=request.get_host())
    sub.user = request.user
    sub.session = request.session
    sub.COOKIES = request.COOKIES
    with translation.override(page.locale.language_code):
        response = page.serve(sub)
        if hasattr(response, "render"):
            response.render()
    return response.content


def version(course):
    """Changes whenever the course does: a page of it published, added, moved or unpublished,
    or one of its quizzes edited."""
    pages = course.get_descendants(inclusive=True).live()
    stamp = pages.aggregate(latest=Max("last_published_at"))["latest"]
    ids = list(pages.order_by("path").values_list("pk", "path"))
    quizzes = [
        (q.pk, q.pass_mark, q.max_attempts, str(q.questions.raw_data))
        for q in Quiz.objects.filter(
            pk__in=[pk for lesson in _lessons(course) for pk in lesson.quiz_ids()]
        ).order_by("pk")
    ]
    digest = hashlib.sha256(repr((stamp, ids, quizzes)).encode()).hexdigest()[:16]
    return digest


def _lessons(course):
    return CourseLessonPage.objects.descendant_of(course).live().order_by("path").specific()


def listing(request, course):
    """{course, title, version, bytes, files: [{url, bytes}]}: everything the learner's phone
    stores to read ``course`` (a live course page, in the language it is read in) offline: the
    course page, its lessons with their quizzes, the files they load, the Khmer font and the
    learner's dashboard."""
    sizes = {}
    pages = [course, *_lessons(course)]
    for page in pages:
        html = _render(request, page)
        sizes[page.get_url(request=request)] = len(html)
        parser = _Assets()
        parser.feed(html.decode("utf-8", "replace"))
        for url in parser.found:
            path = _local(url)
            if path and path not in sizes and not re.match(r"^/(api|admin)/", path):
                sizes[path] = file_size(path)
    font = static(KHMER_WEBFONT_STATIC_PATH)
    sizes.setdefault(font, file_size(font))
    with translation.override(course.locale.language_code):
        dashboard = reverse("training:dashboard")
    sizes.setdefault(dashboard, 0)  # a few KB, rendered when stored
    return {
        "course": course.pk,
        "title": course.title,
        "url": course.get_url(request=request),
        "version": version(course),
        "bytes": sum(sizes.values()),
        "files": [{"url": url, "bytes": size} for url, size in sizes.items()],
    }
