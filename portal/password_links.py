"""E-mails that carry a link to set a password: the invitation of an account someone else
created (a cohort upload) and the answer to "forgot my password". Both lead to the accounts
app's "set a new password" page (``accounts:password_reset_confirm``) with Django's reset token,
in the language the e-mail is written in, at the site's public address
(``WAGTAILADMIN_BASE_URL``: a background task has no request to take a host from).

An account created for someone has no usable password; Django's own reset form skips such
accounts, the portal's does not (accounts/tasks.py), so the link works for them too.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .notifications import mail_in
from .notifications import public_url as absolute


def set_password_url(user, language):
    """A link to set this account's password, valid for PASSWORD_RESET_TIMEOUT, used once."""
    with translation.override(language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return absolute(path)


def send_set_password_link(user, language, template):
    """``template``: ``invitation`` or ``password_reset`` (templates/portal/accounts/)."""
    with translation.override(language):
        reset_url = absolute(reverse("accounts:password_reset"))
    mail_in(
        language,
        [user.email],
        f"portal/accounts/{template}_subject.txt",
        f"portal/accounts/{template}_email.txt",
        {
            "user": user,
            "link": set_password_url(user, language),
            "reset_url": reset_url,
            "site": absolute("/"),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


def needs_invitation(user):
    """An active account with an address that has never had a password of its own."""
    return user.is_active and bool(user.email) and not user.has_usable_password()
