"""Every e-mail the portal sends speaks its recipient's language and links to the public address.

The rule, for all of them: the recipient's language is the one on their portal profile
(``Profile.preferred_language``, chosen at sign-up from the page they signed up on, changed on
their profile page). Wagtail's own moderation e-mails (wagtail/admin/mail.py) render in the
Wagtail user profile's ``preferred_language``, falling back to the *sender's* request language:
an English reviewer approving a Khmer contribution sent the contributor English. So Wagtail's
profile follows the portal's (``follow_portal_language``, on every profile save), and the one
setting decides both.

Links: every link in an e-mail is absolute on ``WAGTAILADMIN_BASE_URL`` (a task has no request
to take a host from). Wagtail's e-mails build admin links on it, but page links from
``page.full_url``, i.e. the default Site's hostname and port; ``align_default_site`` makes that
Site follow the setting (run by ``load_demo`` and by ``manage.py align_site`` on deploy).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def public_url(path):
    """``path`` on the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def language_of(user):
    """The language every e-mail to ``user`` is written in."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "preferred_language", None) or settings.LANGUAGE_CODE


def mail_in(language, to, subject_template, body_template, context):
    """Render and send one e-mail in this language (through the outbox, like every e-mail)."""
    with translation.override(language):
        subject = "".join(render_to_string(subject_template, context).splitlines()).strip()
        body = render_to_string(body_template, context)
    send_mail(subject, body, None, to)


def mail_user(user, subject_template, body_template, context):
    """Render and send one e-mail to ``user`` in their language."""
    mail_in(language_of(user), [user.email], subject_template, body_template, context)


def follow_portal_language(user):
    """Wagtail's notifications (and admin) use the portal profile's language."""
    from wagtail.users.models import UserProfile

    wagtail_profile = UserProfile.get_for_user(user)
    language = language_of(user)
    if wagtail_profile.preferred_language != language:
        wagtail_profile.preferred_language = language
        wagtail_profile.save(update_fields=["preferred_language"])


def align_default_site():
    """The default Site's hostname and port from ``WAGTAILADMIN_BASE_URL``, so ``page.full_url``
    (Wagtail's "approved" e-mail, sitemaps) is the public address. Returns the Site."""
    from wagtail.models import Site

    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not address.hostname:
        return site
    port = address.port or (443 if address.scheme == "https" else 80)
    if (site.hostname, site.port) != (address.hostname, port):
        site.hostname, site.port = address.hostname, port
        site.save(update_fields=["hostname", "port"])
    return site
