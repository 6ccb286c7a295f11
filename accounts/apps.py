from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-up, log-in, password reset and the learner's profile (the Profile model is the
    portal core's: its label and migrations stay there)."""

    name = "accounts"
    verbose_name = _("Accounts")
