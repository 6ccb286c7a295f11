"""Django forms that check what learners and staff send: quiz answers, each row of a cohort
file, and the admin's choice of a course. Their messages are the ones learners and staff read
(Khmer and English, training's catalogue)."""

from dataclasses import dataclass, field

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from portal.models import Gender


class CourseChoiceField(forms.ModelChoiceField):
    """A course, named in the admin's language: for a queryset of reports.default_courses()."""

    def label_from_instance(self, obj):
        return obj.shown_title


#: Posted fields a quiz form may carry besides its answers.
ALLOWED_QUIZ_FIELDS = {"csrfmiddlewaretoken"}
ANSWER_PREFIX = "q_"


class AnswerField(forms.MultipleChoiceField):
    """The answer ids chosen for one question: some of its choices' ids, at most one unless the
    question takes several. Empty values (an unticked box sent as "") are no answer."""

    def __init__(self, question, *, name, **kwargs):
        choices = [(choice["id"], choice["text"]) for choice in question["choices"]]
        super().__init__(choices=choices, required=False, **kwargs)
        self.name = name
        self.multiple = question["kind"] == "multiple"

    def to_python(self, value):
        if isinstance(value, str):
            value = [value]
        return sorted(v for v in super().to_python(value) if v)

    def validate(self, value):
        valid = {str(key) for key, _label in self.choices}
        if not set(value) <= valid or (not self.multiple and len(value) > 1):
            raise ValidationError(
                _("Not an answer to this question: %(field)s") % {"field": self.name},
                code="invalid_choice",
            )


class QuizAnswersForm(forms.Form):
    """A learner's answers to a quiz: one field "q_<question id>" per question. Anything else
    posted (a score, a learner id, an answer to another quiz's question) is an error; so is an
    answer id that is not one of its question's."""

    def __init__(self, quiz, data):
        super().__init__(data)
        for question in quiz.question_list():
            name = ANSWER_PREFIX + question["id"]
            self.fields[name] = AnswerField(question, name=name)

    def refusal(self, key):
        """(message, unexpected) for a posted field that is not one of this quiz's answers, or
        None. ``unexpected``: not an answer at all (a score, a learner id)."""
        if key in ALLOWED_QUIZ_FIELDS or key in self.fields:
            return None
        if key.startswith(ANSWER_PREFIX):
            message = _("Answer to a question that is not in this quiz: %(field)s")
            return message % {"field": key}, False
        return _("Unexpected field: %(field)s") % {"field": key}, True

    def clean(self):
        for key in self.data:
            if (refused := self.refusal(key)) is not None:
                self.add_error(None, ValidationError(refused[0], code="refused"))
        return self.cleaned_data

    def first_error(self):
        """(field, message, unexpected): the first refused field, in the order the fields were
        posted."""
        for key in self.data:
            if (refused := self.refusal(key)) is not None:
                return key, *refused
            if key in self.errors:
                return key, self.errors[key][0], False
        return None

    def answers(self):
        """{question id: sorted answer ids} for the questions posted."""
        return {
            key.removeprefix(ANSWER_PREFIX): value
            for key, value in self.cleaned_data.items()
            if key in self.data
        }


COHORT_HEADER = [
    "username",
    "email",
    "first_name",
    "last_name",
    "actor_type",
    "area_code",
    "gender",
    "position",
]


@dataclass
class CohortLookups:
    """What every row of one cohort file is checked against, read once per file."""

    actors: dict  # actor types by code
    areas: dict  # administrative areas by code
    within: set | None  # ids of the areas the uploader may enrol people in; None: anywhere
    seen: dict = field(default_factory=dict)  # the usernames above, lower-cased: their line


class CohortRowForm(forms.Form):
    """One row of a cohort file: the person to enrol, new or already known.

    An uploader limited to some areas (``lookups.within``) learns nothing of the accounts
    outside them: a row naming one is checked as a new person's row, and a username or an
    address taken there is refused in words that say neither which of the two nor that an
    account has it."""

    username = forms.CharField(required=False)
    email = forms.CharField(required=False)
    first_name = forms.CharField(required=False)
    last_name = forms.CharField(required=False)
    actor_type = forms.CharField(required=False)
    area_code = forms.CharField(required=False)
    gender = forms.CharField(required=False)
    position = forms.CharField(required=False)

    def __init__(self, data, *, lookups):
        super().__init__(data)
        self.lookups = lookups
        self.unavailable = False
        User = get_user_model()
        username = (data.get("username") or "").strip()
        self.existing = User.objects.filter(username__iexact=username).first() if username else None
        within = lookups.within
        if self.existing is not None and within is not None:
            if self.existing.profile.area_id not in within:
                self.existing, self.unavailable = None, True

    def clean_username(self):
        username = self.cleaned_data["username"]
        if not username:
            raise ValidationError(_("the username is empty"))
        first = self.lookups.seen.get(username.lower())
        if first is not None:
            raise ValidationError(
                _("duplicate username (first on line %(line)s)") % {"line": first}
            )
        try:
            get_user_model().username_validator(username)
        except ValidationError:
            raise ValidationError(
                _("the username may hold only letters, digits and @.+-_")
            ) from None
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if self.existing is not None:
            return email
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("the e-mail address is not valid")) from None
        holders = list(
            get_user_model()
            .objects.filter(email__iexact=email)
            .values_list("profile__area_id", flat=True)
        )
        within = self.lookups.within
        if holders and (within is None or any(area in within for area in holders)):
            raise ValidationError(_("another account already uses this e-mail address"))
        if holders:
            self.unavailable = True
        return email

    def clean_first_name(self):
        first_name = self.cleaned_data["first_name"]
        if self.existing is None and not first_name:
            raise ValidationError(_("the given name is empty"))
        return first_name

    def clean_actor_type(self):
        code = self.cleaned_data["actor_type"]
        if code and code not in self.lookups.actors:
            raise ValidationError(_("unknown actor type %(code)s") % {"code": code})
        return self.lookups.actors.get(code)

    def clean_area_code(self):
        code, areas, within = (
            self.cleaned_data["area_code"],
            self.lookups.areas,
            self.lookups.within,
        )
        if code and code not in areas:
            raise ValidationError(_("unknown area code %(code)s") % {"code": code})
        if within is not None and self.existing is None:
            if not code:
                raise ValidationError(_("the area code is empty: give a place in your province"))
            if areas[code].pk not in within:
                raise ValidationError(_("area %(code)s is outside your province") % {"code": code})
        return areas.get(code)

    def clean_gender(self):
        gender = self.cleaned_data["gender"]
        if gender and gender not in Gender.values:
            choices = ", ".join(sorted(Gender.values))
            raise ValidationError(_("gender must be one of %(choices)s") % {"choices": choices})
        return gender

    def clean(self):
        if self.unavailable and not self.errors:
            raise ValidationError(
                _(
                    "this username or e-mail address cannot be used here: leave the row out, "
                    "or ask national staff to enrol this person"
                )
            )
        return self.cleaned_data

    def problems(self):
        """The row's errors, in the order of its columns."""
        return [message for messages in self.errors.values() for message in messages]
