"""Profile the progress-event and bare /me request paths in one process, with pyinstrument.

Run after bench/progress_load.py, on the database it built (it adds a learner of its own):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/isaf_bench \\
        /work/main/.venv/bin/python bench/profile_progress.py [events]

pyinstrument is a development tool, not in requirements: ``pip install pyinstrument`` in a
virtualenv of your own. Requests go through Django's full handler and middleware (the test
client), not through gunicorn; the counts of queries per request are printed too.
"""

import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("TRAINING_API_RATE_LIMIT", "1000000")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/3")


def main(n):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler
    from wagtail.models import APIToken

    from training.learning import enrol
    from training.models import CoursePage

    course = CoursePage.objects.get(slug="bench")
    lessons = list(course.lessons().values_list("pk", flat=True))
    user, _ = get_user_model().objects.get_or_create(username=f"profile-{uuid.uuid4().hex[:8]}")
    enrol(user, course, assigned=True)
    _token, plain = APIToken.create_token(user=user, name="profile")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {plain}")

    def event(i):
        return {
            "id": str(uuid.uuid4()),
            "lesson": lessons[i % len(lessons)],
            "type": "lesson_completed" if i % 2 else "lesson_viewed",
            "occurred_at": "2026-11-20T10:00:00+07:00",
        }

    def post(i):
        response = client.post(
            "/api/training/progress-events", event(i), content_type="application/json"
        )
        assert response.status_code == 201, response.content

    def me(_i):
        assert client.get("/api/training/me").status_code == 200

    for label, call in (("progress event", post), ("bare /me", me)):
        call(0)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            call(1)
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for i in range(n):
            call(i)
        profiler.stop()
        print(f"=== {label}: {len(queries)} queries per request ===")
        for q in queries.captured_queries:
            print("   ", q["sql"][:150])
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
