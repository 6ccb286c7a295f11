"""The security headers the portal sends with every answer, and what it takes for Wagtail's
admin to work under them.

- Content-Security-Policy: django-csp, configured by ``CONTENT_SECURITY_POLICY`` (settings;
  the reasons are in docs/decisions/0007-security-headers.md). A script runs only from the
  portal's own files or with the request's nonce. The portal's templates have no inline script;
  a template that needs one writes ``<script nonce="{{ request.csp_nonce }}">``. Wagtail's
  admin (under /admin/) also gets ``CONTENT_SECURITY_POLICY_ADMIN_UPDATE``: its rich text
  editor writes ``<style>`` elements, which cannot carry a nonce.
- Permissions-Policy: :class:`PermissionsPolicyMiddleware`, from ``PERMISSIONS_POLICY``.
- Referrer-Policy, HSTS, nosniff: Django's SecurityMiddleware (``SECURE_*`` settings);
  X-Frame-Options: Django's clickjacking middleware.

Wagtail 8's admin still writes a few inline scripts: the initialiser after every chooser widget
(page, snippet, image, document), the date and time pickers, the inline panels. Form widgets are
not given the request, so :class:`CurrentNonceMiddleware` keeps the request's nonce while it is
answered, the portal's copies of those templates (``portal/templates/wagtailadmin/``) write it
with ``{% script_nonce %}``, and :func:`nonce_chooser_scripts` adds it to the choosers' script.
Only scripts that Wagtail's own code writes get the nonce, never anything from the content, so a
script smuggled into a title or a rich text field still does not run.
"""

from contextvars import ContextVar

from csp.middleware import CSPMiddleware as _CSPMiddleware
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

# --- Content-Security-Policy --------------------------------------------------------------------


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware, with ``CONTENT_SECURITY_POLICY_ADMIN_UPDATE`` added to the
    policy of Wagtail's admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        update = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_UPDATE", None)
        if update and not report_only and is_admin(request):
            parts.update = {**update, **(parts.update or {})}
        return parts


def is_admin(request):
    return request.path_info.startswith(reverse("wagtailadmin_home"))


_nonce = ContextVar("csp_nonce", default=None)


def current_nonce():
    """The nonce of the request being answered, or "" outside a request. Asking for it puts it
    in the response's Content-Security-Policy header."""
    nonce = _nonce.get()
    return "" if nonce is None else str(nonce)


class CurrentNonceMiddleware:
    """Keeps ``request.csp_nonce`` (set by the CSP middleware, which must come first) where
    :func:`current_nonce` finds it while the request is answered. The nonce stays lazy: it is
    made, and named in the header, only if something asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _nonce.set(getattr(request, "csp_nonce", None))
        try:
            return self.get_response(request)
        finally:
            _nonce.reset(token)


def nonce_chooser_scripts():
    """Give the inline script that Wagtail's ``BaseChooser.render`` appends to a chooser widget
    (``<script>new PageChooser(…);</script>``) the request's nonce. Called once, at start-up."""
    from wagtail.admin.widgets.chooser import BaseChooser

    render = BaseChooser.render
    if getattr(render, "writes_nonce", False):
        return

    def render_with_nonce(self, *args, **kwargs):
        html = str(render(self, *args, **kwargs))
        # Wagtail's script is the last one: the widget's own HTML before it is escaped.
        widget, tag, script = html.rpartition("<script>")
        nonce = current_nonce()
        if tag and nonce:
            html = f'{widget}<script nonce="{escape(nonce)}">{script}'
        return mark_safe(html)  # noqa: S308 - Wagtail's own output, given a nonce

    render_with_nonce.writes_nonce = True
    BaseChooser.render = render_with_nonce


# --- Permissions-Policy ---------------------------------------------------------------------------


def permissions_policy(features):
    """The Permissions-Policy header's value for ``{feature: [allowed origins]}``: an empty list
    refuses the feature to the portal and to every frame in it (``camera=()``), ``["self"]``
    allows the portal alone, ``["*"]`` everyone."""

    def allowlist(origins):
        if "*" in origins:
            return "*"
        return "(" + " ".join(o if o == "self" else f'"{o}"' for o in origins) + ")"

    return ", ".join(f"{feature}={allowlist(origins)}" for feature, origins in features.items())


class PermissionsPolicyMiddleware:
    """Sends ``PERMISSIONS_POLICY`` as the Permissions-Policy header (Django has no setting)."""

    def __init__(self, get_response):
        policy = getattr(settings, "PERMISSIONS_POLICY", None)
        if not policy:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.value = permissions_policy(policy)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
