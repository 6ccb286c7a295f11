from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Profile(models.Model):
    """Who a portal user is in the programme: the one identity model every feature reads."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    actor_type = models.ForeignKey(
        "portal.ActorType",
        verbose_name=_("actor type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    area = models.ForeignKey(
        "portal.AdministrativeArea",
        verbose_name=_("administrative area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, default=Gender.UNDISCLOSED
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="km"
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def province(self):
        return self.area.province if self.area_id else None
