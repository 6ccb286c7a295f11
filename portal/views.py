from django.shortcuts import redirect
from django.templatetags.static import static


def favicon(request):
    """Browsers ask for /favicon.ico by themselves, whatever the page says: send them to the
    static icon, under its hashed name in production, so it is cached like any static file.
    A temporary redirect: a permanent one would pin browsers to one hashed name."""
    return redirect(static("favicon.ico"))
