from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import api_tokens
from .models import Profile
from .notifications import follow_portal_language


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def ensure_profile(sender, instance, created, raw=False, **kwargs):
    """Every user has a profile, however the user was created (sign-up, admin, CSV, shell)."""
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def notice_new_credentials(sender, instance, raw=False, update_fields=None, **kwargs):
    """A new password (whoever set it, however) or a deactivation is seen before the save: the
    row as stored is read once, except for saves that touch neither (the log-in's last_login,
    the profile's names)."""
    instance._revoke_api_tokens = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before is not None:
        instance._revoke_api_tokens = before["password"] != instance.password or (
            before["is_active"] and not instance.is_active
        )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def revoke_api_tokens_on_new_credentials(sender, instance, raw=False, **kwargs):
    """Someone who changed a password because it leaked, or an account staff switched off,
    must not stay usable through an app's token (portal/api_tokens.py)."""
    if getattr(instance, "_revoke_api_tokens", False):
        instance._revoke_api_tokens = False
        api_tokens.revoke_all(instance)


@receiver(post_save, sender=Profile)
def wagtail_follows_profile_language(sender, instance, raw=False, **kwargs):
    """Wagtail's moderation e-mails go out in the language of the portal profile (notifications)."""
    if not raw:
        follow_portal_language(instance.user)
