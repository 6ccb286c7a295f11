from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from portal import access, roles
from portal.fields import AreaChoiceField
from portal.infrastructure import outbox
from portal.models import ActorType, AdministrativeArea, Gender, Organisation, Profile

from .tasks import send_password_reset

# Django's own messages for these checks have no Khmer translation: the sign-up form carries its
# own, from the project catalogue, so the Khmer page says everything in Khmer.
NOT_ONE_OF_THE_CHOICES = {"invalid_choice": _("Choose one of the options offered.")}
TOO_LONG = {
    "max_length": _("At most %(limit_value)d characters, please (this has %(show_value)d).")
}
PASSWORD_MISMATCH = {"password_mismatch": _("The two passwords are not the same.")}


def new_password_fields(label, label_again):
    """A new password and its confirmation, as the sign-up and set-a-new-password forms ask."""
    widget = forms.PasswordInput(attrs={"autocomplete": "new-password"})
    first = forms.CharField(
        label=label,
        strip=False,
        widget=widget,
        help_text=password_validation.password_validators_help_text_html(),
    )
    again = forms.CharField(
        label=label_again,
        strip=False,
        widget=widget,
        help_text=_("Enter the same password again, to check it."),
    )
    return first, again


class SignUpForm(UserCreationForm):
    error_messages = PASSWORD_MISMATCH
    owners = ()  # the accounts that already have the address given (clean_email)

    first_name = forms.CharField(label=_("Given name"), max_length=150, error_messages=TOO_LONG)
    last_name = forms.CharField(label=_("Family name"), max_length=150, error_messages=TOO_LONG)
    email = forms.EmailField(
        label=_("E-mail"),
        error_messages={"invalid": _("Enter a valid e-mail address."), **TOO_LONG},
    )
    password1, password2 = new_password_fields(_("Password"), _("Password again"))
    actor_type = forms.ModelChoiceField(
        label=_("I am"), queryset=ActorType.objects.none(), error_messages=NOT_ONE_OF_THE_CHOICES
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        error_messages=NOT_ONE_OF_THE_CHOICES,
    )
    area = AreaChoiceField(
        label=_("Where you work"),
        queryset=AdministrativeArea.objects.select_related("parent__parent"),
        required=False,
        error_messages=NOT_ONE_OF_THE_CHOICES,
    )
    # An empty first choice, nothing preselected: a preselected answer would be sent by everyone
    # who skips the field and skew the reports' gender figures. "Prefer not to say" is a choice.
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", "—"), *Gender.choices],
        error_messages={
            **NOT_ONE_OF_THE_CHOICES,
            "required": _("Choose one (or: prefer not to say)."),
        },
    )
    position = forms.CharField(
        label=_("Position"), max_length=255, required=False, error_messages=TOO_LONG
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name", "email")
        labels = {"username": _("Username")}
        help_texts = {
            "username": _("Up to 150 characters: letters, digits and @ . + - _ only."),
        }
        error_messages = {
            "username": {
                "invalid": _("A username may contain only letters, digits and @ . + - _."),
                "unique": _("This username is taken. Choose another."),
                **TOO_LONG,
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor_type"].queryset = ActorType.objects.for_active_language()

    def clean_email(self):
        # An address already in use is not refused: that would tell anyone which addresses have
        # an account. The sign-up goes through as any other, without the address, and the view
        # tells the address's owner (``owners``) that someone tried.
        email = self.cleaned_data["email"].strip().lower()
        self.owners = list(get_user_model().objects.filter(email__iexact=email).order_by("pk"))
        return email

    @transaction.atomic
    def save(self, language="km"):
        if self.owners:
            self.instance.email = ""
        user = super().save()
        profile = user.profile
        # One canonical row per actor type on profiles: the default language's.
        profile.actor_type = self.cleaned_data["actor_type"].get_translation(Locale.get_default())
        profile.organisation = self.cleaned_data["organisation"]
        profile.area = self.cleaned_data["area"]
        profile.gender = self.cleaned_data["gender"]
        profile.position = self.cleaned_data["position"]
        profile.preferred_language = language
        profile.save()
        user.groups.add(Group.objects.get(name=roles.LEARNER))
        return user


class ProfileForm(forms.ModelForm):
    """What a user may change about themselves: never their groups or another user's profile,
    nor, for staff, their area, which places their rights (portal.access): a staff member's area
    is shown, not offered."""

    first_name = forms.CharField(label=_("Given name"), max_length=150, error_messages=TOO_LONG)
    last_name = forms.CharField(label=_("Family name"), max_length=150, error_messages=TOO_LONG)
    area = AreaChoiceField(
        label=_("Where you work"),
        queryset=AdministrativeArea.objects.select_related("parent__parent"),
        required=False,
        error_messages=NOT_ONE_OF_THE_CHOICES,
    )

    class Meta:
        model = Profile
        fields = ["actor_type", "organisation", "area", "gender", "position", "preferred_language"]
        # The same wording as the sign-up form's, for the fields the model supplies.
        error_messages = {
            "actor_type": NOT_ONE_OF_THE_CHOICES,
            "organisation": NOT_ONE_OF_THE_CHOICES,
            "gender": NOT_ONE_OF_THE_CHOICES,
            "preferred_language": NOT_ONE_OF_THE_CHOICES,
            "position": TOO_LONG,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["actor_type"].queryset = ActorType.objects.for_active_language()
        if self.instance.actor_type_id:
            self.initial["actor_type"] = self.instance.actor_type.get_translation(
                Locale.get_active()
            ).pk
        self.order_fields(["first_name", "last_name"])
        if access.area_is_set_by_national_staff(user):
            area = self.fields["area"]
            area.disabled = True  # the posted value is ignored: the profile's own is kept
            area.help_text = _(
                "Your place decides where you act in the portal: national staff change it."
            )

    @transaction.atomic
    def save(self):
        profile = super().save(commit=False)
        if profile.actor_type_id:
            profile.actor_type = profile.actor_type.get_translation(Locale.get_default())
        profile.save()
        user = profile.user
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        return profile


# Django's log-in and password-reset forms, with the project catalogue's wording: Django's have
# no Khmer for these labels and errors.
class LogInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This username and password do not match an account. Both are case-sensitive."
        ),
    }


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid e-mail address."), **TOO_LONG},
    )

    def save(self, *args, **kwargs):
        """Only enqueue the background task that looks the address up and mails the link, so
        the answer does the same work, and takes the same time, for an address with an account
        and one without. (Django's view passes templates and a domain: the task has its own.)"""
        outbox.enqueue(send_password_reset, self.cleaned_data["email"], get_language())


class NewPasswordForm(SetPasswordForm):
    error_messages = PASSWORD_MISMATCH

    new_password1, new_password2 = new_password_fields(_("New password"), _("New password again"))
