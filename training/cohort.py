"""Enrol a cohort from a CSV file, creating the accounts that do not exist yet.

Every row is checked before anything is written; any bad row refuses the whole file, and the
errors name their line. A file that passes is written in one transaction.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale

from portal import roles
from portal.infrastructure import outbox
from portal.infrastructure.spreadsheets import TableRefused, read_table
from portal.models import ActorType, AdministrativeArea, Gender
from portal.tasks import send_invitation

from .learning import enrol
from .models import canonical

HEADER = [
    "username",
    "email",
    "first_name",
    "last_name",
    "actor_type",
    "area_code",
    "gender",
    "position",
]
GENDERS = {value for value, _label in Gender.choices}


class CohortRefused(Exception):
    def __init__(self, errors):
        self.errors = errors  # [(line, reason)]
        super().__init__(
            "; ".join(
                _("line %(line)s: %(reason)s") % {"line": line, "reason": reason}
                for line, reason in errors
            )
        )


@dataclass
class CohortResult:
    created: list = field(default_factory=list)
    enrolled: list = field(default_factory=list)
    already: list = field(default_factory=list)


def parse(raw: bytes, within=None):
    """The rows of a cohort file, checked. ``within``: ids of the areas the uploader may enrol
    people in (None: anywhere); a row whose person lies outside them is an error."""
    try:
        table, errors = read_table(raw, header=HEADER)
    except TableRefused as refused:
        raise CohortRefused(refused.errors) from None
    rows = []
    km = Locale.objects.get(language_code="km")
    actors = {a.code: a for a in ActorType.objects.filter(locale=km)}
    areas = AdministrativeArea.objects.in_bulk(field_name="code")
    User = get_user_model()
    seen = {}
    for line, values in table:
        problems = []
        username = values["username"]
        if not username:
            problems.append(_("the username is empty"))
        elif username.lower() in seen:
            problems.append(
                _("duplicate username (first on line %(line)s)") % {"line": seen[username.lower()]}
            )
        else:
            try:
                User.username_validator(username)
            except ValidationError:
                problems.append(_("the username may hold only letters, digits and @.+-_"))
        seen.setdefault(username.lower(), line)
        existing = User.objects.filter(username__iexact=username).first() if username else None
        # An uploader limited to some areas learns nothing of the accounts outside them: a row
        # naming one is checked as a new person's row, and a username or an address taken there
        # is refused in words that say neither which of the two nor that an account has it.
        unavailable = False
        if existing is not None and within is not None and existing.profile.area_id not in within:
            existing, unavailable = None, True
        if existing is None:
            try:
                validate_email(values["email"])
            except ValidationError:
                problems.append(_("the e-mail address is not valid"))
            else:
                holders = list(
                    User.objects.filter(email__iexact=values["email"]).values_list(
                        "profile__area_id", flat=True
                    )
                )
                if holders and (within is None or any(area in within for area in holders)):
                    problems.append(_("another account already uses this e-mail address"))
                elif holders:
                    unavailable = True
            if not values["first_name"]:
                problems.append(_("the given name is empty"))
        if values["actor_type"] and values["actor_type"] not in actors:
            problems.append(_("unknown actor type %(code)s") % {"code": values["actor_type"]})
        if values["area_code"] and values["area_code"] not in areas:
            problems.append(_("unknown area code %(code)s") % {"code": values["area_code"]})
        if within is not None and existing is None:
            if not values["area_code"]:
                problems.append(_("the area code is empty: give a place in your province"))
            elif values["area_code"] in areas and areas[values["area_code"]].pk not in within:
                problems.append(
                    _("area %(code)s is outside your province") % {"code": values["area_code"]}
                )
        if values["gender"] and values["gender"] not in GENDERS:
            problems.append(
                _("gender must be one of %(choices)s") % {"choices": ", ".join(sorted(GENDERS))}
            )
        if unavailable and not problems:
            problems.append(
                _(
                    "this username or e-mail address cannot be used here: leave the row out, "
                    "or ask national staff to enrol this person"
                )
            )
        for problem in problems:
            errors.append((line, problem))
        if not problems:
            values["actor"] = actors.get(values["actor_type"])
            values["area"] = areas.get(values["area_code"])
            values["user"] = existing
            rows.append(values)
    if errors:
        raise CohortRefused(sorted(errors, key=lambda error: error[0]))
    if not rows:
        raise CohortRefused([(1, _("the file has no rows"))])
    return rows


def enrol_cohort(raw: bytes, course, *, assigned_by, within=None) -> CohortResult:
    """Enrol every row's person in the course. ``within``: see parse."""
    rows = parse(raw, within)
    course = canonical(course.specific)
    result = CohortResult()
    User = get_user_model()
    learner = Group.objects.get(name=roles.LEARNER)
    with transaction.atomic():
        for values in rows:
            user = values["user"]
            if user is None:
                user = User.objects.create_user(
                    username=values["username"],
                    email=values["email"].lower(),
                    first_name=values["first_name"],
                    last_name=values["last_name"],
                    password=None,  # unusable: they choose one from the invitation below
                )
                user.groups.add(learner)
                profile = user.profile
                profile.actor_type = values["actor"]
                profile.area = values["area"]
                profile.gender = values["gender"] or Gender.UNDISCLOSED
                profile.position = values["position"]
                profile.save()
                # After commit, in their preferred language, with a link to set a password.
                outbox.enqueue(send_invitation, user.pk)
                result.created.append(user.username)
            if user.enrolments.filter(course=course).exists():
                result.already.append(user.username)
            else:
                enrol(user, course, assigned_by=assigned_by, assigned=True)
                result.enrolled.append(user.username)
    return result
