from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from . import roles
from .models import ActorType, AdministrativeArea, Gender, Organisation, Profile


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.path_label


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    actor_type = forms.ModelChoiceField(label=_("I am"), queryset=ActorType.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    area = AreaChoiceField(
        label=_("Where you work"),
        queryset=AdministrativeArea.objects.select_related("parent__parent"),
        required=False,
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor_type"].queryset = ActorType.objects.for_active_language()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    @transaction.atomic
    def save(self, language="km"):
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
    """What a user may change about themselves: never their groups or another user's profile."""

    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    area = AreaChoiceField(
        label=_("Where you work"),
        queryset=AdministrativeArea.objects.select_related("parent__parent"),
        required=False,
    )

    class Meta:
        model = Profile
        fields = ["actor_type", "organisation", "area", "gender", "position", "preferred_language"]

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
