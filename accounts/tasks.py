import unicodedata

from celery import shared_task
from django.contrib.auth import get_user_model

from portal.password_links import send_set_password_link


def _same_address(a, b):
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


def accounts_with_address(email):
    """The active accounts this address may reset: Django's rule (the address matched without
    regard to case), but with the accounts that have no usable password yet (a cohort upload's),
    which Django's form skips."""
    User = get_user_model()
    field = User.get_email_field_name()
    users = User._default_manager.filter(**{f"{field}__iexact": email, "is_active": True})
    return [user for user in users if _same_address(email, getattr(user, field))]


@shared_task(name="accounts.tasks.send_password_reset")
def send_password_reset(email, language):
    """Mail a set-a-new-password link to every account with this address, in the language the
    request was made in. The request only enqueues this, known address or not, so it answers in
    the same time either way; the lookup, the token and the e-mail are done here."""
    users = accounts_with_address(email)
    for user in users:
        send_set_password_link(user, language, "password_reset")
    return len(users)
