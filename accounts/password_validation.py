"""Django's password validators with the portal's own wording.

Django's messages and help texts for these rules have no Khmer translation, so the sign-up and
password-reset pages showed them in English on the Khmer site. The rules are Django's; only the
words are ours, in the project catalogue. AUTH_PASSWORD_VALIDATORS names these classes.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    # Django names the attribute by the user model's verbose name, itself untranslated.
    attribute_names = {
        "username": gettext_lazy("username"),
        "first_name": gettext_lazy("given name"),
        "last_name": gettext_lazy("family name"),
        "email": gettext_lazy("e-mail address"),
    }

    def validate(self, password, user=None):
        # One attribute at a time, so the message can name it in the reader's language.
        for attribute in self.user_attributes:
            try:
                password_validation.UserAttributeSimilarityValidator(
                    user_attributes=[attribute], max_similarity=self.max_similarity
                ).validate(password, user)
            except ValidationError:
                raise ValidationError(
                    self.get_error_message(),
                    code="password_too_similar",
                    params={"verbose_name": self.attribute_names.get(attribute, attribute)},
                ) from None

    def get_error_message(self):
        return _("The password is too similar to your %(verbose_name)s.")

    def get_help_text(self):
        return _("Your password must not look like your name, username or e-mail address.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("This password is too short: it needs at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("Your password needs at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common.")

    def get_help_text(self):
        return _("Your password must not be a commonly used one.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password is only digits.")

    def get_help_text(self):
        return _("Your password must not be only digits.")
