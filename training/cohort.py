"""Enrol a cohort from a CSV or XLSX file, creating the accounts that do not exist yet.

Every row is checked (training.forms.CohortRowForm) before anything is written; any bad row
refuses the whole file, and the errors name their line. A file that passes is written in one
transaction.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale

from portal import roles
from portal.infrastructure import outbox
from portal.infrastructure.spreadsheets import TableRefused, read_table
from portal.models import ActorType, AdministrativeArea, Gender
from portal.tasks import send_invitation

from .forms import COHORT_HEADER, CohortLookups, CohortRowForm
from .learning import enrol
from .models import canonical

HEADER = COHORT_HEADER


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
    """The rows of a cohort file (CSV or XLSX), each checked by a CohortRowForm. ``within``:
    ids of the areas the uploader may enrol people in (None: anywhere); a row whose person lies
    outside them is an error. Refused with every bad row's line and reasons, or the file's
    first fault."""
    try:
        table, errors = read_table(raw, header=HEADER)
    except TableRefused as refused:
        raise CohortRefused(refused.errors) from None
    km = Locale.objects.get(language_code="km")
    lookups = CohortLookups(
        actors={a.code: a for a in ActorType.objects.filter(locale=km)},
        areas=AdministrativeArea.objects.in_bulk(field_name="code"),
        within=within,
    )
    rows = []
    for line, values in table:
        form = CohortRowForm(values, lookups=lookups)
        if form.is_valid():
            rows.append({**form.cleaned_data, "user": form.existing})
        errors += [(line, problem) for problem in form.problems()]
        lookups.seen.setdefault(values["username"].lower(), line)
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
                profile.actor_type = values["actor_type"]
                profile.area = values["area_code"]
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
