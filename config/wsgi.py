import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# The first search of a process builds the URL resolver, loads ICU's Khmer dictionary and
# compiles its queries (about a second): do it now, at the worker's start.
from search.warm_up import warm_up  # noqa: E402 - needs the application loaded

warm_up()
